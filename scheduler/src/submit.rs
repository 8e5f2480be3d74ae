//! `scheduler submit` in embedded mode: read draws, plan, sweep on every core,
//! confirm, predict, print.

use crate::cli::SubmitArgs;
use crate::{render, SchedulerError, EXIT_FOUND, EXIT_NOT_FOUND};
use indicatif::ProgressBar;
use seedsieve_core::plan::{plan, PlanError, SubmitOptions, MAX_PREDICT};
use seedsieve_core::registry::SourceId;
use seedsieve_core::report::Verdict;
use std::io::Write;
use std::process::ExitCode;

/// Parses `--prng`: `all` or comma-separated ids.
pub fn parse_sources(s: &str) -> Result<Vec<SourceId>, SchedulerError> {
    if s.trim() == "all" {
        return Ok(SourceId::all().collect());
    }
    let mut out = Vec::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        if let Some(c) = seedsieve_core::registry::control(part) {
            return Err(SchedulerError::NotRecoverable(format!(
                "{}: not recoverable by this method: {} ({} bits of secret). Run --prng all to test whether a weak source explains the draws.",
                c.id, c.why, c.secret_bits
            )));
        }
        let id: SourceId = part
            .parse()
            .map_err(|e| SchedulerError::BadInput(format!("--prng: {e}")))?;
        if !out.contains(&id) {
            out.push(id);
        }
    }
    if out.is_empty() {
        return Err(SchedulerError::BadInput("--prng: no source given".into()));
    }
    Ok(out)
}

/// A seed bound: decimal, `0x` hex or `B^E`, up to 2^64 (`_` separators allowed).
fn parse_bound(s: &str) -> Option<u128> {
    let s = s.trim().replace('_', "");
    let v = if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        u128::from_str_radix(h, 16).ok()?
    } else if let Some((b, e)) = s.split_once('^') {
        let (b, e): (u128, u32) = (b.parse().ok()?, e.parse().ok()?);
        b.checked_pow(e)?
    } else {
        s.parse().ok()?
    };
    (v <= 1 << 64).then_some(v)
}

/// Parses `--seed-range`: `LO..HI` (HI exclusive) or `LO..=HI`, into [lo, hi).
/// Bounds reach 2^64 (`0..2^64`, `..=0xffffffffffffffff`). An end past
/// 2^64 - 1 becomes 2^64 - 1 (exclusive): no source's seed space holds seed
/// 2^64 - 1 (the 64-bit ones end there, see `scheduler generators`).
pub fn parse_seed_range(s: &str) -> Result<(u64, u64), SchedulerError> {
    let bad = |why: &str| {
        SchedulerError::BadInput(format!(
            "--seed-range '{s}': {why} (expected LO..HI or LO..=HI, e.g. 0..2^32)"
        ))
    };
    let (lo, hi, inclusive) = if let Some((a, b)) = s.split_once("..=") {
        (a, b, true)
    } else if let Some((a, b)) = s.split_once("..") {
        (a, b, false)
    } else {
        return Err(bad("no '..'"));
    };
    let lo = parse_bound(lo).ok_or_else(|| bad("LO is not a number up to 2^64"))?;
    let hi = parse_bound(hi).ok_or_else(|| bad("HI is not a number up to 2^64"))?;
    let hi = if inclusive { hi + 1 } else { hi };
    let hi = u64::try_from(hi).unwrap_or(u64::MAX);
    match u64::try_from(lo) {
        Ok(lo) if lo < hi => Ok((lo, hi)),
        _ => Err(bad("empty range")),
    }
}

