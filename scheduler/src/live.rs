//! `scheduler submit` embedded: the plan first, state recovery first for
//! `--prng all`, then the live sweep ([`seedsieve_core::live`]) with a line
//! per candidate as it is confirmed, a readable progress line, Ctrl-C that
//! keeps what was found, and a restore file to `--resume` from.

use crate::cli::SubmitArgs;
use crate::progress::RateMeter;
use crate::submit::print_report;
use crate::{SchedulerError, EXIT_INTERRUPTED};
use indicatif::ProgressBar;
use seedsieve_core::engine::{finish_partial, Coverage};
use seedsieve_core::handoff::{attach_state_reports, state_reports_for_ints};
use seedsieve_core::job::JobId;
use seedsieve_core::live::{
    run_live, Event, LiveHooks, LiveOptions, LiveProgress, Restore, EVENT_SCHEMA, RESTORE_SCHEMA,
};
use seedsieve_core::plan::{PlanSummary, Planned};
use seedsieve_core::recover::StateReport;
use seedsieve_core::report::{Candidate, DrawValue, Stopped, Verdict};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A plan estimated past this many seconds asks first when `--prng` was not
/// given (or needs `--yes`).
pub const ASK_ABOVE_S: f64 = 3600.0;

/// The directory of restore files: `$XDG_STATE_HOME/seedsieve/restore`, or
/// `~/.local/state/seedsieve/restore` (XDG Base Directory spec defaults).
pub fn restore_dir() -> PathBuf {
    let base = std::env::var_os("XDG_STATE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/state")))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join("seedsieve").join("restore")
}

/// Candidates printed one by one as they are confirmed; past it one line says more came.
pub const LIVE_LINES: usize = 10;

/// A duration for people: `45 s`, `12 min`, `3 h 10 min`.
pub fn human_duration(s: f64) -> String {
    let s = s.max(0.0);
    if s < 1.0 {
        format!("{:.1} s", s)
    } else if s < 90.0 {
        format!("{s:.0} s")
    } else if s < 5400.0 {
        format!("{:.0} min", s / 60.0)
    } else if s < 172_800.0 {
        let m = (s / 60.0).round() as u64;
        format!("{} h {} min", m / 60, m % 60)
    } else {
        format!("{:.1} days", s / 86400.0)
    }
}

/// A rate in SI units: `12.1 Mseeds/s`.
pub fn si_rate(v: f64, unit: &str) -> String {
    let (x, p) = match v {
        v if v >= 1e12 => (v / 1e12, "T"),
        v if v >= 1e9 => (v / 1e9, "G"),
        v if v >= 1e6 => (v / 1e6, "M"),
        v if v >= 1e3 => (v / 1e3, "k"),
        v => (v, ""),
    };
    if x >= 100.0 {
        format!("{x:.0} {p}{unit}")
    } else {
        format!("{x:.1} {p}{unit}")
    }
}

/// A seed count for people: `2^32`, `16.8 M`.
fn seeds(n: u64) -> String {
    if n.is_power_of_two() && n >= 1 << 16 {
        format!("2^{}", n.trailing_zeros())
    } else if n >= 1_000_000_000 {
        format!("{:.1} G", n as f64 / 1e9)
    } else if n >= 1_000_000 {
        format!("{:.1} M", n as f64 / 1e6)
    } else {
        n.to_string()
    }
}

