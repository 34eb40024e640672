//! Running child processes: print the command line (`$ cargo fmt --all -- --check`), run it
//! with inherited stdio (or with its output kept back, shown only when it fails), and turn a
//! non-zero exit into an [`Error`] naming the command.

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::error::Error;

/// A command line to run: a program, its arguments and the directory to run it in.
#[derive(Debug, Clone)]
pub struct Cmd {
    program: String,
    args: Vec<String>,
    dir: Option<PathBuf>,
    envs: Vec<(String, String)>,
}

impl Cmd {
    /// A command running `program` with no arguments yet.
    pub fn new(program: impl Into<String>) -> Self {
        Self {
            program: program.into(),
            args: Vec::new(),
            dir: None,
            envs: Vec::new(),
        }
    }

    /// Shorthand for `Cmd::new("cargo").args(args)`, without incremental compilation: every
    /// build here runs once (a test run, the demo, a bench), and incremental caches only fill
    /// the disk (17 GB of them in a long-used `target/`).
    pub fn cargo<I, S>(args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self::new("cargo").args(args).env("CARGO_INCREMENTAL", "0")
    }

    /// Appends one argument.
    pub fn arg(mut self, arg: impl Into<String>) -> Self {
        self.args.push(arg.into());
        self
    }

    /// Appends arguments.
    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    /// Runs the command in `dir` instead of the current directory.
    pub fn dir(mut self, dir: &Path) -> Self {
        self.dir = Some(dir.to_path_buf());
        self
    }

    /// Sets an environment variable for the command.
    pub fn env(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.envs.push((key.into(), value.into()));
        self
    }

    /// The command line as a shell user would type it; arguments with spaces or quotes are
    /// single-quoted.
    pub fn display(&self) -> String {
        std::iter::once(&self.program)
            .chain(&self.args)
            .map(|word| quote(word))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn command(&self) -> Command {
        let mut command = Command::new(&self.program);
        command.args(&self.args);
        command.envs(self.envs.iter().map(|(k, v)| (k, v)));
        if let Some(dir) = &self.dir {
            command.current_dir(dir);
        }
        command
    }

    fn spawn_error(&self, source: io::Error) -> Error {
        Error::Spawn {
            command: self.display(),
            source,
        }
    }

    /// Prints `$ <command line>`, runs the command with inherited stdin/stdout/stderr and
    /// waits for it; fails unless it exits with status 0.
    pub fn run(&self) -> Result<(), Error> {
        println!("$ {}", self.display());
        flush_stdout();
        let status = self
            .command()
            .status()
            .map_err(|source| self.spawn_error(source))?;
        if status.success() {
            Ok(())
        } else {
            Err(Error::Failed {
                command: self.display(),
                status,
            })
        }
    }

    /// Like [`Cmd::run`], but also captures stdout: everything the child writes to stdout is
    /// echoed to our stdout as it arrives and returned. Stdin and stderr stay inherited.
    pub fn run_tee_stdout(&self) -> Result<String, Error> {
        println!("$ {}", self.display());
        flush_stdout();
        let mut child = self
            .command()
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|source| self.spawn_error(source))?;
        let mut captured = Vec::new();
        if let Some(mut pipe) = child.stdout.take() {
            let mut buf = [0_u8; 8192];
            let mut out = io::stdout().lock();
            loop {
                let n = match pipe.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => {
                        let context = format!("reading the output of `{}`", self.display());
                        // Reap the child before reporting; its own status no longer matters.
                        let _ = child.kill();
                        let _ = child.wait();
                        return Err(Error::io(context, e));
                    }
                };
                captured.extend_from_slice(&buf[..n]);
                // Echo failures (e.g. a closed terminal) must not lose the report.
                let _ = out.write_all(&buf[..n]).and_then(|()| out.flush());
            }
        }
        let status = child.wait().map_err(|source| self.spawn_error(source))?;
        if status.success() {
            Ok(String::from_utf8_lossy(&captured).into_owned())
        } else {
            Err(Error::Failed {
                command: self.display(),
                status,
            })
        }
    }

    /// Prints `$ <command line>` on stderr and runs the command with stdin closed and its
    /// output kept back: for set-up commands whose chatter would bury the lines that matter,
    /// run by callers whose stdout may carry a result. On failure the error ends with the
    /// last lines of its stderr (of its stdout if stderr is empty), which say why.
    pub fn run_captured(&self) -> Result<(), Error> {
        eprintln!("$ {}", self.display());
        let output = self
            .command()
            .stdin(Stdio::null())
            .output()
            .map_err(|source| self.spawn_error(source))?;
        if output.status.success() {
            return Ok(());
        }
        let stderr = String::from_utf8_lossy(&output.stderr);
        let said = if stderr.trim().is_empty() {
            String::from_utf8_lossy(&output.stdout)
        } else {
            stderr
        };
        Err(Error::FailedSaying {
            command: self.display(),
            status: output.status,
            said: tail(&said),
        })
    }

    /// Runs the command silently (nothing printed, stdin closed) and returns the first line of
    /// its stdout if it exits with status 0, `None` otherwise. Used to probe for tools.
    pub fn probe(&self) -> Option<String> {
        let output = self
            .command()
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .ok()?;
        if !output.status.success() {
            return None;
        }
        let text = String::from_utf8_lossy(&output.stdout);
        Some(text.lines().next().unwrap_or_default().trim().to_owned())
    }

    /// Runs the command silently and returns all of its stdout if it exits with status 0.
    /// Stderr is inherited so that the child's own error message is visible on failure.
    pub fn read_stdout(&self) -> Result<String, Error> {
        let output = self
            .command()
            .stdin(Stdio::null())
            .stderr(Stdio::inherit())
            .output()
            .map_err(|source| self.spawn_error(source))?;
        if output.status.success() {
            Ok(String::from_utf8_lossy(&output.stdout).into_owned())
        } else {
            Err(Error::Failed {
                command: self.display(),
                status: output.status,
            })
        }
    }
}

