//! `scheduler generators`.

use crate::cli::GeneratorsArgs;
use crate::SchedulerError;
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
        let mut v: Vec<_> = sources
            .iter()
            .map(|s| {
                serde_json::json!({
                    "id": s.id, "kind": "sweep", "family": s.family, "algorithm": s.algorithm, "calls": s.calls,
                    "seed_space": {"default_sweep": [s.seeds.default_start, s.seeds.default_end], "limit": s.seeds.limit, "note": s.seeds.note},
                    "reductions": s.reductions.iter().map(|(r, c)| serde_json::json!({"id": r, "call": c})).collect::<Vec<_>>(),
                    "reference": s.reference,
                    "state_bits": s.family.state_bits(),
                    "brute_force": brute(s),
                    "state_recovery": seedsieve_core::recover::method_for(s.id.id()).map(|(m, f, n)| serde_json::json!({"method": m, "draws": f, "needs": n})),
                })
            })
            .collect();
        for (id, form, method) in &state_only {
            let needs = seedsieve_core::recover::method_for(id).map_or_else(String::new, |m| m.2);
            v.push(serde_json::json!({"id": id, "kind": "state_only",
                "state_recovery": {"method": method, "draws": form, "needs": needs}}));
        }
        for c in &controls {
            v.push(serde_json::json!({"id": c.id, "kind": "control", "algorithm": c.algorithm,
                "calls": c.calls, "secret_bits": c.secret_bits, "verdict": "not recoverable by this method", "why": c.why}));
        }
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&v).unwrap_or_default()
        )?;
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
            human_secs(b["cpu_s"].as_f64().unwrap_or(0.0)),
            threads(),
            human_secs(b["h100_model_s"].as_f64().unwrap_or(0.0))
        )?;
        if s.seeds.limit > s.seeds.default_end {
            let f = &b["full_seed_space"];
            writeln!(
                out,
                "              whole seed space ({}): about {} on this CPU, {} on one H100 (model){}",
                fmt_bound(s.seeds.limit),
                human_secs(f["cpu_s"].as_f64().unwrap_or(0.0)),
                human_secs(f["h100_model_s"].as_f64().unwrap_or(0.0)),
                if f["feasible"].as_bool().unwrap_or(false) { "" } else { ": infeasible" }
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

/// Time estimates for sweeping a source's default seed range: on this CPU
/// (measured per-core rate x threads) and on one H100 (operation model:
/// 132 SMs x 64 INT32 lanes x 1.98 GHz).
fn brute(s: &seedsieve_core::registry::SourceInfo) -> serde_json::Value {
    let seeds = s.seeds.default_end.saturating_sub(s.seeds.default_start) as f64;
    let cpu = seeds / (s.family.cpu_mseeds_per_core() * 1e6 * threads() as f64);
    let h100 = seeds * s.family.gpu_ops_per_seed() / (132.0 * 64.0 * 1.98e9);
    let full = s.seeds.limit as f64;
    let full_cpu = full / (s.family.cpu_mseeds_per_core() * 1e6 * threads() as f64);
    let full_h100 = full * s.family.gpu_ops_per_seed() / (132.0 * 64.0 * 1.98e9);
    serde_json::json!({"seeds": seeds, "cpu_s": cpu, "h100_model_s": h100, "feasible": cpu < 86_400.0 || h100 < 3_600.0,
        "full_seed_space": {"seeds": full, "cpu_s": full_cpu, "h100_model_s": full_h100, "feasible": full_cpu < 86_400.0 || full_h100 < 3_600.0}})
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