/// The plan as a table (`--plan`).
pub fn print_plan(out: &mut impl Write, p: &PlanSummary) -> std::io::Result<()> {
    writeln!(
        out,
        "plan: {} source{} in {} famil{}, {} seeds; about {} on {} CPU thread{} here",
        p.rows.iter().map(|r| r.sources.len()).sum::<usize>(),
        if p.rows.iter().map(|r| r.sources.len()).sum::<usize>() == 1 {
            ""
        } else {
            "s"
        },
        p.rows.len(),
        if p.rows.len() == 1 { "y" } else { "ies" },
        seeds(p.seeds),
        human_duration(p.estimate_s),
        p.workers,
        if p.workers == 1 { "" } else { "s" }
    )?;
    writeln!(
        out,
        "window {} of {} draws of {} values; offsets 0..={}, skips 0..={}, mismatches <= {}; expected false candidates {:.2e}",
        p.window_draws,
        p.total_draws,
        p.values,
        p.max_offset,
        p.max_skip,
        p.max_mismatches,
        p.expected_false_candidates
    )?;
    writeln!(out, "sweep order: likely sources first, small seeds first (docs/design.md, Sweep order); stops at the answer unless --exhaustive")?;
    writeln!(
        out,
        "{:<44} {:<8} {:>14} {:>10}",
        "sources", "prior", "seeds", "time"
    )?;
    for r in &p.rows {
        let ids: Vec<&str> = r.sources.iter().map(|s| s.id()).collect();
        let mut names = ids.join(",");
        if names.len() > 44 {
            names.truncate(41);
            names.push_str("...");
        }
        let prior = serde_json::to_value(r.prior)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        writeln!(
            out,
            "{:<44} {:<8} {:>14} {:>10}",
            names,
            prior,
            format!("{}..{}", seeds(r.start), seeds(r.end)),
            human_duration(r.estimate_s)
        )?;
    }
    Ok(())
}

/// One line for a candidate confirmed during the sweep.
pub fn candidate_line(c: &Candidate) -> String {
    let next: Vec<String> = c.next.iter().take(5).map(DrawValue::to_string).collect();
    format!(
        "found: {} seed {} ({}, offset {}, skip {}, {} mismatches); next: {}",
        c.prng.id(),
        c.seed,
        c.reduction.id(),
        c.offset,
        c.skip,
        c.mismatches,
        next.join(" ")
    )
}

/// One line for a state found before the sweep.
pub fn state_line(r: &StateReport) -> String {
    let next: Vec<&str> = r.next.iter().take(5).map(String::as_str).collect();
    let seed = r.seed.map(|s| format!(" seed {s}")).unwrap_or_default();
    format!(
        "found ({}): {} by {}{}; next: {}",
        r.verdict,
        r.prng,
        r.method,
        seed,
        next.join(" ")
    )
}

/// What the user sees while the sweep runs.
struct Render {
    bar: ProgressBar,
    found: usize,
    events: bool,
    human: bool,
    restore_path: Option<PathBuf>,
    meter: RateMeter,
    last_event: Instant,
}

impl LiveHooks for Render {
    fn candidate(&mut self, c: &Candidate) {
        if self.events {
            emit(&Event::Candidate {
                schema: EVENT_SCHEMA,
                candidate: c,
            });
        } else if self.human {
            self.found += 1;
            // Draws that many seeds explain would flood the terminal: the
            // report lists the candidates (up to its bound).
            let line = match self.found {
                n if n <= LIVE_LINES => candidate_line(c),
                n if n == LIVE_LINES + 1 => {
                    "found: more candidates; the report lists them".to_string()
                }
                _ => return,
            };
            self.bar.suspend(|| println!("{line}"));
        }
    }

    fn tick(&mut self, p: &LiveProgress) {
        let now = Instant::now();
        let source = p.source.map_or("", |s| s.id());
        // The meter samples once per tick: its message carries the rate the
        // progress event reports.
        let msg = self.meter.message(p.seeds_done, p.seeds_total, source);
        if self.events && now.duration_since(self.last_event) >= Duration::from_secs(1) {
            self.last_event = now;
            emit(&Event::Progress {
                schema: EVENT_SCHEMA,
                seeds_done: p.seeds_done,
                seeds_total: p.seeds_total,
                seeds_per_s: self.meter.rate().unwrap_or(0.0),
                source: p.source,
            });
        }
        if !self.bar.is_hidden() {
            self.bar.set_position(p.seeds_done);
            self.bar.set_message(msg);
        }
    }

    fn restore_point(&mut self, r: &Restore) {
        if let Some(path) = &self.restore_path {
            if let Err(e) = write_restore(path, r) {
                self.bar
                    .suspend(|| eprintln!("warning: restore file {}: {e}", path.display()));
            }
        }
    }
}

