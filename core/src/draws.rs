//! Draw files: one integer draw per line; blank lines and `#` comments ignored.

use std::io::BufRead;
use std::path::Path;

/// A draw file that could not be used, naming the file, line and value.
#[derive(Debug, thiserror::Error)]
pub enum DrawsError {
    /// The file could not be read.
    #[error("{file}: cannot read: {source}")]
    Io {
        /// File name (`-` for stdin).
        file: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A token is not an integer.
    #[error("{file}:{line}: draw '{value}' is not an integer")]
    NotInteger {
        /// File name.
        file: String,
        /// 1-based line.
        line: usize,
        /// The token.
        value: String,
    },
    /// A draw lies outside [min, max].
    #[error("{file}:{line}: draw {value} is outside [{min}, {max}]")]
    OutOfRange {
        /// File name.
        file: String,
        /// 1-based line.
        line: usize,
        /// The draw.
        value: i64,
        /// Range minimum.
        min: i64,
        /// Range maximum.
        max: i64,
    },
    /// A token is not a float in [0, 1).
    #[error("{file}:{line}: draw '{value}' is not a number in [0, 1)")]
    NotUnitFloat {
        /// File name.
        file: String,
        /// 1-based line.
        line: usize,
        /// The token.
        value: String,
    },
    /// A float that is not a multiple of 2^-53: printed with too few digits to
    /// name the generator's output exactly.
    #[error("{file}:{line}: draw '{value}' is not a multiple of 2^-53: the sieve needs floats printed in full (shortest round-trip, e.g. Python repr, Java Double.toString, printf %.17g)")]
    NotExactFloat {
        /// File name.
        file: String,
        /// 1-based line.
        line: usize,
        /// The token.
        value: String,
    },
    /// A tuple line that is not k distinct integers of [min, max].
    #[error("{file}:{line}: tuple '{value}': {why}")]
    BadTuple {
        /// File name.
        file: String,
        /// 1-based line.
        line: usize,
        /// The line.
        value: String,
        /// What is wrong with it.
        why: String,
    },
    /// A token is not an unsigned 64-bit integer.
    #[error("{file}:{line}: raw output '{value}' is not an unsigned 64-bit integer")]
    NotRaw {
        /// File name.
        file: String,
        /// 1-based line.
        line: usize,
        /// The token.
        value: String,
    },
    /// A line that is not UTF-8 text (a binary file, another encoding).
    #[error("{file}:{line}: the line is not UTF-8 text")]
    NotUtf8 {
        /// File name.
        file: String,
        /// 1-based line.
        line: usize,
    },
    /// No draws at all.
    #[error("{file}: no draws (the file is empty or holds only comments)")]
    Empty {
        /// File name.
        file: String,
    },
}

/// Draws read from a file, with the 1-based line each came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draws {
    /// The values, in file order.
    pub values: Vec<i64>,
    /// The line of each value.
    pub lines: Vec<usize>,
}

/// The lines of `reader` (without their `\n` or `\r\n`), each with its
/// 0-based index; `file` names it in errors. A line that is not UTF-8 is a
/// [`DrawsError::NotUtf8`] naming the line, a read failure a [`DrawsError::Io`].
fn text_lines<'a>(
    reader: impl BufRead + 'a,
    file: &'a str,
) -> impl Iterator<Item = Result<(usize, String), DrawsError>> + 'a {
    reader.split(b'\n').enumerate().map(move |(i, bytes)| {
        let mut bytes = bytes.map_err(|source| DrawsError::Io {
            file: file.to_string(),
            source,
        })?;
        if bytes.last() == Some(&b'\r') {
            bytes.pop();
        }
        String::from_utf8(bytes)
            .map(|line| (i, line))
            .map_err(|_| DrawsError::NotUtf8 {
                file: file.to_string(),
                line: i + 1,
            })
    })
}

/// Parses draws from `reader`; `file` names it in errors. Every draw must lie in
/// [min, max].
pub fn parse(reader: impl BufRead, file: &str, min: i64, max: i64) -> Result<Draws, DrawsError> {
    let mut d = Draws {
        values: Vec::new(),
        lines: Vec::new(),
    };
    for line in text_lines(reader, file) {
        let (i, line) = line?;
        let text = line.split('#').next().unwrap_or("").trim();
        if text.is_empty() {
            continue;
        }
        let value: i64 = text.parse().map_err(|_| DrawsError::NotInteger {
            file: file.to_string(),
            line: i + 1,
            value: text.to_string(),
        })?;
        if value < min || value > max {
            return Err(DrawsError::OutOfRange {
                file: file.to_string(),
                line: i + 1,
                value,
                min,
                max,
            });
        }
        d.values.push(value);
        d.lines.push(i + 1);
    }
    if d.values.is_empty() {
        return Err(DrawsError::Empty {
            file: file.to_string(),
        });
    }
    Ok(d)
}

/// Reads draws from a path, or stdin for `-`.
pub fn read(path: &Path, min: i64, max: i64) -> Result<Draws, DrawsError> {
    let name = path.display().to_string();
    if name == "-" {
        let stdin = std::io::stdin();
        return parse(stdin.lock(), "<stdin>", min, max);
    }
    let f = std::fs::File::open(path).map_err(|source| DrawsError::Io {
        file: name.clone(),
        source,
    })?;
    parse(std::io::BufReader::new(f), &name, min, max)
}

