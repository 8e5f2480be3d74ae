//! The human-readable report.

use seedsieve_core::report::{DrawForm, DrawValue, Report, Stopped};
use std::io::{self, Write};

fn si(v: f64) -> String {
    match v {
        v if v >= 1e9 => format!("{:.2} G", v / 1e9),
        v if v >= 1e6 => format!("{:.2} M", v / 1e6),
        v if v >= 1e3 => format!("{:.2} k", v / 1e3),
        v => format!("{v:.0} "),
    }
}

/// Writes the report for people: the seed sweep's verdict, candidates and
/// predictions (the state reports of `--prng all`'s hand-off are printed by
/// the caller after it).
pub fn human(out: &mut impl Write, r: &Report, min: i64, max: i64) -> io::Result<()> {
    let float = r.draws == Some(DrawForm::Float);
    let verdict = r.sweep_verdict();
    writeln!(
        out,
        "verdict: {verdict} ({} candidate{}; expected false candidates {:.2e})",
        r.candidates.len(),
        if r.candidates.len() == 1 { "" } else { "s" },
        r.window.expected_false_survivors_total
    )?;
    let sources = sources_summary(&r.searched.sources);
    let planned = if r.searched.seeds_planned > r.searched.seeds_tried {
        format!(" of {}", si(r.searched.seeds_planned as f64))
    } else {
        String::new()
    };
    writeln!(
        out,
        "searched: {}{planned} seeds of {sources} in {:.2} s ({}seeds/s)",
        si(r.searched.seeds_tried as f64),
        r.searched.elapsed_s,
        si(r.searched.seeds_per_s)
    )?;
    if let Some(stopped) = r.searched.stopped {
        let left: u64 = r.searched.left.iter().map(|l| l.end - l.start).sum();
        let mut groups: Vec<&str> = r
            .searched
            .left
            .iter()
            .flat_map(|l| l.sources.iter().map(|s| s.id()))
            .collect();
        groups.sort_unstable();
        groups.dedup();
        let what = match stopped {
            Stopped::AtAnswer => "stopped at the answer",
            Stopped::Interrupted => "interrupted",
        };
        let then = match stopped {
            Stopped::AtAnswer => "--exhaustive sweeps them",
            Stopped::Interrupted => "--resume sweeps them",
        };
        writeln!(
            out,
            "{what}: {}seeds of {} source{} left unswept ({then})",
            si(left as f64),
            groups.len(),
            if groups.len() == 1 { "" } else { "s" }
        )?;
    }
    writeln!(
        out,
        "window: {} of {} draws in {} (expected false survivors in the window {:.2e})",
        r.window.draws,
        r.window.total_draws,
        if float {
            "[0, 1) (floats)".to_string()
        } else {
            format!("[{min}, {max}]")
        },
        r.window.expected_false_survivors_window
    )?;
    if r.candidates.is_empty() {
        writeln!(out, "\nNo hypothesis of the searched sources, seeds, offsets and skips explains these draws.")?;
        return Ok(());
    }
    writeln!(out)?;
    let after = r.window.total_draws - r.window.draws;
    writeln!(
        out,
        "{:<18} {:<12} {:>20} {:>7} {:>5} {:>10} {:>10}",
        "source", "reduction", "seed", "offset", "skip", "mismatches", "confirmed"
    )?;
    for c in &r.candidates {
        writeln!(
            out,
            "{:<18} {:<12} {:>20} {:>7} {:>5} {:>10} {:>10}",
            c.prng.id(),
            c.reduction.id(),
            c.seed,
            c.offset,
            c.skip,
            c.mismatches,
            format!("{}/{}", c.confirmed, after)
        )?;
    }
    if r.pool.is_empty() {
        return Ok(());
    }
    writeln!(out, "\nnext {} draws:", r.pool.len())?;
    for c in &r.candidates {
        let next: Vec<String> = c.next.iter().map(DrawValue::to_string).collect();
        writeln!(out, "  {} seed {}: {}", c.prng.id(), c.seed, next.join(" "))?;
    }
    writeln!(out, "\nprediction pool (value: share of candidates):")?;
    for step in &r.pool {
        let vals: Vec<String> = step
            .values
            .iter()
            .take(5)
            .map(|v| format!("{}: {:.0}%", v.value, v.share * 100.0))
            .collect();
        let more = step.values.len().saturating_sub(5);
        let tail = if more > 0 {
            format!(" (+{more} more)")
        } else {
            String::new()
        };
        writeln!(out, "  +{:<3} {}{}", step.step, vals.join(", "), tail)?;
    }
    Ok(())
}

/// The swept sources in a few words: up to 4 by id; more as a count, "all
/// swept sources" when that is every source of the registry, else the first
/// three ids and how many more (`--json` lists every id).
pub fn sources_summary(sources: &[seedsieve_core::registry::SourceId]) -> String {
    let ids: Vec<&str> = sources.iter().map(|s| s.id()).collect();
    let all = seedsieve_core::registry::SourceId::all().count();
    match ids.len() {
        0..=4 => ids.join(", "),
        n if n == all => format!("{n} sources (all swept sources)"),
        n => format!("{n} sources ({}, and {} more)", ids[..3].join(", "), n - 3),
    }
}
