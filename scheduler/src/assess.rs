//! `scheduler assess`: how predictable is this source? The SP 800-90B non-IID
//! estimators (core `assess`) beside the sieve and state recovery on the same
//! draws (the embedded path of `submit`), one report, one verdict line.
//!
//! Exit status, in line with `submit`: 0 when something explains the draws (a
//! recovered generator, a predictor that beats chance, or an estimate below
//! half of log2(n)), 1 when nothing does, 2 on bad input, 3 when the sieve failed.

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use seedsieve_core::assess::report::{build, AssessReport, AssessVerdict, SampleForm};
use seedsieve_core::assess::run::{assess as run_estimators, Track};
use seedsieve_core::assess::samples::{Literal, Samples};
use seedsieve_core::engine::{finish, run_embedded_on};
use seedsieve_core::handoff::hand_off_to_state_recovery;
use seedsieve_core::plan::{plan, SubmitOptions, MAX_PREDICT};
use seedsieve_core::report::Report;

use crate::cli::AssessArgs;
use crate::submit::{parse_seed_range, parse_sources, progress_bar, write_json_sorted};
use crate::{SchedulerError, EXIT_FOUND, EXIT_NOT_FOUND};
use seedsieve_core::assess::fleet::{follow_score, submit_score, ScoreError};
use seedsieve_core::engine::{default_shard_cost, EngineError};
use seedsieve_core::job::WorkerId;
use seedsieve_core::queue::QueueError;
use seedsieve_core::redis::{JobStatus, RedisQueue, SubmitSettings};
use std::time::Duration;

/// Largest draw file `assess` reads (text): bigger ones are refused before
/// reading; a binary file is limited by [`seedsieve_core::assess::samples::MAX_BITSTRING`].
pub const MAX_DRAWS_FILE: u64 = 1 << 30;

fn bad(e: impl std::fmt::Display) -> SchedulerError {
    SchedulerError::BadInput(e.to_string())
}

/// The samples' raw values (literal symbol i stands for `alphabet[i]`).
fn sample_values(samples: &Samples) -> Vec<i64> {
    let value = |i: usize| samples.alphabet[i] as i64;
    match &samples.literal {
        Literal::Narrow(v) => v.iter().map(|&s| value(usize::from(s))).collect(),
        Literal::Wide(v) => v.iter().map(|&s| value(usize::from(s))).collect(),
    }
}

/// What `assess` read: the samples, and the draws as the sieve takes them.
struct Input {
    samples: Samples,
    file: String,
    form: SampleForm,
    min: i64,
    max: i64,
    values: Vec<i64>,
}

/// Reads the samples.
fn read(args: &AssessArgs) -> Result<Input, SchedulerError> {
    if let Some(path) = &args.bytes {
        let samples = Samples::from_bytes_file(path, args.bits_per_symbol).map_err(bad)?;
        let max = (1i64 << samples.bits) - 1;
        // The sieve's draws are the samples themselves (read once, from `samples`).
        let values = if args.no_sieve {
            Vec::new()
        } else {
            sample_values(&samples)
        };
        return Ok(Input {
            samples,
            file: path.display().to_string(),
            form: SampleForm::Bytes,
            min: 0,
            max,
            values,
        });
    }
    let path = args
        .draws
        .as_ref()
        .ok_or_else(|| bad("give --draws FILE (with --min and --max) or --bytes FILE"))?;
    let (Some(min), Some(max)) = (args.min, args.max) else {
        return Err(bad("--draws needs --min and --max"));
    };
    if min > max {
        return Err(bad(format!("--min {min} is greater than --max {max}")));
    }
    let name = path.display().to_string();
    if name != "-" {
        let size = std::fs::metadata(path)
            .map_err(|e| bad(format!("{name}: cannot read: {e}")))?
            .len();
        if size > MAX_DRAWS_FILE {
            return Err(bad(format!(
                "{name}: {size} bytes is over the {MAX_DRAWS_FILE}-byte limit of a draw file for assess; assess a prefix (head -n 1000000)"
            )));
        }
    }
    let draws = seedsieve_core::draws::read(path, min, max).map_err(bad)?;
    let samples = Samples::from_draws(
        &name,
        &draws.values,
        &draws.lines,
        min,
        max,
        args.bits_per_symbol,
    )
    .map_err(bad)?;
    Ok(Input {
        samples,
        file: name,
        form: SampleForm::Draws,
        min,
        max,
        values: draws.values,
    })
}

