//! The one error type of `xtask`: every failure is a variant with a readable `Display`.

use std::fmt;
use std::io;
use std::process::ExitStatus;

/// Everything that can make an `xtask` command fail.
#[derive(Debug)]
pub enum Error {
    /// The first argument is not a known subcommand.
    UnknownCommand(String),
    /// A subcommand was given an argument it does not take.
    UnexpectedArgument {
        /// The subcommand that was run.
        command: &'static str,
        /// The argument it does not understand.
        argument: String,
    },
    /// A child process could not be started at all (program missing, permissions...).
    Spawn {
        /// The command line, as printed.
        command: String,
        /// Why the operating system refused.
        source: io::Error,
    },
    /// A child process ran and exited unsuccessfully.
    Failed {
        /// The command line, as printed.
        command: String,
        /// How it exited.
        status: ExitStatus,
    },
    /// A child process whose output was kept back exited unsuccessfully.
    FailedSaying {
        /// The command line, as printed.
        command: String,
        /// How it exited.
        status: ExitStatus,
        /// The last lines it printed (and, for a server, of its log), to say why.
        said: String,
    },
    /// Reading from or writing to a file or a pipe failed.
    Io {
        /// What was being done, e.g. "writing target/bench-report.md".
        context: String,
        /// The underlying error.
        source: io::Error,
    },
    /// A toolchain component is still missing after `rustup component add`.
    ToolMissing {
        /// The probe that failed, e.g. `cargo fmt --version`.
        probe: String,
        /// The rustup component that should provide it.
        component: &'static str,
    },
    /// The workspace root could not be found.
    NoWorkspaceRoot,
    /// `cargo xtask bench` was run before the bench target exists.
    BenchMissing {
        /// The package that should hold the bench.
        package: &'static str,
        /// The bench target's name.
        bench: &'static str,
    },
    /// The bench ran but printed no report.
    EmptyBenchReport,
    /// A build or set-up step found something it cannot work with (a missing file, a
    /// version it cannot determine).
    Setup(String),
    /// A test layer's command succeeded without running a single test (a filter or a `cfg`
    /// that removed them all): a layer that cannot fail is a failure.
    NoTests {
        /// The command line, as printed.
        command: String,
    },
    /// A `cargo xtask test` step failed; the failure and the summary are already printed.
    StepsFailed {
        /// How many steps failed (the run stops at the first failure, so 1).
        failed: usize,
    },
}

impl Error {
    /// The process exit code for this error: 2 for usage errors, 1 for everything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::UnknownCommand(_) | Self::UnexpectedArgument { .. } => 2,
            _ => 1,
        }
    }

    /// Whether the usage text should follow the error message.
    pub fn shows_usage(&self) -> bool {
        self.exit_code() == 2
    }

    /// Whether the message was already printed where it happened (so `main` stays quiet and
    /// the last printed line remains the `N passed, M failed` summary).
    pub fn already_reported(&self) -> bool {
        matches!(self, Self::StepsFailed { .. })
    }

    /// Builds an [`Error::Io`] with a short description of what was being done.
    pub fn io(context: impl Into<String>, source: io::Error) -> Self {
        Self::Io {
            context: context.into(),
            source,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownCommand(name) => write!(f, "unknown subcommand `{name}`"),
            Self::UnexpectedArgument { command, argument } => write!(
                f,
                "`cargo xtask {command}` takes no arguments, but got `{argument}`"
            ),
            Self::Spawn { command, source } => {
                write!(f, "could not start `{command}`: {source}")
            }
            Self::Failed { command, status } => write!(f, "`{command}` failed: {status}"),
            Self::FailedSaying {
                command,
                status,
                said,
            } => {
                write!(f, "`{command}` failed: {status}")?;
                for line in said.lines() {
                    write!(f, "\n    {line}")?;
                }
                Ok(())
            }
            Self::Io { context, source } => write!(f, "{context}: {source}"),
            Self::ToolMissing { probe, component } => write!(
                f,
                "`{probe}` still fails after `rustup component add {component}`; \
                 install the `{component}` component for the active toolchain by hand"
            ),
            Self::NoWorkspaceRoot => write!(
                f,
                "could not find the workspace root (neither CARGO_MANIFEST_DIR/../.. nor \
                 `cargo locate-project --workspace` gave a directory with a Cargo.toml)"
            ),
            Self::BenchMissing { package, bench } => write!(
                f,
                "package `{package}` has no bench target `{bench}` yet \
                 (expected a `harness = false` bench at crates/{package}/benches/{bench}.rs \
                 that prints a Markdown report); nothing to run"
            ),
            Self::EmptyBenchReport => write!(
                f,
                "the bench ran but printed nothing on stdout, so there is no report to write"
            ),
            Self::Setup(message) => write!(f, "{message}"),
            Self::NoTests { command } => write!(f, "`{command}` ran no test"),
            Self::StepsFailed { failed } => {
                write!(f, "{failed} step(s) of `cargo xtask test` failed")
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Spawn { source, .. } | Self::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}
