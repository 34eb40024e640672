//! A throwaway PostgreSQL cluster for the tests ([`Cluster`]) and `cargo xtask postgres`
//! ([`serve`]), which keeps one running for tests run by hand.
//!
//! A cluster uses Debian's server programs (installed with apt-get when missing), a fresh
//! data directory `target/postgres/cluster-<port>` and a server on that free loopback port,
//! with a database `baton` that the superuser `baton` reaches without a password. initdb and
//! postgres refuse to run as root, so as root they run as the system user `baton-pg`. A
//! cluster stops and its directory goes when it is dropped, and also when xtask is killed
//! (Ctrl-C): a guard process outlives xtask for that.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::cmd::{self, Cmd};
use crate::error::Error;
use crate::server::free_port;
use crate::toolchain;

/// The environment variable that hands a cluster's URL to the tests.
pub const URL_VARIABLE: &str = "BATON_TEST_POSTGRES_URL";
/// The cluster's superuser (initdb's `-U`), whom the tests connect as.
const SUPERUSER: &str = "baton";
/// The database the tests use.
const DATABASE: &str = "baton";
/// The system user the server's programs run as when xtask runs as root.
const SYSTEM_USER: &str = "baton-pg";
/// Where Debian installs each major version's server programs, as `<version>/bin`.
const DEBIAN_VERSIONS: &str = "/usr/lib/postgresql";
/// The Debian package that brings them.
const DEBIAN_PACKAGE: &str = "postgresql";
/// The programs a cluster needs, all from one folder so that they are of one version.
const PROGRAMS: [&str; 4] = ["initdb", "pg_ctl", "postgres", "createdb"];
/// How long `pg_ctl stop` may wait for the server to exit, so that stopping never hangs.
const STOP_WITHIN_SECONDS: &str = "30";

/// A running cluster. Dropping it stops the server and removes its data directory.
pub struct Cluster {
    port: u16,
    dir: PathBuf,
    /// A shell that stops the server and removes `dir` once its stdin closes: when this is
    /// dropped, or when xtask dies without dropping anything (Ctrl-C kills it outright, while
    /// the server, which pg_ctl detaches from the terminal, would run on).
    guard: Child,
}

impl Cluster {
    /// Starts a fresh cluster in `<target_dir>/postgres/cluster-<port>` and creates the
    /// database `baton` in it.
    pub fn start(target_dir: &Path) -> Result<Self, Error> {
        let bin = ensure_installed()?;
        let run_as = RunAs::for_this_process()?;
        let port = free_port()?;
        let dir = target_dir.join("postgres").join(format!("cluster-{port}"));
        // The port is free, so no server of ours uses a directory of this name: one that is
        // there was left by a run killed before its guard could clean up.
        if dir.exists() {
            std::fs::remove_dir_all(&dir)
                .map_err(|e| Error::io(format!("removing the stale {}", dir.display()), e))?;
        }
        std::fs::create_dir_all(&dir)
            .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
        let stop = run_as.cmd(&bin.join("pg_ctl"), &stop_args(&dir));
        // From here on, every way out (an error below included) removes the directory.
        let cluster = Self {
            port,
            guard: spawn_guard(&dir, &stop)?,
            dir,
        };
        let dir = &cluster.dir;
        if run_as != RunAs::Ourselves {
            Cmd::new("chown")
                .arg(format!("{SYSTEM_USER}:"))
                .arg(dir.display().to_string())
                .run_captured()?;
        }
        run_as
            .cmd(&bin.join("initdb"), &initdb_args(dir))
            .run_captured()?;
        let log = dir.join("log");
        run_as
            .cmd(&bin.join("pg_ctl"), &start_args(dir, &log, port))
            .run_captured()
            .map_err(|error| with_server_log(error, &log))?;
        Cmd::new(bin.join("createdb").display().to_string())
            .args(["-h", "127.0.0.1", "-p", &port.to_string()])
            .args(["-U", SUPERUSER, DATABASE])
            .run_captured()?;
        Ok(cluster)
    }