/// The sieve and state recovery on the draws, as `submit` runs them embedded;
/// `Ok(None)` with a note when the draws cannot be sieved (the plan refuses);
/// with `fleet`, as a sieve job on the fleet (`Err(130)` when interrupted).
fn sieve(
    args: &AssessArgs,
    fleet: Option<&RedisQueue>,
    values: &[i64],
    min: i64,
    max: i64,
    notes: &mut Vec<String>,
) -> Result<Result<Option<Report>, ExitCode>, SchedulerError> {
    if args.predict > MAX_PREDICT {
        return Err(bad(format!(
            "--predict {} is over {MAX_PREDICT}",
            args.predict
        )));
    }
    let sources = parse_sources(&args.prng)?;
    let seed_range = args
        .seed_range
        .as_deref()
        .map(parse_seed_range)
        .transpose()?;
    let opts = SubmitOptions {
        sources,
        seed_range,
        max_offset: args.max_offset,
        max_skip: args.max_skip,
        max_mismatches: args.max_mismatches,
        predict: args.predict,
    };
    let planned = match plan(values, min, max, &opts) {
        Ok(p) => p,
        Err(e) => {
            notes.push(format!("sieve not run: {e}"));
            return Ok(Ok(None));
        }
    };
    let say = !args.quiet;
    let bar = progress_bar(say, planned.spec.seeds_total());
    if let Some(q) = fleet {
        let t = Instant::now();
        let shards = planned.spec.shards(
            default_shard_cost(),
            args.shards.unwrap_or(crate::fleet::FLEET_MIN_SHARDS),
        );
        let id = planned.spec.id;
        q.submit_with(&planned, shards, settings(args))?;
        if say {
            eprintln!("sieve job {id} queued on {}", q.url_redacted());
        }
        let rec = match crate::fleet::follow_job(
            q,
            id,
            args.quiet,
            None,
            &q.url_redacted(),
            &bar,
            crate::fleet::OnInterrupt::KeepRunning,
        )? {
            Ok(rec) => rec,
            Err(code) => return Ok(Err(code)),
        };
        if rec.status == JobStatus::Cancelled {
            return Err(SchedulerError::Cancelled(id.to_string()));
        }
        if rec.dead > 0 {
            return Err(EngineError::ShardsFailed(q.dead_reasons(id)?).into());
        }
        let results = q.results(id)?;
        let mut report = finish(&rec.planned, &results, t.elapsed().as_secs_f64())?;
        if args.prng.trim() == "all" {
            hand_off_to_state_recovery(&mut report, values, min, max, args.predict as usize);
        }
        return Ok(Ok(Some(report)));
    }
    let workers = args
        .workers
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let backends = seedsieve_core::backend::open(args.backend, workers, &Default::default())
        .map_err(|e| SchedulerError::Job(e.into()))?;
    let t = Instant::now();
    let min_shards = args.shards.unwrap_or(8 * backends.len().max(1) as u64);
    let results = run_embedded_on(&planned.spec, backends, min_shards, &|n| bar.inc(n))?;
    bar.finish_and_clear();
    let mut report = finish(&planned, &results, t.elapsed().as_secs_f64())?;
    if args.prng.trim() == "all" {
        hand_off_to_state_recovery(&mut report, values, min, max, args.predict as usize);
    }
    Ok(Ok(Some(report)))
}

/// How `assess --redis` submits its jobs: `--max-attempts`, the default retention.
fn settings(args: &AssessArgs) -> SubmitSettings {
    SubmitSettings {
        max_attempts: args.max_attempts,
        ..SubmitSettings::default()
    }
}