fn emit(e: &Event<'_>) {
    let mut out = std::io::stdout().lock();
    // A closed stdout (a pipe read no more) leaves nothing to tell.
    let _ = serde_json::to_writer(&mut out, e);
    let _ = writeln!(out);
    let _ = out.flush();
}

/// Writes `r` to `path` whole or not at all (a temporary file renamed).
fn write_restore(path: &Path, r: &Restore) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("json.tmp");
    let text = serde_json::to_vec(r).map_err(std::io::Error::from)?;
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path)
}

/// Reads a restore file named by `arg`: a path, or a job id in [`restore_dir`].
fn read_restore(arg: &str) -> Result<(PathBuf, Restore), SchedulerError> {
    let path = if Path::new(arg).exists() {
        PathBuf::from(arg)
    } else if let Ok(id) = arg.trim().parse().map(JobId) {
        restore_dir().join(format!("{id}.json"))
    } else {
        PathBuf::from(arg)
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| SchedulerError::BadInput(format!("--resume {}: {e}", path.display())))?;
    let r: Restore = serde_json::from_str(&text).map_err(|e| {
        SchedulerError::BadInput(format!(
            "--resume {}: not a restore file: line {}, column {}: {e}",
            path.display(),
            e.line(),
            e.column()
        ))
    })?;
    if r.schema != RESTORE_SCHEMA {
        return Err(SchedulerError::BadInput(format!(
            "--resume {}: schema {:?}, this build reads {RESTORE_SCHEMA:?}",
            path.display(),
            r.schema
        )));
    }
    Ok((path, r))
}

/// Asks on the terminal whether to run a long plan; false when there is no
/// terminal to ask on.
fn confirm_long(p: &PlanSummary, draws_from_stdin: bool) -> bool {
    if draws_from_stdin || !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        return false;
    }
    eprint!(
        "this sweep of every source may take {} on this machine (it stops at the answer). Go on? [y/N] ",
        human_duration(p.estimate_s)
    );
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).is_ok()
        && matches!(line.trim(), "y" | "Y" | "yes" | "Yes")
}

/// Runs a planned embedded sweep as `submit` does (see the module doc).
pub fn run(
    args: &SubmitArgs,
    planned: Planned,
    values: &[i64],
    min: i64,
    max: i64,
) -> Result<ExitCode, SchedulerError> {
    let workers = args.workers();
    let summary = planned.summary(workers);
    if args.prng.is_none() && summary.estimate_s > ASK_ABOVE_S && !args.yes {
        let from_stdin = args.draws().as_os_str() == "-";
        if !confirm_long(&summary, from_stdin) {
            return Err(SchedulerError::BadInput(format!(
                "without --prng this sweeps every source: about {} on this machine ({} seeds). \
                 Name the sources (--prng ID[,ID...], see `scheduler generators`), \
                 see the plan with --plan, or give --yes (or --prng all) to sweep them all",
                human_duration(summary.estimate_s),
                seeds(summary.seeds)
            )));
        }
    }
    let restore = Restore::new(&planned);
    run_from(args, restore, None, &summary, values, min, max)
}

/// `submit --resume FILE|JOB`.
pub fn resume(args: &SubmitArgs, arg: &str) -> Result<ExitCode, SchedulerError> {
    let (path, restore) = read_restore(arg)?;
    let spec = &restore.planned.spec;
    let (min, max) = (spec.window.min, spec.window.max);
    let values = spec.draws.clone();
    let workers = args.workers();
    let summary = restore.planned.summary(workers);
    if !args.quiet {
        eprintln!(
            "resuming job {}: {} of {} seeds swept, {} survivor(s) so far",
            spec.id,
            restore.seeds_swept(),
            spec.seeds_total(),
            restore.survivors.len()
        );
    }
    run_from(args, restore, Some(path), &summary, &values, min, max)
}

