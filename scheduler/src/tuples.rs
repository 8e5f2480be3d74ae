//! `scheduler submit --tuples [--sorted]`: tuple draws (k values per line) made
//! by a source's sampling function, swept over seeds on every core (embedded).

use crate::cli::SubmitArgs;
use crate::submit::{parse_seed_range, parse_sources};
use crate::{SchedulerError, EXIT_FOUND, EXIT_NOT_FOUND};
use seedsieve_core::engine::MAX_CANDIDATES;
use seedsieve_core::plan::MAX_EXPECTED_FALSE;
use seedsieve_core::report::{DrawForm, ReportKind, TupleEvidence, TupleReport, Verdict};
use seedsieve_core::tuples::{sweep, Sampler, TupleSampler};
use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

/// Runs the tuple sweep and prints its report; exit 0 with a candidate, 1 without.
pub fn run(args: &SubmitArgs) -> Result<ExitCode, SchedulerError> {
    let bad = |e: String| SchedulerError::BadInput(e);
    let (Some(min), Some(max)) = (args.min, args.max) else {
        return Err(bad("--tuples needs --min and --max (the population)".into()));
    };
    if min > max {
        return Err(bad(format!("--min {min} is greater than --max {max}")));
    }
    let mut tuples = seedsieve_core::draws::read_tuples(args.draws(), min, max)
        .map_err(|e| bad(e.to_string()))?;
    if args.sorted {
        tuples.iter_mut().for_each(|t| t.sort_unstable());
    }
    let k = tuples[0].len();
    let all = args.prng().trim() == "all";
    let sources: Vec<_> = parse_sources(args.prng())?
        .into_iter()
        .filter(|s| !all || Sampler::for_source(*s).is_some())
        .collect();
    let seed_range = args
        .seed_range
        .as_deref()
        .map(parse_seed_range)
        .transpose()?;
    let threads = args
        .workers
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let t0 = Instant::now();
    let mut notes = Vec::new();
    let (mut seeds_tried, mut hypotheses, mut bits) = (0u64, 0f64, 0f64);
    let mut jobs = Vec::new();
    for src in sources {
        let ts = match TupleSampler::new(src, min, max, k) {
            Ok(ts) => ts,
            Err(e) if all => {
                notes.push(format!("{src}: {e}"));
                continue;
            }
            Err(e) => return Err(bad(format!("--prng: {e}"))),
        };
        let info = src.info();
        let (lo, hi) = seed_range.unwrap_or((info.seeds.default_start, info.seeds.default_end));
        let hi = hi.min(info.seeds.limit);
        if lo >= hi {
            notes.push(format!(
                "{src} left out: its seed space ends at {}",
                info.seeds.limit
            ));
            continue;
        }
        if !args.quiet {
            eprintln!("note: {src}: {} over seeds [{lo}, {hi})", ts.sampler.call());
        }
        seeds_tried += hi - lo;
        hypotheses += (hi - lo) as f64 * f64::from(args.max_offset + 1);
        bits = ts.bits_per_tuple(args.sorted) * tuples.len() as f64;
        jobs.push((ts, lo..hi));
    }
    if seeds_tried == 0 {
        return Err(bad(format!(
            "--prng: no source with a sampling function applies ({})",
            notes.join("; ")
        )));
    }
    let expected = hypotheses * (-bits).exp2();
    // Candidates are held in memory: refuse tuples that many seeds explain.
    if expected > MAX_EXPECTED_FALSE {
        return Err(bad(format!(
            "{} tuples of {k} of {} values cannot single out a seed among {hypotheses:.3e} hypotheses: expect about {expected:.3e} false candidates (at most {MAX_EXPECTED_FALSE:.0e} are allowed); give more tuples, or narrow --seed-range or --max-offset",
            tuples.len(),
            max - min + 1
        )));
    }
    let mut candidates = Vec::new();
    for (ts, seeds) in jobs {
        candidates.extend(sweep(
            &ts,
            seeds,
            &tuples,
            args.sorted,
            args.max_offset,
            args.predict as usize,
            threads,
        ));
    }
    if candidates.len() > MAX_CANDIDATES {
        candidates.truncate(MAX_CANDIDATES);
        notes.push(format!(
            "more than {MAX_CANDIDATES} candidates explain the tuples: the first {MAX_CANDIDATES} are reported; more tuples would single one out"
        ));
    }
    let verdict = match candidates.len() {
        0 => Verdict::NotFound,
        1 if expected < 1e-6 => Verdict::Recovered,
        _ => Verdict::Ambiguous,
    };
    let report = TupleReport {
        schema: seedsieve_core::schema::REPORT,
        kind: ReportKind::Tuples,
        verdict,
        draws: DrawForm::Tuples,
        k,
        sorted: args.sorted,
        candidates,
        state_reports: Vec::new(),
        evidence: TupleEvidence {
            bits_observed: bits,
            hypotheses,
            expected_false_candidates: expected,
            seeds_tried,
            elapsed_s: t0.elapsed().as_secs_f64(),
        },
        notes,
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        crate::submit::write_json_sorted(&mut out, &report)?;
    } else {
        human(&mut out, &report)?;
    }
    Ok(ExitCode::from(if report.candidates.is_empty() {
        EXIT_NOT_FOUND
    } else {
        EXIT_FOUND
    }))
}

fn human(out: &mut impl Write, r: &TupleReport) -> std::io::Result<()> {
    let e = &r.evidence;
    writeln!(
        out,
        "verdict: {} ({} candidate{}; expected false candidates {:.2e})",
        r.verdict,
        r.candidates.len(),
        if r.candidates.len() == 1 { "" } else { "s" },
        e.expected_false_candidates
    )?;
    writeln!(
        out,
        "searched: {} seeds in {:.2} s; tuples of {}{} carry {:.1} bits",
        e.seeds_tried,
        e.elapsed_s,
        r.k,
        if r.sorted { " (sorted)" } else { "" },
        e.bits_observed
    )?;
    for c in &r.candidates {
        writeln!(
            out,
            "\n{} seed {} offset {} ({:?}): {} tuples confirmed",
            c.prng, c.seed, c.offset, c.sampler, c.confirmed
        )?;
        for t in &c.next {
            let v: Vec<String> = t.iter().map(i64::to_string).collect();
            writeln!(out, "  next: {}", v.join(" "))?;
        }
    }
    for n in &r.notes {
        writeln!(out, "note: {n}")?;
    }
    Ok(())
}