/// Flushes stdout so that our own lines appear before the child's output.
fn flush_stdout() {
    let _ = io::stdout().flush();
}

/// How many of a failed command's last lines its error shows.
const TAIL_LINES: usize = 20;

/// The last [`TAIL_LINES`] non-blank lines of `text`, for an error message.
pub fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    lines[lines.len().saturating_sub(TAIL_LINES)..].join("\n")
}

/// Quotes one word if a shell would need it: for display, and for the command lines xtask
/// hands to a shell (`pg_ctl -o`, the PostgreSQL cluster's guard).
pub fn quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_=./:,@+%".contains(c));
    if plain {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_like_a_shell_command_line() {
        let cmd = Cmd::cargo(["fmt", "--all", "--", "--check"]);
        assert_eq!(cmd.display(), "cargo fmt --all -- --check");
    }

    #[test]
    fn quotes_words_that_need_it() {
        let cmd = Cmd::new("echo").args(["a b", "", "it's"]);
        assert_eq!(cmd.display(), r"echo 'a b' '' 'it'\''s'");
    }

    #[test]
    fn a_tail_is_the_last_lines_that_say_something() {
        assert_eq!(tail("a\n\nb\n  \nc\n"), "a\nb\nc");
        let long: String = (1..=30).map(|n| format!("line {n}\n")).collect();
        let kept = tail(&long);
        assert_eq!(kept.lines().count(), TAIL_LINES);
        assert!(kept.starts_with("line 11\n") && kept.ends_with("line 30"));
    }

    #[test]
    fn a_failure_kept_back_says_why() {
        let error = Cmd::new("sh")
            .args(["-c", "echo chatter; echo 'no such role' >&2; exit 3"])
            .run_captured()
            .unwrap_err();
        assert!(matches!(&error, Error::FailedSaying { said, .. } if said == "no such role"));
        assert!(error.to_string().ends_with("\n    no such role"), "{error}");
    }
}
