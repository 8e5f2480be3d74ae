//! `producer`: appends draws to a draw stream (from a file, stdin, or a synthetic
//! injector playing a known source and seed). It arrives with the feedback-loop
//! issue; this binary says so and exits 2.

use clap::Parser;

/// seedsieve producer: `ingest` draws from a file or stdin into a Redis draw
/// stream, or `inject` draws of a known source and seed for soak tests.
#[derive(Debug, Parser)]
#[command(name = "producer", version, about)]
struct Args {
    /// `ingest` or `inject`.
    command: Option<String>,
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    eprintln!(
        "producer: draw streams are not built yet (asked for {:?}); they come with the live feedback loop.",
        args.command
    );
    std::process::ExitCode::from(2)
}
