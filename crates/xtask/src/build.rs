//! `cargo xtask build`: the npm package in `pkg/`, one entry at a time:
//! `cargo build` (wasm32, `--profile wasm-release`, the entry's features) -> `wasm-bindgen
//! --target web` -> npm binaryen's `wasm-opt -Oz` -> `pkg/dist/<entry>/`, plus the entry
//! module `pkg/<entry>.js` / `.d.ts` that adds `init` and `BatonError` to wasm-bindgen's
//! exports. `pkg/package.json` and `pkg/README.md` are written by hand and committed;
//! everything this writes is git-ignored build output.

use std::path::{Path, PathBuf};

use crate::cmd::Cmd;
use crate::error::Error;
use crate::toolchain::{self, WASM_TARGET};

/// One entry of the package.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// The entry's name: `pkg/<name>.js`, `import … from "baton-sdk/<name>"`.
    pub name: &'static str,
    /// The `baton-sdk` features it is built with.
    pub features: &'static str,
}

/// The visitor entry carries the visitor client alone (a bank's page never downloads agent
/// code); the agent entry, also the package's root, carries both clients.
pub const ENTRIES: [Entry; 2] = [
    Entry {
        name: "visitor",
        features: "visitor",
    },
    Entry {
        name: "agent",
        features: "visitor,agent",
    },
];

/// The cargo profile for browser builds (size first; see the workspace `Cargo.toml`).
const PROFILE: &str = "wasm-release";

/// `cargo xtask build`.
pub fn run(root: &Path) -> Result<(), Error> {
    println!("==> ensure toolchain");
    toolchain::ensure_wasm_target(root)?;
    toolchain::ensure_wasm_bindgen(root)?;
    toolchain::ensure_npm_packages(root)?;
    for entry in ENTRIES {
        build_entry(root, entry)?;
    }
    println!("\nbaton-sdk built into {}", root.join("pkg").display());
    Ok(())
}

/// The folder of an entry's wasm-bindgen output.
pub fn dist_dir(root: &Path, entry: Entry) -> PathBuf {
    root.join("pkg/dist").join(entry.name)
}

/// The file stem wasm-bindgen gives an entry's output.
pub fn out_name(entry: Entry) -> String {
    format!("baton_{}", entry.name)
}

fn build_entry(root: &Path, entry: Entry) -> Result<(), Error> {
    println!("==> build the {} entry", entry.name);
    Cmd::cargo(["build", "-p", "baton-sdk", "--lib", "--target", WASM_TARGET])
        .args(["--profile", PROFILE, "--no-default-features", "--features"])
        .arg(entry.features)
        .dir(root)
        .run()?;
    let wasm = root
        .join("target")
        .join(WASM_TARGET)
        .join(PROFILE)
        .join("baton_sdk.wasm");
    let out = dist_dir(root, entry);
    if out.exists() {
        std::fs::remove_dir_all(&out)
            .map_err(|e| Error::io(format!("removing {}", out.display()), e))?;
    }
    let name = out_name(entry);
    Cmd::new("wasm-bindgen")
        .arg(wasm.display().to_string())
        .args(["--target", "web", "--out-name", &name, "--out-dir"])
        .arg(out.display().to_string())
        .dir(root)
        .run()?;
    let optimised = out.join(format!("{name}_bg.wasm")).display().to_string();
    Cmd::new(toolchain::node_bin(root, "wasm-opt"))
        .args(["-Oz", &optimised, "-o", &optimised])
        .dir(root)
        .run()?;
    public_declarations(&out, &name)?;
    write_entry_module(root, entry)
}

/// Keeps wasm-bindgen's internals out of the public declarations: `InitOutput` lists every
/// raw export as `(a: number, …) => any`, which no caller uses, so it keeps `memory` only;
/// the raw exports' own `_bg.wasm.d.ts` is not part of a `--target web` package.
fn public_declarations(out: &Path, name: &str) -> Result<(), Error> {
    let path = out.join(format!("{name}.d.ts"));
    let text = std::fs::read_to_string(&path)
        .map_err(|e| Error::io(format!("reading {}", path.display()), e))?;
    let text = without_raw_exports(&text)
        .ok_or_else(|| Error::Setup(format!("{} declares no InitOutput", path.display())))?;
    std::fs::write(&path, text).map_err(|e| Error::io(format!("writing {}", path.display()), e))?;
    let raw = out.join(format!("{name}_bg.wasm.d.ts"));
    std::fs::remove_file(&raw).map_err(|e| Error::io(format!("removing {}", raw.display()), e))
}

