//! Helpers shared by the end-to-end tests: where the vectors, corpus and built
//! binaries are.

use std::path::PathBuf;

/// The workspace root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `tests/vectors`.
pub fn vectors_dir() -> PathBuf {
    root().join("tests").join("vectors")
}

/// `../shared/corpus` beside the checkout (CI clones with shared/ beside it), or
/// `SEEDSIEVE_CORPUS`.
pub fn corpus_dir() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("SEEDSIEVE_CORPUS") {
        return Some(PathBuf::from(p));
    }
    [root().join("..").join("shared").join("corpus"), root().join("shared").join("corpus")].into_iter().find(|p| p.is_dir())
}

/// One line of a vectors file (see tests/vectors/oracles/common.txt).
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Vector {
    /// Source id.
    pub source: String,
    /// The runtime call that produced the values.
    pub call: String,
    /// The seed (signed: Go and .NET take signed seeds).
    pub seed: i128,
    /// Reduction id, or "raw" / "raw31".
    pub reduction: String,
    /// Range minimum.
    pub min: i64,
    /// Range maximum.
    pub max: i64,
    /// The values.
    pub values: Vec<i128>,
}

/// Every vector of every `tests/vectors/*.jsonl` file.
pub fn all_vectors() -> Vec<Vector> {
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(vectors_dir()).expect("tests/vectors exists").flatten().map(|e| e.path()).collect();
    files.sort();
    for f in files.into_iter().filter(|p| p.extension().is_some_and(|e| e == "jsonl")) {
        let text = std::fs::read_to_string(&f).expect("readable vectors file");
        for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            out.push(serde_json::from_str(line).unwrap_or_else(|e| panic!("{}:{}: {e}", f.display(), i + 1)));
        }
    }
    out
}
