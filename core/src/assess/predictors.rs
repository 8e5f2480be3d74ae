//! The four predictor estimators of SP 800-90B: MultiMCW (6.3.7), Lag (6.3.8),
//! MultiMMC (6.3.9) and LZ78Y (6.3.10). Each walks the sequence once, guessing
//! every symbol from the ones before it, and returns its [`PredictorScore`] and
//! its guess for the symbol after the last one; [`super::predict`] turns the
//! score into a min-entropy.
//!
//! Tie-breaking follows the standard and the NIST reference tool: MultiMCW's
//! most common value prefers the most recent symbol, the (x, y) dictionaries of
//! MultiMMC and LZ78Y prefer the larger y among equal counts, and a scoreboard
//! tie goes to the later (longer) predictor.

use std::collections::HashMap;

use rustc_hash::FxBuildHasher;

use super::predict::{PredictorScore, Tally};
use super::Symbol;

/// A predictor's outcome over a sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PredictorRun<S> {
    /// C, N and the longest run of correct guesses.
    pub score: PredictorScore,
    /// The winning sub-predictor's guess for the next symbol, if it has one.
    pub next: Option<S>,
}

/// Window sizes of MultiMCW.
const MCW_WINDOWS: [usize; 4] = [63, 255, 1023, 4095];

/// SP 800-90B 6.3.7 over `symbols` (each below `k`). `None` with 4095 symbols or fewer.
pub fn multi_mcw<S: Symbol>(symbols: &[S], k: usize) -> Option<PredictorRun<S>> {
    let w = MCW_WINDOWS;
    let len = symbols.len();
    if len < w[3] + 1 {
        return None;
    }
    let at = |i: usize| symbols[i].index();
    let mut counts = vec![[0u32; 4]; k];
    let mut last_pos = vec![[0usize; 4]; k];
    let mut max_count = [0u32; 4];
    let mut frequent = [0usize; 4];
    let mut scoreboard = [0u64; 4];
    let mut winner = 0usize;
    let mut tally = Tally::default();
    for (i, s) in symbols.iter().map(|s| s.index()).enumerate().take(w[3]) {
        for j in 0..4 {
            if i < w[j] {
                counts[s][j] += 1;
                if max_count[j] <= counts[s][j] {
                    max_count[j] = counts[s][j];
                    frequent[j] = s;
                }
                last_pos[s][j] = i;
            }
        }
    }
    for i in w[0]..len {
        let s = at(i);
        tally.record(frequent[winner] == s);
        for j in 0..4 {
            if i >= w[j] && frequent[j] == s {
                scoreboard[j] += 1;
                if scoreboard[j] >= scoreboard[winner] {
                    winner = j;
                }
            }
        }
        for j in 0..4 {
            if i < w[j] {
                continue;
            }
            let old = at(i - w[j]);
            counts[old][j] -= 1;
            counts[s][j] += 1;
            last_pos[s][j] = i;
            if old != frequent[j] && max_count[j] <= counts[s][j] {
                max_count[j] = counts[s][j];
                frequent[j] = s;
            } else if old == frequent[j] {
                max_count[j] -= 1;
                let mut best_pos = i - w[j];
                for (sym, (c, p)) in counts.iter().zip(&last_pos).enumerate() {
                    if max_count[j] < c[j] || (max_count[j] == c[j] && best_pos <= p[j]) {
                        max_count[j] = c[j];
                        frequent[j] = sym;
                        best_pos = p[j];
                    }
                }
            }
        }
    }
    Some(PredictorRun {
        score: tally.score((len - w[0]) as u64),
        next: Some(S::from_index(frequent[winner])),
    })
}

/// Lags tried by the Lag predictor.
const LAGS: usize = 128;

