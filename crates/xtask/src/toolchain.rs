//! Making a fresh machine able to build and test everything: rustup components and the
//! wasm32 target, the wasm-bindgen CLI of exactly the version in `Cargo.lock`, the npm
//! packages of the root `package.json` (wasm-opt from binaryen, TypeScript, Vite, Playwright) and
//! Debian's Chromium with its ChromeDriver for the browser tests. Each `ensure_*` installs
//! only what is missing and says what it found; Debian packages go through [`apt_install`]
//! (which `postgres` uses too).

use std::path::Path;

use crate::cmd::Cmd;
use crate::error::Error;

/// The WebAssembly target the browser crates compile for.
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// Debian's Chromium and ChromeDriver: the build machines have no route to browser downloads.
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// The driver `wasm-bindgen-test-runner` uses.
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Makes sure `cargo fmt` and `cargo clippy` work, installing the missing rustup components.
pub fn ensure_components(root: &Path) -> Result<(), Error> {
    const TOOLS: [(&str, &str); 2] = [("fmt", "rustfmt"), ("clippy", "clippy")];
    let probe = |tool: &str| Cmd::cargo([tool, "--version"]).dir(root);

    let mut missing = Vec::new();
    for (tool, component) in TOOLS {
        match probe(tool).probe() {
            Some(version) => println!("    {component}: {version}"),
            None => {
                println!("    {component}: missing");
                missing.push(component);
            }
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    Cmd::new("rustup")
        .args(["component", "add"])
        .args(missing.iter().copied())
        .dir(root)
        .run()?;
    for (tool, component) in TOOLS {
        if missing.contains(&component) && probe(tool).probe().is_none() {
            return Err(Error::ToolMissing {
                probe: probe(tool).display(),
                component,
            });
        }
    }
    Ok(())
}

/// Installs the wasm32 target if missing.
pub fn ensure_wasm_target(root: &Path) -> Result<(), Error> {
    let installed = Cmd::new("rustup")
        .args(["target", "list", "--installed"])
        .dir(root)
        .read_stdout()?;
    if installed.lines().any(|t| t.trim() == WASM_TARGET) {
        println!("    target {WASM_TARGET}: installed");
        return Ok(());
    }
    Cmd::new("rustup")
        .args(["target", "add", WASM_TARGET])
        .dir(root)
        .run()
}

/// Installs the wasm-bindgen CLI (with `wasm-bindgen-test-runner`) of the version the
/// workspace pins, unless that very version is on the PATH.
pub fn ensure_wasm_bindgen(root: &Path) -> Result<(), Error> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock"))
        .map_err(|e| Error::io("reading Cargo.lock", e))?;
    let Some(version) = locked_version(&lock, "wasm-bindgen") else {
        return Err(Error::Setup(
            "Cargo.lock names no wasm-bindgen version; run `cargo generate-lockfile`".into(),
        ));
    };
    let found = Cmd::new("wasm-bindgen").arg("--version").probe();
    if found.as_deref() == Some(&format!("wasm-bindgen {version}")) {
        println!("    wasm-bindgen {version}: installed");
        return Ok(());
    }
    println!(
        "    wasm-bindgen {version}: missing (found {})",
        found.as_deref().unwrap_or("none")
    );
    // Not `--locked`: the registry here lacks a version the CLI's own lockfile pins.
    Cmd::cargo(["install", "wasm-bindgen-cli", "--version"])
        .arg(format!("={version}"))
        .dir(root)
        .run()
}

/// The version of `package` in a `Cargo.lock`.
pub fn locked_version(lock: &str, package: &str) -> Option<String> {
    let name_line = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == name_line {
            let version = lines.next()?.trim().strip_prefix("version = \"")?;
            return Some(version.trim_end_matches('"').to_owned());
        }
    }
    None
}

/// The path of an npm package's executable, `node_modules/.bin/<tool>`, as a string for [`Cmd`].
pub fn node_bin(root: &Path, tool: &str) -> String {
    root.join("node_modules/.bin")
        .join(tool)
        .display()
        .to_string()
}

/// Installs the root `package.json`'s npm packages (exactly the lockfile's) when
/// `node_modules` is missing or older than the lockfile.
pub fn ensure_npm_packages(root: &Path) -> Result<(), Error> {
    let installed = root.join("node_modules/.package-lock.json");
    let lock = root.join("package-lock.json");
    let modified = |path: &Path| std::fs::metadata(path).and_then(|m| m.modified()).ok();
    match (modified(&installed), modified(&lock)) {
        (Some(installed), Some(lock)) if installed >= lock => {
            println!("    npm packages: installed");
            Ok(())
        }
        _ => Cmd::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
            .dir(root)
            .run(),
    }
}

/// Installs Debian's Chromium and ChromeDriver when either is missing.
pub fn ensure_chromium() -> Result<(), Error> {
    if Path::new(CHROMIUM).is_file() && Path::new(CHROMEDRIVER).is_file() {
        println!("    chromium, chromedriver: installed");
        return Ok(());
    }
    apt_install(&["chromium", "chromium-driver"])
}

/// Installs Debian packages (system programs such as Chromium or PostgreSQL come from
/// Debian's mirror, which the build machines reach where other downloads are closed).
pub fn apt_install(packages: &[&str]) -> Result<(), Error> {
    Cmd::new("apt-get").arg("update").run()?;
    Cmd::new("apt-get")
        .args(["install", "-y"])
        .args(packages.iter().copied())
        .env("DEBIAN_FRONTEND", "noninteractive")
        .run()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_locked_version() {
        let lock = "[[package]]\nname = \"wasm-bindgen-futures\"\nversion = \"0.4.80\"\n\n\
                    [[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n";
        assert_eq!(
            locked_version(lock, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(locked_version(lock, "serde"), None);
    }
}
