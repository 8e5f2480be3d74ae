//! `scheduler submit --mode state`: reads integer, raw or float draws, runs
//! every state-recovery method that applies to the selected sources, and
//! prints the reports (human or `--json`). Exit status 0 when a state was
//! found (`recovered` or `ambiguous`), 1 when none, 2 on bad input, including
//! fewer draws than a method needs.

use crate::cli::SubmitArgs;
use crate::{SchedulerError, EXIT_FOUND, EXIT_NOT_FOUND};
use seedsieve_core::recover::{recover, Observed, RecoverError, StateReport, STATE_SOURCES};
use seedsieve_core::report::StateModeReport;
use std::io::Write;
use std::process::ExitCode;

fn bad(e: impl std::fmt::Display) -> SchedulerError {
    SchedulerError::BadInput(e.to_string())
}

/// Runs state mode.
pub fn run(args: &SubmitArgs) -> Result<ExitCode, SchedulerError> {
    let obs = if args.float {
        Observed::Floats(seedsieve_core::draws::read_unit_floats(args.draws()).map_err(bad)?)
    } else if let (true, Some(bits)) = (args.raw, args.bits) {
        Observed::TopBits {
            values: seedsieve_core::draws::read_raw(args.draws()).map_err(bad)?,
            bits,
        }
    } else if args.raw {
        Observed::Raw(seedsieve_core::draws::read_raw(args.draws()).map_err(bad)?)
    } else if let (Some(min), Some(max)) = (args.min, args.max) {
        if min > max {
            return Err(bad(format!("--min {min} is greater than --max {max}")));
        }
        let d = seedsieve_core::draws::read(args.draws(), min, max).map_err(bad)?;
        Observed::Ints {
            values: d.values,
            min,
            max,
        }
    } else {
        // Without a range the draws must be floats in [0, 1) (Math.random()).
        Observed::Floats(
            seedsieve_core::draws::read_unit_floats(args.draws()).map_err(|e| {
                bad(format!(
                    "{e} (without --min and --max the draws are read as floats in [0, 1))"
                ))
            })?,
        )
    };
    let all = args.prng().trim() == "all";
    let ids: Vec<&str> = if all {
        let mut v: Vec<&str> = STATE_SOURCES.iter().map(|(id, _, _)| *id).collect();
        v.sort_unstable();
        v.dedup();
        v
    } else {
        args.prng()
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect()
    };
    if let Some(id) = ids.iter().find(|id| {
        seedsieve_core::registry::control(id).is_none()
            && !STATE_SOURCES.iter().any(|(s, _, _)| s == *id)
            && id.parse::<seedsieve_core::registry::SourceId>().is_err()
    }) {
        return Err(bad(format!(
            "--prng: {}",
            seedsieve_core::registry::UnknownSource(id.to_string())
        )));
    }
    if let Some(c) = ids
        .iter()
        .find_map(|id| seedsieve_core::registry::control(id))
    {
        return Err(SchedulerError::NotRecoverable(format!(
            "{}: not recoverable by this method: {} ({} bits of secret)",
            c.id, c.why, c.secret_bits
        )));
    }
    let mut reports: Vec<StateReport> = Vec::new();
    let mut refusals = Vec::new();
    for id in &ids {
        match recover(id, &obs, args.predict as usize) {
            Ok(r) => reports.push(r),
            Err(e @ RecoverError::TooFewDraws { .. }) if ids.len() == 1 => return Err(bad(e)),
            Err(e) if ids.len() == 1 => return Err(bad(e)),
            // With `all`, methods for other draw forms are skipped silently.
            Err(RecoverError::Unsupported(_)) if all => {}
            Err(e) => refusals.push(format!("{id}: {e}")),
        }
    }
    let report = StateModeReport::new(reports, refusals);
    print(args, &report)
}

/// Whether `--prng` names only sources that state mode recovers and no seed
/// sweep covers (`v8_math_random`, `xoshiro256starstar`): `submit` then runs
/// state mode without `--mode state`.
pub fn only_state_sources(prng: &str) -> bool {
    let ids: Vec<&str> = prng
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    !ids.is_empty()
        && ids.iter().all(|id| {
            STATE_SOURCES.iter().any(|(s, _, _)| s == id)
                && id.parse::<seedsieve_core::registry::SourceId>().is_err()
        })
}

