//! `cargo xtask bench`: run every bench of the workspace (each a `harness = false` bench
//! printing a Markdown report on stdout), echo the reports and save them, one after the
//! other, to `target/bench-report.md`.

use std::path::Path;

use crate::cmd::Cmd;
use crate::error::Error;

/// The benches, as (package, bench target): the domain core, then the server over HTTP.
const BENCHES: [(&str, &str); 2] = [("baton-core", "core"), ("baton-server", "server")];
/// Where the report goes, relative to the workspace root.
const REPORT: &str = "target/bench-report.md";

/// `cargo xtask bench`.
pub fn run(root: &Path) -> Result<(), Error> {
    let metadata = Cmd::cargo(["metadata", "--no-deps", "--format-version", "1"])
        .dir(root)
        .read_stdout()?;
    let mut report = String::new();
    for (package, bench) in BENCHES {
        if !has_bench(&metadata, &root.join("crates").join(package), bench) {
            return Err(Error::BenchMissing { package, bench });
        }
        let output = Cmd::cargo(["bench", "-p", package, "--bench", bench])
            .dir(root)
            .run_tee_stdout()?;
        if output.trim().is_empty() {
            return Err(Error::EmptyBenchReport);
        }
        report.push_str(&output);
        report.push('\n');
    }

    let path = root.join(REPORT);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
    }
    std::fs::write(&path, report)
        .map_err(|e| Error::io(format!("writing {}", path.display()), e))?;
    println!("\nbench report written to {}", path.display());
    Ok(())
}

/// Whether `cargo metadata` output lists a bench target called `bench` whose source lies
/// under `package_dir`.
///
/// std-only, so no JSON parser: a target is a flat JSON object (only strings, booleans and
/// arrays of strings), so the text between the `{` and `}` around each `"src_path"` is one
/// whole target.
fn has_bench(metadata: &str, package_dir: &Path, bench: &str) -> bool {
    let name = format!("\"name\":\"{}\"", json_escape(bench));
    let dir = json_escape(&package_dir.to_string_lossy());
    let mut rest = metadata;
    while let Some(at) = rest.find("\"src_path\":\"") {
        let start = rest[..at].rfind('{').unwrap_or(0);
        let end = rest[at..].find('}').map_or(rest.len(), |i| at + i);
        let target = &rest[start..end];
        let src_path = &rest[at + "\"src_path\":\"".len()..end];
        if target.contains("\"kind\":[\"bench\"]")
            && target.contains(&name)
            && src_path.starts_with(dir.as_str())
        {
            return true;
        }
        rest = &rest[end..];
    }
    false
}

/// Escapes the characters JSON escapes in paths and names (`\` and `"`).
fn json_escape(text: &str) -> String {
    text.replace('\\', r"\\").replace('"', "\\\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    const WITH_BENCH: &str = r#"{"packages":[{"name":"baton-core","targets":[{"kind":["lib"],"crate_types":["lib"],"name":"baton_core","src_path":"/w/crates/baton-core/src/lib.rs","edition":"2024","doc":true,"doctest":true,"test":true},{"kind":["bench"],"crate_types":["bin"],"name":"core","src_path":"/w/crates/baton-core/benches/core.rs","edition":"2024","doc":false,"doctest":false,"test":false}]},{"name":"xtask","targets":[{"kind":["bin"],"crate_types":["bin"],"name":"xtask","src_path":"/w/crates/xtask/src/main.rs","edition":"2024","doc":true,"doctest":false,"test":true}]}],"workspace_root":"/w"}"#;

    #[test]
    fn finds_the_bench() {
        assert!(has_bench(
            WITH_BENCH,
            Path::new("/w/crates/baton-core"),
            "core"
        ));
    }

    #[test]
    fn missing_bench_is_not_found() {
        let without = WITH_BENCH.replace("\"kind\":[\"bench\"]", "\"kind\":[\"test\"]");
        assert!(!has_bench(
            &without,
            Path::new("/w/crates/baton-core"),
            "core"
        ));
        assert!(!has_bench(
            WITH_BENCH,
            Path::new("/w/crates/baton-core"),
            "other"
        ));
    }

    #[test]
    fn bench_of_another_package_does_not_count() {
        assert!(!has_bench(WITH_BENCH, Path::new("/w/crates/xtask"), "core"));
    }

    #[test]
    fn missing_bench_message_is_clear() {
        let (package, bench) = BENCHES[0];
        let message = Error::BenchMissing { package, bench }.to_string();
        assert!(message.contains("baton-core"));
        assert!(message.contains("benches/core.rs"));
    }
}
