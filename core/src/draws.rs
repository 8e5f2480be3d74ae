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

/// Parses draws from `reader`; `file` names it in errors. Every draw must lie in
/// [min, max].
pub fn parse(reader: impl BufRead, file: &str, min: i64, max: i64) -> Result<Draws, DrawsError> {
    let mut d = Draws {
        values: Vec::new(),
        lines: Vec::new(),
    };
    for (i, line) in reader.lines().enumerate() {
        let line = line.map_err(|source| DrawsError::Io {
            file: file.to_string(),
            source,
        })?;
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