    /// `postgres://baton@127.0.0.1:<port>/baton`.
    pub fn url(&self) -> String {
        url(self.port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        // Closing its stdin is what tells the guard to stop the server and clean up.
        drop(self.guard.stdin.take());
        match self.guard.wait() {
            Ok(status) if status.success() => {}
            Ok(status) => eprintln!(
                "warning: stopping the PostgreSQL cluster in {} failed: {status}",
                self.dir.display()
            ),
            Err(e) => eprintln!(
                "warning: waiting for the PostgreSQL cluster in {} to stop: {e}",
                self.dir.display()
            ),
        }
    }
}

/// `cargo xtask postgres`: starts a cluster in `target_dir`, prints
/// `BATON_TEST_POSTGRES_URL=<url>` on stdout (its only line there, for scripts; progress goes
/// to stderr) and keeps the cluster until stdin ends or Ctrl-C.
pub fn serve(target_dir: &Path) -> Result<(), Error> {
    let cluster = Cluster::start(target_dir)?;
    let mut stdout = io::stdout();
    writeln!(stdout, "{URL_VARIABLE}={}", cluster.url())
        .and_then(|()| stdout.flush())
        .map_err(|e| Error::io("printing the cluster's URL", e))?;
    eprintln!("    the cluster runs until Ctrl-C or the end of stdin (Ctrl-D)");
    io::copy(&mut io::stdin().lock(), &mut io::sink())
        .map_err(|e| Error::io("waiting for the end of stdin", e))?;
    Ok(())
}

/// Finds the server programs' folder, installing Debian's package when there is none.
fn ensure_installed() -> Result<PathBuf, Error> {
    if let Some(bin) = find_server_programs() {
        eprintln!("    postgresql: {}", bin.display());
        return Ok(bin);
    }
    eprintln!("    postgresql: missing");
    toolchain::apt_install(&[DEBIAN_PACKAGE])?;
    find_server_programs().ok_or_else(|| {
        Error::Setup(format!(
            "no folder holds {} even after installing `{DEBIAN_PACKAGE}` (looked in \
             {DEBIAN_VERSIONS}/<version>/bin and beside the initdb on the PATH)",
            PROGRAMS.join(", ")
        ))
    })
}

/// The folder of the newest Debian version that has every program, else that of the
/// `initdb` on the PATH (through its symlinks) if it has them all.
fn find_server_programs() -> Option<PathBuf> {
    let versions = std::fs::read_dir(DEBIAN_VERSIONS)
        .map(|entries| {
            entries
                .flatten()
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    let beside_initdb = on_path("initdb")
        .and_then(|initdb| initdb.canonicalize().ok())
        .and_then(|initdb| initdb.parent().map(Path::to_path_buf));
    newest_first(versions)
        .into_iter()
        .map(|version| Path::new(DEBIAN_VERSIONS).join(version).join("bin"))
        .chain(beside_initdb)
        .find(|bin| PROGRAMS.iter().all(|program| bin.join(program).is_file()))
}

/// The folder names that are versions (`15`, `9.6`), newest first; others are dropped.
fn newest_first(names: Vec<String>) -> Vec<String> {
    let mut versions: Vec<(Vec<u32>, String)> = names
        .into_iter()
        .filter_map(|name| {
            let number = name
                .split('.')
                .map(|part| part.parse().ok())
                .collect::<Option<Vec<u32>>>()?;
            Some((number, name))
        })
        .collect();
    versions.sort_by(|a, b| b.0.cmp(&a.0));
    versions.into_iter().map(|(_, name)| name).collect()
}

/// Where `program` is on the PATH.
fn on_path(program: &str) -> Option<PathBuf> {
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths)
        .map(|dir| dir.join(program))
        .find(|path| path.is_file())
}

/// Who runs the server's programs: xtask's own user, or, when that is root (whom initdb and
/// postgres refuse), [`SYSTEM_USER`] through one of the user switchers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RunAs {
    /// Not root: run the programs directly.
    Ourselves,
    /// util-linux's `runuser -u`, made for root and present on every Debian.
    Runuser,
    /// `su -s /bin/sh -c`, where there is no runuser.
    Su,
    /// util-linux's `setpriv`, the last resort.
    Setpriv,
}

impl RunAs {
    /// [`RunAs::Ourselves`] unless this process is root; then makes sure [`SYSTEM_USER`]
    /// exists and picks a switcher.
    fn for_this_process() -> Result<Self, Error> {
        if Cmd::new("id").arg("-u").probe().as_deref() != Some("0") {
            return Ok(Self::Ourselves);
        }
        ensure_system_user()?;
        Self::switcher(|program| on_path(program).is_some()).ok_or_else(|| {
            Error::Setup(format!(
                "xtask runs as root, which initdb and postgres refuse, and there is no \
                 runuser, su or setpriv on the PATH to run them as `{SYSTEM_USER}`"
            ))
        })
    }

