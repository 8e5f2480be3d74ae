//! `scheduler generators`.

use crate::cli::GeneratorsArgs;
use crate::SchedulerError;
use seedsieve_core::rates::RateSource;
use seedsieve_core::registry::SOURCES;
use std::io::Write;
use std::process::ExitCode;

/// Formats a seed bound: powers of two as `2^N`.
pub fn fmt_bound(v: u64) -> String {
    if v.is_power_of_two() && v >= 1 << 16 {
        format!("2^{}", v.trailing_zeros())
    } else if v == u64::MAX {
        "2^64".into()
    } else if (v + 1).is_power_of_two() && v >= 1 << 16 {
        format!("2^{}-1", (v + 1).trailing_zeros())
    } else {
        v.to_string()
    }
}

/// Prints the registry.
/// With a filter (`generators ID`), only the ids containing it; none
/// matching is bad input naming the closest ids.
pub fn print(args: &GeneratorsArgs) -> Result<ExitCode, SchedulerError> {
    let mut out = std::io::stdout().lock();
    let want = args
        .id
        .as_deref()
        .or(args.filter.as_deref())
        .map(str::to_ascii_lowercase);
    let keep = |id: &str| want.as_deref().is_none_or(|w| id.contains(w));
    let sources: Vec<_> = SOURCES.iter().filter(|s| keep(s.id.id())).collect();
    // Measure the listed families in one pass (one cache write).
    let fams: Vec<_> = sources.iter().map(|s| s.family).collect();
    seedsieve_core::rates::rates(&fams);
    let state_only: Vec<_> = seedsieve_core::recover::STATE_SOURCES
        .iter()
        .filter(|(id, _, _)| !SOURCES.iter().any(|s| s.id.id() == *id) && keep(id))
        .collect();
    let controls: Vec<_> = seedsieve_core::registry::CONTROLS
        .iter()
        .filter(|c| keep(c.id))
        .collect();
    if let Some(w) = &want {
        if sources.is_empty() && state_only.is_empty() && controls.is_empty() {
            return Err(SchedulerError::BadInput(format!(
                "generators: no id contains '{w}'{}",
                match seedsieve_core::registry::ids_suggest(w).as_slice() {
                    [] => String::new(),
                    s => format!("; did you mean {}?", s.join(" or ")),
                }
            )));
        }
    }
    if args.json {
        let mut generators: Vec<Generator> = sources
            .iter()
            .map(|s| Generator::Sweep {
                id: s.id,
                family: s.family,
                algorithm: s.algorithm,
                calls: s.calls,
                seed_space: SeedSpaceView {
                    default_sweep: [s.seeds.default_start, s.seeds.default_end],
                    limit: s.seeds.limit,
                    note: s.seeds.note,
                },
                reductions: s
                    .reductions
                    .iter()
                    .map(|&(id, call)| ReductionView { id, call })
                    .collect(),
                reference: s.reference,
                state_bits: s.family.state_bits(),
                brute_force: brute(s),
                state_recovery: seedsieve_core::recover::method_for(s.id.id()).map(
                    |(method, draws, needs)| StateRecoveryView {
                        method,
                        draws,
                        needs,
                    },
                ),
            })
            .collect();
        for &&(id, draws, method) in &state_only {
            let needs = seedsieve_core::recover::method_for(id).map_or_else(String::new, |m| m.2);
            generators.push(Generator::StateOnly {
                id,
                state_recovery: StateRecoveryView {
                    method,
                    draws,
                    needs,
                },
            });
        }
        for c in &controls {
            generators.push(Generator::Control {
                id: c.id,
                algorithm: c.algorithm,
                calls: c.calls,
                secret_bits: c.secret_bits,
                verdict: "not recoverable by this method",
                why: c.why,
            });
        }
        let doc = GeneratorsDoc {
            schema: seedsieve_core::schema::GENERATORS,
            generators,
        };
        serde_json::to_writer_pretty(&mut out, &doc).map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    for s in &sources {
        writeln!(out, "{}", s.id)?;
        writeln!(out, "  algorithm   {}", s.algorithm)?;
        writeln!(out, "  calls       {}", s.calls)?;
        writeln!(
            out,
            "  seed space  sweeps [{}, {}) by default; {}",
            fmt_bound(s.seeds.default_start),
            fmt_bound(s.seeds.default_end),
            s.seeds.note
        )?;
        for (r, c) in s.reductions {
            writeln!(out, "  reduction   {:<12} {}", r.id(), c)?;
        }
        let b = brute(s);
        writeln!(
            out,
            "  state       {} bits; brute force over the default sweep: about {} on this CPU ({} threads), {} on one H100 (model)",
            s.family.state_bits(),
            human_secs(b.cpu_s),
            threads(),
            human_secs(b.h100_model_s)
        )?;
        writeln!(
            out,
            "  rate        {:.1} Mseeds/s per core ({}; family {}, {} kernels)",
            b.cpu_mseeds_per_core,
            match b.rate_source {
                RateSource::Measured => "measured on this CPU",
                RateSource::Table => "registry figure",
            },
            s.family.id(),
            seedsieve_core::kernel::simd_level()
        )?;
        if s.seeds.limit > s.seeds.default_end {
            let f = &b.full_seed_space;
            writeln!(
                out,
                "              whole seed space ({}): about {} on this CPU, {} on one H100 (model){}",
                fmt_bound(s.seeds.limit),
                human_secs(f.cpu_s),
                human_secs(f.h100_model_s),
                if f.feasible { "" } else { ": infeasible" }
            )?;
        }
        match seedsieve_core::recover::method_for(s.id.id()) {
            Some((m, f, n)) => {
                writeln!(out, "  recovery    --mode state: {m} from {f}; needs {n}")?
            }
            None => writeln!(out, "  recovery    seed sweep only")?,
        }
        writeln!(out, "  follows     {}", s.reference)?;
    }
    if !state_only.is_empty() {
        writeln!(out)?;
        writeln!(out, "state mode only (no seed sweep):")?;
    }
    for (id, form, method) in &state_only {
        let needs = seedsieve_core::recover::method_for(id).map_or_else(String::new, |m| m.2);
        writeln!(
            out,
            "{id}\n  recovery    --mode state: {method} from {form}; needs {needs}"
        )?;
    }
    if !controls.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "controls (cryptographic or physical: the answer is \"not recoverable by this method\"):"
        )?;
    }
    for c in &controls {
        writeln!(out, "{}", c.id)?;
        writeln!(out, "  algorithm   {}", c.algorithm)?;
        writeln!(out, "  calls       {}", c.calls)?;
        writeln!(out, "  secret      {} bits; {}", c.secret_bits, c.why)?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "{} sources: {} with a seed sweep, {} state mode only, {} controls",
        sources.len() + state_only.len() + controls.len(),
        sources.len(),
        state_only.len(),
        controls.len()
    )?;
    Ok(ExitCode::SUCCESS)
}

fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// `scheduler generators --json` (schema [`seedsieve_core::schema::GENERATORS`],
/// docs/schema/generators.schema.json): every generator the filter keeps.
#[derive(serde::Serialize)]
pub struct GeneratorsDoc {
    /// Always [`seedsieve_core::schema::GENERATORS`].
    pub schema: seedsieve_core::schema::Schema,
    /// Sources with a seed sweep, then state-only generators, then controls.
    pub generators: Vec<Generator>,
}

/// One generator of [`GeneratorsDoc`], by `kind`.
#[derive(serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Generator {
    /// A source the seed sweep covers (`seedsieve_core::registry::SOURCES`).
    Sweep {
        /// Source id (`--prng`).
        id: seedsieve_core::registry::SourceId,
        /// The generator family (sources of one family share raw outputs).
        family: seedsieve_core::registry::Family,
        /// The algorithm.
        algorithm: &'static str,
        /// The runtime calls that reach it.
        calls: &'static str,
        /// Its seeds.
        seed_space: SeedSpaceView,
        /// Range reductions and the runtime call each emulates.
        reductions: Vec<ReductionView>,
        /// The runtime source the emulation follows.
        reference: &'static str,
        /// Bits of generator state.
        state_bits: u32,
        /// Time estimates for a sweep.
        brute_force: BruteForce,
        /// The state-recovery method for the source, if any.
        state_recovery: Option<StateRecoveryView>,
    },
    /// A generator only state recovery covers (`--mode state`).
    StateOnly {
        /// Generator id (`--prng`).
        id: &'static str,
        /// The method.
        state_recovery: StateRecoveryView,
    },
    /// A cryptographic generator answered "not recoverable by this method".
    Control {
        /// Id (`--prng`).
        id: &'static str,
        /// The algorithm.
        algorithm: &'static str,
        /// The runtime calls that reach it.
        calls: &'static str,
        /// Bits of secret (key or entropy) behind the draws.
        secret_bits: u32,
        /// Always "not recoverable by this method".
        verdict: &'static str,
        /// Why neither a seed sweep nor state recovery applies.
        why: &'static str,
    },
}

