//! Command-line arguments of `baton-server` (`--help` documents every one).

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;

use crate::database::Location;

/// `--database`: a PostgreSQL URL or a file path; never fails (any text is a path).
fn parse_location(text: &str) -> Result<Location, std::convert::Infallible> {
    Ok(Location::parse(text))
}

/// Baton's reference backend: the Unblu-compatible web API, Baton's own endpoints, the event
/// stream, webhooks and e-mail, on an embedded SQLite database or on PostgreSQL (several
/// instances sharing one database).
///
/// The web API administrator is taken from BATON_ADMIN_USERNAME and BATON_ADMIN_PASSWORD.
/// With --demo and neither set, it is admin / admin (demo only, and logged as such).
#[derive(Clone, Debug, Parser)]
#[command(name = "baton-server", version, about, long_about)]
pub struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", env = "BATON_LISTEN")]
    pub listen: SocketAddr,

    /// Where everything is kept: an SQLite database file (created with WAL if missing), or a
    /// PostgreSQL URL (`postgres://user:password@host:5432/baton`), which several instances
    /// may share.
    #[arg(long, default_value = "./baton-data/baton.db", env = "BATON_DATABASE", value_parser = parse_location)]
    pub database: Location,

    /// TOML configuration: Unblu property names at the top level (and `[texts.<locale>]`),
    /// plus the server's own tables `[jwt]`, `[smtp]` and `[server]`.
    #[arg(long, env = "BATON_CONFIG")]
    pub config: Option<PathBuf>,

    /// Folder served at `/` (the demo's `www/`, with `pkg/` inside or beside it).
    #[arg(long = "static", env = "BATON_STATIC")]
    pub static_dir: Option<PathBuf>,

    /// Seed the demo bank once (Helvetia Private Bank, its agents and Vera) and enable the
    /// demo-only token endpoint that plays the bank's backend.
    #[arg(long, env = "BATON_DEMO")]
    pub demo: bool,

    /// Serve a database seeded by --demo without --demo. Without it the server refuses such a
    /// database at start-up: the demo's passwords are public.
    #[arg(long, env = "BATON_ALLOW_DEMO_DATA")]
    pub allow_demo_data: bool,

    /// Send e-mail through this SMTP server, e.g. `smtp://user:password@mail.example:587`
    /// (`smtps://` for implicit TLS, `smtp://host:25?tls=none` for plain). Without it,
    /// e-mails wait in an outbox that the demo shows.
    #[arg(long, env = "BATON_SMTP")]
    pub smtp: Option<String>,

    /// Let pages of this origin (e.g. `https://www.bank.example`) call the server with
    /// cookies (CORS); repeat for several. Adds to `[server] allowed_origins`.
    #[arg(
        long = "allow-origin",
        env = "BATON_ALLOW_ORIGIN",
        value_delimiter = ','
    )]
    pub allow_origins: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_listen_on_loopback_with_an_embedded_database() {
        let args = Args::try_parse_from(["baton-server"]).unwrap();
        assert_eq!(args.listen, "127.0.0.1:8080".parse::<SocketAddr>().unwrap());
        assert_eq!(
            args.database,
            Location::File(PathBuf::from("./baton-data/baton.db"))
        );
        assert!(!args.demo);
    }

    #[test]
    fn every_option_parses() {
        let args = Args::try_parse_from([
            "baton-server",
            "--listen",
            "127.0.0.1:0",
            "--database",
            "/tmp/x.db",
            "--config",
            "baton.toml",
            "--static",
            "www",
            "--demo",
            "--smtp",
            "smtp://127.0.0.1:2525?tls=none",
        ])
        .unwrap();
        assert!(args.demo);
        assert_eq!(args.static_dir, Some(PathBuf::from("www")));
    }

    #[test]
    fn help_documents_the_demo_and_the_administrator() {
        use clap::CommandFactory;
        let help = Args::command().render_long_help().to_string();
        assert!(help.contains("--demo") && help.contains("BATON_ADMIN_USERNAME"));
    }
}
