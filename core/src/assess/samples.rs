//! Samples for the assessment: from a binary file (one sample per byte, its low
//! `bits` bits, as the NIST reference tool reads them) or from draws in
//! `[min, max]` (sample = draw - min). Builds the dense literal alphabet and the
//! bit string, and enforces the input limits.
//!
//! SP 800-90B (section 3.1.3, 6.3) defines samples of 1 to 8 bits. Draws of a
//! range wider than 256 values (9 to 16 bits) are assessed here too: the
//! estimators that the standard runs on literal symbols (6.3.1, 6.3.5-6.3.10)
//! run on the dense alphabet of up to 65536 distinct values, and the bit-string
//! estimators on the ceil(log2(max - min + 1))-bit encoding; see
//! docs/output.md for what this changes.

use std::path::Path;

/// Most bits (samples x bits per symbol) one assessment takes: the suffix
/// array, its inverse and the LCP array of the bit string cost 12 bytes a bit,
/// so this keeps an assessment under 1 GiB.
pub const MAX_BITSTRING: u64 = 1 << 26;
/// Widest sample the assessment takes, in bits.
pub const MAX_BITS: u32 = 16;
/// Samples the standard asks for in a full assessment (SP 800-90B 3.1.1).
pub const FULL_SAMPLES: usize = 1_000_000;

/// Input that cannot be assessed, naming the file and what is wrong.
#[derive(Debug, thiserror::Error)]
pub enum SamplesError {
    /// The file could not be read.
    #[error("{file}: cannot read: {source}")]
    Io {
        /// File name.
        file: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// No samples.
    #[error("{file}: no samples")]
    Empty {
        /// File name.
        file: String,
    },
    /// Every sample is the same symbol: SP 800-90B awards no entropy and the
    /// estimators are undefined.
    #[error("{file}: all {samples} samples are the one symbol {value}: no entropy to assess (SP 800-90B needs at least two distinct symbols)")]
    OneSymbol {
        /// File name.
        file: String,
        /// Number of samples.
        samples: usize,
        /// The symbol.
        value: i64,
    },
    /// A sample has bits above `--bits-per-symbol`.
    #[error("{file}: {at}: sample {value} does not fit in {bits}-bit symbols (--bits-per-symbol {bits})")]
    TooWide {
        /// File name.
        file: String,
        /// Where: "byte N" or "line N".
        at: String,
        /// The sample.
        value: u64,
        /// The declared bits per symbol.
        bits: u32,
    },
    /// `--bits-per-symbol` outside 1..=16 (1..=8 for binary files).
    #[error("bits per symbol {bits} is outside 1..={max}")]
    BadBits {
        /// The value given.
        bits: u32,
        /// The largest allowed.
        max: u32,
    },
    /// A draw range wider than 16 bits.
    #[error("range [{min}, {max}] needs {bits} bits per symbol; the assessment takes at most {MAX_BITS} (assess `draw - min` reduced to fewer bits, or a narrower range)")]
    RangeTooWide {
        /// Range minimum.
        min: i64,
        /// Range maximum.
        max: i64,
        /// Bits it needs.
        bits: u32,
    },
    /// More data than one assessment takes.
    #[error("{file}: {samples} samples x {bits} bits = {total} bits is over the assessment limit of {MAX_BITSTRING} bits (about 12 bytes of memory a bit); assess a prefix, e.g. the first {suggest} samples")]
    TooLarge {
        /// File name.
        file: String,
        /// Samples (or, for a file not read, its size in bytes).
        samples: u64,
        /// Bits per symbol.
        bits: u32,
        /// samples x bits.
        total: u64,
        /// Samples that fit.
        suggest: u64,
    },
}

/// The literal symbols, as dense indices into [`Samples::alphabet`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Literal {
    /// Up to 256 distinct values.
    Narrow(Vec<u8>),
    /// 257 to 65536 distinct values.
    Wide(Vec<u16>),
}

