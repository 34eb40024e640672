//! `cargo xtask build`: the npm package in `pkg/`, one entry at a time:
//! `cargo build` (wasm32, `--profile wasm-release`, the entry's features) -> `wasm-bindgen
//! --target web` -> npm binaryen's `wasm-opt -Oz` (and esbuild's minifier for the JS glue) ->
//! `pkg/dist/<entry>/`, plus the entry module `pkg/<entry>.js` / `.d.ts` that adds `init` and
//! `BatonError` to wasm-bindgen's exports, and the widget's script `pkg/baton-visitor.js` (its
//! elements and launcher, bundled by esbuild; it loads the visitor entry on demand).
//! `pkg/package.json` and `pkg/README.md` are written by hand and committed; everything this
//! writes is git-ignored build output.

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
    /// Extra `RUSTFLAGS` for its wasm build.
    pub rustflags: &'static str,
}

/// Each entry carries what one kind of page needs: the visitor entry the visitor client and
/// widget (a bank's page never downloads agent code); the agent entry, also the package's
/// root, both clients and no component (a back-office tool calling the API does not download
/// the desk: measured 116,864 B brotli against 346,529 B with it); the desk entry both
/// clients and the agent desk.
pub const ENTRIES: [Entry; 3] = [
    Entry {
        name: "visitor",
        features: "widget",
        // See the desk's: the widget, grown since, gains by it too (169,885 -> 168,955 B).
        rustflags: ERASE_COMPONENTS,
    },
    Entry {
        name: "agent",
        features: "visitor,agent",
        rustflags: "",
    },
    Entry {
        name: "desk",
        features: "visitor,desk",
        rustflags: ERASE_COMPONENTS,
    },
];

/// Leptos's type-erased components: the agent desk's many views otherwise instantiate tachys'
/// generic view code once per component tree (measured: 350 KB -> 319 KB brotli wasm).
const ERASE_COMPONENTS: &str = "--cfg erase_components";

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
    bundle_widget_script(root)?;
    minify_launcher_snippet(root)?;
    write_script(root, DESK_SCRIPT, DESK_SCRIPT_TEXT)?;
    copy_service_worker(root)?;
    crate::compress::precompress(root, &root.join("pkg"), &|_| false)?;
    println!("\nbaton-sdk built into {}", root.join("pkg").display());
    Ok(())
}

/// The one script a bank's page loads for the visitor widget (`pkg/baton-visitor.js`).
pub const WIDGET_SCRIPT: &str = "baton-visitor.js";

/// It is written by hand (`crates/baton-sdk/js/baton-visitor.js` with the
/// `visitor-launcher.js` it imports: the elements, the launcher, and a dynamic import of the
/// visitor entry), bundled and minified into one file by esbuild: a bank's page downloads
/// these few KB before the widget is needed, and the entry's WebAssembly only when it is.
const WIDGET_SCRIPT_SOURCE: &str = "crates/baton-sdk/js/baton-visitor.js";

/// The bundle's first line (the source is in the repository, not in the package).
const WIDGET_SCRIPT_BANNER: &str = "// baton-sdk's visitor widget: <script type=\"module\" src=\".../baton-visitor.js\">. \
     Built by `cargo xtask build` from crates/baton-sdk/js/baton-visitor.js; loads ./visitor.js when a widget needs it.";

fn bundle_widget_script(root: &Path) -> Result<(), Error> {
    let out = root.join("pkg").join(WIDGET_SCRIPT);
    Cmd::new(toolchain::node_bin(root, "esbuild"))
        .arg(root.join(WIDGET_SCRIPT_SOURCE).display().to_string())
        .args([
            "--bundle",
            "--minify",
            "--format=esm",
            "--target=es2022",
            "--log-level=warning",
        ])
        // The entry beside the script in the package, imported on demand: not bundled.
        .arg("--external:./visitor.js")
        .arg(format!("--banner:js={WIDGET_SCRIPT_BANNER}"))
        .arg(format!("--outfile={}", out.display()))
        .dir(root)
        .run()
}

/// The visitor entry's own copy of `visitor-launcher.js` (wasm-bindgen's snippet, for
/// `defineElements()` and `mount(element, { launcher: true })`), minified like the glue.
fn minify_launcher_snippet(root: &Path) -> Result<(), Error> {
    let Some(visitor) = ENTRIES.iter().find(|e| e.name == "visitor") else {
        return Ok(());
    };
    let snippets = dist_dir(root, *visitor).join("snippets");
    let entries = std::fs::read_dir(&snippets)
        .map_err(|e| Error::io(format!("reading {}", snippets.display()), e))?;
    for crate_dir in entries.flatten() {
        let snippet = crate_dir.path().join("js/visitor-launcher.js");
        if snippet.is_file() {
            let path = snippet.display().to_string();
            Cmd::new(toolchain::node_bin(root, "esbuild"))
                .args([
                    &path,
                    "--minify",
                    "--format=esm",
                    "--target=es2022",
                    "--allow-overwrite",
                    "--log-level=warning",
                ])
                .arg(format!("--outfile={path}"))
                .dir(root)
                .run()?;
        }
    }
    Ok(())
}

/// The one script an agent's page loads for the agent desk (`pkg/baton-agent.js`).
pub const DESK_SCRIPT: &str = "baton-agent.js";

/// It loads the agent entry and registers `<baton-agent-desk>`.
const DESK_SCRIPT_TEXT: &str = "\
// baton-sdk's agent desk in one line: <script type=\"module\" src=\".../baton-agent.js\">.
// Loads the desk entry's WebAssembly, then registers <baton-agent-desk>, whose web push
// uses the service worker beside this script unless a desk names another (or \"none\").
// Generated by `cargo xtask build`; do not edit.
import init, { defineAgentElements } from \"./desk.js\";

