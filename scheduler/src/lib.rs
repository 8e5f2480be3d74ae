//! The `scheduler` command: plans sieve jobs, runs them (embedded by default),
//! and prints the result.
//!
//! # Layout
//!
//! - [`cli`]: command-line arguments (clap).
//! - [`submit`]: `scheduler submit`: read draws, plan, run, report; exit codes.
//! - [`render`]: the human-readable report.
//! - [`generators`]: `scheduler generators`: the registry as a table or JSON.

pub mod cli;
pub mod generators;
pub mod render;
pub mod submit;

use std::process::ExitCode;

/// Exit status: at least one candidate.
pub const EXIT_FOUND: u8 = 0;
/// Exit status: no candidate.
pub const EXIT_NOT_FOUND: u8 = 1;
/// Exit status: bad input.
pub const EXIT_BAD_INPUT: u8 = 2;

/// Errors of the scheduler, each with its exit status.
#[derive(Debug, thiserror::Error)]
pub enum SchedulerError {
    /// The user's input cannot be used (file, range, source id, seed range).
    #[error("{0}")]
    BadInput(String),
    /// The job failed while running.
    #[error("job failed: {0}")]
    Job(#[from] seedsieve_core::engine::EngineError),
    /// Writing the output failed.
    #[error("cannot write output: {0}")]
    Output(#[from] std::io::Error),
}

impl SchedulerError {
    /// The process exit status for this error.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            SchedulerError::BadInput(_) => ExitCode::from(EXIT_BAD_INPUT),
            _ => ExitCode::from(3),
        }
    }
}

/// Runs a parsed command line; returns the exit status.
pub fn run(cli: cli::Cli) -> Result<ExitCode, SchedulerError> {
    match cli.command {
        cli::Command::Submit(args) => submit::submit(&args),
        cli::Command::Generators(args) => generators::print(&args),
    }
}