/// Runs `scheduler submit`.
pub fn submit(args: &SubmitArgs) -> Result<ExitCode, SchedulerError> {
    // Every mode holds each candidate's predictions in memory.
    if args.predict > MAX_PREDICT {
        return Err(SchedulerError::BadInput(
            PlanError::Predict(args.predict).to_string(),
        ));
    }
    if args.mode == crate::cli::Mode::State {
        return crate::state::run(args);
    }
    if args.tuples {
        return crate::tuples::run(args);
    }
    if let Some(r) = &args.resume {
        if crate::fleet::redis_url(&args.fleet)?.is_some() {
            return Err(SchedulerError::BadInput(
                "--resume resumes an embedded sweep; a fleet job goes on by itself (`scheduler status`)".into(),
            ));
        }
        return crate::live::resume(args, r);
    }
    // `--prng v8_math_random` (sources without a seed sweep): state mode.
    if crate::state::only_state_sources(args.prng()) {
        return crate::state::run(args);
    }
    // Without --min/--max the draws are floats in [0, 1), read once here.
    let sniffed = match (args.min, args.max) {
        (None, None) if !args.float && !args.raw => Some(
            seedsieve_core::draws::read_floats53(args.draws()).map_err(|e| {
                SchedulerError::BadInput(format!(
                    "{e} (without --min and --max the draws are read as floats in [0, 1), as --float)"
                ))
            })?,
        ),
        _ => None,
    };
    let float = args.float || sniffed.is_some();
    let (min, max) = match (args.min, args.max) {
        _ if float => (0, seedsieve_core::reduction::FLOAT_N as i64 - 1),
        (Some(min), Some(max)) if !args.raw => (min, max),
        _ => {
            return Err(SchedulerError::BadInput(
                "--raw draws are for --mode state; the sieve needs --min and --max, or --float"
                    .into(),
            ))
        }
    };
    if min > max {
        return Err(SchedulerError::BadInput(format!(
            "--min {min} is greater than --max {max}"
        )));
    }
    let sources = parse_sources(args.prng())?;
    let seed_range = args
        .seed_range
        .as_deref()
        .map(parse_seed_range)
        .transpose()?;
    let draws = if float {
        let values = match sniffed {
            Some(v) => v,
            None => seedsieve_core::draws::read_floats53(args.draws())
                .map_err(|e| SchedulerError::BadInput(e.to_string()))?,
        };
        // Floats with `--prng all`: V8 Math.random state recovery first.
        if let Some(code) = crate::state::floats_first(args, &values)? {
            return Ok(code);
        }
        seedsieve_core::draws::Draws {
            lines: Vec::new(),
            values,
        }
    } else {
        seedsieve_core::draws::read(args.draws(), min, max)
            .map_err(|e| SchedulerError::BadInput(e.to_string()))?
    };
    let opts = SubmitOptions {
        sources,
        seed_range,
        max_offset: args.max_offset,
        max_skip: args.max_skip,
        max_mismatches: args.max_mismatches,
        predict: args.predict,
    };
    let planned = plan(&draws.values, min, max, &opts)
        .map_err(|e| SchedulerError::BadInput(e.to_string()))?;
    let say = !args.quiet;
    if say {
        for n in &planned.notes {
            eprintln!("note: {n}");
        }
        if planned.expected_false_total > 1.0 {
            eprintln!(
                "note: {} draws of {} values cannot pin a seed down in this search: expect about {:.3e} false candidates",
                draws.values.len(),
                planned.spec.window.n(),
                planned.expected_false_total
            );
        }
    }
    if args.plan {
        let workers = args.workers();
        let summary = planned.summary(workers);
        let mut out = std::io::stdout().lock();
        if args.json {
            write_json_sorted(&mut out, &summary)?;
        } else {
            crate::live::print_plan(&mut out, &summary)?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(url) = crate::fleet::redis_url(&args.fleet)? {
        let bar = progress_bar(say, planned.spec.seeds_total());
        return crate::fleet::submit(args, &url, &planned, &bar);
    }
    if args.detach {
        return Err(SchedulerError::BadInput(
            "--detach needs the fleet's queue: --redis URL or --redis-file PATH".into(),
        ));
    }
    crate::live::run(args, planned, &draws.values, min, max)
}

/// A progress bar on stderr when it is a terminal and `say`, else a hidden
/// one ([`crate::progress::bar`]).
pub fn progress_bar(say: bool, total: u64) -> ProgressBar {
    crate::progress::bar(say, total)
}

/// Prints a report (JSON or human) and returns the exit status: 0 with at least
/// one candidate, 1 without.
pub fn print_report(
    report: &seedsieve_core::report::Report,
    json: bool,
    min: i64,
    max: i64,
) -> Result<ExitCode, SchedulerError> {
    let mut out = std::io::stdout().lock();
    if json {
        write_json_sorted(&mut out, report)?;
    } else {
        render::human(&mut out, report, min, max)?;
        if !report.state_reports.is_empty() {
            writeln!(out)?;
            writeln!(
                out,
                "state recovery (--prng all; no seed of the sweep explains the draws):"
            )?;
            for r in &report.state_reports {
                crate::state::human(&mut out, r)?;
            }
        }
    }
    Ok(ExitCode::from(if report.verdict == Verdict::Incomplete {
        crate::EXIT_INTERRUPTED
    } else if report.found() {
        EXIT_FOUND
    } else {
        EXIT_NOT_FOUND
    }))
}

/// Writes `value` as one line of JSON with every object's keys in sorted
/// order (the order `submit --json` and `--mode state --json` have always
/// printed), then a newline.
pub fn write_json_sorted(
    out: &mut impl Write,
    value: &impl serde::Serialize,
) -> Result<(), SchedulerError> {
    // serde_json's `Value` keeps object keys in a sorted map.
    let v = serde_json::to_value(value).map_err(std::io::Error::from)?;
    serde_json::to_writer(&mut *out, &v).map_err(std::io::Error::from)?;
    writeln!(out)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::parse_seed_range;

    #[test]
    fn seed_ranges_reach_2_pow_64() {
        let top = u64::MAX;
        assert_eq!(parse_seed_range("0..2^64").ok(), Some((0, top)));
        assert_eq!(
            parse_seed_range("0..=0xffffffffffffffff").ok(),
            Some((0, top))
        );
        assert_eq!(parse_seed_range("0..=2^64").ok(), Some((0, top)));
        assert_eq!(parse_seed_range("0x10..=0x1f").ok(), Some((16, 32)));
        assert_eq!(parse_seed_range("1_000..2^32").ok(), Some((1000, 1 << 32)));
        for bad in ["0..2^65", "2^64..2^64", "5..5", "0..x", "1..0", "0x1g..2"] {
            assert!(parse_seed_range(bad).is_err(), "{bad}");
        }
    }
}
