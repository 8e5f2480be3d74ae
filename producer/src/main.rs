//! `producer`: thin main; see the library.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("SEEDSIEVE_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = seedsieve_producer::Cli::parse();
    match seedsieve_producer::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("producer: {e}");
            e.exit_code()
        }
    }
}
