//! The npm package's bytes per entry (what a page downloads for it: the wasm, wasm-bindgen's
//! glue, the entry module and its snippets), raw, gzip (level 9) and brotli (quality 11),
//! measured with node's zlib (std has no compressor; node is there for npm), and each entry's
//! budget in brotli bytes. `cargo xtask bench` reports them all; `cargo xtask test` fails when
//! an entry whose budget is enforced grows past it (bytes are deterministic).
//!
//! Not here: building the package (`build.rs`).

use std::path::{Path, PathBuf};

use crate::build::{self, Entry};
use crate::cmd::Cmd;
use crate::error::Error;

/// An entry's budget in brotli bytes.
pub struct Budget {
    /// The entry's name.
    pub entry: &'static str,
    /// At most this many brotli bytes.
    pub bytes: u64,
    /// Whether `cargo xtask test` fails past it: once an entry is within its budget, it stays.
    pub enforced: bool,
}

/// The budgets: the visitor entry (the docked widget with its JS API) and the agent entry
/// (both clients; the desk entry has none of its own yet, it is reported).
pub const BUDGETS: [Budget; 2] = [
    Budget {
        entry: "visitor",
        bytes: 115 * 1024,
        enforced: false,
    },
    Budget {
        entry: "agent",
        bytes: 256_000,
        enforced: true,
    },
];

/// One entry's bytes.
pub struct EntrySize {
    /// The entry.
    pub entry: Entry,
    /// `[raw, gzip, brotli]` of its wasm.
    pub wasm: [u64; 3],
    /// `[raw, gzip, brotli]` of its JS (glue, entry module, snippets).
    pub js: [u64; 3],
}

impl EntrySize {
    /// Brotli bytes in all.
    pub fn brotli(&self) -> u64 {
        self.wasm[2] + self.js[2]
    }

    /// Its budget, if it has one.
    pub fn budget(&self) -> Option<&'static Budget> {
        BUDGETS.iter().find(|b| b.entry == self.entry.name)
    }
}

/// The bytes of every entry of the package `cargo xtask build` left in `pkg/`.
pub fn measure(root: &Path) -> Result<Vec<EntrySize>, Error> {
    build::ENTRIES
        .into_iter()
        .map(|entry| {
            let dist = build::dist_dir(root, entry);
            let name = build::out_name(entry);
            let wasm = vec![dist.join(format!("{name}_bg.wasm"))];
            let mut js = vec![
                dist.join(format!("{name}.js")),
                root.join("pkg").join(format!("{}.js", entry.name)),
            ];
            js.extend(snippets(&dist.join("snippets")));
            Ok(EntrySize {
                entry,
                wasm: compressed_sizes(root, &wasm)?,
                js: compressed_sizes(root, &js)?,
            })
        })
        .collect()
}

/// Fails when an entry with an enforced budget is past it.
pub fn enforce(sizes: &[EntrySize]) -> Result<(), Error> {
    let over: Vec<String> = sizes
        .iter()
        .filter_map(|size| {
            let budget = size.budget().filter(|b| b.enforced)?;
            (size.brotli() > budget.bytes).then(|| {
                format!(
                    "{}: {} B brotli, over its budget of {} B",
                    size.entry.name,
                    size.brotli(),
                    budget.bytes
                )
            })
        })
        .collect();
    if over.is_empty() {
        Ok(())
    } else {
        Err(Error::Setup(format!(
            "package entries over budget: {}",
            over.join("; ")
        )))
    }
}

/// The Markdown report of `sizes`, with each budget's verdict.
pub fn report(sizes: &[EntrySize]) -> String {
    let mut table = String::from(
        "## baton-sdk package size\n\n\
         | entry | part | raw B | gzip B | brotli B |\n|---|---|---:|---:|---:|\n",
    );
    let mut verdicts = String::new();
    for size in sizes {
        let name = size.entry.name;
        for (part, [raw, gzip, brotli]) in [("wasm", size.wasm), ("JS", size.js)] {
            table.push_str(&format!(
                "| {name} | {part} | {raw} | {gzip} | {brotli} |\n"
            ));
        }
        table.push_str(&format!(
            "| {name} | **total** | | | **{}** |\n",
            size.brotli()
        ));
        let verdict = match size.budget() {
            Some(budget) => format!(
                "{} the budget of {} B{}",
                if size.brotli() <= budget.bytes {
                    "within"
                } else {
                    "OVER"
                },
                budget.bytes,
                if budget.enforced {
                    " (enforced by `cargo xtask test`)"
                } else {
                    ""
                }
            ),
            None => "no budget".to_owned(),
        };
        verdicts.push_str(&format!(
            "- {name}: {} B brotli, {verdict}\n",
            size.brotli()
        ));
    }
    table.push('\n');
    table.push_str(&verdicts);
    table
}

/// The JS files under an entry's `snippets/` folder.
fn snippets(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for item in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = item.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "js") {
                found.push(path);
            }
        }
    }
    found
}

/// `[raw, gzip, brotli]` bytes of `files`, each compressed on its own and summed.
fn compressed_sizes(root: &Path, files: &[PathBuf]) -> Result<[u64; 3], Error> {
    const SCRIPT: &str = "const z=require('zlib'),fs=require('fs');let t=[0,0,0];\
        for(const f of process.argv.slice(1)){const b=fs.readFileSync(f);\
        t[0]+=b.length;t[1]+=z.gzipSync(b,{level:9}).length;\
        t[2]+=z.brotliCompressSync(b,{params:{[z.constants.BROTLI_PARAM_QUALITY]:11}}).length}\
        console.log(t.join(' '))";
    let output = Cmd::new("node")
        .args(["-e", SCRIPT])
        .args(files.iter().map(|f| f.display().to_string()))
        .dir(root)
        .read_stdout()?;
    let numbers: Vec<u64> = output
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    match numbers[..] {
        [raw, gzip, brotli] => Ok([raw, gzip, brotli]),
        _ => Err(Error::Setup(format!("node printed no sizes: {output:?}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size(name: &'static str, brotli: u64) -> EntrySize {
        let entry = build::ENTRIES
            .into_iter()
            .find(|e| e.name == name)
            .expect("an entry of that name");
        EntrySize {
            entry,
            wasm: [0, 0, brotli - 100],
            js: [0, 0, 100],
        }
    }

    #[test]
    fn an_enforced_budget_fails_past_it_and_the_others_are_reported() {
        assert!(enforce(&[size("agent", 256_000)]).is_ok());
        assert!(enforce(&[size("agent", 256_001)]).is_err());
        assert!(
            enforce(&[size("visitor", 500_000)]).is_ok(),
            "not enforced yet"
        );
        let report = report(&[size("visitor", 120_000), size("desk", 300_000)]);
        assert!(report.contains("- visitor: 120000 B brotli, OVER the budget of 117760 B\n"));
        assert!(report.contains("- desk: 300000 B brotli, no budget\n"));
    }
}