/// SP 800-90B 6.3.8 over `symbols`: 128 predictors, the d-th guessing the symbol
/// d places back. `None` with fewer than 3 symbols.
pub fn lag<S: Symbol>(symbols: &[S]) -> Option<PredictorRun<S>> {
    let len = symbols.len();
    if len < 3 {
        return None;
    }
    // score[d] counts the correct guesses of the lag-(d + 1) predictor; it is
    // kept reversed (rev[LAGS - 1 - d]) so that the window S[i-128..i] lines up
    // with it element by element.
    let mut rev = [0u32; LAGS];
    let mut masked = [0u32; LAGS];
    let mut winner = 0usize;
    let mut high = 0u32;
    let mut tally = Tally::default();
    for i in 1..len {
        let s = symbols[i];
        tally.record(s == symbols[i - winner - 1]);
        let span = i.min(LAGS);
        let window = &symbols[i - span..i];
        let rev_part = &mut rev[LAGS - span..];
        let masked_part = &mut masked[LAGS - span..];
        for ((c, m), &x) in rev_part.iter_mut().zip(masked_part.iter_mut()).zip(window) {
            let hit = u32::from(x == s);
            *c += hit;
            *m = *c * hit;
        }
        let top = masked_part.iter().copied().max().unwrap_or(0);
        if top > 0 && top >= high {
            // The sequential rule (for d ascending: if score[d] >= high, winner = d)
            // ends on the largest matching d whose score equals the new maximum.
            let j = masked_part
                .iter()
                .position(|&m| m == top)
                .expect("top is an element of masked_part");
            winner = span - 1 - j;
            high = top;
        }
    }
    Some(PredictorRun {
        score: tally.score((len - 1) as u64),
        next: Some(symbols[len - winner - 1]),
    })
}

/// Deepest context of MultiMMC and LZ78Y.
const DEPTH: usize = 16;
/// MultiMMC's cap on dictionary entries per depth.
const MMC_MAX_ENTRIES: u64 = 100_000;
/// LZ78Y's cap on dictionary entries.
const LZ_MAX_ENTRIES: u64 = 65_536;

/// Counts of the symbols seen after one context, with the current best (most
/// counts, then the larger symbol), kept as counts grow one at a time.
#[derive(Debug, Clone)]
struct Postfixes<S> {
    first: (S, u64),
    rest: Vec<(S, u64)>,
    best: (S, u64),
}

impl<S: Symbol> Postfixes<S> {
    fn new(y: S) -> Self {
        Self {
            first: (y, 1),
            rest: Vec::new(),
            best: (y, 1),
        }
    }

    /// Counts `y` if it is present, or adds it when `may_add`; says whether it added.
    fn increment(&mut self, y: S, may_add: bool) -> bool {
        let (count, added) = if self.first.0 == y {
            self.first.1 += 1;
            (self.first.1, false)
        } else if let Some(e) = self.rest.iter_mut().find(|e| e.0 == y) {
            e.1 += 1;
            (e.1, false)
        } else if may_add {
            self.rest.push((y, 1));
            (1, true)
        } else {
            return false;
        };
        if count > self.best.1 || (count == self.best.1 && y > self.best.0) {
            self.best = (y, count);
        }
        added
    }
}

type ContextMap<S> = HashMap<<S as Symbol>::Key, Postfixes<S>, FxBuildHasher>;

/// SP 800-90B 6.3.9 over `symbols` (each below `k`): Markov models of order 1 to
/// 16 with counting. `None` with 16 symbols or fewer.
pub fn multi_mmc<S: Symbol>(symbols: &[S], k: usize) -> Option<PredictorRun<S>> {
    if symbols.len() <= DEPTH {
        return None;
    }
    if k == 2 {
        return Some(binary_multi_mmc(symbols));
    }
    let len = symbols.len();
    let mut maps: Vec<ContextMap<S>> = (0..DEPTH).map(|_| ContextMap::<S>::default()).collect();
    let mut entries = [0u64; DEPTH];
    for d in 0..DEPTH {
        maps[d].insert(S::key(&symbols[..=d]), Postfixes::new(symbols[d + 1]));
        entries[d] = 1;
    }
    let mut scoreboard = [0u64; DEPTH];
    let mut winner = 0usize;
    let (mut correct, mut run, mut longest) = (0u64, 0u64, 0u64);
    for i in 2..len {
        let s = symbols[i];
        let cur_winner = winner;
        let mut found = false;
        for d in 0..DEPTH.min(i - 1) {
            let key = S::key(&symbols[i - d - 1..i]);
            let may_add = entries[d] < MMC_MAX_ENTRIES;
            let entry = if d == 0 || found {
                let e = maps[d].get_mut(&key);
                found = e.is_some();
                e
            } else {
                None
            };
            match entry {
                Some(post) => {
                    if post.best.0 == s {
                        scoreboard[d] += 1;
                        if scoreboard[d] >= scoreboard[winner] {
                            winner = d;
                        }
                        if d == cur_winner {
                            correct += 1;
                            run += 1;
                            longest = longest.max(run);
                        }
                    } else if d == cur_winner {
                        run = 0;
                    }
                    if post.increment(s, may_add) {
                        entries[d] += 1;
                    }
                }
                None => {
                    if may_add {
                        // As the reference's `M[d][x]`: counts into an existing
                        // entry if one is there, else creates it.
                        maps[d]
                            .entry(key)
                            .and_modify(|p| {
                                p.increment(s, true);
                            })
                            .or_insert_with(|| Postfixes::new(s));
                        entries[d] += 1;
                    }
                }
            }
        }
    }
    let next = (winner < len)
        .then(|| maps[winner].get(&S::key(&symbols[len - winner - 1..])))
        .flatten()
        .map(|p| p.best.0);
    Some(PredictorRun {
        score: PredictorScore {
            correct,
            predictions: (len - 2) as u64,
            longest_run: longest,
        },
        next,
    })
}

