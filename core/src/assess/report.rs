//! The `assess` report (filled in by the next step).
