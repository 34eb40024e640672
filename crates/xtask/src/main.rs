//! `cargo xtask`: Baton's development automation (argument dispatch and help live here).
//!
//! Run it as `cargo xtask <command>` (the alias is in `.cargo/config.toml`). It is std-only
//! on purpose, so that it builds in seconds on a fresh machine. Each subcommand has its own
//! module; [`cmd`] runs child processes and [`error`] holds the one error type.

mod bench;
mod build;
mod cmd;
mod compress;
mod demo;
mod error;
mod postgres;
mod server;
mod sizes;
mod test;
mod toolchain;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cmd::Cmd;
use crate::error::Error;

/// The usage text printed by `cargo xtask help`, `--help`, no arguments, or a usage error.
const USAGE: &str = "\
Usage: cargo xtask <command>

Commands:
  test      fmt, clippy, tests in order; stop at the first failure; print a summary
  build     build the npm package baton-sdk (WebAssembly) into pkg/
  bench     run every bench (core, server on SQLite and PostgreSQL, package bytes, the widget
            in Chromium against the release server beside a vanilla-JS baseline page), save
            the report to target/bench-report.md
  bench --browser
            only the browser figures (widget vs baseline, delegation), against pkg/ as it is
            (`cargo xtask build` first if it is stale); report in target/bench-browser-report.md
  demo      build pkg/ and baton-server, serve the demo bank's site on http://127.0.0.1:8080
  e2e       build pkg/, then only the end-to-end layer; later arguments go to `playwright test`
            (e.g. `cargo xtask e2e agent.spec.ts -g forward`)
  postgres  start a throwaway PostgreSQL cluster (as `test` does for its tests), print
            BATON_TEST_POSTGRES_URL=<url> on stdout, keep it until Ctrl-C or the end of stdin
  help      print this help
";

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Action {
    /// `cargo xtask test`
    Test,
    /// `cargo xtask build`
    Build,
    /// `cargo xtask bench`
    Bench,
    /// `cargo xtask bench --browser`
    BrowserBench,
    /// `cargo xtask demo`
    Demo,
    /// `cargo xtask e2e [playwright arguments]`
    EndToEnd(Vec<String>),
    /// `cargo xtask postgres`
    Postgres,
    /// `cargo xtask help`, `--help`, `-h`, or no arguments at all.
    Help,
}

/// Parses the arguments that follow `cargo xtask` (the program name already removed).
fn parse(args: &[String]) -> Result<Action, Error> {
    let Some((first, rest)) = args.split_first() else {
        return Ok(Action::Help);
    };
    let (action, name) = match first.as_str() {
        "help" | "--help" | "-h" => return Ok(Action::Help),
        "bench" if rest.len() == 1 && rest[0] == "--browser" => return Ok(Action::BrowserBench),
        "test" => (Action::Test, "test"),
        "build" => (Action::Build, "build"),
        "bench" => (Action::Bench, "bench"),
        "demo" => (Action::Demo, "demo"),
        "postgres" => (Action::Postgres, "postgres"),
        "e2e" => return Ok(Action::EndToEnd(rest.to_vec())),
        other => return Err(Error::UnknownCommand(other.to_owned())),
    };
    match rest.first() {
        None => Ok(action),
        Some(arg) if arg == "--help" || arg == "-h" => Ok(Action::Help),
        Some(arg) => Err(Error::UnexpectedArgument {
            command: name,
            argument: arg.clone(),
        }),
    }
}

/// Runs what the command line asks for.
fn run(args: &[String]) -> Result<(), Error> {
    match parse(args)? {
        Action::Help => {
            print!("{USAGE}");
            Ok(())
        }
        Action::Demo => demo::run(&workspace_root()?),
        Action::Test => test::run(&workspace_root()?),
        Action::Build => build::run(&workspace_root()?),
        Action::Bench => bench::run(&workspace_root()?),
        Action::BrowserBench => bench::run_browser(&workspace_root()?),
        Action::Postgres => postgres::serve(&workspace_root()?.join("target")),
        Action::EndToEnd(args) => {
            let root = workspace_root()?;
            build::run(&root)?;
            test::end_to_end(&root, &args).map(|_| ())
        }
    }
}

