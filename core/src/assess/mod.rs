//! How predictable is a source? The NIST SP 800-90B non-IID min-entropy
//! assessment (section 6.3, the ten estimators) over a symbol sequence, as the
//! reference tool `ea_non_iid -a` computes it.
//!
//! - [`samples`]: symbols from a binary file or from draws: bits per symbol,
//!   the dense literal alphabet and the bit string; input limits.
//! - [`stats`]: most common value (6.3.1), collision (6.3.2), Markov (6.3.3).
//! - [`compression`]: compression (6.3.4).
//! - [`tuples`]: t-tuple (6.3.5) and longest repeated substring (6.3.6).
//! - [`predictors`]: MultiMCW (6.3.7), Lag (6.3.8), MultiMMC (6.3.9), LZ78Y (6.3.10).
//! - [`predict`]: the predictors' shared P_global / P_local rule.
//! - [`run`]: all estimators on both tracks, H_original, H_bitstring and the
//!   assessed min-entropy min(H_original, bits x H_bitstring).
//! - [`fleet`]: the estimators as scoring shards on the fleet (`stream:score`).
//! - [`report`]: the `assess` report beside the sieve's outcome, and its verdict.
//!
//! Each estimator is a pure function over a slice of symbols. The literal
//! symbols are the dense alphabet (the distinct values in increasing order,
//! as the reference's "translated" symbols); the bit string is each sample's
//! `bits` low bits, most significant first.

pub mod compression;
pub mod fleet;
pub mod numeric;
pub mod predict;
pub mod predictors;
pub mod report;
pub mod run;
pub mod samples;
pub mod stats;
pub mod tuples;

use std::hash::Hash;

/// A literal symbol type: `u8` for alphabets of up to 256 distinct values (the
/// standard's case), `u16` for wider ones (draws in 0..999, say).
pub trait Symbol: Copy + Eq + Ord + Hash + Send + Sync + std::fmt::Debug + 'static {
    /// Bytes per symbol.
    const BYTES: usize;
    /// A context of up to 16 symbols packed as a hash key.
    type Key: Copy + Eq + Hash + Send + Sync + std::fmt::Debug;
    /// The symbol as an index below the alphabet size.
    fn index(self) -> usize;
    /// The symbol at an index (below 2^(8 x BYTES)).
    fn from_index(i: usize) -> Self;
    /// Packs a context of at most 16 symbols; distinct contexts of one length
    /// give distinct keys.
    fn key(context: &[Self]) -> Self::Key;
}

impl Symbol for u8 {
    const BYTES: usize = 1;
    type Key = u128;
    #[inline]
    fn index(self) -> usize {
        usize::from(self)
    }
    #[inline]
    fn from_index(i: usize) -> Self {
        i as u8
    }
    #[inline]
    fn key(context: &[Self]) -> u128 {
        context.iter().fold(0u128, |k, &s| (k << 8) | u128::from(s))
    }
}

impl Symbol for u16 {
    const BYTES: usize = 2;
    type Key = (u128, u128);
    #[inline]
    fn index(self) -> usize {
        usize::from(self)
    }
    #[inline]
    fn from_index(i: usize) -> Self {
        i as u16
    }
    #[inline]
    fn key(context: &[Self]) -> (u128, u128) {
        let (a, b) = context.split_at(context.len().min(8));
        let pack = |part: &[u16]| part.iter().fold(0u128, |k, &s| (k << 16) | u128::from(s));
        (pack(a), pack(b))
    }
}
