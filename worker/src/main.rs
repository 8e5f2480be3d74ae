//! `worker`: parses arguments and runs [`seedsieve_worker::run`].

use clap::Parser;

fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("SEEDSIEVE_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    match seedsieve_worker::run(seedsieve_worker::Args::parse()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("worker: {e:#}");
            std::process::ExitCode::from(2)
        }
    }
}
