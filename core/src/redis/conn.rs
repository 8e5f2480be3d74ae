//! A connection handle ([`Redis`]), the one place where Redis's error texts
//! become types ([`fault`]), URL redaction and loading ([`redact_url`],
//! [`url_from_file`]), a private CA for `rediss://` ([`ca_from_file`]), and
//! the capped, jittered [`Backoff`].

use crate::queue::QueueError;
use redis::{Connection, RedisError};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// What a Redis error means to us. Redis gives some conditions only as text
/// (an error code word, or the same word inside a script's error message); this
/// is the one place that reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// The server cannot be reached, or the connection broke: retry later.
    Transport,
    /// `NOGROUP`: the stream or its consumer group does not exist (created
    /// yet, or lost with the server's data).
    NoGroup,
    /// `BUSYGROUP`: the consumer group exists already.
    BusyGroup,
    /// `NOSCRIPT`: the script is not in the server's cache.
    NoScript,
    /// `XADD` with an id not above the stream's last one.
    IdNotAbove,
    /// The URL is unusable.
    BadUrl,
    /// TLS failed (an untrusted certificate, a refused handshake): a
    /// configuration fault, not an outage.
    Tls,
    /// Anything else the server refused.
    Other,
}

/// Classifies a Redis error (see [`Fault`]).
pub fn fault(e: &RedisError) -> Fault {
    if e.kind() == redis::ErrorKind::InvalidClientConfig {
        return Fault::BadUrl;
    }
    if tls_error(e).is_some() {
        return Fault::Tls;
    }
    if e.is_io_error()
        || e.is_connection_dropped()
        || e.is_connection_refusal()
        || e.is_timeout()
        || e.is_unrecoverable_error()
    {
        return Fault::Transport;
    }
    let code = e.code().unwrap_or("");
    let detail = e.detail().unwrap_or("");
    // A command inside a script fails with its own code inside the script's
    // error text ("ERR ... NOGROUP ..." on some server versions).
    let has = |word: &str| code == word || detail.contains(word);
    if e.kind() == redis::ErrorKind::Server(redis::ServerErrorKind::NoScript) || has("NOSCRIPT") {
        Fault::NoScript
    } else if has("NOGROUP") {
        Fault::NoGroup
    } else if has("BUSYGROUP") {
        Fault::BusyGroup
    } else if detail.contains("equal or smaller than the target stream top item") {
        Fault::IdNotAbove
    } else {
        Fault::Other
    }
}