/// Float draws with `--prng all`, before any seed sweep: the state-recovery
/// methods for floats (V8 `Math.random`) run on `floats53` (k = x * 2^53)
/// in milliseconds; when one explains the draws (a state fits with
/// coincidence probability below 1e-6, whatever the cache alignment), its
/// report is printed as state mode prints it and the exit status returned.
/// `None`: nothing explains them; the sweep goes on.
pub fn floats_first(
    args: &SubmitArgs,
    floats53: &[i64],
) -> Result<Option<ExitCode>, SchedulerError> {
    if args.prng().trim() != "all" {
        return Ok(None);
    }
    let n53 = seedsieve_core::reduction::FLOAT_N as f64;
    // Exact: k < 2^53 and a power-of-two scale.
    let obs = Observed::Floats(floats53.iter().map(|&k| k as f64 / n53).collect());
    let mut ids: Vec<&str> = STATE_SOURCES.iter().map(|(id, _, _)| *id).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut reports: Vec<StateReport> = ids
        .into_iter()
        .filter_map(|id| recover(id, &obs, args.predict as usize).ok())
        .filter(|r| {
            r.verdict != seedsieve_core::report::Verdict::NotFound
                && r.evidence.coincidence_probability < 1e-6
        })
        .collect();
    if reports.is_empty() {
        return Ok(None);
    }
    reports.sort_by_key(|r| r.verdict.rank());
    if !args.quiet {
        eprintln!(
            "note: state recovery ran first on these floats and {} explains them; no seed sweep was needed",
            reports[0].prng
        );
    }
    let report = StateModeReport::new(reports, Vec::new());
    print(args, &report).map(Some)
}

/// Prints a state-mode report (human or `--json`) and returns the exit status.
fn print(args: &SubmitArgs, report: &StateModeReport) -> Result<ExitCode, SchedulerError> {
    let mut out = std::io::stdout().lock();
    if args.json {
        crate::submit::write_json_sorted(&mut out, report)?;
    } else {
        if report.state_reports.is_empty() {
            writeln!(
                out,
                "verdict: not_found (no state-recovery method applies to these draws)"
            )?;
        }
        for r in &report.state_reports {
            human(&mut out, r)?;
        }
        if !args.quiet {
            for s in &report.notes {
                eprintln!("note: {s}");
            }
        }
    }
    Ok(ExitCode::from(if report.found() {
        EXIT_FOUND
    } else {
        EXIT_NOT_FOUND
    }))
}

/// Prints one state report for people.
pub fn human(out: &mut impl Write, r: &StateReport) -> std::io::Result<()> {
    writeln!(
        out,
        "verdict: {} ({}, method {}, needs {} draws)",
        r.verdict, r.prng, r.method, r.draws_needed
    )?;
    if let Some(st) = &r.state {
        let shown: Vec<&str> = st.iter().take(8).map(String::as_str).collect();
        writeln!(
            out,
            "state: {}{}",
            shown.join(" "),
            if st.len() > 8 {
                format!(" ... ({} words)", st.len())
            } else {
                String::new()
            }
        )?;
    }
    if let Some(seed) = r.seed {
        writeln!(out, "seed: {seed}")?;
    }
    let e = &r.evidence;
    writeln!(
        out,
        "evidence: {:.0} bits in the draws; {} bits of state solved from {} draws; {} later draws confirm it ({:.0} bits): coincidence probability {:.1e}",
        e.bits_observed, e.state_bits, e.draws_used, e.draws_confirmed, e.bits_confirmed, e.coincidence_probability
    )?;
    if !r.next.is_empty() {
        writeln!(out, "next: {}", r.next.join(" "))?;
    }
    if let Some(c) = r.alternatives.first() {
        writeln!(out, "candidate ({}):", c.assumption)?;
        writeln!(out, "  state: {}", c.state.join(" "))?;
        writeln!(out, "  next: {}", c.next.join(" "))?;
        if r.alternatives.len() > 1 {
            writeln!(
                out,
                "and {} more candidate states, one per other assumption (--json lists them){}",
                r.alternatives.len() - 1,
                r.draws_to_decide
                    .map(|d| format!("; up to {d} more draws decide"))
                    .unwrap_or_default()
            )?;
        }
    }
    for n in &r.notes {
        writeln!(out, "note: {n}")?;
    }
    writeln!(out)
}