impl Literal {
    /// Number of samples.
    pub fn len(&self) -> usize {
        match self {
            Literal::Narrow(v) => v.len(),
            Literal::Wide(v) => v.len(),
        }
    }

    /// Whether there are no samples.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Samples ready for the estimators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Samples {
    /// Bits per symbol (the reference's word size).
    pub bits: u32,
    /// The distinct sample values (raw, before adding a draw range's min), in
    /// increasing order; literal symbol `i` stands for `alphabet[i]`.
    pub alphabet: Vec<u64>,
    /// The literal symbols.
    pub literal: Literal,
    /// Each sample's `bits` bits, most significant first, one per byte (0 or 1).
    pub bitstring: Vec<u8>,
    /// Declared bits per symbol wider than any sample uses (the reference warns
    /// "Symbols appear to be narrower than described").
    pub narrower_than_declared: bool,
}

impl Samples {
    /// Number of samples.
    pub fn len(&self) -> usize {
        self.literal.len()
    }

    /// Whether there are no samples (never true for a built `Samples`).
    pub fn is_empty(&self) -> bool {
        self.literal.is_empty()
    }

    /// Each sample's raw value (literal symbol `i` stands for `alphabet[i]`).
    pub fn raw(&self) -> Vec<u64> {
        let value = |i: usize| self.alphabet[i];
        match &self.literal {
            Literal::Narrow(v) => v.iter().map(|&s| value(usize::from(s))).collect(),
            Literal::Wide(v) => v.iter().map(|&s| value(usize::from(s))).collect(),
        }
    }

    /// Samples from raw values of `bits` bits (1..=[`MAX_BITS`]), as a
    /// scoring worker rebuilds them from a job's stored samples
    /// ([`crate::assess::fleet`]); the alphabet, literal symbols and bit
    /// string equal those of the samples the values came from.
    ///
    /// # Errors
    /// [`SamplesError::BadBits`] for a width outside 1..=16,
    /// [`SamplesError::TooWide`] for a value over it, and the errors of an
    /// empty, one-symbol or too large input.
    pub fn from_raw(file: &str, raw: &[u64], bits: u32) -> Result<Self, SamplesError> {
        if !(1..=MAX_BITS).contains(&bits) {
            return Err(SamplesError::BadBits {
                bits,
                max: MAX_BITS,
            });
        }
        if let Some(i) = raw.iter().position(|&v| v >> bits != 0) {
            return Err(SamplesError::TooWide {
                file: file.into(),
                at: format!("sample {i}"),
                value: raw[i],
                bits,
            });
        }
        Self::build(file, raw, bits, false, 0)
    }

    /// Builds samples from raw values that fit in `bits` bits (checked by the caller).
    fn build(
        file: &str,
        raw: &[u64],
        bits: u32,
        narrower: bool,
        offset: i64,
    ) -> Result<Self, SamplesError> {
        if raw.is_empty() {
            return Err(SamplesError::Empty { file: file.into() });
        }
        let total = raw.len() as u64 * u64::from(bits);
        if total > MAX_BITSTRING {
            return Err(too_large(file, raw.len() as u64, bits));
        }
        let mut present = vec![false; 1usize << bits];
        for &v in raw {
            present[v as usize] = true;
        }
        let alphabet: Vec<u64> = (0..present.len() as u64)
            .filter(|&v| present[v as usize])
            .collect();
        if alphabet.len() < 2 {
            return Err(SamplesError::OneSymbol {
                file: file.into(),
                samples: raw.len(),
                value: raw[0] as i64 + offset,
            });
        }
        let mut dense = vec![0u32; present.len()];
        for (i, &v) in alphabet.iter().enumerate() {
            dense[v as usize] = i as u32;
        }
        let literal = if alphabet.len() <= 256 {
            Literal::Narrow(raw.iter().map(|&v| dense[v as usize] as u8).collect())
        } else {
            Literal::Wide(raw.iter().map(|&v| dense[v as usize] as u16).collect())
        };
        let mut bitstring = Vec::with_capacity(total as usize);
        for &v in raw {
            for j in (0..bits).rev() {
                bitstring.push(((v >> j) & 1) as u8);
            }
        }
        Ok(Self {
            bits,
            alphabet,
            literal,
            bitstring,
            narrower_than_declared: narrower,
        })
    }

