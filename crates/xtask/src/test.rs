//! `cargo xtask test`: ensure the toolchain, then run every check as a named step, in order,
//! stopping at the first failure, and print a summary (with the number of tests each test
//! layer ran; a layer that ran none fails) whose last line CI reads. The `postgres` layer runs
//! the server's test suite a second time, against a throwaway PostgreSQL cluster
//! (`BATON_TEST_POSTGRES_URL`), so that every HTTP test proves both engines.
//!
//! To add a layer, append a [`Step`] in [`steps`].

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::cmd::Cmd;
use crate::error::Error;
use crate::postgres::{self, Cluster};
use crate::server::{self, Options, SmtpReceiver, TestServer};
use crate::toolchain::{self, WASM_TARGET, node_bin};
use crate::{build, demo, sizes};

/// One named check of `cargo xtask test`.
pub struct Step {
    /// Short name shown in the progress header and the summary, e.g. `clippy`.
    pub name: &'static str,
    /// Runs the check; `Err` means the step failed.
    pub run: Box<dyn Fn() -> Result<Tests, Error>>,
}

/// What a step reports besides success: for a test layer, how many tests passed.
pub type Tests = Option<u64>;

impl Step {
    /// A step that runs one command.
    fn command(name: &'static str, make: impl Fn() -> Cmd + 'static) -> Self {
        Self {
            name,
            run: Box::new(move || make().run().map(|()| None)),
        }
    }
}

/// Runs a test layer's command, echoing its output, and answers how many tests passed.
fn run_tests(command: &Cmd) -> Result<Tests, Error> {
    layer_result(command, &command.run_tee_stdout()?)
}

/// How many tests the output of a test layer's command shows passed; none is a failure.
fn layer_result(command: &Cmd, output: &str) -> Result<Tests, Error> {
    match tests_passed(output) {
        0 => Err(Error::NoTests {
            command: command.display(),
        }),
        passed => Ok(Some(passed)),
    }
}

/// The tests that passed, from libtest's summary lines (`test result: ok. 5 passed; ...`,
/// wasm-bindgen-test's too) and Playwright's list reporter's (`  50 passed (3.2m)`).
pub fn tests_passed(output: &str) -> u64 {
    output
        .lines()
        .filter_map(|line| {
            let line = line.trim();
            let counts = match line.strip_prefix("test result: ") {
                Some(result) => result.split_once(". ")?.1,
                None if line.starts_with(|c: char| c.is_ascii_digit()) => line,
                None => return None,
            };
            let (number, rest) = counts.split_once(' ')?;
            rest.starts_with("passed")
                .then(|| number.parse::<u64>().ok())
                .flatten()
        })
        .sum()
}

/// Every step, in the order they run, all from the workspace `root`.
pub fn steps(root: &Path) -> Vec<Step> {
    let root: PathBuf = root.to_path_buf();
    let [
        fmt_root,
        clippy_root,
        test_root,
        postgres_root,
        wasm_root,
        browser_root,
        package_root,
        e2e_root,
    ] = std::array::from_fn(|_| root.clone());
    vec![
        Step::command("fmt", move || {
            Cmd::cargo(["fmt", "--all", "--", "--check"]).dir(&fmt_root)
        }),
        Step::command("clippy", move || {
            let locked = clippy_root.join("Cargo.lock").is_file();
            Cmd::cargo(clippy_args(locked)).dir(&clippy_root)
        }),
        Step {
            name: "test",
            run: Box::new(move || run_tests(&Cmd::cargo(["test", "--workspace"]).dir(&test_root))),
        },
        // The server's suite again on PostgreSQL: a fresh cluster of its own, gone afterwards
        // (also when the tests fail).
        Step {
            name: "postgres",
            run: Box::new(move || {
                let cluster = Cluster::start(&postgres_root.join("target"))?;
                // `--workspace` resolves features as the `test` step did, so the suite's
                // binary is reused rather than built (and stored) a second time.
                run_tests(
                    &Cmd::cargo(["test", "--workspace", "--test", "suite"])
                        .env(postgres::URL_VARIABLE, cluster.url())
                        .dir(&postgres_root),
                )
            }),
        },
        // The domain core and the wire types must keep compiling for the browser
        // (ARCHITECTURE.md invariants), and the SDK, browser-only code included, must be
        // as clean as the rest.
        Step {
            name: "wasm32",
            run: Box::new(move || {
                Cmd::cargo(["check", "-p", "baton-core", "-p", "baton-api"])
                    .args(["--target", WASM_TARGET])
                    .dir(&wasm_root)
                    .run()?;
                Cmd::cargo(["clippy", "-p", "baton-sdk", "--all-targets"])
                    .args(["--target", WASM_TARGET, "--", "-D", "warnings"])
                    .dir(&wasm_root)
                    .run()
                    .map(|()| None)
            }),
        },
        Step {
            name: "browser",
            run: Box::new(move || browser_tests(&browser_root)),
        },
        Step {
            name: "package",
            run: Box::new(move || packaging(&package_root).map(|()| None)),
        },
        Step {
            name: "e2e",
            run: Box::new(move || end_to_end(&e2e_root, &[])),
        },
    ]
}