/// `declarations` with the body of `interface InitOutput` reduced to its `memory`.
pub fn without_raw_exports(declarations: &str) -> Option<String> {
    const START: &str = "export interface InitOutput {\n";
    let start = declarations.find(START)? + START.len();
    let end = start + declarations[start..].find("\n}\n")?;
    Some(format!(
        "{}    readonly memory: WebAssembly.Memory;{}",
        &declarations[..start],
        &declarations[end..]
    ))
}

/// Lines of `declarations` that use `any` outside comments (the package promises none).
pub fn uses_of_any(declarations: &str) -> Vec<String> {
    declarations
        .lines()
        .map(str::trim)
        .filter(|line| !(line.starts_with("//") || line.starts_with('*') || line.starts_with("/*")))
        .filter(|line| {
            line.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
                .any(|word| word == "any")
        })
        .map(str::to_owned)
        .collect()
}

/// Writes `pkg/<entry>.js` and `pkg/<entry>.d.ts`.
fn write_entry_module(root: &Path, entry: Entry) -> Result<(), Error> {
    let out = dist_dir(root, entry);
    let snippet = find_error_snippet(&out)?;
    let (js, dts) = entry_module(entry, &snippet);
    for (file, text) in [("js", js), ("d.ts", dts)] {
        let path = root.join("pkg").join(format!("{}.{file}", entry.name));
        std::fs::write(&path, text)
            .map_err(|e| Error::io(format!("writing {}", path.display()), e))?;
    }
    Ok(())
}

/// The entry module's JS and declarations. `glue` is relative to `pkg/`.
pub fn entry_module(entry: Entry, error_snippet: &str) -> (String, String) {
    let glue = format!("./dist/{}/{}.js", entry.name, out_name(entry));
    let header = format!(
        "// baton-sdk/{}: generated by `cargo xtask build`; do not edit.\n",
        entry.name
    );
    let js = format!(
        "{header}export * from \"{glue}\";\n\
         export {{ default, default as init }} from \"{glue}\";\n\
         export {{ BatonError }} from \"./{error_snippet}\";\n"
    );
    let dts = format!(
        "{header}export * from \"{glue}\";\n\
         export {{ default, default as init }} from \"{glue}\";\n"
    );
    (js, dts)
}

/// The path (relative to `pkg/`, with `/`) of the copy of `js/error.js` that wasm-bindgen
/// put under the entry's `snippets/` folder (its folder name carries a hash).
fn find_error_snippet(out: &Path) -> Result<String, Error> {
    let snippets = out.join("snippets");
    let entries = std::fs::read_dir(&snippets)
        .map_err(|e| Error::io(format!("reading {}", snippets.display()), e))?;
    for crate_dir in entries.flatten() {
        let candidate = crate_dir.path().join("js/error.js");
        if candidate.is_file() {
            let relative = candidate
                .strip_prefix(out.parent().and_then(Path::parent).unwrap_or(out))
                .unwrap_or(&candidate);
            let parts: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            return Ok(parts.join("/"));
        }
    }
    Err(Error::Setup(format!(
        "wasm-bindgen wrote no js/error.js under {}",
        snippets.display()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_entry_module_adds_init_and_baton_error_to_the_glue() {
        let (js, dts) = entry_module(ENTRIES[0], "dist/visitor/snippets/baton-sdk-1/js/error.js");
        assert!(js.contains("export * from \"./dist/visitor/baton_visitor.js\";"));
        assert!(js.contains("export { default, default as init } from"));
        assert!(js.contains(
            "export { BatonError } from \"./dist/visitor/snippets/baton-sdk-1/js/error.js\";"
        ));
        assert!(!dts.contains("BatonError"), "declared by the glue's .d.ts");
    }

    #[test]
    fn init_output_keeps_only_the_memory() {
        let glue = "export type X = 1;\nexport interface InitOutput {\n    readonly memory: WebAssembly.Memory;\n    readonly f: (a: number) => any;\n}\nexport default function init(): Promise<InitOutput>;\n";
        let public = without_raw_exports(glue).unwrap();
        assert!(public.contains(
            "export interface InitOutput {\n    readonly memory: WebAssembly.Memory;\n}\n"
        ));
        assert!(public.contains("export default function init"));
        assert!(uses_of_any(glue).len() == 1);
        assert!(uses_of_any(&public).is_empty());
    }

    #[test]
    fn any_in_comments_or_words_is_not_a_use() {
        let text = "/**\n * the team, if any\n */\nexport type Company = string;\n";
        assert!(uses_of_any(text).is_empty());
        assert_eq!(uses_of_any("let x: any;\n"), ["let x: any;"]);
    }

    #[test]
    fn the_visitor_entry_leaves_the_agent_out() {
        let visitor = ENTRIES.iter().find(|e| e.name == "visitor").unwrap();
        assert!(!visitor.features.contains("agent"));
    }
}
