//! `cargo xtask demo`: builds `baton-server` (release) and runs it with the demo bank on
//! 127.0.0.1:8080, serving `www/` when it exists. The server prints the URLs and the demo
//! accounts; Ctrl-C stops it.

use std::path::Path;

use crate::cmd::Cmd;
use crate::error::Error;

/// Where the demo listens.
pub const LISTEN: &str = "127.0.0.1:8080";

/// The arguments `baton-server` gets for the demo, given what exists under `root`.
fn server_args(root: &Path) -> Vec<String> {
    let mut args = vec![
        "run".to_owned(),
        "--release".to_owned(),
        "--package".to_owned(),
        "baton-server".to_owned(),
        "--".to_owned(),
        "--demo".to_owned(),
        "--listen".to_owned(),
        LISTEN.to_owned(),
        "--database".to_owned(),
        root.join("baton-data/demo.db").display().to_string(),
    ];
    let www = root.join("www");
    if www.is_dir() {
        args.push("--static".to_owned());
        args.push(www.display().to_string());
    }
    args
}

/// Runs the demo server in the foreground until it stops.
pub fn run(root: &Path) -> Result<(), Error> {
    println!("Building and starting the Baton demo on http://{LISTEN} (Ctrl-C stops it)");
    Cmd::cargo(server_args(root)).dir(root).run()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_runs_the_server_with_the_demo_bank_on_port_8080() {
        let args = server_args(Path::new("/nowhere"));
        assert!(args.contains(&"--demo".to_owned()));
        assert!(
            args.windows(2)
                .any(|w| w[0] == "--listen" && w[1] == LISTEN)
        );
        assert!(!args.contains(&"--static".to_owned()), "no www/ here");
    }
}