/// The SDK's `wasm-bindgen-test`s in headless Chromium against a real demo server.
fn browser_tests(root: &Path) -> Result<Tests, Error> {
    let page_port = server::free_port()?;
    let page = format!("127.0.0.1:{page_port}");
    let server = TestServer::start(
        root,
        &Options {
            allowed_origin: Some(format!("http://{page}")),
            ..Options::default()
        },
    )?;
    let webdriver = root.join("target/browser-tests/webdriver.json");
    std::fs::write(&webdriver, WEBDRIVER_JSON)
        .map_err(|e| Error::io(format!("writing {}", webdriver.display()), e))?;
    let command = Cmd::cargo(["test", "-p", "baton-sdk", "--target", WASM_TARGET])
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            "wasm-bindgen-test-runner",
        )
        .env("CHROMEDRIVER", toolchain::CHROMEDRIVER)
        .env("WASM_BINDGEN_TEST_ADDRESS", page)
        .env(
            "WASM_BINDGEN_TEST_WEBDRIVER_JSON",
            webdriver.display().to_string(),
        )
        .env("WASM_BINDGEN_TEST_TIMEOUT", "60")
        .env("BATON_TEST_SERVER", server.url.clone())
        .env("BATON_TEST_ADMIN_PASSWORD", server.admin_password.clone())
        .dir(root);
    run_tests(&command)
}

/// The npm package as a TypeScript app meets it: `cargo xtask build`, every entry whose size
/// budget is enforced within it (`sizes.rs`), no `any` in any public
/// declaration, then the app in `tests/packaging` type-checks under `--strict` (its
/// `@ts-expect-error` lines must be errors) and Vite bundles it with both entries' wasm.
fn packaging(root: &Path) -> Result<(), Error> {
    build::run(root)?;
    sizes::enforce(&sizes::measure(root)?)?;
    for entry in build::ENTRIES {
        let glue = build::dist_dir(root, entry).join(format!("{}.d.ts", build::out_name(entry)));
        let entry_module = root.join("pkg").join(format!("{}.d.ts", entry.name));
        for path in [glue, entry_module] {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| Error::io(format!("reading {}", path.display()), e))?;
            let uses = build::uses_of_any(&text);
            if !uses.is_empty() {
                return Err(Error::Setup(format!(
                    "{} uses `any`: {}",
                    path.display(),
                    uses.join(" | ")
                )));
            }
            let snake = build::snake_case_parameters(&text);
            if !snake.is_empty() {
                return Err(Error::Setup(format!(
                    "{} names parameters in snake_case: {}",
                    path.display(),
                    snake.join(" | ")
                )));
            }
        }
    }
    let app = root.join("tests/packaging");
    Cmd::new(node_bin(root, "tsc"))
        .args(["-p", "."])
        .dir(&app)
        .run()?;
    Cmd::new(node_bin(root, "vite"))
        .arg("build")
        .dir(&app)
        .run()?;
    let assets = root.join("target/packaging/assets");
    let bundled: Vec<String> = std::fs::read_dir(&assets)
        .map_err(|e| Error::io(format!("reading {}", assets.display()), e))?
        .flatten()
        .map(|f| f.file_name().to_string_lossy().into_owned())
        .collect();
    for entry in build::ENTRIES {
        let wasm = format!("{}_bg", build::out_name(entry));
        if !bundled
            .iter()
            .any(|f| f.starts_with(&wasm) && f.ends_with(".wasm"))
        {
            return Err(Error::Setup(format!(
                "Vite's bundle in {} lacks {wasm}.wasm: {bundled:?}",
                assets.display()
            )));
        }
    }
    Ok(())
}