    /// Samples from a binary file: one per byte. `bits` (1..=8) declares the
    /// bits per symbol; `None` infers it from the highest bit set in any byte, as
    /// `ea_non_iid` does. Files over the limit are refused before they are read.
    pub fn from_bytes_file(path: &Path, bits: Option<u32>) -> Result<Self, SamplesError> {
        let file = path.display().to_string();
        let io = |source| SamplesError::Io {
            file: file.clone(),
            source,
        };
        let size = std::fs::metadata(path).map_err(io)?.len();
        let assumed = bits.unwrap_or(1);
        if size * u64::from(assumed) > MAX_BITSTRING {
            return Err(too_large(&file, size, assumed));
        }
        let bytes = std::fs::read(path).map_err(io)?;
        Self::from_bytes(&file, &bytes, bits)
    }

    /// Samples from bytes in memory; `file` names them in errors.
    pub fn from_bytes(file: &str, bytes: &[u8], bits: Option<u32>) -> Result<Self, SamplesError> {
        if bytes.is_empty() {
            return Err(SamplesError::Empty { file: file.into() });
        }
        let used = 8 - bytes.iter().fold(0u8, |m, &b| m | b).leading_zeros();
        let (bits, narrower) = match bits {
            None => (used.max(1), false),
            Some(b) if !(1..=8).contains(&b) => {
                return Err(SamplesError::BadBits { bits: b, max: 8 })
            }
            Some(b) => {
                if used > b {
                    let at = bytes
                        .iter()
                        .position(|&v| u32::from(v) >> b != 0)
                        .expect("some byte uses a bit above b");
                    return Err(SamplesError::TooWide {
                        file: file.into(),
                        at: format!("byte {at}"),
                        value: u64::from(bytes[at]),
                        bits: b,
                    });
                }
                (b, used < b)
            }
        };
        let raw: Vec<u64> = bytes.iter().map(|&b| u64::from(b)).collect();
        Self::build(file, &raw, bits, narrower, 0)
    }

    /// Samples from draws in `[min, max]`: sample = draw - min, with
    /// ceil(log2(max - min + 1)) bits per symbol unless `bits` says otherwise.
    /// `lines` gives each draw's line for errors.
    pub fn from_draws(
        file: &str,
        values: &[i64],
        lines: &[usize],
        min: i64,
        max: i64,
        bits: Option<u32>,
    ) -> Result<Self, SamplesError> {
        let span = (max as i128 - min as i128) as u128;
        let natural = (128 - span.leading_zeros()).max(1);
        let bits = match bits {
            Some(b) if !(1..=MAX_BITS).contains(&b) => {
                return Err(SamplesError::BadBits {
                    bits: b,
                    max: MAX_BITS,
                })
            }
            Some(b) => b,
            None if natural > MAX_BITS => {
                return Err(SamplesError::RangeTooWide {
                    min,
                    max,
                    bits: natural,
                })
            }
            None => natural,
        };
        let raw: Vec<u64> = values
            .iter()
            .map(|&v| (v as i128 - min as i128) as u64)
            .collect();
        if let Some(i) = raw.iter().position(|&v| v >> bits != 0) {
            return Err(SamplesError::TooWide {
                file: file.into(),
                at: format!("line {}", lines.get(i).copied().unwrap_or(i + 1)),
                value: raw[i],
                bits,
            });
        }
        let used = 64 - raw.iter().fold(0u64, |m, &v| m | v).leading_zeros();
        Self::build(file, &raw, bits, used < bits && bits != natural, min)
    }
}

fn too_large(file: &str, samples: u64, bits: u32) -> SamplesError {
    SamplesError::TooLarge {
        file: file.into(),
        samples,
        bits,
        total: samples * u64::from(bits),
        suggest: MAX_BITSTRING / u64::from(bits),
    }
}