/// Reads the tokens of a draw file (one per line; blank lines and `#` comments
/// skipped) with their 1-based line numbers; `-` reads stdin.
fn tokens(path: &Path) -> Result<(String, Vec<(usize, String)>), DrawsError> {
    let name = path.display().to_string();
    let (file, reader): (String, Box<dyn BufRead>) = if name == "-" {
        (
            "<stdin>".into(),
            Box::new(std::io::BufReader::new(std::io::stdin())),
        )
    } else {
        let f = std::fs::File::open(path).map_err(|source| DrawsError::Io {
            file: name.clone(),
            source,
        })?;
        (name, Box::new(std::io::BufReader::new(f)))
    };
    let mut out = Vec::new();
    for line in text_lines(reader, &file) {
        let (i, line) = line?;
        let text = line.split('#').next().unwrap_or("").trim();
        if !text.is_empty() {
            out.push((i + 1, text.to_string()));
        }
    }
    if out.is_empty() {
        return Err(DrawsError::Empty { file });
    }
    Ok((file, out))
}

/// Reads raw generator outputs (unsigned 64-bit integers), one per line.
pub fn read_raw(path: &Path) -> Result<Vec<u64>, DrawsError> {
    let (file, t) = tokens(path)?;
    t.into_iter()
        .map(|(line, v)| {
            v.parse().map_err(|_| DrawsError::NotRaw {
                file: file.clone(),
                line,
                value: v,
            })
        })
        .collect()
}

/// Reads floats in [0, 1), one per line, as the runtime printed them (parsed
/// exactly: Rust's float parsing is correctly rounded).
pub fn read_unit_floats(path: &Path) -> Result<Vec<f64>, DrawsError> {
    let (file, t) = tokens(path)?;
    t.into_iter()
        .map(|(line, v)| match v.parse::<f64>() {
            Ok(x) if (0.0..1.0).contains(&x) => Ok(x),
            _ => Err(DrawsError::NotUnitFloat {
                file: file.clone(),
                line,
                value: v,
            }),
        })
        .collect()
}

/// Reads floats in [0, 1) for the sieve, each as the integer k = x * 2^53 that the
/// float reductions ([`crate::reduction::Reduction::is_float`]) produce. A float
/// that is not a multiple of 2^-53 is refused with its file and line.
pub fn read_floats53(path: &Path) -> Result<Vec<i64>, DrawsError> {
    let (file, t) = tokens(path)?;
    t.into_iter()
        .map(|(line, v)| match v.parse::<f64>() {
            Ok(x) if (0.0..1.0).contains(&x) => {
                // Exact: scaling by a power of two only changes the exponent.
                let k = x * crate::reduction::FLOAT_N as f64;
                if k.fract() == 0.0 {
                    Ok(k as i64)
                } else {
                    Err(DrawsError::NotExactFloat {
                        file: file.clone(),
                        line,
                        value: v,
                    })
                }
            }
            _ => Err(DrawsError::NotUnitFloat {
                file: file.clone(),
                line,
                value: v,
            }),
        })
        .collect()
}

/// Reads tuple draws: each non-comment line holds k distinct integers of
/// [min, max], separated by spaces, commas or both (brackets are ignored, so
/// `[3, 17, 42]` reads too); every line must have the same k.
pub fn read_tuples(path: &Path, min: i64, max: i64) -> Result<Vec<Vec<i64>>, DrawsError> {
    let (file, lines) = tokens(path)?;
    let mut out: Vec<Vec<i64>> = Vec::new();
    for (lineno, line) in lines {
        let bad = |why: String| DrawsError::BadTuple {
            file: file.clone(),
            line: lineno,
            value: line.clone(),
            why,
        };
        let mut t = Vec::new();
        for tok in line
            .split(|c: char| c == ',' || c.is_whitespace() || c == '[' || c == ']')
            .filter(|s| !s.is_empty())
        {
            let v: i64 = tok
                .parse()
                .map_err(|_| bad(format!("'{tok}' is not an integer")))?;
            if v < min || v > max {
                return Err(bad(format!("{v} is outside [{min}, {max}]")));
            }
            if t.contains(&v) {
                return Err(bad(format!("{v} appears twice (a sample has no repeats)")));
            }
            t.push(v);
        }
        if let Some(first) = out.first() {
            if first.len() != t.len() {
                return Err(bad(format!(
                    "{} values, but the first tuple has {}",
                    t.len(),
                    first.len()
                )));
            }
        }
        out.push(t);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_that_is_not_utf8_is_named() {
        let e = parse(&b"1\r\n2\n\xff3\n"[..], "f.txt", 0, 9).expect_err("refused");
        assert_eq!(e.to_string(), "f.txt:3: the line is not UTF-8 text");
        let d = parse(&b"1\r\n# x\n\n2"[..], "f.txt", 0, 9).expect("parses");
        assert_eq!((d.values, d.lines), (vec![1, 2], vec![1, 4]));
    }
}
