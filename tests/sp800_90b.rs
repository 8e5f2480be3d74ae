//! Parity with the NIST SP 800-90B reference tool (`ea_non_iid -vv`): our
//! [`Assessment`] written as the figures the reference prints, the reference's
//! `.res` files read the way its selftest (`compareresults.pl`) reads them, and
//! a comparison with the issue's tolerance.

use std::collections::BTreeMap;
use std::path::PathBuf;

use seedsieve_core::assess::predict::PredictorEstimate;
use seedsieve_core::assess::run::{Assessment, Estimator, Track, TrackEstimates};

/// `tests/data/sp800_90b`.
pub fn data_dir() -> PathBuf {
    crate::root().join("tests").join("data").join("sp800_90b")
}

/// Labelled figures, e.g. "Literal Most Common Value Estimate: p-hat" -> 0.0041.
pub type Figures = BTreeMap<String, f64>;

fn predictor(out: &mut Figures, track: Track, name: &str, e: &PredictorEstimate) {
    let p = format!("{} {} Estimate: ", track.label(), name);
    out.insert(format!("{p}C"), e.score.correct as f64);
    out.insert(format!("{p}r"), e.r as f64);
    out.insert(format!("{p}N"), e.score.predictions as f64);
    out.insert(format!("{p}P_global"), e.p_global);
    out.insert(format!("{p}P_global'"), e.p_global_upper);
    if let Some(pl) = e.p_local {
        out.insert(format!("{p}P_local"), pl);
    }
    out.insert(format!("{p}min entropy"), e.min_entropy);
}

fn track(out: &mut Figures, track: Track, t: &TrackEstimates) {
    let l = track.label();
    if let Some(e) = &t.most_common_value {
        let p = format!("{l} Most Common Value Estimate: ");
        out.insert(format!("{p}Mode count"), e.mode_count as f64);
        out.insert(format!("{p}p-hat"), e.p_hat);
        out.insert(format!("{p}p_u"), e.p_u);
        out.insert(format!("{p}min entropy"), e.min_entropy);
    }
    if let Some(e) = &t.collision {
        let p = format!("{l} Collision Estimate: ");
        out.insert(format!("{p}v"), e.collisions as f64);
        out.insert(format!("{p}Sum t_i"), e.sum_times as f64);
        out.insert(format!("{p}X-bar"), e.mean);
        out.insert(format!("{p}sigma-hat"), e.sigma);
        out.insert(format!("{p}X-bar'"), e.mean_lower);
        out.insert(format!("{p}p"), e.p.unwrap_or(0.5));
        out.insert(format!("{p}min entropy"), e.min_entropy);
    }
    if let Some(e) = &t.markov {
        let p = format!("{l} Markov Estimate: ");
        out.insert(format!("{p}P_0"), e.p0);
        out.insert(format!("{p}P_1"), e.p1);
        for (name, v) in ["P_{0,0}", "P_{0,1}", "P_{1,0}", "P_{1,1}"]
            .iter()
            .zip(e.transitions)
        {
            out.insert(format!("{p}{name}"), v);
        }
        out.insert(format!("{p}p-hat_max"), e.p_hat_max);
        out.insert(format!("{p}min entropy"), e.min_entropy);
    }
    if let Some(e) = &t.compression {
        let p = format!("{l} Compression Estimate: ");
        out.insert(format!("{p}X-bar"), e.mean);
        out.insert(format!("{p}sigma-hat"), e.sigma);
        out.insert(format!("{p}X-bar'"), e.mean_lower);
        out.insert(format!("{p}p"), e.p.unwrap_or(1.0 / 64.0));
        out.insert(format!("{p}min entropy"), e.min_entropy);
    }
    if let Some(e) = &t.t_tuple {
        let p = format!("{l} t-Tuple Estimate: ");
        out.insert(format!("{p}t"), e.t as f64);
        out.insert(format!("{p}p-hat_max"), e.p_hat_max);
        out.insert(format!("{p}p_u"), e.p_u);
        out.insert(format!("{p}min entropy"), e.min_entropy);
    }
    if let Some(e) = &t.lrs {
        let p = format!("{l} LRS Estimate: ");
        out.insert(format!("{p}u"), e.u as f64);
        out.insert(format!("{p}v"), e.v as f64);
        out.insert(format!("{p}p-hat"), e.p_hat);
        out.insert(format!("{p}p_u"), e.p_u);
        out.insert(format!("{p}min entropy"), e.min_entropy);
    }
    for e in [
        Estimator::MultiMcw,
        Estimator::Lag,
        Estimator::MultiMmc,
        Estimator::Lz78y,
    ] {
        if let Some(p) = t.predictor(e) {
            let name = match e {
                Estimator::MultiMcw => "MultiMCW Prediction",
                Estimator::Lag => "Lag Prediction",
                Estimator::MultiMmc => "MultiMMC Prediction",
                _ => "LZ78Y Prediction",
            };
            predictor(out, track, name, p);
        }
    }
}