    /// The first switcher that `installed` says is there.
    fn switcher(installed: impl Fn(&str) -> bool) -> Option<Self> {
        [
            ("runuser", Self::Runuser),
            ("su", Self::Su),
            ("setpriv", Self::Setpriv),
        ]
        .into_iter()
        .find(|(program, _)| installed(program))
        .map(|(_, switcher)| switcher)
    }

    /// The command that runs `program` with `args` as this user.
    fn cmd(self, program: &Path, args: &[String]) -> Cmd {
        let program = program.display().to_string();
        match self {
            Self::Ourselves => Cmd::new(program).args(args),
            Self::Runuser => Cmd::new("runuser")
                .args(["-u", SYSTEM_USER, "--"])
                .arg(program)
                .args(args),
            Self::Su => Cmd::new("su")
                .args(["-s", "/bin/sh", SYSTEM_USER, "-c"])
                .arg(Cmd::new(program).args(args).display()),
            Self::Setpriv => Cmd::new("setpriv")
                .arg(format!("--reuid={SYSTEM_USER}"))
                .arg(format!("--regid={SYSTEM_USER}"))
                .args(["--init-groups", "--"])
                .arg(program)
                .args(args),
        }
    }
}

/// Creates [`SYSTEM_USER`] (with a group of its name, no home, no login) unless it exists.
fn ensure_system_user() -> Result<(), Error> {
    let exists = || Cmd::new("id").args(["-u", SYSTEM_USER]).probe().is_some();
    if exists() {
        return Ok(());
    }
    let created = Cmd::new("useradd")
        .args(["--system", "--user-group", "--no-create-home"])
        .args(["--shell", "/usr/sbin/nologin", SYSTEM_USER])
        .run_captured();
    match created {
        // Another xtask may have created it meanwhile; what matters is that it exists.
        Err(_) if exists() => Ok(()),
        other => other,
    }
}

/// initdb's arguments: a superuser `baton` trusted on every connection, UTF-8 and the C
/// locale (so that neither depends on the machine's locale settings), and no fsync of a
/// directory that lives only as long as the run.
fn initdb_args(dir: &Path) -> Vec<String> {
    let dir = dir.display().to_string();
    ["-D", &dir, "--auth=trust", "-U", SUPERUSER]
        .into_iter()
        .chain(["--encoding=UTF8", "--no-locale", "--no-sync"])
        .map(str::to_owned)
        .collect()
}

/// `pg_ctl start`'s arguments: the server listens on `port` on the loopback interface only,
/// with its Unix socket in its own directory (not in `/var/run/postgresql`, which may not
/// exist or be writable), logs to `log`, and pg_ctl waits until it accepts connections.
fn start_args(dir: &Path, log: &Path, port: u16) -> Vec<String> {
    let dir = dir.display().to_string();
    // pg_ctl hands `-o` to a shell, hence the quoting.
    let options = format!(
        "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=on",
        cmd::quote(&dir)
    );
    let log = log.display().to_string();
    ["-D", &dir, "-o", &options, "-l", &log, "-w", "start"]
        .map(str::to_owned)
        .to_vec()
}

/// `pg_ctl stop`'s arguments: immediate (the data is thrown away anyway), bounded in time.
fn stop_args(dir: &Path) -> Vec<String> {
    let dir = dir.display().to_string();
    [
        "-D",
        &dir,
        "-m",
        "immediate",
        "-w",
        "-t",
        STOP_WITHIN_SECONDS,
        "stop",
    ]
    .map(str::to_owned)
    .to_vec()
}

/// `postgres://baton@127.0.0.1:<port>/baton`: no password, the cluster trusts everyone.
fn url(port: u16) -> String {
    format!("postgres://{SUPERUSER}@127.0.0.1:{port}/{DATABASE}")
}

/// Starts the cluster's guard (see [`Cluster`]), which runs `stop` and removes `dir` once
/// its stdin closes.
fn spawn_guard(dir: &Path, stop: &Cmd) -> Result<Child, Error> {
    Command::new("sh")
        .arg("-c")
        .arg(guard_script(dir, stop))
        .stdin(Stdio::piped())
        // Not our stdout: it may be a pipe whose reader waits for its end.
        .stdout(Stdio::null())
        .spawn()
        .map_err(|e| Error::io("starting the PostgreSQL cluster's guard (sh)", e))
}

/// The guard's script. It ignores the signals that kill xtask with it (Ctrl-C reaches the
/// whole foreground process group, closing the terminal hangs it up) so that it outlives
/// xtask; the server needs stopping only if it started (it has a `postmaster.pid`). It
/// exits non-zero if stopping or removing failed.
fn guard_script(dir: &Path, stop: &Cmd) -> String {
    let dir = cmd::quote(&dir.display().to_string());
    let stop = stop.display();
    let announce = cmd::quote(&format!("$ {stop}"));
    format!(
        "trap '' INT HUP TERM\n\
         cat >/dev/null\n\
         status=0\n\
         if [ -f {dir}/postmaster.pid ]; then\n\
         \x20 printf '%s\\n' {announce} >&2\n\
         \x20 {stop} >/dev/null || status=$?\n\
         fi\n\
         rm -rf {dir} || status=$?\n\
         exit $status\n"
    )
}

/// Adds the tail of the server's log to a failed `pg_ctl start`'s error: pg_ctl itself only
/// says to look there.
fn with_server_log(error: Error, log: &Path) -> Error {
    let Error::FailedSaying {
        command,
        status,
        said,
    } = error
    else {
        return error;
    };
    let logged = std::fs::read_to_string(log)
        .map(|text| cmd::tail(&text))
        .unwrap_or_else(|e| format!("(could not read it: {e})"));
    Error::FailedSaying {
        command,
        status,
        said: format!("{said}\n{}:\n{logged}", log.display()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(names: &[&str]) -> Vec<String> {
        names.iter().map(|name| (*name).to_owned()).collect()
    }

    #[test]
    fn the_newest_version_comes_first_and_other_folders_are_dropped() {
        let names = strings(&["9.6", "15", "README", "13", "", "16beta1", "10.2"]);
        assert_eq!(newest_first(names), ["15", "13", "10.2", "9.6"]);
        assert!(newest_first(Vec::new()).is_empty());
    }

    #[test]
    fn the_url_names_the_superuser_the_loopback_port_and_the_database() {
        assert_eq!(url(54321), "postgres://baton@127.0.0.1:54321/baton");
    }

    #[test]
    fn the_server_listens_on_the_port_with_its_socket_in_its_directory() {
        let dir = Path::new("/w s/target/postgres/cluster-5433");
        let args = start_args(dir, &dir.join("log"), 5433);
        assert_eq!(
            Cmd::new("pg_ctl").args(args).display(),
            "pg_ctl -D '/w s/target/postgres/cluster-5433' \
             -o '-p 5433 -k '\\''/w s/target/postgres/cluster-5433'\\'' \
             -c listen_addresses=127.0.0.1 -c fsync=on' \
             -l '/w s/target/postgres/cluster-5433/log' -w start"
        );
    }

    #[test]
    fn root_switches_to_the_system_user() {
        let initdb = Path::new("/usr/lib/postgresql/15/bin/initdb");
        let args = strings(&["-D", "/t/a b"]);
        let line = |run_as: RunAs| run_as.cmd(initdb, &args).display();
        assert_eq!(
            line(RunAs::Ourselves),
            "/usr/lib/postgresql/15/bin/initdb -D '/t/a b'"
        );
        assert_eq!(
            line(RunAs::Runuser),
            "runuser -u baton-pg -- /usr/lib/postgresql/15/bin/initdb -D '/t/a b'"
        );
        assert_eq!(
            line(RunAs::Su),
            "su -s /bin/sh baton-pg -c \
             '/usr/lib/postgresql/15/bin/initdb -D '\\''/t/a b'\\'''"
        );
        assert_eq!(
            line(RunAs::Setpriv),
            "setpriv --reuid=baton-pg --regid=baton-pg --init-groups -- \
             /usr/lib/postgresql/15/bin/initdb -D '/t/a b'"
        );
    }

    #[test]
    fn runuser_is_preferred_and_su_and_setpriv_stand_in() {
        assert_eq!(RunAs::switcher(|_| true), Some(RunAs::Runuser));
        assert_eq!(RunAs::switcher(|p| p != "runuser"), Some(RunAs::Su));
        assert_eq!(RunAs::switcher(|p| p == "setpriv"), Some(RunAs::Setpriv));
        assert_eq!(RunAs::switcher(|_| false), None);
    }

    #[test]
    fn a_failed_start_shows_the_end_of_the_server_log() {
        let log = std::env::temp_dir().join(format!("xtask-log-{}", std::process::id()));
        std::fs::write(
            &log,
            "LOG:  starting\nFATAL:  could not bind IPv4 address\n",
        )
        .unwrap();
        let failed = Cmd::new("sh")
            .args(["-c", "echo 'pg_ctl: could not start server' >&2; exit 1"])
            .run_captured()
            .unwrap_err();
        let error = with_server_log(failed, &log).to_string();
        std::fs::remove_file(&log).unwrap();
        assert!(
            error.contains("\n    pg_ctl: could not start server\n"),
            "{error}"
        );
        assert!(
            error.ends_with("\n    FATAL:  could not bind IPv4 address"),
            "{error}"
        );
    }

    /// The guard against a fake server: it waits for its stdin to close, runs the stop
    /// command because there is a `postmaster.pid`, then removes the directory.
    #[test]
    fn the_guard_stops_and_cleans_up_when_its_stdin_closes() {
        let dir = std::env::temp_dir().join(format!("xtask-guard-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("postmaster.pid"), "1\n").unwrap();
        let stopped = std::env::temp_dir().join(format!("xtask-stopped-{}", std::process::id()));
        let stop = Cmd::new("touch").arg(stopped.display().to_string());
        // The guard stops nothing before its stdin closes: it reads it to the end first.
        let script = guard_script(&dir, &stop);
        assert!(
            script.find("cat >/dev/null") < script.find("touch"),
            "{script}"
        );
        let mut guard = spawn_guard(&dir, &stop).unwrap();
        drop(guard.stdin.take());
        assert!(guard.wait().unwrap().success());
        assert!(!dir.exists());
        assert!(stopped.exists(), "the guard ran the stop command");
        std::fs::remove_file(&stopped).unwrap();
    }
}
