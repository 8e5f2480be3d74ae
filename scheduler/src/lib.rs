//! The `scheduler` command: plans sieve jobs, runs them (embedded by default),
//! and prints the result.
//!
//! # Layout
//!
//! - [`assess`]: `scheduler assess`: SP 800-90B estimators beside the sieve; verdict.
//! - [`cli`]: command-line arguments (clap).
//! - [`submit`]: `scheduler submit`: read draws, plan, run, report; exit codes.
//! - [`state`]: `submit --mode state`: state recovery, its report and exit codes.
//! - [`render`]: the human-readable report.
//! - [`generators`]: `scheduler generators`: the registry as a table or JSON.
//! - [`fleet`]: the Redis side: `submit --redis`, `status`, `result`, `cancel`, `purge`.
//! - [`watch`]: the feedback loop's commands: `watch-session`, `watch` and
//!   its controls (`--status`, `--stop`, `explain`, `approve`, `halt`, `resume`).
//! - [`progress`]: the bar, SI rate and ETA of `submit --redis` and
//!   `watch-session create`; percent and ETA of `status`.
//! - [`daemon`]: the `watch` daemon's process side: PID file lock, signals,
//!   state file, audit mirror, webhook (the loop is in the core library).

pub mod assess;
pub mod cli;
pub mod daemon;
pub mod fleet;
pub mod generators;
pub mod live;
pub mod progress;
pub mod render;
pub mod state;
pub mod submit;
pub mod tuples;
pub mod watch;

use std::process::ExitCode;

/// Exit status: at least one candidate.
pub const EXIT_FOUND: u8 = 0;
/// Exit status: no candidate.
pub const EXIT_NOT_FOUND: u8 = 1;
/// Exit status: bad input.
pub const EXIT_BAD_INPUT: u8 = 2;
/// Exit status: the job failed (shards dead, cancelled) or the queue failed.
pub const EXIT_FAILED: u8 = 3;
/// Exit status: `scheduler result` on a job that is still running.
pub const EXIT_PENDING: u8 = 4;
/// Exit status: a foreground `submit --redis` interrupted by Ctrl-C (the
/// job keeps running on the fleet); 128 + SIGINT, as a shell reports it.
pub const EXIT_INTERRUPTED: u8 = 130;

/// Errors of the scheduler, each with its exit status.
#[derive(Debug, thiserror::Error)]
pub enum SchedulerError {
    /// The user's input cannot be used (file, range, source id, seed range).
    #[error("{0}")]
    BadInput(String),
    /// The job failed while running.
    #[error("job failed: {0}")]
    Job(#[from] seedsieve_core::engine::EngineError),
    /// The Redis queue failed or cannot be reached.
    #[error("queue: {0}")]
    Queue(#[from] seedsieve_core::queue::QueueError),
    /// A fleet job was cancelled.
    #[error("job {0} was cancelled")]
    Cancelled(String),
    /// The user asked for a control (a cryptographic or physical source): the
    /// answer is that no method here recovers it.
    #[error("{0}")]
    NotRecoverable(String),
    /// The feedback loop failed (policies, sessions, requests).
    #[error("{0}")]
    Feedback(#[from] seedsieve_core::feedback::FeedbackError),
    /// Writing the output failed.
    #[error("cannot write output: {0}")]
    Output(#[from] std::io::Error),
}

impl SchedulerError {
    /// The process exit status for this error.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            SchedulerError::BadInput(_) => ExitCode::from(EXIT_BAD_INPUT),
            SchedulerError::Feedback(
                seedsieve_core::feedback::FeedbackError::Policy(_)
                | seedsieve_core::feedback::FeedbackError::Invalid(_),
            ) => ExitCode::from(EXIT_BAD_INPUT),
            SchedulerError::Queue(
                seedsieve_core::queue::QueueError::BadUrl(_)
                | seedsieve_core::queue::QueueError::Tls(_),
            ) => ExitCode::from(EXIT_BAD_INPUT),
            SchedulerError::NotRecoverable(_) => ExitCode::from(EXIT_NOT_FOUND),
            _ => ExitCode::from(EXIT_FAILED),
        }
    }
}

/// Runs a parsed command line; returns the exit status.
pub fn run(cli: cli::Cli) -> Result<ExitCode, SchedulerError> {
    match cli.command {
        cli::Command::Submit(args) => submit::submit(&args),
        cli::Command::Generators(args) => generators::print(&args),
        cli::Command::Status(args) => fleet::status(&args),
        cli::Command::Result(args) => fleet::result(&args),
        cli::Command::Cancel(args) => fleet::cancel(&args),
        cli::Command::Purge(args) => fleet::purge(&args),
        cli::Command::WatchSession(args) => watch::session(&args),
        cli::Command::Watch(args) => watch::watch(&args),
        cli::Command::Approve(args) => watch::approve(&args.fleet, &args.body),
        cli::Command::Completions { shell } => {
            let mut cmd = <cli::Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "scheduler", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
        cli::Command::Man => {
            let cmd = <cli::Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(cmd).render(&mut std::io::stdout())?;
            Ok(ExitCode::SUCCESS)
        }
        cli::Command::Assess(args) => assess::assess(&args),
    }
}