/// A bar over the estimator runs (ten per track).
fn estimator_bar(say: bool, runs: u64) -> ProgressBar {
    if say && std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        let b = ProgressBar::with_draw_target(Some(runs), ProgressDrawTarget::stderr());
        b.set_style(
            ProgressStyle::with_template(
                "{bar:40} {pos}/{len} SP 800-90B estimators  {elapsed}  {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        b
    } else {
        ProgressBar::hidden()
    }
}

/// Runs `scheduler assess`.
pub fn assess(args: &AssessArgs) -> Result<ExitCode, SchedulerError> {
    let Input {
        samples,
        file,
        form,
        min,
        max,
        values,
    } = read(args)?;
    let mut notes = Vec::new();
    let fleet = match crate::fleet::redis_url(&args.fleet)? {
        Some(url) => Some(crate::fleet::queue_at(&args.fleet, &url)?),
        None => None,
    };
    let report = if args.no_sieve {
        None
    } else {
        match sieve(args, fleet.as_ref(), &values, min, max, &mut notes)? {
            Ok(r) => r,
            // Interrupted while following the fleet's sieve job (said why).
            Err(code) => return Ok(code),
        }
    };
    drop(values);
    let runs = if samples.alphabet.len() == 2 { 10 } else { 20 };
    let bar = estimator_bar(!args.quiet, runs);
    let progress = |e: seedsieve_core::assess::run::Estimator, t: Track| {
        bar.set_message(format!("{} ({})", e.name(), t.label().to_lowercase()));
        bar.inc(1);
    };
    let assessment = if let Some(q) = &fleet {
        let id = seedsieve_core::job::JobId::new();
        let n = submit_score(q, id, &samples, settings(args))?;
        if !args.quiet {
            eprintln!(
                "scoring job {id}: {n} estimator shards queued on {}",
                q.url_redacted()
            );
        }
        let me = WorkerId(format!(
            "scheduler-{}",
            seedsieve_core::fleet::consumer_name().0
        ));
        bar.set_length(n as u64);
        let a = follow_score(q, id, &samples, &me, Duration::from_millis(100), |p| {
            bar.set_position(p.done);
            true
        })
        .map_err(|e| match e {
            ScoreError::Queue(e) => SchedulerError::Queue(e),
            ScoreError::Cancelled(id) => SchedulerError::Cancelled(id.to_string()),
            e => SchedulerError::Queue(QueueError::Backend(e.to_string())),
        })?;
        bar.finish_and_clear();
        a
    } else {
        match args.threads {
            Some(n) => rayon::ThreadPoolBuilder::new()
                .num_threads(n as usize)
                .build()
                .map_err(|e| bad(format!("--threads {n}: {e}")))?
                .install(|| run_estimators(&samples, &progress)),
            None => run_estimators(&samples, &progress),
        }
    };
    bar.finish_and_clear();
    let mut out = build(&file, form, min, max, &samples, assessment, report);
    out.notes.extend(notes);
    if !args.quiet && !args.json {
        for n in &out.notes {
            eprintln!("note: {n}");
        }
    }
    let mut stdout = std::io::stdout().lock();
    if args.json {
        write_json_sorted(&mut stdout, &out)?;
    } else {
        human(&mut stdout, &out)?;
    }
    Ok(ExitCode::from(match out.verdict {
        AssessVerdict::Recovered | AssessVerdict::Predictable | AssessVerdict::LowEntropy => {
            EXIT_FOUND
        }
        AssessVerdict::Chance => EXIT_NOT_FOUND,
    }))
}

/// The human report.
pub fn human(out: &mut impl Write, r: &AssessReport) -> std::io::Result<()> {
    let i = &r.input;
    let form = match i.form {
        SampleForm::Draws => format!("draws in [{}, {}]", i.min, i.max),
        SampleForm::Bytes => "bytes".to_string(),
    };
    writeln!(
        out,
        "{}: {} samples ({form}), {} bits/symbol, {} distinct; log2(n) = {:.4} bits/draw",
        i.file, i.samples, i.bits_per_symbol, i.distinct_symbols, i.log2_range
    )?;
    writeln!(out)?;
    writeln!(out, "SP 800-90B non-IID estimates (bits/draw):")?;
    writeln!(
        out,
        "  {:<8} {:<22} {:<10} {:>12} {:>10}",
        "section", "estimator", "track", "per symbol", "per draw"
    )?;
    for l in &r.estimates {
        writeln!(
            out,
            "  {:<8} {:<22} {:<10} {:>12.6} {:>10.4}",
            l.section,
            l.estimator.name(),
            l.track.label().to_lowercase(),
            l.min_entropy,
            l.per_draw
        )?;
    }
    let a = &r.assessment;
    write!(out, "  H_original {:.6}", a.h_original)?;
    if let Some(hb) = a.h_bitstring {
        write!(
            out,
            ", H_bitstring {hb:.6} (x{} = {:.6})",
            a.bits_per_symbol,
            hb * f64::from(a.bits_per_symbol)
        )?;
    }
    writeln!(
        out,
        "; assessed {:.6} of {:.4}",
        a.min_entropy.min(i.log2_range) + 0.0,
        i.log2_range
    )?;
    if let Some(b) = &r.best_predictor {
        write!(
            out,
            "  best predictor: {} ({}), hit rate {:.6} (99.99% lower bound {:.6}; chance {:.6})",
            b.estimator.name(),
            b.estimator.section(),
            b.p_global,
            b.p_lower,
            b.chance
        )?;
        match b.next {
            Some(v) => writeln!(out, ", next guess {v}")?,
            None => writeln!(out)?,
        }
    }
    writeln!(out)?;
    match &r.sieve {
        Some(s) => writeln!(
            out,
            "sieve: {} ({} seeds of {} sources in {:.1} s)",
            if s.found() { "found" } else { "not_found" },
            s.searched.seeds_tried,
            s.searched.sources.len(),
            s.searched.elapsed_s
        )?,
        None => writeln!(out, "sieve: not run")?,
    }
    if !r.prediction.steps.is_empty() {
        writeln!(out, "next draws ({:?}):", r.prediction.source)?;
        for s in &r.prediction.steps {
            let vals: Vec<String> = s
                .values
                .iter()
                .map(|v| format!("{} (p={:.3})", v.value, v.share))
                .collect();
            writeln!(out, "  +{}: {}", s.step, vals.join(", "))?;
        }
    } else {
        writeln!(
            out,
            "next draws: uniform over {} values as far as this assessment can tell",
            i.range_size
        )?;
    }
    writeln!(out)?;
    writeln!(out, "verdict: {}", r.verdict_line)
}
