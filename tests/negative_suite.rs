//! The negative-control suite, shared by `tests/tests/negative.rs` (CI: seeds
//! 0..2^16) and the `negative-bench` binary (wider seed ranges): 200 files of
//! draws from the OS entropy source and ChaCha20 (tests/vectors/negative, made
//! by tests/vectors/oracles/negative/gen_negative.py), in 8 ranges and 4
//! lengths, against every registry source and the integer-draw state methods
//! that apply. Counts verdicts and, per source, expected and observed false
//! window survivors.

use seedsieve_core::engine::{finish, run_embedded};
use seedsieve_core::plan::{expected_false, plan, SubmitOptions};
use seedsieve_core::recover::{recover, Observed};
use seedsieve_core::registry::SourceId;
use seedsieve_core::report::Verdict;
use std::collections::BTreeMap;

/// One control file: name, range and draws.
pub type Control = (String, i64, i64, Vec<i64>);

/// Reads the control files (sorted by name).
pub fn controls() -> Vec<Control> {
    let dir = crate::vectors_dir().join("negative");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/vectors/negative")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("readable");
            let range = text
                .lines()
                .find_map(|l| l.strip_prefix("# range "))
                .expect("a '# range LO HI' line");
            let (lo, hi) = range.split_once(' ').expect("LO HI");
            let (lo, hi): (i64, i64) = (lo.parse().expect("LO"), hi.parse().expect("HI"));
            let d = seedsieve_core::draws::read(&p, lo, hi).expect("valid draws");
            (
                p.file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                lo,
                hi,
                d.values,
            )
        })
        .collect()
}

/// What the suite saw.
#[derive(Debug, Default)]
pub struct SuiteReport {
    /// Files run.
    pub files: usize,
    /// Sieve verdicts by name.
    pub verdicts: BTreeMap<&'static str, u32>,
    /// Files whose sieve verdict was `recovered` (must be none).
    pub false_recoveries: Vec<String>,
    /// State-method runs, and those that claimed a recovery (must be none).
    pub state_runs: u32,
    /// State-method false recoveries.
    pub state_false: Vec<String>,
    /// Expected false window survivors per source.
    pub expected: BTreeMap<SourceId, f64>,
    /// Observed window survivors per source.
    pub observed: BTreeMap<SourceId, u64>,
    /// Seeds swept per file and source.
    pub seeds: u64,
}

impl SuiteReport {
    /// The per-source table, as the test and the bench print it.
    pub fn table(&self) -> String {
        let mut s = format!(
            "{:<28} {:>14} {:>10}\n",
            "source", "expected false", "observed"
        );
        for (src, e) in &self.expected {
            s += &format!(
                "{:<28} {:>14.3} {:>10}\n",
                src.id(),
                e,
                self.observed.get(src).copied().unwrap_or(0)
            );
        }
        let (te, to) = self.totals();
        s += &format!("{:<28} {:>14.3} {:>10}\n", "total", te, to);
        s
    }
    /// Total expected and observed window survivors.
    pub fn totals(&self) -> (f64, u64) {
        (self.expected.values().sum(), self.observed.values().sum())
    }
}

/// Runs every control file against every source over seeds `0..seeds` on
/// `threads` threads, and the state methods that fit.
pub fn run(files: &[Control], seeds: u64, threads: usize) -> SuiteReport {
    let mut rep = SuiteReport {
        files: files.len(),
        seeds,
        ..Default::default()
    };
    for (name, lo, hi, values) in files {
        let opts = SubmitOptions {
            sources: SourceId::all().collect(),
            seed_range: Some((0, seeds)),
            max_offset: 0,
            max_skip: 0,
            max_mismatches: 0,
            predict: 5,
        };
        let planned = plan(values, *lo, *hi, &opts).unwrap_or_else(|e| panic!("{name}: {e}"));
        let results = run_embedded(&planned.spec, threads, 8, &|_| {}).expect("runs");
        let report = finish(&planned, &results, 0.0).expect("finishes");
        if report.verdict == Verdict::Recovered {
            rep.false_recoveries
                .push(format!("{name}: {:?}", report.candidates));
        }
        *rep.verdicts.entry(report.verdict.as_str()).or_default() += 1;
        let n = (*hi - *lo + 1) as u64;
        let w = planned.spec.window.draws.len();
        for p in &planned.spec.plan {
            for t in &p.targets {
                *rep.expected.entry(t.source).or_default() +=
                    expected_false(p.seeds.len() as f64, n, w, 0);
            }
        }
        for r in &results {
            for s in &r.survivors {
                *rep.observed.entry(s.source).or_default() += 1;
            }
        }
        for id in ["java_random", "v8_math_random"] {
            let obs = Observed::Ints {
                values: values.clone(),
                min: *lo,
                max: *hi,
            };
            // Methods refuse ranges they cannot use and windows too short: fine.
            if let Ok(r) = recover(id, &obs, 5) {
                rep.state_runs += 1;
                if r.verdict == Verdict::Recovered {
                    rep.state_false.push(format!("{name}: {id}"));
                }
            }
        }
    }
    rep
}