/// The rustls error inside a Redis error, if TLS failed: redis wraps it in an
/// `io::Error` (handshake on the first read or write) held in an `Arc`, or
/// holds it directly (building the client configuration).
fn tls_error(e: &RedisError) -> Option<&rustls::Error> {
    type Shared = Arc<dyn std::error::Error + Send + Sync>;
    let mut cur: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
    // A short chain: Arc -> io::Error -> rustls::Error, at most a few levels.
    for _ in 0..8 {
        let err = cur?;
        if let Some(t) = err.downcast_ref::<rustls::Error>() {
            return Some(t);
        }
        cur = if let Some(a) = err.downcast_ref::<Shared>() {
            Some(a.as_ref() as &(dyn std::error::Error + 'static))
        } else if let Some(io) = err.downcast_ref::<std::io::Error>() {
            io.get_ref()
                .map(|inner| inner as &(dyn std::error::Error + 'static))
        } else {
            err.source()
        };
    }
    None
}

/// The [`QueueError`] of a Redis error (its text redacted of credentials).
pub fn queue_error(e: &RedisError) -> QueueError {
    let text = redact_url(&e.to_string());
    match fault(e) {
        Fault::Transport => QueueError::Unavailable(text),
        Fault::NoGroup => QueueError::NoGroup(text),
        Fault::BadUrl => QueueError::BadUrl(text),
        Fault::Tls => match tls_error(e) {
            Some(rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer)) => {
                QueueError::Tls(format!(
                    "{text} (signed by a private CA? give its PEM certificate: --redis-ca PATH or SEEDSIEVE_REDIS_CA)"
                ))
            }
            _ => QueueError::Tls(text),
        },
        _ => QueueError::Backend(text),
    }
}

/// A Redis URL (or any text holding one) with its credentials replaced by
/// `***`: the userinfo before `@` (`redis://alice:secret@host` becomes
/// `redis://***@host`) and `pass=`/`password=` query values (Unix sockets).
/// Text without a URL comes back unchanged. Use it on every URL that is
/// printed or logged.
pub fn redact_url(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("://") {
        let (head, tail) = rest.split_at(i + 3);
        out.push_str(head);
        // The authority runs to the first '/', '?', '#' or whitespace.
        let end = tail
            .find(|c: char| matches!(c, '/' | '?' | '#' | '"' | '\'') || c.is_whitespace())
            .unwrap_or(tail.len());
        let (auth, after) = tail.split_at(end);
        match auth.rfind('@') {
            Some(at) => {
                out.push_str("***");
                out.push_str(&auth[at..]);
            }
            None => out.push_str(auth),
        }
        rest = after;
        // Query parameters that carry a password (redis+unix://...?pass=X).
        let qend = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\''))
            .unwrap_or(rest.len());
        let (path, after) = rest.split_at(qend);
        out.push_str(&redact_query(path));
        rest = after;
    }
    out.push_str(rest);
    out
}

fn redact_query(path: &str) -> String {
    let Some(q) = path.find('?') else {
        return path.to_string();
    };
    let (p, query) = path.split_at(q + 1);
    let parts: Vec<String> = query
        .split('&')
        .map(|kv| match kv.split_once('=') {
            Some((k, _)) if k == "pass" || k == "password" => format!("{k}=***"),
            _ => kv.to_string(),
        })
        .collect();
    format!("{p}{}", parts.join("&"))
}

/// Reads a Redis URL from a file (`--redis-file`, `SEEDSIEVE_REDIS_FILE`: a
/// systemd credential or a file only the service user reads), so that it is
/// not on the command line. Surrounding whitespace and a trailing newline are
/// dropped; the file must hold one non-empty line.
///
/// # Errors
/// [`QueueError::BadUrl`] naming the file (never its content) when it cannot
/// be read or is empty.
pub fn url_from_file(path: &Path) -> Result<String, QueueError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| QueueError::BadUrl(format!("Redis URL file {}: {e}", path.display())))?;
    let url = text.trim();
    if url.is_empty() || url.lines().count() != 1 {
        return Err(QueueError::BadUrl(format!(
            "Redis URL file {}: expected one line holding the URL",
            path.display()
        )));
    }
    Ok(url.to_string())
}

/// The Redis URL a command line gives: `--redis URL` (`SEEDSIEVE_REDIS`) or
/// the one line of `--redis-file PATH` (`SEEDSIEVE_REDIS_FILE`, see
/// [`url_from_file`]); `None` when neither is given.
///
/// # Errors
/// [`QueueError::BadUrl`] when both are given, or from [`url_from_file`].
pub fn url_from_flags(
    url: Option<&str>,
    file: Option<&Path>,
) -> Result<Option<String>, QueueError> {
    match (url, file) {
        (Some(_), Some(_)) => Err(QueueError::BadUrl(
            "give --redis (SEEDSIEVE_REDIS) or --redis-file (SEEDSIEVE_REDIS_FILE), not both"
                .into(),
        )),
        (Some(u), None) => Ok(Some(u.to_string())),
        (None, Some(p)) => url_from_file(p).map(Some),
        (None, None) => Ok(None),
    }
}

/// Reads the PEM certificate(s) of a private CA that signed the Redis
/// server's TLS certificate (`--redis-ca`, `SEEDSIEVE_REDIS_CA`), for
/// `rediss://` URLs: with it, only this CA is trusted (instead of the
/// built-in web PKI roots).
///
/// # Errors
/// [`QueueError::Tls`] naming the file when it cannot be read or holds no
/// PEM certificate.
pub fn ca_from_file(path: &Path) -> Result<Vec<u8>, QueueError> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::CertificateDer;
    let pem = std::fs::read(path)
        .map_err(|e| QueueError::Tls(format!("Redis CA file {}: {e}", path.display())))?;
    let certs: Result<Vec<_>, _> = CertificateDer::pem_slice_iter(&pem).collect();
    match certs {
        Ok(c) if !c.is_empty() => Ok(pem),
        Ok(_) => Err(QueueError::Tls(format!(
            "Redis CA file {}: no PEM certificate (BEGIN CERTIFICATE) in it",
            path.display()
        ))),
        Err(e) => Err(QueueError::Tls(format!(
            "Redis CA file {}: unreadable PEM: {e}",
            path.display()
        ))),
    }
}

