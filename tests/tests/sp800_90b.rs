//! Parity of the SP 800-90B estimators with NIST's reference tool
//! (usnistgov/SP800-90B_EntropyAssessment, `ea_non_iid -vv`): every figure of
//! every estimator line, counts exactly and the rest within 1e-9 relative.
//! The inputs and the reference's outputs, and the commands that made them,
//! are in tests/data/sp800_90b (see its README).

use std::path::Path;

use seedsieve_core::assess::run::assess;
use seedsieve_core::assess::samples::Samples;
use seedsieve_tests::sp800_90b::{compare, data_dir, figures, max_relative_difference, parse_res};

/// Assesses `bin` and compares with the reference's figures in `res`; returns
/// how many figures matched.
fn check(bin: &Path, res: &Path) -> usize {
    let samples = Samples::from_bytes_file(bin, None).expect("reference input reads");
    let ours = figures(&assess(&samples, &|_, _| {}));
    let text = std::fs::read_to_string(res).expect("reference figures read");
    let reference = parse_res(&text);
    assert!(
        reference.len() > 20,
        "{}: too few figures parsed",
        res.display()
    );
    let bad = compare(&reference, &ours);
    assert!(bad.is_empty(), "{}:\n{}", bin.display(), bad.join("\n"));
    eprintln!(
        "{}: {} figures, largest relative difference {:.1e}",
        bin.display(),
        reference.len(),
        max_relative_difference(&reference, &ours)
    );
    reference.len()
}

/// The committed inputs (NIST's 10,000-sample files and 20,000-sample prefixes
/// of its 1,000,000-sample files) against the reference's figures for them.
#[test]
fn committed_inputs_match_the_reference_tool() {
    let dir = data_dir();
    let mut files = 0;
    let mut figures = 0;
    for entry in std::fs::read_dir(dir.join("inputs")).expect("inputs dir") {
        let bin = entry.expect("dir entry").path();
        let stem = bin
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("utf-8 name")
            .to_string();
        figures += check(&bin, &dir.join("figures").join(format!("{stem}.res")));
        files += 1;
    }
    assert!(files >= 11, "only {files} inputs");
    eprintln!("{files} inputs, {figures} reference figures matched");
}

/// NIST's full reference data (bin/*.bin, 1,000,000 samples each) against
/// its own refdata (cpp/selftest/refdata/*.res, committed here as figures).
/// Needs the reference checkout: SP800_90B_BIN=<checkout>/bin.
#[test]
#[ignore = "slow tier: 11 files of up to 8,000,000 bits, and the reference's bin/ (8 MB) is not committed"]
fn nist_reference_data_matches_refdata() {
    let Some(bin_dir) = std::env::var_os("SP800_90B_BIN") else {
        eprintln!("SP800_90B_BIN is not set: skipped (point it at the reference checkout's bin/)");
        return;
    };
    let bin_dir = Path::new(&bin_dir);
    let dir = data_dir().join("refdata");
    let mut files = 0;
    let mut figures = 0;
    for entry in std::fs::read_dir(&dir).expect("refdata dir") {
        let res = entry.expect("dir entry").path();
        let stem = res
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("utf-8 name")
            .to_string();
        let bin = bin_dir.join(format!("{stem}.bin"));
        assert!(bin.exists(), "{} missing", bin.display());
        figures += check(&bin, &res);
        files += 1;
    }
    assert_eq!(files, 11);
    eprintln!("{files} files, {figures} reference figures matched");
}
