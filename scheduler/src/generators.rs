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
pub fn print(args: &GeneratorsArgs) -> Result<ExitCode, SchedulerError> {
    let mut out = std::io::stdout().lock();
    if args.json {
        let v: Vec<_> = SOURCES
            .iter()
            .map(|s| {
                serde_json::json!({
                    "id": s.id, "family": s.family, "algorithm": s.algorithm, "calls": s.calls,
                    "seed_space": {"default_sweep": [s.seeds.default_start, s.seeds.default_end], "limit": s.seeds.limit, "note": s.seeds.note},
                    "reductions": s.reductions.iter().map(|(r, c)| serde_json::json!({"id": r, "call": c})).collect::<Vec<_>>(),
                    "reference": s.reference,
                })
            })
            .collect();
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&v).unwrap_or_default()
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    for s in SOURCES {
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
        writeln!(out, "  follows     {}", s.reference)?;
    }
    Ok(ExitCode::SUCCESS)
}