/// Makes ring rustls's process-wide crypto provider, once, unless the
/// program chose one already (then that one stays).
fn install_crypto_provider() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // Err only when a provider is installed already: keep it.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// Jittered exponential backoff with a hard cap, on `backon` (ADR 1, ADR 6):
/// backon adds its jitter (up to one more step) after its `max_delay`, so the
/// builder gets half the cap: step n waits a random time in `[d, 2d)` with
/// `d = min(cap / 2, first/2 * 2^n)`, and no delay ever exceeds `cap`, jitter
/// included, while concurrent clients still spread out.
#[derive(Debug)]
pub struct Backoff {
    builder: backon::ExponentialBuilder,
    it: backon::ExponentialBackoff,
    cap: Duration,
}

impl Backoff {
    /// Delays from about `first` (between `first / 2` and `first`), doubling,
    /// never above `cap`.
    pub fn new(first: Duration, cap: Duration) -> Self {
        use backon::BackoffBuilder;
        let cap = cap.max(first);
        let builder = backon::ExponentialBuilder::default()
            .with_min_delay(first / 2)
            .with_max_delay(cap / 2)
            .with_factor(2.0)
            .with_jitter()
            .without_max_times();
        Backoff {
            it: builder.build(),
            builder,
            cap,
        }
    }
    /// Reconnecting to Redis: 100 ms doubling to at most 5 s.
    pub fn reconnect() -> Self {
        Self::new(Duration::from_millis(100), Duration::from_secs(5))
    }
    /// Starts over (after a success).
    pub fn reset(&mut self) {
        use backon::BackoffBuilder;
        self.it = self.builder.build();
    }
    /// A delay for attempt `n + 1` (`n` from 0) of a fresh sequence.
    pub fn delay(&self, n: u32) -> Duration {
        use backon::BackoffBuilder;
        self.builder
            .build()
            .nth(n as usize)
            .unwrap_or(self.cap)
            .min(self.cap)
    }
}

impl Iterator for Backoff {
    type Item = Duration;
    fn next(&mut self) -> Option<Duration> {
        // `without_max_times`: the sequence never ends; the cap is ours.
        Some(self.it.next().unwrap_or(self.cap).min(self.cap))
    }
}

/// The last error a [`Redis`] handle (or any of its siblings) met, and when
/// (ms since the epoch), for status displays.
pub type LastError = Arc<Mutex<Option<(String, u64)>>>;

/// One Redis connection, opened lazily and reopened after a transport error.
/// A thread that blocks (`XREADGROUP ... BLOCK`) needs a handle of its own:
/// [`Redis::handle`].
pub struct Redis {
    client: redis::Client,
    conn: Mutex<Option<Connection>>,
    last_error: LastError,
}

impl Redis {
    /// A handle on `url`; nothing is connected yet.
    ///
    /// # Errors
    /// [`QueueError::BadUrl`] when `url` is not a Redis URL (the message
    /// holds the URL redacted).
    pub fn open(url: &str) -> Result<Self, QueueError> {
        Self::open_with_ca(url, None)
    }

    /// A handle on `url` that trusts only the CA certificate(s) `ca` (PEM,
    /// [`ca_from_file`]) for TLS; `None`: the built-in web PKI roots for
    /// `rediss://`. Nothing is connected yet.
    ///
    /// # Errors
    /// [`QueueError::BadUrl`] when `url` is not a Redis URL, or is not
    /// `rediss://` while `ca` is given (the message holds the URL redacted);
    /// [`QueueError::Tls`] when `ca` holds no usable certificate.
    pub fn open_with_ca(url: &str, ca: Option<&[u8]>) -> Result<Self, QueueError> {
        install_crypto_provider();
        let built = match ca {
            None => redis::Client::open(url),
            Some(pem) => redis::Client::build_with_tls(
                url,
                redis::TlsCertificates {
                    client_tls: None,
                    root_cert: Some(pem.to_vec()),
                },
            ),
        };
        let client = built.map_err(|e| {
            let text = format!(
                "redis URL {:?}: {}",
                redact_url(url),
                redact_url(&e.to_string())
            );
            match fault(&e) {
                Fault::BadUrl => QueueError::BadUrl(text),
                _ => QueueError::Tls(text),
            }
        })?;
        Ok(Redis {
            client,
            conn: Mutex::new(None),
            last_error: LastError::default(),
        })
    }