/// Dense tables for binary contexts of 1 to 16 bits: table `d` holds, for each
/// (d + 1)-bit context, the counts of a following 0 and 1.
struct BinaryTables {
    tables: Vec<Vec<u32>>,
}

impl BinaryTables {
    fn new() -> Self {
        Self {
            tables: (0..DEPTH).map(|d| vec![0u32; 1 << (d + 2)]).collect(),
        }
    }

    /// Index of the context of length `d + 1` given as the low bits of `pattern`.
    #[inline]
    fn slot(d: usize, pattern: u32) -> usize {
        ((pattern & ((1u32 << (d + 1)) - 1)) as usize) << 1
    }

    /// The two counts after the context.
    #[inline]
    fn counts(&mut self, d: usize, pattern: u32) -> &mut [u32] {
        let at = Self::slot(d, pattern);
        &mut self.tables[d][at..at + 2]
    }
}

/// Prediction from a context's two counts: the larger, 1 on a tie; `None` when
/// the context was never seen.
#[inline]
fn binary_guess(c: &[u32]) -> Option<(usize, u32)> {
    let (guess, count) = if c[0] > c[1] { (0, c[0]) } else { (1, c[1]) };
    (count > 0).then_some((guess, count))
}

fn binary_multi_mmc<S: Symbol>(symbols: &[S]) -> PredictorRun<S> {
    let bits: Vec<u8> = symbols.iter().map(|s| (s.index() & 1) as u8).collect();
    let len = bits.len();
    let mut t = BinaryTables::new();
    let mut entries = [0u64; DEPTH];
    let mut pattern = 0u32;
    for d in 0..DEPTH {
        pattern = (pattern << 1) | bits[d] as u32;
        t.counts(d, pattern)[usize::from(bits[d + 1])] = 1;
        entries[d] = 1;
    }
    let mut scoreboard = [0u64; DEPTH];
    let mut winner = 0usize;
    let (mut correct, mut run, mut longest) = (0u64, 0u64, 0u64);
    for i in 2..len {
        let s = usize::from(bits[i]);
        let cur_winner = winner;
        let mut found = false;
        let mut pattern = 0u32;
        for d in 0..DEPTH.min(i - 1) {
            pattern |= (bits[i - d - 1] as u32) << d;
            let may_add = entries[d] < MMC_MAX_ENTRIES;
            let c = t.counts(d, pattern);
            let mut guess = None;
            if d == 0 || found {
                guess = binary_guess(c);
                found = guess.is_some();
            }
            if let Some((g, _)) = guess {
                if g == s {
                    scoreboard[d] += 1;
                    if scoreboard[d] >= scoreboard[winner] {
                        winner = d;
                    }
                    if d == cur_winner {
                        correct += 1;
                        run += 1;
                        longest = longest.max(run);
                    }
                } else if d == cur_winner {
                    run = 0;
                }
                if c[s] != 0 {
                    c[s] += 1;
                } else if may_add {
                    c[s] = 1;
                    entries[d] += 1;
                }
            } else if may_add {
                c[s] = 1;
                entries[d] += 1;
            }
        }
    }
    let context = bits[len - winner - 1..]
        .iter()
        .fold(0u32, |acc, &b| (acc << 1) | b as u32);
    let next = binary_guess(t.counts(winner, context)).map(|(g, _)| S::from_index(g));
    PredictorRun {
        score: PredictorScore {
            correct,
            predictions: (len - 2) as u64,
            longest_run: longest,
        },
        next,
    }
}

