//! `baton-server`: parses the command line, sets up logging, runs the server.

use std::process::ExitCode;

use baton_server::cli::Args;
use clap::Parser;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    match baton_server::server::run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "baton-server stopped");
            eprintln!("baton-server: {error}");
            ExitCode::FAILURE
        }
    }
}
