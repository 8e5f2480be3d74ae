//! Measured sieve rates: what the plan's estimates and `scheduler generators`
//! use instead of constants.
//!
//! A family's rate is the CPU sieve's seeds per second on one core of this
//! machine, with the block kernel it runs here ([`crate::kernel::simd_level`]),
//! on the standard window: ten draws in 0..=999 that no swept seed produces,
//! every source of the family with its first reduction (the targets of a
//! `--prng all` sweep), no offset, skip or tolerance. Measuring runs
//! [`crate::sieve::sieve`] on one thread for about [`MEASURE_MS`] ms of that
//! thread's CPU time per family (CPU time, not wall time, so that a loaded
//! machine does not record a low figure), the first time a family's rate is
//! asked for.
//!
//! Rates are cached in one JSON file ([`cache_file`]) keyed by the build (the
//! running executable's size and modification time: a rebuilt binary with
//! faster kernels measures again), the CPU model and the SIMD level, so the
//! measuring happens once per binary and machine. `SEEDSIEVE_RATES=table`
//! turns measuring off: rates are then the registry rows'
//! [`crate::registry::FamilyInfo::cpu_mseeds_per_core`] figures.

use crate::kernel::Scratch;
use crate::reduction::Reducer;
use crate::registry::{Family, SOURCES};
use crate::sieve::{sieve, Target, WindowSpec};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Instant;

/// Milliseconds of CPU time one family's measurement runs for (at least one block).
pub const MEASURE_MS: u64 = 25;

/// Where a rate comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RateSource {
    /// Measured on this machine by this build (now or from the cache).
    Measured,
    /// The registry row's figure (`SEEDSIEVE_RATES=table`, or a family that
    /// cannot be measured on the standard window).
    Table,
}

/// A family's CPU sieve rate.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rate {
    /// Millions of seeds per second on one core.
    pub mseeds_per_core: f64,
    /// Measured here or the registry's figure.
    pub source: RateSource,
}

#[derive(Default, Serialize, Deserialize)]
struct CacheFile {
    /// The build and machine the rates belong to ([`identity`]).
    key: String,
    /// Family id to Mseeds/s per core.
    rates: BTreeMap<String, f64>,
}

struct State {
    file: CacheFile,
    loaded: bool,
}

static STATE: Mutex<State> = Mutex::new(State {
    file: CacheFile {
        key: String::new(),
        rates: BTreeMap::new(),
    },
    loaded: false,
});

/// The rate cache: `$SEEDSIEVE_RATES_CACHE`, else
/// `$XDG_CACHE_HOME/seedsieve/rates.json`, else `~/.cache/seedsieve/rates.json`;
/// `None` without a home folder (rates are then measured per process).
pub fn cache_file() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("SEEDSIEVE_RATES_CACHE").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("seedsieve").join("rates.json"))
}

/// This build on this machine: executable size and mtime, CPU model, SIMD level.
fn identity() -> String {
    let exe = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| {
            let t = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{}:{t}", m.len())
        })
        .unwrap_or_default();
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_default();
    format!(
        "{}|{exe}|{cpu}|{}",
        env!("CARGO_PKG_VERSION"),
        crate::kernel::simd_level()
    )
}

fn table_only() -> bool {
    std::env::var("SEEDSIEVE_RATES").is_ok_and(|v| v.eq_ignore_ascii_case("table"))
}

/// The standard window of `family`: its sources' first reductions on ten
/// draws in 0..=999 that no seed near the start of the space produces
/// (`None` when no source's reduction serves 1000 values).
fn standard(family: Family) -> Option<(Vec<Target>, WindowSpec)> {
    let targets: Vec<Target> = SOURCES
        .iter()
        .filter(|s| s.family == family)
        .filter_map(|s| {
            let (red, _) = *s.reductions.first()?;
            Reducer::new(red, s.id.raw_form(), 1000).ok()?;
            Some(Target {
                source: s.id,
                reduction: red,
            })
        })
        .collect();
    if targets.is_empty() {
        return None;
    }
    // A fixed pattern: a swept seed matching all ten is a 1e-30 event, and a
    // first-draw match (1 in 1000) costs what it costs in a real sweep.
    let draws = vec![997, 3, 514, 0, 999, 271, 828, 182, 845, 904];
    Some((
        targets,
        WindowSpec {
            min: 0,
            max: 999,
            draws,
            max_offset: 0,
            max_skip: 0,
            max_mismatches: 0,
        },
    ))
}