/// The demo site in real Chromium (Playwright, `tests/e2e/`): the site assembled as `cargo
/// xtask demo` serves it, from the `pkg/` that the `package` step just built; a demo server
/// serving it with its e-mail going to a fresh SMTP receiver and the short timers of
/// `tests/e2e/baton.toml` (so that prompts expire and PINs age in seconds); beside it, two
/// instances sharing a fresh PostgreSQL cluster, for the journeys across instances
/// (`instances.spec.ts`); then `playwright test`.
pub fn end_to_end(root: &Path, playwright_args: &[String]) -> Result<Tests, Error> {
    let site = demo::assemble(root)?;
    let mail_dir = root.join("target/e2e/mail");
    if mail_dir.exists() {
        std::fs::remove_dir_all(&mail_dir)
            .map_err(|e| Error::io(format!("removing {}", mail_dir.display()), e))?;
    }
    let smtp = SmtpReceiver::start(root, &mail_dir)?;
    let server = TestServer::start(
        root,
        &Options {
            static_dir: Some(site.clone()),
            smtp: Some(smtp.url.clone()),
            config: Some(root.join(E2E_CONFIG)),
            ..Options::default()
        },
    )?;
    let cluster = Cluster::start(&root.join("target"))?;
    let instances_config = instances_config(root)?;
    let mut instances = Vec::new();
    for _ in 0..2 {
        instances.push(TestServer::start(
            root,
            &Options {
                static_dir: Some(site.clone()),
                smtp: Some(smtp.url.clone()),
                config: Some(instances_config.clone()),
                postgres: Some(cluster.url()),
                admin_password: instances
                    .first()
                    .map(|i: &TestServer| i.admin_password.clone()),
                ..Options::default()
            },
        )?);
    }
    let urls: Vec<String> = instances.iter().map(|i| i.url.clone()).collect();
    let command = Cmd::new(node_bin(root, "playwright"))
        .args(["test", "-c", "tests/e2e/playwright.config.ts"])
        .args(playwright_args)
        .env("BATON_E2E_URL", server.url.clone())
        .env("BATON_E2E_ADMIN_PASSWORD", server.admin_password.clone())
        .env("BATON_E2E_MAIL_DIR", mail_dir.display().to_string())
        .env("BATON_E2E_INSTANCES", urls.join(" "))
        .env(
            "BATON_E2E_INSTANCES_ADMIN_PASSWORD",
            instances[0].admin_password.clone(),
        )
        .dir(root);
    run_tests(&command)
}

/// The configuration of the instances on PostgreSQL: `tests/e2e/baton.toml` plus the token
/// key file they share (PostgreSQL has no file to keep it beside), written to `target/e2e/`.
fn instances_config(root: &Path) -> Result<PathBuf, Error> {
    let base = root.join(E2E_CONFIG);
    let text = std::fs::read_to_string(&base)
        .map_err(|e| Error::io(format!("reading {}", base.display()), e))?;
    let dir = root.join("target/e2e");
    let key = dir.join("instances-token-key");
    // A key from an earlier run would be refused by nobody, but a fresh cluster deserves a
    // fresh key.
    let _ = std::fs::remove_file(&key);
    let path = dir.join("instances.toml");
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
    std::fs::write(
        &path,
        format!(
            "{text}\n[server]\ntoken_key_file = {:?}\n",
            key.display().to_string()
        ),
    )
    .map_err(|e| Error::io(format!("writing {}", path.display()), e))?;
    Ok(path)
}

/// The e2e layer's server configuration, relative to the workspace root.
const E2E_CONFIG: &str = "tests/e2e/baton.toml";

/// Chromium's flags for tests on a machine whose network is closed (no update, sync or
/// metrics traffic to wait for);
/// wasm-bindgen-test-runner adds `headless`, `no-sandbox` and `disable-dev-shm-usage`.
const WEBDRIVER_JSON: &str = r#"{
  "goog:chromeOptions": {
    "binary": "/usr/bin/chromium",
    "args": ["disable-gpu", "disable-background-networking", "disable-component-update",
             "disable-sync", "no-first-run"]
  }
}
"#;

/// The clippy arguments; `--locked` only when there is a `Cargo.lock` to be locked to.
fn clippy_args(locked: bool) -> Vec<&'static str> {
    let mut args = vec!["clippy", "--workspace", "--all-targets"];
    if locked {
        args.push("--locked");
    }
    args.extend(["--", "-D", "warnings"]);
    args
}