/// SP 800-90B 6.3.10 over `symbols` (each below `k`): an LZ78-like dictionary
/// of contexts up to 16 symbols, guessing from the most counted continuation
/// among the contexts that match. `None` with 17 symbols or fewer.
pub fn lz78y<S: Symbol>(symbols: &[S], k: usize) -> Option<PredictorRun<S>> {
    let len = symbols.len();
    if len < DEPTH + 2 {
        return None;
    }
    if k == 2 {
        return Some(binary_lz78y(symbols));
    }
    let mut maps: Vec<ContextMap<S>> = (0..DEPTH).map(|_| ContextMap::<S>::default()).collect();
    let mut size = 0u64;
    for j in 1..=DEPTH {
        maps[j - 1].insert(
            S::key(&symbols[DEPTH - j..DEPTH]),
            Postfixes::new(symbols[DEPTH]),
        );
        size += 1;
    }
    let mut tally = Tally::default();
    let guess = |maps: &[ContextMap<S>], end: usize| {
        let mut best: Option<(S, u64)> = None;
        for j in (1..=DEPTH).rev() {
            if let Some(p) = maps[j - 1].get(&S::key(&symbols[end - j..end])) {
                if p.best.1 > best.map_or(0, |b| b.1) {
                    best = Some(p.best);
                }
            }
        }
        best.map(|b| b.0)
    };
    for i in DEPTH + 1..len {
        let s = symbols[i];
        let mut best: Option<(S, u64)> = None;
        for j in (1..=DEPTH).rev() {
            let key = S::key(&symbols[i - j..i]);
            match maps[j - 1].get_mut(&key) {
                Some(p) => {
                    if p.best.1 > best.map_or(0, |b| b.1) {
                        best = Some(p.best);
                    }
                    p.increment(s, true);
                }
                None => {
                    if size < LZ_MAX_ENTRIES {
                        maps[j - 1].insert(key, Postfixes::new(s));
                        size += 1;
                    }
                }
            }
        }
        tally.record(best.is_some_and(|b| b.0 == s));
    }
    Some(PredictorRun {
        score: tally.score((len - DEPTH - 1) as u64),
        next: guess(&maps, len),
    })
}

fn binary_lz78y<S: Symbol>(symbols: &[S]) -> PredictorRun<S> {
    let bits: Vec<u8> = symbols.iter().map(|s| (s.index() & 1) as u8).collect();
    let len = bits.len();
    let mut t = BinaryTables::new();
    let mut size = 0u64;
    let mut pattern = 0u32;
    for j in 0..DEPTH {
        pattern |= (bits[DEPTH - j - 1] as u32) << j;
        t.counts(j, pattern)[usize::from(bits[DEPTH])] = 1;
        size += 1;
    }
    let context = |end: usize| {
        bits[end - DEPTH..end]
            .iter()
            .fold(0u32, |acc, &b| (acc << 1) | b as u32)
    };
    let mut tally = Tally::default();
    for (i, &s) in bits.iter().enumerate().skip(DEPTH + 1) {
        let s = usize::from(s);
        let pattern = context(i);
        let mut best: Option<(usize, u32)> = None;
        for j in (0..DEPTH).rev() {
            let c = t.counts(j, pattern);
            match binary_guess(c) {
                Some((g, count)) => {
                    if count > best.map_or(0, |b| b.1) {
                        best = Some((g, count));
                    }
                    c[s] += 1;
                }
                None => {
                    if size < LZ_MAX_ENTRIES {
                        c[s] = 1;
                        size += 1;
                    }
                }
            }
        }
        tally.record(best.is_some_and(|b| b.0 == s));
    }
    let pattern = context(len);
    let mut best: Option<(usize, u32)> = None;
    for j in (0..DEPTH).rev() {
        if let Some((g, count)) = binary_guess(t.counts(j, pattern)) {
            if count > best.map_or(0, |b| b.1) {
                best = Some((g, count));
            }
        }
    }
    PredictorRun {
        score: tally.score((len - DEPTH - 1) as u64),
        next: best.map(|b| S::from_index(b.0)),
    }
}