await init();
defineAgentElements({ serviceWorker: new URL(\"./agent-sw.js\", import.meta.url).href });
";

/// The agent service worker, as written (`pkg/agent-sw.js`): pages serve it from their own
/// origin, so it stays one readable file of its own.
pub const SERVICE_WORKER: &str = "agent-sw.js";

fn copy_service_worker(root: &Path) -> Result<(), Error> {
    let from = root.join("crates/baton-sdk/js").join(SERVICE_WORKER);
    let to = root.join("pkg").join(SERVICE_WORKER);
    std::fs::copy(&from, &to)
        .map(drop)
        .map_err(|e| Error::io(format!("copying {} to {}", from.display(), to.display()), e))
}

fn write_script(root: &Path, name: &str, text: &str) -> Result<(), Error> {
    let path = root.join("pkg").join(name);
    std::fs::write(&path, text).map_err(|e| Error::io(format!("writing {}", path.display()), e))
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
        .env("RUSTFLAGS", entry.rustflags)
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
    // The glue as wasm-bindgen writes it is readable source; pages get it minified.
    let glue = out.join(format!("{name}.js")).display().to_string();
    Cmd::new(toolchain::node_bin(root, "esbuild"))
        .args([
            &glue,
            "--minify",
            "--format=esm",
            "--allow-overwrite",
            "--log-level=warning",
        ])
        .arg(format!("--outfile={glue}"))
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
    let text = without_raw_exports(&without_stream_shims(&text))
        .ok_or_else(|| Error::Setup(format!("{} declares no InitOutput", path.display())))?;
    std::fs::write(&path, text).map_err(|e| Error::io(format!("writing {}", path.display()), e))?;
    let raw = out.join(format!("{name}_bg.wasm.d.ts"));
    std::fs::remove_file(&raw).map_err(|e| Error::io(format!("removing {}", raw.display()), e))
}

/// `declarations` without the classes `wasm-streams` exports for its own use
/// (`IntoUnderlyingSource`, `…Sink`, `…ByteSource`, whose methods are typed `any`). No caller
/// constructs them.
///
/// No build setting keeps them out: Leptos 0.8 depends on `server_fn` with its `browser`
/// feature on, unconditionally (not behind `csr`), which links `wasm-streams`; wasm-bindgen
/// emits every `#[wasm_bindgen]` export of every linked crate and has no option to leave a
/// dependency's out. So the declarations are trimmed here, and the package test checks that
/// what remains has no `any`.
pub fn without_stream_shims(declarations: &str) -> String {
    let mut kept = String::with_capacity(declarations.len());
    let mut skipping = false;
    for line in declarations.split_inclusive('\n') {
        if line.starts_with("export class IntoUnderlying") {
            skipping = true;
        }
        if !skipping {
            kept.push_str(line);
        }
        if skipping && line.trim_end() == "}" {
            skipping = false;
        }
    }
    kept
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

/// Lines of `declarations` whose function parameters are named in Rust's snake_case (the
/// package speaks JavaScript: `conversationId`, not `conversation_id`). wasm-bindgen's own
/// loader functions (`__wbg_init(module_or_path)`, `initSync`) are its to name, not ours.
pub fn snake_case_parameters(declarations: &str) -> Vec<String> {
    declarations
        .lines()
        .map(str::trim)
        .filter(|line| !(line.starts_with("//") || line.starts_with('*') || line.starts_with("/*")))
        .filter(|line| {
            !(line.contains("function __wbg_init") || line.contains("function initSync"))
        })
        .filter(|line| {
            let Some((_, after)) = line.split_once('(') else {
                return false;
            };
            let parameters = after.split(')').next().unwrap_or_default();
            parameters.split(',').any(|parameter| {
                let name = parameter.split(':').next().unwrap_or_default();
                name.trim().trim_start_matches("...").contains('_')
            })
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
        write_script(root, &format!("{}.{file}", entry.name), &text)?;
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
    fn the_stream_shims_leave_the_declarations() {
        let glue = "export class A {\n    a(): void;\n}\nexport class IntoUnderlyingSink {\n    write(chunk: any): Promise<any>;\n}\n\nexport class B {\n}\n";
        let public = without_stream_shims(glue);
        assert_eq!(
            public,
            "export class A {\n    a(): void;\n}\n\nexport class B {\n}\n"
        );
        assert!(uses_of_any(&public).is_empty());
    }

    #[test]
    fn any_in_comments_or_words_is_not_a_use() {
        let text = "/**\n * the team, if any\n */\nexport type Company = string;\n";
        assert!(uses_of_any(text).is_empty());
        assert_eq!(uses_of_any("let x: any;\n"), ["let x: any;"]);
    }

    #[test]
    fn snake_case_parameters_are_found_and_camel_case_ones_pass() {
        let text = "export default function __wbg_init (module_or_path?: InitInput): Promise<InitOutput>;\n  /** conversation_id in a comment */\n  sendMessage(conversationId: string, text: string): Promise<void>;\n  on(kind: string, ...listeners: Function[]): void;\n  messages(conversation_id: string): Promise<void>;\n  readonly snake_field: string;\n";
        assert_eq!(
            snake_case_parameters(text),
            ["messages(conversation_id: string): Promise<void>;"]
        );
    }

    #[test]
    fn the_visitor_entry_leaves_the_agent_out_and_the_agent_entry_the_desk() {
        let features = |name: &str| ENTRIES.iter().find(|e| e.name == name).unwrap().features;
        assert!(!features("visitor").contains("agent") && !features("visitor").contains("desk"));
        assert!(!features("agent").contains("desk") && !features("agent").contains("widget"));
        assert!(features("desk").contains("desk"));
    }
}