/// What happened to one step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// It ran and succeeded.
    Passed,
    /// It ran and failed.
    Failed,
    /// It did not run because an earlier step failed.
    Skipped,
}

/// A step's name, status and how long it took.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The step's name.
    pub name: &'static str,
    /// What happened.
    pub status: Status,
    /// Wall-clock time spent in the step (zero when skipped).
    pub duration: Duration,
    /// For a test layer that passed, how many tests passed in it.
    pub tests: Tests,
}

/// `cargo xtask test`.
pub fn run(root: &Path) -> Result<(), Error> {
    ensure_toolchain(root)?;
    let outcomes = run_steps(&steps(root));
    for line in summary(&outcomes) {
        println!("{line}");
    }
    match count(&outcomes, Status::Failed) {
        0 => Ok(()),
        failed => Err(Error::StepsFailed { failed }),
    }
}

/// Makes sure every tool the steps use is there, installing what is missing, so that
/// `cargo xtask test` works on a fresh machine.
fn ensure_toolchain(root: &Path) -> Result<(), Error> {
    println!("==> ensure toolchain");
    toolchain::ensure_components(root)?;
    toolchain::ensure_wasm_target(root)?;
    toolchain::ensure_wasm_bindgen(root)?;
    toolchain::ensure_npm_packages(root)?;
    toolchain::ensure_chromium()
}

/// Runs `steps` in order and stops at the first failure (reporting its error right away);
/// the steps after it are marked [`Status::Skipped`].
pub fn run_steps(steps: &[Step]) -> Vec<Outcome> {
    let mut outcomes = Vec::with_capacity(steps.len());
    let mut failed = false;
    for step in steps {
        if failed {
            outcomes.push(Outcome {
                name: step.name,
                status: Status::Skipped,
                duration: Duration::ZERO,
                tests: None,
            });
            continue;
        }
        println!("\n==> {}", step.name);
        let started = Instant::now();
        let result = (step.run)();
        let duration = started.elapsed();
        let (status, tests) = match result {
            Ok(tests) => (Status::Passed, tests),
            Err(error) => {
                eprintln!("error: step `{}` failed: {error}", step.name);
                failed = true;
                (Status::Failed, None)
            }
        };
        outcomes.push(Outcome {
            name: step.name,
            status,
            duration,
            tests,
        });
    }
    outcomes
}

/// How many outcomes have `status`.
fn count(outcomes: &[Outcome], status: Status) -> usize {
    outcomes.iter().filter(|o| o.status == status).count()
}

/// The summary: a header, one line per step (status, name, seconds, and the tests a test
/// layer ran), then the count line, which must stay last (CI reads it).
pub fn summary(outcomes: &[Outcome]) -> Vec<String> {
    let width = outcomes.iter().map(|o| o.name.len()).max().unwrap_or(0);
    let mut lines = vec![String::new(), "==> summary".to_owned()];
    for outcome in outcomes {
        let (label, time) = match outcome.status {
            Status::Passed => ("pass", seconds(outcome.duration)),
            Status::Failed => ("FAIL", seconds(outcome.duration)),
            Status::Skipped => ("skip", "-".to_owned()),
        };
        let tests = outcome
            .tests
            .map(|n| format!("  {n} tests"))
            .unwrap_or_default();
        lines.push(format!(
            "    {label}  {name:<width$}  {time:>8}{tests}",
            name = outcome.name
        ));
    }
    lines.push(count_line(
        count(outcomes, Status::Passed),
        count(outcomes, Status::Failed),
    ));
    lines
}

/// A duration in seconds with one decimal, e.g. `12.3s`.
fn seconds(duration: Duration) -> String {
    format!("{:.1}s", duration.as_secs_f64())
}

