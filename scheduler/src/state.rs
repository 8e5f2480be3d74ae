//! `scheduler submit --mode state`: reads integer, raw or float draws, runs
//! every state-recovery method that applies to the selected sources, and
//! prints the reports (human or `--json`). Exit status 0 when a state was
//! found (`recovered` or `ambiguous`), 1 when none, 2 on bad input, including
//! fewer draws than a method needs.

use crate::cli::SubmitArgs;
use crate::{SchedulerError, EXIT_FOUND, EXIT_NOT_FOUND};
use seedsieve_core::recover::{recover, Observed, RecoverError, StateReport, STATE_SOURCES};
use seedsieve_core::report::{ReportMode, StateModeReport};
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
    } else {
        let (Some(min), Some(max)) = (args.min, args.max) else {
            return Err(bad(
                "--min and --max are needed unless the draws are --float or --raw",
            ));
        };
        if min > max {
            return Err(bad(format!("--min {min} is greater than --max {max}")));
        }
        let d = seedsieve_core::draws::read(args.draws(), min, max).map_err(bad)?;
        Observed::Ints {
            values: d.values,
            min,
            max,
        }
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
    reports.sort_by_key(|r| r.verdict.rank());
    let report = StateModeReport {
        mode: ReportMode::State,
        reports,
        skipped: refusals,
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        crate::submit::write_json_sorted(&mut out, &report)?;
    } else {
        if report.reports.is_empty() {
            writeln!(
                out,
                "verdict: not_found (no state-recovery method applies to these draws)"
            )?;
        }
        for r in &report.reports {
            human(&mut out, r)?;
        }
        if !args.quiet {
            for s in &report.skipped {
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
    for n in &r.notes {
        writeln!(out, "note: {n}")?;
    }
    writeln!(out)
}