/// Our assessment as the reference's figures.
pub fn figures(a: &Assessment) -> Figures {
    let mut out = Figures::new();
    if let Some(b) = &a.bitstring {
        track(&mut out, Track::Bitstring, b);
    }
    track(&mut out, Track::Literal, &a.literal);
    if let Some(h) = a.h_bitstring {
        out.insert("H_bitstring".into(), h);
    }
    out.insert("H_original".into(), a.h_original);
    out.insert("Assessed min entropy".into(), a.min_entropy);
    out
}

/// The figures of a reference `.res` file (`ea_non_iid -vv` output): every
/// "LABEL = NUMBER" line with "Estimate:" in it (as `compareresults.pl`
/// reads them), and the H_bitstring, H_original and assessed lines.
pub fn parse_res(text: &str) -> Figures {
    let mut out = Figures::new();
    for line in text.lines() {
        let line = line.trim_end();
        let (label, value) = if let Some((l, v)) = line.split_once(" = ") {
            (l.trim_end(), v)
        } else if let Some((l, v)) = line.split_once(": ") {
            if !matches!(l, "H_original" | "Assessed min entropy" | "H_bitstring") {
                continue;
            }
            (l, v)
        } else {
            continue;
        };
        let wanted = label.contains("Estimate:")
            || matches!(label, "H_original" | "Assessed min entropy" | "H_bitstring");
        if let (true, Ok(v)) = (wanted, value.trim().parse::<f64>()) {
            out.insert(label.to_string(), v);
        }
    }
    out
}

/// Whether a label names a count (compared exactly).
fn is_count(label: &str) -> bool {
    [
        "Mode count",
        ": v",
        "Sum t_i",
        ": t",
        ": u",
        ": C",
        ": r",
        ": N",
    ]
    .iter()
    .any(|s| label.ends_with(s))
}

/// Differences between the reference's figures and ours: counts must be equal,
/// other figures within 1e-9 relative. Figures the reference lacks are not
/// compared; ones we lack are reported.
pub fn compare(reference: &Figures, ours: &Figures) -> Vec<String> {
    let mut bad = Vec::new();
    for (label, &r) in reference {
        match ours.get(label) {
            None => bad.push(format!("{label}: reference {r}, ours missing")),
            Some(&o) => {
                let ok = if is_count(label) {
                    r == o
                } else {
                    let scale = r.abs().max(o.abs());
                    scale == 0.0 || (r - o).abs() / scale <= 1e-9
                };
                if !ok {
                    bad.push(format!("{label}: reference {r:.17e}, ours {o:.17e}"));
                }
            }
        }
    }
    bad
}

/// The largest relative difference between the reference's figures and ours
/// (over the figures both have).
pub fn max_relative_difference(reference: &Figures, ours: &Figures) -> f64 {
    reference
        .iter()
        .filter_map(|(label, &r)| ours.get(label).map(|&o| (r, o)))
        .map(|(r, o)| {
            let scale = r.abs().max(o.abs());
            if scale == 0.0 {
                0.0
            } else {
                (r - o).abs() / scale
            }
        })
        .fold(0.0, f64::max)
}