/// The line CI reads: `N passed, M failed`.
pub fn count_line(passed: usize, failed: usize) -> String {
    format!("{passed} passed, {failed} failed")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(name: &'static str, ok: bool) -> Step {
        Step {
            name,
            run: Box::new(move || {
                if ok {
                    Ok(None)
                } else {
                    Err(Error::NoWorkspaceRoot)
                }
            }),
        }
    }

    fn outcome(name: &'static str, status: Status, millis: u64) -> Outcome {
        Outcome {
            name,
            status,
            duration: Duration::from_millis(millis),
            tests: None,
        }
    }

    #[test]
    fn the_tests_of_libtest_wasm_bindgen_test_and_playwright_are_counted() {
        let cargo = "running 3 tests\ntest a ... ok\ntest b_has_passed ... ok\n\n\
                     test result: ok. 3 passed; 0 failed; 1 ignored; 0 measured\n\
                     test result: ok. 0 passed; 0 failed; 0 ignored\n\
                     test result: ok. 12 passed; 0 failed; 0 ignored\n";
        assert_eq!(tests_passed(cargo), 15);
        let playwright =
            "  ✓  1 [chromium] › visitor.spec.ts:3:1 › sends (2.1s)\n\n  50 passed (3.2m)\n";
        assert_eq!(tests_passed(playwright), 50);
        assert_eq!(
            tests_passed("running 0 tests\n\ntest result: ok. 0 passed; 0 failed\n"),
            0
        );
    }

    #[test]
    fn a_test_layer_that_ran_no_test_fails() {
        let layer = Cmd::cargo(["test", "--workspace"]);
        let none = layer_result(&layer, "test result: ok. 0 passed; 0 failed\n");
        assert!(matches!(none, Err(Error::NoTests { .. })));
        let some = layer_result(&layer, "test result: ok. 2 passed; 0 failed\n");
        assert_eq!(some.unwrap(), Some(2));
    }

    #[test]
    fn the_summary_shows_the_tests_of_a_test_layer() {
        let mut test = outcome("test", Status::Passed, 4_000);
        test.tests = Some(1_234);
        let lines = summary(&[outcome("fmt", Status::Passed, 260), test]);
        assert_eq!(lines[3], "    pass  test      4.0s  1234 tests");
    }

    #[test]
    fn count_line_format() {
        assert_eq!(count_line(3, 0), "3 passed, 0 failed");
        assert_eq!(count_line(1, 1), "1 passed, 1 failed");
        assert_eq!(count_line(0, 1), "0 passed, 1 failed");
    }

    #[test]
    fn summary_on_success_ends_with_count_line() {
        let outcomes = [
            outcome("fmt", Status::Passed, 260),
            outcome("clippy", Status::Passed, 12_340),
            outcome("test", Status::Passed, 4_000),
        ];
        let lines = summary(&outcomes);
        assert_eq!(lines.last().unwrap(), "3 passed, 0 failed");
        assert_eq!(lines[2], "    pass  fmt         0.3s");
        assert_eq!(lines[3], "    pass  clippy     12.3s");
        assert_eq!(lines[4], "    pass  test        4.0s");
    }

    #[test]
    fn summary_on_failure_marks_failed_and_skipped() {
        let outcomes = [
            outcome("fmt", Status::Passed, 100),
            outcome("clippy", Status::Failed, 2_000),
            outcome("test", Status::Skipped, 0),
        ];
        let lines = summary(&outcomes);
        assert_eq!(lines.last().unwrap(), "1 passed, 1 failed");
        assert!(lines[3].contains("FAIL  clippy"));
        assert!(lines[3].ends_with("2.0s"));
        assert!(lines[4].contains("skip  test"));
        assert!(lines[4].ends_with('-'));
    }

    #[test]
    fn run_steps_stops_at_first_failure() {
        let outcomes = run_steps(&[step("a", true), step("b", false), step("c", true)]);
        let statuses: Vec<_> = outcomes.iter().map(|o| (o.name, o.status)).collect();
        assert_eq!(
            statuses,
            [
                ("a", Status::Passed),
                ("b", Status::Failed),
                ("c", Status::Skipped)
            ]
        );
        assert_eq!(
            summary(&outcomes).last().unwrap(),
            &count_line(1, 1),
            "summary counts skipped steps as neither passed nor failed"
        );
    }

    #[test]
    fn run_steps_all_pass() {
        let outcomes = run_steps(&[step("a", true), step("b", true)]);
        assert_eq!(summary(&outcomes).last().unwrap(), "2 passed, 0 failed");
    }

    #[test]
    fn workspace_steps_in_order() {
        let names: Vec<_> = steps(Path::new(".")).iter().map(|s| s.name).collect();
        assert_eq!(
            names,
            [
                "fmt", "clippy", "test", "postgres", "wasm32", "browser", "package", "e2e"
            ]
        );
    }

    #[test]
    fn clippy_uses_locked_only_with_a_lockfile() {
        assert_eq!(
            clippy_args(true).join(" "),
            "clippy --workspace --all-targets --locked -- -D warnings"
        );
        assert_eq!(
            clippy_args(false).join(" "),
            "clippy --workspace --all-targets -- -D warnings"
        );
    }
}
