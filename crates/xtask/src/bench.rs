//! `cargo xtask bench`: run every bench of the workspace (each a `harness = false` bench
//! printing a Markdown report on stdout; the server's with a throwaway PostgreSQL cluster for
//! its several-instance figures), then build the npm package and measure each
//! entry's bytes (raw, gzip, brotli) against its budget, and time the visitor widget in
//! headless Chromium against the release server, beside a vanilla-JS baseline page
//! (`tests/bench/baseline/`); echo it all and save it, one part after the other, to
//! `target/bench-report.md`.
//!
//! `cargo xtask bench --browser` runs only the browser part ([`run_browser`]), against
//! `pkg/` as it is (`cargo xtask build` first if it is stale), and saves it to
//! `target/bench-browser-report.md`.

use std::path::Path;

use crate::build;
use crate::cmd::Cmd;
use crate::demo;
use crate::error::Error;
use crate::postgres::Cluster;
use crate::server::{Options, TestServer};
use crate::sizes;

/// The benches, as (package, bench target): the domain core, then the server over HTTP.
const BENCHES: [(&str, &str); 2] = [("baton-core", "core"), ("baton-server", "server")];
/// Where the server bench finds its PostgreSQL cluster.
const POSTGRES_VARIABLE: &str = "BATON_BENCH_POSTGRES_URL";
/// Where the report goes, relative to the workspace root.
const REPORT: &str = "target/bench-report.md";
/// Where `--browser`'s report goes.
const BROWSER_REPORT: &str = "target/bench-browser-report.md";
/// The browser bench scripts under `tests/bench/`, run one after the other against one server.
const BROWSER_SCRIPTS: &[&str] = &[
    "widget-timings.mjs",
    "delegation-timings.mjs",
    "launcher-timings.mjs",
];
/// The vanilla-JS baseline page, and where the bench serves it on the demo site.
const BASELINE_DIR: &str = "tests/bench/baseline";
const BASELINE_ON_SITE: &str = "bench-baseline";
/// The site the browser bench serves: the demo site plus the baseline.
const BENCH_SITE: &str = "target/bench-www";

/// `cargo xtask bench`.
pub fn run(root: &Path) -> Result<(), Error> {
    let metadata = Cmd::cargo(["metadata", "--no-deps", "--format-version", "1"])
        .dir(root)
        .read_stdout()?;
    let mut report = String::new();
    // The server bench's PostgreSQL deployments run on a throwaway cluster of their own.
    let cluster = Cluster::start(&root.join("target"))?;
    for (package, bench) in BENCHES {
        if !has_bench(&metadata, &root.join("crates").join(package), bench) {
            return Err(Error::BenchMissing { package, bench });
        }
        let output = Cmd::cargo(["bench", "-p", package, "--bench", bench])
            .env(POSTGRES_VARIABLE, cluster.url())
            .dir(root)
            .run_tee_stdout()?;
        if output.trim().is_empty() {
            return Err(Error::EmptyBenchReport);
        }
        report.push_str(&output);
        report.push('\n');
    }

    report.push_str(&package_sizes(root)?);
    report.push_str(&widget_timings(root)?);
    save(root, REPORT, &report)
}

/// `cargo xtask bench --browser`: only the browser figures, against `pkg/` as it is.
pub fn run_browser(root: &Path) -> Result<(), Error> {
    let report = widget_timings(root)?;
    save(root, BROWSER_REPORT, &report)
}

/// Writes `report` to `relative` under the workspace root.
fn save(root: &Path, relative: &str, report: &str) -> Result<(), Error> {
    let path = root.join(relative);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
    }
    std::fs::write(&path, report)
        .map_err(|e| Error::io(format!("writing {}", path.display()), e))?;
    println!("\nbench report written to {}", path.display());
    Ok(())
}

/// The browser figures, against one release demo server serving a copy of the demo site (the
/// package `package_sizes` just built) with the baseline page under `/bench-baseline/`: the visitor
/// widget's beside the baseline's (`tests/bench/widget-timings.mjs`), the delegation queue's,
/// Accept in the desk to the visitor seeing the deputy join (`delegation-timings.mjs`), and
/// whatever else [`BROWSER_SCRIPTS`] lists.
fn widget_timings(root: &Path) -> Result<String, Error> {
    // A copy of its own: the demo and e2e steps assemble the shared folder afresh at any time.
    let site = root.join(BENCH_SITE);
    if site.exists() {
        std::fs::remove_dir_all(&site)
            .map_err(|e| Error::io(format!("removing {}", site.display()), e))?;
    }
    // Copied with their modification times, or the server would see the precompressed
    // variants as stale and send every file uncompressed.
    demo::copy_dir(&demo::assemble(root)?, &site, &|_| true)?;
    demo::copy_dir(
        &root.join(BASELINE_DIR),
        &site.join(BASELINE_ON_SITE),
        &|_| true,
    )?;
    let server = TestServer::start(
        root,
        &Options {
            static_dir: Some(site),
            release: true,
            ..Options::default()
        },
    )?;
    let mut output = String::new();
    for script in BROWSER_SCRIPTS {
        output.push_str(
            &Cmd::new("node")
                .arg(root.join("tests/bench").join(script).display().to_string())
                .env("BATON_BENCH_URL", server.url.clone())
                .env("BATON_BENCH_ADMIN_PASSWORD", server.admin_password.clone())
                .dir(root)
                .run_tee_stdout()?,
        );
        output.push('\n');
    }
    Ok(output)
}

/// Builds the npm package and reports each entry's bytes against its budget.
fn package_sizes(root: &Path) -> Result<String, Error> {
    build::run(root)?;
    let report = sizes::report(&sizes::measure(root)?);
    println!("{report}");
    Ok(report)
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
    fn the_browser_scripts_and_the_baseline_exist() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        for script in BROWSER_SCRIPTS {
            assert!(root.join("tests/bench").join(script).is_file(), "{script}");
        }
        for file in [
            "index.html",
            "baseline.js",
            "widget.html",
            "conversation.js",
        ] {
            assert!(root.join(BASELINE_DIR).join(file).is_file(), "{file}");
        }
    }

    #[test]
    fn missing_bench_message_is_clear() {
        let (package, bench) = BENCHES[0];
        let message = Error::BenchMissing { package, bench }.to_string();
        assert!(message.contains("baton-core"));
        assert!(message.contains("benches/core.rs"));
    }
}