    /// Another handle on the same server (its own connection; the last error
    /// is shared).
    pub fn handle(&self) -> Self {
        Redis {
            client: self.client.clone(),
            conn: Mutex::new(None),
            last_error: Arc::clone(&self.last_error),
        }
    }

    /// The last error any handle of this family met, with its time (ms).
    pub fn last_error(&self) -> Option<(String, u64)> {
        self.last_error
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Runs `f` on the connection, opening it first if needed; a transport
    /// error drops the connection so the next call reconnects.
    ///
    /// # Errors
    /// The [`QueueError`] of what Redis answered ([`queue_error`]).
    pub fn with<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> redis::RedisResult<T>,
    ) -> Result<T, QueueError> {
        self.with_raw(f).map_err(|e| self.note(&e))
    }

    /// [`Redis::with`] that returns Redis's own error, for callers that look
    /// at its [`fault`].
    pub fn with_raw<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> redis::RedisResult<T>,
    ) -> redis::RedisResult<T> {
        // A panic inside `f` cannot leave the Option half-written: ignore poison.
        let mut g = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        let conn = match g.as_mut() {
            Some(c) => c,
            None => g.insert(
                self.client
                    .get_connection_with_timeout(Duration::from_secs(2))?,
            ),
        };
        let r = f(conn);
        if let Err(e) = &r {
            if fault(e) == Fault::Transport {
                *g = None;
            }
        }
        r
    }

    /// Records `e` as the last error and returns its [`QueueError`].
    pub fn note(&self, e: &RedisError) -> QueueError {
        let q = queue_error(e);
        *self.last_error.lock().unwrap_or_else(|p| p.into_inner()) =
            Some((q.to_string(), now_ms()));
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_hides_userinfo_and_password_parameters() {
        assert_eq!(
            redact_url("redis://alice:s3cret@db.example:6379/2"),
            "redis://***@db.example:6379/2"
        );
        assert_eq!(redact_url("rediss://:pw@h"), "rediss://***@h");
        assert_eq!(
            redact_url("redis://127.0.0.1:6379"),
            "redis://127.0.0.1:6379"
        );
        assert_eq!(
            redact_url("redis+unix:///run/redis.sock?db=1&pass=x"),
            "redis+unix:///run/redis.sock?db=1&pass=***"
        );
        assert_eq!(
            redact_url("queued on redis://u:p@h:1 and \"redis://v:q@k\"."),
            "queued on redis://***@h:1 and \"redis://***@k\"."
        );
        assert_eq!(redact_url("no url here"), "no url here");
    }

    #[test]
    fn a_bad_url_is_typed_and_redacted() {
        let e = Redis::open("http://alice:pw@h").err().expect("not redis");
        assert!(matches!(e, QueueError::BadUrl(_)), "{e:?}");
        assert!(!e.to_string().contains("pw"), "{e}");
    }

    #[test]
    fn a_ca_file_is_named_when_missing_or_without_a_certificate() {
        let dir = std::env::temp_dir().join(format!("seedsieve-ca-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let missing = dir.join("missing.pem");
        let e = ca_from_file(&missing).expect_err("missing file");
        assert!(matches!(e, QueueError::Tls(_)), "{e:?}");
        assert!(e.to_string().contains("missing.pem"), "{e}");
        let none = dir.join("none.pem");
        std::fs::write(&none, "no certificate here\n").expect("write");
        let e = ca_from_file(&none).expect_err("no certificate");
        assert!(
            e.to_string().contains("none.pem") && e.to_string().contains("no PEM certificate"),
            "{e}"
        );
        let _ = std::fs::remove_dir_all(&dir);
        // A CA only goes with rediss://.
        let e = Redis::open_with_ca("redis://127.0.0.1:1", Some(b"")).err();
        assert!(matches!(e, Some(QueueError::BadUrl(_))), "{e:?}");
    }

    #[test]
    fn backoff_never_exceeds_its_cap_jitter_included() {
        let mut b = Backoff::reconnect();
        let v: Vec<Duration> = (&mut b).take(2000).collect();
        assert!(
            v.iter().all(|d| *d <= Duration::from_secs(5)),
            "{:?}",
            v.iter().max()
        );
        assert!(
            v[0] >= Duration::from_millis(50) && v[0] <= Duration::from_millis(100),
            "{:?}",
            v[0]
        );
        assert!(v[20] >= Duration::from_millis(2500));
        b.reset();
        assert!(b.next().expect("endless") <= Duration::from_millis(100));
    }
}