/// A source's seeds, as [`seedsieve_core::registry::SeedSpace`].
#[derive(serde::Serialize)]
pub struct SeedSpaceView {
    /// Seeds `[start, end)` swept without `--seed-range`.
    pub default_sweep: [u64; 2],
    /// One past the largest seed the runtime takes.
    pub limit: u64,
    /// How the runtime takes its seed.
    pub note: &'static str,
}

/// A range reduction of a source.
#[derive(serde::Serialize)]
pub struct ReductionView {
    /// Reduction id.
    pub id: seedsieve_core::reduction::Reduction,
    /// The runtime call it emulates.
    pub call: &'static str,
}

/// A state-recovery method (`seedsieve_core::recover::method_for`).
#[derive(serde::Serialize)]
pub struct StateRecoveryView {
    /// Method id.
    pub method: &'static str,
    /// The draw forms it takes.
    pub draws: &'static str,
    /// The draws it needs, in words.
    pub needs: String,
}

/// Time estimates for a sweep of a source's default seeds and of its whole
/// seed space.
#[derive(serde::Serialize)]
pub struct BruteForce {
    /// Seeds of the default sweep.
    pub seeds: f64,
    /// Seconds on this CPU (measured per-core rate x threads).
    pub cpu_s: f64,
    /// The family's sieve rate on one core, millions of seeds per second
    /// (`seedsieve_core::rates`).
    pub cpu_mseeds_per_core: f64,
    /// `measured` (on this CPU, by this build) or `table` (the registry's figure).
    pub rate_source: RateSource,
    /// Seconds on one H100 by the operation model (132 SMs x 64 INT32 lanes
    /// x 1.98 GHz).
    pub h100_model_s: f64,
    /// Under a day on this CPU or an hour on the H100 model.
    pub feasible: bool,
    /// The same for the whole seed space (`limit` seeds).
    pub full_seed_space: BruteForceSpan,
}

/// [`BruteForce`] for the whole seed space.
#[derive(serde::Serialize)]
pub struct BruteForceSpan {
    /// Seeds.
    pub seeds: f64,
    /// Seconds on this CPU.
    pub cpu_s: f64,
    /// Seconds on the H100 model.
    pub h100_model_s: f64,
    /// Under a day on this CPU or an hour on the H100 model.
    pub feasible: bool,
}

/// Time estimates for sweeping a source's default seed range: on this CPU
/// (per-core rate measured here, `seedsieve_core::rates`, x threads) and on one H100 (operation model:
/// 132 SMs x 64 INT32 lanes x 1.98 GHz).
fn brute(s: &seedsieve_core::registry::SourceInfo) -> BruteForce {
    let seeds = s.seeds.default_end.saturating_sub(s.seeds.default_start) as f64;
    let rate = seedsieve_core::rates::rate(s.family);
    let per_s = rate.mseeds_per_core.max(1e-6) * 1e6 * threads() as f64;
    let cpu = seeds / per_s;
    let h100 = seeds * s.family.gpu_ops_per_seed() / (132.0 * 64.0 * 1.98e9);
    let full = s.seeds.limit as f64;
    let full_cpu = full / per_s;
    let full_h100 = full * s.family.gpu_ops_per_seed() / (132.0 * 64.0 * 1.98e9);
    BruteForce {
        seeds,
        cpu_s: cpu,
        cpu_mseeds_per_core: rate.mseeds_per_core,
        rate_source: rate.source,
        h100_model_s: h100,
        feasible: cpu < 86_400.0 || h100 < 3_600.0,
        full_seed_space: BruteForceSpan {
            seeds: full,
            cpu_s: full_cpu,
            h100_model_s: full_h100,
            feasible: full_cpu < 86_400.0 || full_h100 < 3_600.0,
        },
    }
}

fn human_secs(s: f64) -> String {
    match s {
        s if s < 1.0 => format!("{:.2} s", s),
        s if s < 120.0 => format!("{s:.0} s"),
        s if s < 7_200.0 => format!("{:.0} min", s / 60.0),
        s if s < 172_800.0 => format!("{:.1} h", s / 3_600.0),
        s => format!("{:.0} days", s / 86_400.0),
    }
}
