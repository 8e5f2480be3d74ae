//! Command-line arguments.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// seedsieve: find the PRNG, seed, position and range reduction behind draws.
#[derive(Debug, Parser)]
#[command(name = "scheduler", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Recover seeds from a file of draws and predict the next draws.
    Submit(SubmitArgs),
    /// List the registry: sources, algorithms, seed spaces, reductions.
    Generators(GeneratorsArgs),
}

/// `scheduler submit`.
#[derive(Debug, Args)]
pub struct SubmitArgs {
    /// File of draws, one integer per line (`#` comments and blank lines ignored); `-` reads stdin.
    #[arg(long, value_name = "FILE")]
    pub draws: PathBuf,
    /// Smallest value a draw can take.
    #[arg(long, allow_hyphen_values = true)]
    pub min: i64,
    /// Largest value a draw can take.
    #[arg(long, allow_hyphen_values = true)]
    pub max: i64,
    /// Sources to sweep: comma-separated ids (see `scheduler generators`) or `all`.
    #[arg(long, default_value = "all", value_name = "ID[,ID...]|all")]
    pub prng: String,
    /// Seeds to sweep, `LO..HI` (HI exclusive) or `LO..=HI`; numbers in decimal, 0x hex or 2^N.
    /// Default: each source's whole seeding domain (see `scheduler generators`).
    #[arg(long, value_name = "LO..HI")]
    pub seed_range: Option<String>,
    /// Largest number of draws consumed before the first observed one.
    #[arg(long, default_value_t = 0)]
    pub max_offset: u32,
    /// Largest number of draws consumed between observed draws (constant across the window).
    #[arg(long, default_value_t = 0)]
    pub max_skip: u32,
    /// Mismatching draws tolerated.
    #[arg(long, default_value_t = 0)]
    pub max_mismatches: u32,
    /// Draws to predict per candidate.
    #[arg(long, default_value_t = 10)]
    pub predict: u32,
    /// Print one JSON object (documented in docs/output.md).
    #[arg(long)]
    pub json: bool,
    /// No progress bar and no notes on stderr.
    #[arg(long)]
    pub quiet: bool,
    /// Worker threads (default: one per core).
    #[arg(long)]
    pub workers: Option<usize>,
}

/// `scheduler generators`.
#[derive(Debug, Args)]
pub struct GeneratorsArgs {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}