fn run_from(
    args: &SubmitArgs,
    restore: Restore,
    path: Option<PathBuf>,
    summary: &PlanSummary,
    values: &[i64],
    min: i64,
    max: i64,
) -> Result<ExitCode, SchedulerError> {
    let say = !args.quiet;
    let human = say && !args.json;
    let planned = restore.planned.clone();
    let spec = &planned.spec;
    let float = seedsieve_core::report::is_float_range(min, spec.window.n());
    if args.events {
        emit(&Event::Plan {
            schema: EVENT_SCHEMA,
            plan: summary,
        });
    } else if say {
        let first: Vec<&str> = summary
            .rows
            .iter()
            .flat_map(|r| r.sources.iter().map(|s| s.id()))
            .take(4)
            .collect();
        let n: usize = summary.rows.iter().map(|r| r.sources.len()).sum();
        eprintln!(
            "plan: {n} source{} ({}{}), {} seeds, about {} here at most; expected false candidates {:.1e} (--plan shows it all)",
            if n == 1 { "" } else { "s" },
            first.join(", "),
            if n > first.len() { ", ..." } else { "" },
            seeds(summary.seeds),
            human_duration(summary.estimate_s),
            summary.expected_false_candidates
        );
    }
    let all = args.prng().trim() == "all";
    // `--prng all`: the state-recovery methods that fit the draws first
    // (milliseconds), then the sweep, likely sources first.
    let state: Vec<StateReport> = if all && !float && restore.swept.is_empty() {
        state_reports_for_ints(values, min, max, spec.predict as usize)
    } else {
        Vec::new()
    };
    for r in &state {
        if args.events {
            emit(&Event::StateReport {
                schema: EVENT_SCHEMA,
                report: r,
            });
        } else if human {
            println!("{}", state_line(r));
        }
    }
    let answered = !args.exhaustive && state.iter().any(|r| r.verdict == Verdict::Recovered);
    let restore_path = path.or_else(|| {
        args.restore_file
            .clone()
            .or_else(|| Some(restore_dir().join(format!("{}.json", spec.id))))
    });
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        // A second Ctrl-C exits at once.
        signal_hook::flag::register_conditional_shutdown(
            sig,
            EXIT_INTERRUPTED.into(),
            Arc::clone(&stop),
        )?;
        signal_hook::flag::register(sig, Arc::clone(&stop))?;
    }
    let bar = crate::progress::bar(say, spec.seeds_total());
    let mut hooks = Render {
        bar: bar.clone(),
        found: 0,
        events: args.events,
        human,
        restore_path: restore_path.clone(),
        meter: RateMeter::default(),
        last_event: Instant::now(),
    };
    let mut report = if answered {
        // State recovery answered: nothing is swept.
        finish_partial(
            &planned,
            &[],
            0.0,
            &Coverage {
                stopped: Some(Stopped::AtAnswer),
                swept: Vec::new(),
            },
        )?
    } else {
        let backends =
            seedsieve_core::backend::open(args.backend, args.workers(), &Default::default())
                .map_err(|e| SchedulerError::Job(e.into()))?;
        if say {
            for b in backends
                .iter()
                .filter(|b| b.info().backend != seedsieve_core::backend::BackendKind::Cpu)
            {
                eprintln!("note: device {}", b.info());
            }
        }
        let opts = LiveOptions {
            exhaustive: args.exhaustive,
            min_shards: args.shards.unwrap_or(8 * backends.len().max(1) as u64),
            restore_every: 10.0,
        };
        let out = run_live(restore, backends, &opts, &mut hooks, &stop)?;
        out.report
    };
    bar.finish_and_clear();
    if all && !float {
        attach_state_reports(&mut report, state);
    }
    let interrupted = report.verdict == Verdict::Incomplete;
    if let Some(p) = &restore_path {
        if interrupted {
            if say {
                eprintln!(
                    "interrupted: {} of {} seeds swept; resume with `scheduler submit --resume {}`",
                    report.searched.seeds_tried,
                    report.searched.seeds_planned,
                    p.display()
                );
            }
        } else {
            // Swept to the end or to the answer: nothing to resume. A file
            // that was never written is not an error.
            let _ = std::fs::remove_file(p);
        }
    }
    print_report(&report, args.json, min, max)
}
