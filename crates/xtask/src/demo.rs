//! `cargo xtask demo`: builds the npm package, assembles the demo site in `target/demo-www/`
//! ([`assemble`]: the bank's pages from `www/` plus the package under `/pkg/`, the same site
//! the `e2e` test step serves), and runs `baton-server` (release) with the demo bank on
//! 127.0.0.1:8080, serving that folder. The server prints the demo accounts; Ctrl-C stops it.

use std::path::{Path, PathBuf};

use crate::build;
use crate::cmd::Cmd;
use crate::error::Error;

/// Where the demo listens.
pub const LISTEN: &str = "127.0.0.1:8080";

/// The assembled demo site.
pub fn site_dir(root: &Path) -> PathBuf {
    root.join("target/demo-www")
}

/// Builds `target/demo-www/` afresh: every file of `www/`, and under `pkg/` what a page
/// imports from the npm package (`package.json`, the entry modules and their declarations,
/// `dist/`). A file the package does not have yet (the widget's `baton-visitor.js` before
/// the widget exists) is simply absent, and the page's request for it answers 404.
pub fn assemble(root: &Path) -> Result<PathBuf, Error> {
    let site = site_dir(root);
    if site.exists() {
        std::fs::remove_dir_all(&site)
            .map_err(|e| Error::io(format!("removing {}", site.display()), e))?;
    }
    copy_dir(&root.join("www"), &site, &|_| true)?;
    copy_dir(&root.join("pkg"), &site.join("pkg"), &served_from_pkg)?;
    // The package's variants came with it (`cargo xtask build` wrote them); the site's own.
    let pkg = site.join("pkg");
    crate::compress::precompress(root, &site, &|path| path.starts_with(&pkg))?;
    Ok(site)
}

/// Whether a top-level entry of `pkg/` belongs on the site (the README is for npm's page),
/// with the precompressed variants of those that do.
fn served_from_pkg(name: &str) -> bool {
    if let Some(file) = name
        .strip_suffix(".br")
        .or_else(|| name.strip_suffix(".gz"))
    {
        return served_from_pkg(file);
    }
    name == "package.json" || name == "dist" || name.ends_with(".js") || name.ends_with(".d.ts")
}

/// Copies the entries of `from` that `keep` accepts (by name; only at the top level) into
/// `to`, folders recursively.
pub fn copy_dir(from: &Path, to: &Path, keep: &dyn Fn(&str) -> bool) -> Result<(), Error> {
    std::fs::create_dir_all(to).map_err(|e| Error::io(format!("creating {}", to.display()), e))?;
    let entries =
        std::fs::read_dir(from).map_err(|e| Error::io(format!("reading {}", from.display()), e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(format!("reading {}", from.display()), e))?;
        let name = entry.file_name();
        if !keep(&name.to_string_lossy()) {
            continue;
        }
        let (source, target) = (entry.path(), to.join(&name));
        if source.is_dir() {
            copy_dir(&source, &target, &|_| true)?;
        } else {
            copy_file(&source, &target).map_err(|e| {
                Error::io(
                    format!("copying {} to {}", source.display(), target.display()),
                    e,
                )
            })?;
        }
    }
    Ok(())
}

/// Copies a file with its modification time: the server sends a precompressed variant only
/// if it is not older than its file, which copying in directory order would not keep.
fn copy_file(source: &Path, target: &Path) -> std::io::Result<()> {
    std::fs::copy(source, target)?;
    let modified = std::fs::metadata(source)?.modified()?;
    std::fs::File::options()
        .write(true)
        .open(target)?
        .set_modified(modified)
}

/// The `cargo` arguments that build and run `baton-server` for the demo, serving `site`.
fn server_args(root: &Path, site: &Path) -> Vec<String> {
    [
        "run",
        "--release",
        "--package",
        "baton-server",
        "--",
        "--demo",
        "--listen",
        LISTEN,
        "--database",
    ]
    .into_iter()
    .map(str::to_owned)
    .chain([
        root.join("baton-data/demo.db").display().to_string(),
        "--static".to_owned(),
        site.display().to_string(),
    ])
    .collect()
}

/// Runs the demo server in the foreground until it stops.
pub fn run(root: &Path) -> Result<(), Error> {
    build::run(root)?;
    let site = assemble(root)?;
    println!("\nStarting the Baton demo (Ctrl-C stops it). Once it is up, open:");
    println!("  visitor (Vera Visitor, signed in):  http://{LISTEN}/");
    println!("  invitee with a PIN:                 http://{LISTEN}/pin.html");
    println!("  e-mail invitation links land on:    http://{LISTEN}/join.html#invitation=…");
    println!("  agent desk (anna.advisor / anna, ben.assistant / ben, clara.deputy / clara,");
    println!("  david.deputy / david, eva.parent / eva; one browser profile per agent):");
    println!("                                      http://{LISTEN}/agent.html\n");
    Cmd::cargo(server_args(root, &site)).dir(root).run()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_runs_the_server_with_the_demo_bank_on_port_8080_serving_the_site() {
        let root = Path::new("/nowhere");
        let args = server_args(root, &site_dir(root));
        assert!(args.contains(&"--demo".to_owned()));
        assert!(
            args.windows(2)
                .any(|w| w[0] == "--listen" && w[1] == LISTEN)
        );
        assert!(
            args.windows(2)
                .any(|w| w[0] == "--static" && w[1] == "/nowhere/target/demo-www")
        );
    }

    #[test]
    fn the_site_gets_the_package_modules_but_not_its_readme() {
        for served in [
            "package.json",
            "visitor.js",
            "visitor.d.ts",
            "baton-visitor.js",
            "dist",
        ] {
            assert!(served_from_pkg(served), "{served}");
        }
        assert!(!served_from_pkg("README.md"));
        assert!(served_from_pkg("visitor.js.br") && served_from_pkg("package.json.gz"));
        assert!(!served_from_pkg("README.md.br"));
    }

    #[test]
    fn assembling_copies_www_and_the_package() {
        let root = std::env::temp_dir().join(format!("xtask-demo-{}", std::process::id()));
        let write = |path: &str| {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        };
        for file in [
            "www/index.html",
            "www/pin.js",
            "pkg/package.json",
            "pkg/README.md",
            "pkg/visitor.js",
            "pkg/visitor.js.br",
            "pkg/dist/visitor/baton_visitor_bg.wasm",
            "target/demo-www/stale.html",
        ] {
            write(file);
        }
        let page = "<p>compressible</p>".repeat(100);
        std::fs::write(root.join("www/index.html"), &page).unwrap();
        let site = assemble(&root).unwrap();
        let has = |path: &str| site.join(path).is_file();
        assert!(has("index.html") && has("pin.js"));
        assert!(has("pkg/package.json") && has("pkg/visitor.js"));
        assert!(has("pkg/dist/visitor/baton_visitor_bg.wasm"));
        assert!(!has("pkg/README.md"));
        assert!(!has("stale.html"), "assembled afresh");
        assert!(
            has("pkg/visitor.js.br"),
            "the package's variants come with it"
        );
        let modified = |path: &Path| std::fs::metadata(path).unwrap().modified().unwrap();
        assert_eq!(
            modified(&site.join("pkg/visitor.js.br")),
            modified(&root.join("pkg/visitor.js.br")),
            "copied with its modification time"
        );
        assert!(
            has("index.html.br") && has("index.html.gz"),
            "the site's own"
        );
        assert!(
            !has("pin.js.br"),
            "a variant no smaller than its file is not written"
        );
        std::fs::remove_dir_all(&root).unwrap();
    }
}