/// Finds the workspace root: `CARGO_MANIFEST_DIR/../..` (set by `cargo run` at run time, or
/// baked in at build time), falling back to `cargo locate-project --workspace`.
fn workspace_root() -> Result<PathBuf, Error> {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    if let Some(root) = manifest_dir.ancestors().nth(2)
        && is_workspace_root(root)
    {
        return Ok(root.to_path_buf());
    }
    let located = Cmd::cargo(["locate-project", "--workspace", "--message-format", "plain"])
        .read_stdout()
        .map_err(|_| Error::NoWorkspaceRoot)?;
    let manifest = PathBuf::from(located.trim());
    match manifest.parent() {
        Some(root) if is_workspace_root(root) => Ok(root.to_path_buf()),
        _ => Err(Error::NoWorkspaceRoot),
    }
}

/// Whether `dir` holds a `Cargo.toml` with a `[workspace]` table.
fn is_workspace_root(dir: &Path) -> bool {
    std::fs::read_to_string(dir.join("Cargo.toml"))
        .map(|manifest| manifest.lines().any(|line| line.trim() == "[workspace]"))
        .unwrap_or(false)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            if !error.already_reported() {
                eprintln!("error: {error}");
            }
            if error.shows_usage() {
                eprint!("\n{USAGE}");
            }
            ExitCode::from(error.exit_code())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_strs(args: &[&str]) -> Result<Action, Error> {
        let args: Vec<String> = args.iter().map(|s| (*s).to_owned()).collect();
        parse(&args)
    }

    #[test]
    fn no_arguments_means_help() {
        assert_eq!(parse_strs(&[]).unwrap(), Action::Help);
    }

    #[test]
    fn help_spellings() {
        for spelling in ["help", "--help", "-h"] {
            assert_eq!(parse_strs(&[spelling]).unwrap(), Action::Help, "{spelling}");
        }
        assert_eq!(parse_strs(&["test", "--help"]).unwrap(), Action::Help);
    }

    #[test]
    fn subcommands() {
        assert_eq!(parse_strs(&["test"]).unwrap(), Action::Test);
        assert_eq!(parse_strs(&["bench"]).unwrap(), Action::Bench);
        assert_eq!(
            parse_strs(&["bench", "--browser"]).unwrap(),
            Action::BrowserBench
        );
        assert!(parse_strs(&["bench", "--browsers"]).is_err());
        assert_eq!(parse_strs(&["demo"]).unwrap(), Action::Demo);
        assert_eq!(parse_strs(&["postgres"]).unwrap(), Action::Postgres);
        assert_eq!(
            parse_strs(&["e2e", "agent.spec.ts", "-g", "forward"]).unwrap(),
            Action::EndToEnd(vec!["agent.spec.ts".into(), "-g".into(), "forward".into()])
        );
    }

    #[test]
    fn unknown_subcommand_is_a_usage_error() {
        let error = parse_strs(&["tset"]).unwrap_err();
        assert!(matches!(&error, Error::UnknownCommand(name) if name == "tset"));
        assert_eq!(error.exit_code(), 2);
        assert!(error.shows_usage());
        assert_eq!(error.to_string(), "unknown subcommand `tset`");
    }

    #[test]
    fn extra_argument_is_a_usage_error() {
        let error = parse_strs(&["test", "--release"]).unwrap_err();
        assert!(matches!(
            &error,
            Error::UnexpectedArgument { command: "test", argument } if argument == "--release"
        ));
        assert_eq!(error.exit_code(), 2);
    }

    #[test]
    fn usage_lists_every_subcommand() {
        for name in ["test", "bench", "demo", "postgres", "help"] {
            assert!(
                USAGE
                    .lines()
                    .any(|line| line.trim_start().starts_with(name)),
                "{name} missing from usage"
            );
        }
    }

    #[test]
    fn finds_this_workspace() {
        let root = workspace_root().unwrap();
        assert!(
            root.join("crates")
                .join("xtask")
                .join("Cargo.toml")
                .is_file()
        );
    }
}