/// Measures `family` on the standard window: Mseeds/s on this thread, or
/// `None` when the family has no standard window.
pub fn measure(family: Family) -> Option<f64> {
    let (targets, spec) = standard(family)?;
    let mut scratch = Scratch::default();
    let mut out = Vec::new();
    let start = 1u64 << 20;
    // One warm-up block (tables built on first use, pages touched).
    sieve(
        family,
        &targets,
        start..start + 64,
        &spec,
        &mut scratch,
        &mut out,
        |_| true,
    )
    .ok()?;
    let (mut seeds, mut chunk) = (0u64, 1024u64);
    let (t, c0) = (Instant::now(), thread_cpu_s());
    let spent = |c0: Option<f64>| match (c0, thread_cpu_s()) {
        (Some(a), Some(b)) => b - a,
        _ => t.elapsed().as_secs_f64(),
    };
    // Until MEASURE_MS of this thread's CPU time (so that other processes on
    // the machine do not lower the figure), or ten times that in wall time.
    while spent(c0) < MEASURE_MS as f64 / 1e3
        && t.elapsed().as_millis() < 10 * u128::from(MEASURE_MS)
    {
        let lo = start + 64 + seeds;
        seeds += sieve(
            family,
            &targets,
            lo..lo + chunk,
            &spec,
            &mut scratch,
            &mut out,
            |_| true,
        )
        .ok()?;
        chunk = (chunk * 2).min(1 << 20);
    }
    let s = spent(c0);
    (seeds > 0 && s > 0.0).then(|| seeds as f64 / s / 1e6)
}

/// This thread's CPU time in seconds (`/proc/thread-self/schedstat`, Linux:
/// nanoseconds on the CPU first), or `None` where it cannot be read.
fn thread_cpu_s() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

/// `family`'s rate: cached, else measured now (about [`MEASURE_MS`] ms) and
/// cached, else the registry's figure (see the module docs).
pub fn rate(family: Family) -> Rate {
    rates(&[family])[0]
}

/// The rates of `families`, in order, measuring the missing ones and writing
/// the cache once.
pub fn rates(families: &[Family]) -> Vec<Rate> {
    let table = |f: Family| Rate {
        mseeds_per_core: f.cpu_mseeds_per_core(),
        source: RateSource::Table,
    };
    if table_only() {
        return families.iter().map(|f| table(*f)).collect();
    }
    // A poisoned lock only means another thread panicked mid-measure; the
    // map is still a valid cache.
    let mut st = STATE.lock().unwrap_or_else(|e| e.into_inner());
    let key = identity();
    if !st.loaded {
        st.loaded = true;
        st.file = cache_file()
            .and_then(|p| std::fs::read(p).ok())
            .and_then(|b| serde_json::from_slice::<CacheFile>(&b).ok())
            .filter(|c| c.key == key)
            .unwrap_or(CacheFile {
                key: key.clone(),
                rates: BTreeMap::new(),
            });
    }
    let mut added = false;
    let out = families
        .iter()
        .map(|&f| {
            if let Some(&r) = st.file.rates.get(f.id()) {
                return Rate {
                    mseeds_per_core: r,
                    source: RateSource::Measured,
                };
            }
            match measure(f) {
                Some(r) => {
                    st.file.rates.insert(f.id().to_string(), r);
                    added = true;
                    Rate {
                        mseeds_per_core: r,
                        source: RateSource::Measured,
                    }
                }
                None => table(f),
            }
        })
        .collect();
    if added {
        if let Some(path) = cache_file() {
            write_atomic(&path, &st.file);
        }
    }
    out
}

/// Writes the cache through a temporary file and a rename (concurrent
/// processes never read half a file; the last writer wins). Failures are
/// logged and otherwise ignored: the rates are still used in this process.
fn write_atomic(path: &std::path::Path, file: &CacheFile) {
    let tmp = path.with_extension(format!("json.{}.tmp", std::process::id()));
    let r = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| {
            serde_json::to_vec_pretty(file)
                .map_err(std::io::Error::other)
                .and_then(|b| std::fs::write(&tmp, b))
        })
        .and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = r {
        tracing::warn!("rate cache {}: {e}", path.display());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_family_has_a_standard_window_that_the_sieve_accepts() {
        for f in Family::ALL {
            let (targets, spec) = standard(f).unwrap_or_else(|| panic!("{}", f.id()));
            assert!(!targets.is_empty());
            let mut out = Vec::new();
            let n = sieve(
                f,
                &targets,
                1000..1064,
                &spec,
                &mut Scratch::default(),
                &mut out,
                |_| true,
            )
            .expect("sieves");
            assert_eq!(n, 64);
            assert!(out.is_empty(), "{}: {out:?}", f.id());
        }
    }

    #[test]
    fn a_measured_rate_is_positive_and_finite() {
        let r = measure(Family::JavaRandom).expect("measures");
        assert!(r.is_finite() && r > 0.0, "{r}");
    }
}
