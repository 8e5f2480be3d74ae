//! A real `redis-server` per test (free loopback port, own data folder, AOF on)
//! that the test can stop and restart, and worker processes it can signal.
//! [`RedisServer::start_tls`] serves TLS only, with a CA and server
//! certificate made at start by the `openssl` CLI.
//! Every test also uses a unique key root; nothing is ever flushed.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A unique key root for one test, e.g. `t-kill-1a2b3c4d`.
pub fn unique_prefix(test: &str) -> String {
    format!("t-{test}-{}", &uuid_like()[..8])
}

fn uuid_like() -> String {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{:016x}", (t as u64) ^ ((std::process::id() as u64) << 32))
        .chars()
        .rev()
        .collect()
}

/// A free loopback port below the kernel's ephemeral range
/// (`/proc/sys/net/ipv4/ip_local_port_range`, 32768 by default), for a
/// server that a test kills and restarts on the same port.
///
/// A port from `bind(0)` is ephemeral: while the server is down, a client
/// retrying `connect` to it can be handed that same port as its source port
/// and connect to itself (TCP simultaneous open), and then the restarted
/// server cannot bind. Ports below the range are never handed out that way.
pub fn free_port() -> u16 {
    let low = std::fs::read_to_string("/proc/sys/net/ipv4/ip_local_port_range")
        .ok()
        .and_then(|s| {
            s.split_whitespace()
                .next()
                .and_then(|p| p.parse::<u16>().ok())
        })
        .unwrap_or(32768);
    let (lo, hi) = if low > 12000 {
        (10000u32, low as u32)
    } else {
        (low as u32 / 2, low as u32)
    };
    let mut x = uuid_like().bytes().fold(std::process::id(), |h, b| {
        h.wrapping_mul(31).wrapping_add(b as u32)
    });
    for _ in 0..1000 {
        x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let port = (lo + (x >> 8) % (hi - lo)) as u16;
        if std::net::TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// Sends a signal by name (`TERM`, `KILL`, `STOP`, `CONT`) to a process.
pub fn signal(pid: u32, sig: &str) {
    // The shell's builtin `kill`: minimal images may lack /usr/bin/kill (procps).
    let st = Command::new("sh")
        .args(["-c", &format!("kill -{sig} {pid}")])
        .status()
        .expect("sh runs");
    assert!(st.success(), "kill -{sig} {pid} failed");
}

/// A redis-server child on a free port.
pub struct RedisServer {
    /// Its port on 127.0.0.1.
    pub port: u16,
    /// Its data folder (AOF, log; with TLS also `ca.pem`, `server.pem`,
    /// `server.key`).
    pub dir: PathBuf,
    child: Option<Child>,
    tls: bool,
}

impl RedisServer {
    /// Starts a server with AOF on (`appendfsync everysec`) and waits for PING.
    ///
    /// # Panics
    /// When `redis-server` is not installed (`.ci/run` installs it) or does not
    /// answer within 30 s.
    pub fn start() -> Self {
        Self::start_with(false)
    }

    /// [`RedisServer::start`] serving TLS only (`--port 0 --tls-port PORT`,
    /// no client certificates), with a fresh CA (`ca.pem`, [`Self::ca_file`])
    /// and a server certificate for `IP:127.0.0.1` that it signed.
    ///
    /// # Panics
    /// When `openssl` is not installed (`.ci/run` installs it) or the server
    /// does not answer within 30 s.
    pub fn start_tls() -> Self {
        Self::start_with(true)
    }

    /// A free port, a fresh data folder (with the certificates when `tls`),
    /// and the server spawned on them.
    fn start_with(tls: bool) -> Self {
        let port = free_port();
        let dir = crate::root()
            .join("target")
            .join("test-redis")
            .join(format!("{port}-{}", uuid_like()));
        std::fs::create_dir_all(&dir).expect("data folder");
        if tls {
            make_certificates(&dir);
        }
        let mut s = RedisServer {
            port,
            dir,
            child: None,
            tls,
        };
        s.spawn();
        s
    }

    /// The PEM CA certificate that signed a TLS server's certificate.
    pub fn ca_file(&self) -> PathBuf {
        self.dir.join("ca.pem")
    }

    fn client(&self) -> redis::RedisResult<redis::Client> {
        if !self.tls {
            return redis::Client::open(self.url());
        }
        let ca = std::fs::read(self.ca_file()).expect("ca.pem");
        redis::Client::build_with_tls(
            self.url(),
            redis::TlsCertificates {
                client_tls: None,
                root_cert: Some(ca),
            },
        )
    }

    fn spawn(&mut self) {
        let port = self.port.to_string();
        let (plain, tls): (&str, Vec<String>) = if self.tls {
            let f = |n: &str| self.dir.join(n).to_string_lossy().into_owned();
            (
                "0",
                vec![
                    "--tls-port".into(),
                    port.clone(),
                    "--tls-cert-file".into(),
                    f("server.pem"),
                    "--tls-key-file".into(),
                    f("server.key"),
                    "--tls-ca-cert-file".into(),
                    f("ca.pem"),
                    "--tls-auth-clients".into(),
                    "no".into(),
                ],
            )
        } else {
            (&port, vec![])
        };
        let child = Command::new("redis-server")
            .args([
                "--port",
                plain,
                "--bind",
                "127.0.0.1",
                "--dir",
                &self.dir.to_string_lossy(),
                "--appendonly",
                "yes",
                "--appendfsync",
                "everysec",
                "--save",
                "",
                "--maxmemory-policy",
                "noeviction",
                "--logfile",
                "redis.log",
            ])
            .args(&tls)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server starts (apt-get install redis-server; .ci/run does)");
        self.child = Some(child);
        let t = Instant::now();
        while t.elapsed() < Duration::from_secs(30) {
            if self.ping() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let log = std::fs::read_to_string(self.dir.join("redis.log")).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(15).collect();
        panic!(
            "redis-server on port {} did not answer within 30 s; redis.log ends:\n{}",
            self.port,
            tail.into_iter().rev().collect::<Vec<_>>().join("\n")
        );
    }

    /// Whether the server answers PING.
    pub fn ping(&self) -> bool {
        self.client()
            .and_then(|c| c.get_connection_with_timeout(Duration::from_millis(200)))
            .and_then(|mut c| redis::cmd("PING").query::<String>(&mut c))
            .is_ok()
    }

    /// `redis://127.0.0.1:PORT` (`rediss://` with TLS).
    pub fn url(&self) -> String {
        let scheme = if self.tls { "rediss" } else { "redis" };
        format!("{scheme}://127.0.0.1:{}", self.port)
    }

    /// A fresh connection.
    pub fn conn(&self) -> redis::Connection {
        self.client()
            .and_then(|c| c.get_connection())
            .expect("redis connection")
    }

    /// Stops the server gracefully (SIGTERM: the AOF is flushed) and waits.
    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            signal(c.id(), "TERM");
            let _ = c.wait();
        }
    }

    /// Starts it again on the same port and data folder.
    pub fn restart(&mut self) {
        self.stop();
        self.spawn();
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Makes `ca.pem` (a self-signed CA) and `server.pem`/`server.key` (a
/// certificate for `IP:127.0.0.1` that the CA signed) in `dir`, with the
/// `openssl` CLI; P-256 keys, valid one day.
fn make_certificates(dir: &std::path::Path) {
    std::fs::write(
        dir.join("server.ext"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n\
         keyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n",
    )
    .expect("extensions file");
    let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"];
    let steps: [Vec<&str>; 3] = [
        [&["req", "-x509", "-nodes", "-days", "1"][..], &ec[..]]
            .concat()
            .into_iter()
            .chain(["-keyout", "ca.key", "-out", "ca.pem"])
            .chain(["-subj", "/CN=seedsieve test CA"])
            .collect(),
        [&["req", "-nodes"][..], &ec[..]]
            .concat()
            .into_iter()
            .chain(["-keyout", "server.key", "-out", "server.csr"])
            .chain(["-subj", "/CN=127.0.0.1"])
            .collect(),
        vec![
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "1",
            "-out",
            "server.pem",
            "-extfile",
            "server.ext",
        ],
    ];
    for args in steps {
        let out = Command::new("openssl")
            .args(&args)
            .current_dir(dir)
            .output()
            .expect("openssl runs (apt-get install openssl; .ci/run does)");
        assert!(
            out.status.success(),
            "openssl {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// A `worker` process whose stderr goes to a log file.
pub struct WorkerProc {
    child: Child,
    /// Its log.
    pub log: PathBuf,
    /// Its consumer name.
    pub name: String,
}

impl WorkerProc {
    /// Starts `worker --redis URL --prefix P --lease-ms L --concurrency C --name NAME
    /// --backend cpu`.
    pub fn start(
        redis: &RedisServer,
        prefix: &str,
        lease_ms: u64,
        concurrency: usize,
        name: &str,
    ) -> Self {
        Self::start_with(
            redis,
            prefix,
            lease_ms,
            concurrency,
            name,
            &["--backend", "cpu"],
        )
    }

    /// [`WorkerProc::start`] with other trailing arguments.
    pub fn start_with(
        redis: &RedisServer,
        prefix: &str,
        lease_ms: u64,
        concurrency: usize,
        name: &str,
        extra: &[&str],
    ) -> Self {
        let log = redis.dir.join(format!("{name}.log"));
        let child = Command::new(crate::worker_bin())
            .args([
                "--redis",
                &redis.url(),
                "--prefix",
                prefix,
                "--lease-ms",
                &lease_ms.to_string(),
                "--concurrency",
                &concurrency.to_string(),
                "--name",
                name,
            ])
            .args(extra)
            .env("SEEDSIEVE_LOG", "info,seedsieve_core=debug")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("log file"))
            .spawn()
            .expect("worker starts");
        WorkerProc {
            child,
            log,
            name: name.to_string(),
        }
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends a signal (`TERM`, `KILL`, `STOP`, `CONT`).
    pub fn signal(&self, sig: &str) {
        signal(self.pid(), sig);
    }

    /// Whether the process is stopped by a signal (state `T` in
    /// `/proc/PID/stat`; Linux only, `false` where it cannot be read).
    pub fn stopped(&self) -> bool {
        std::fs::read_to_string(format!("/proc/{}/stat", self.pid()))
            .ok()
            .and_then(|s| {
                // The state follows the parenthesized command name.
                s.rsplit_once(')')
                    .and_then(|(_, rest)| rest.split_whitespace().next().map(|st| st == "T"))
            })
            .unwrap_or(false)
    }

    /// Whether the process still runs.
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Waits up to `t` for the exit status (`None`: still running).
    pub fn wait_exit(&mut self, t: Duration) -> Option<std::process::ExitStatus> {
        let start = Instant::now();
        while start.elapsed() < t {
            if let Ok(Some(s)) = self.child.try_wait() {
                return Some(s);
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        None
    }

    /// The log so far.
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for WorkerProc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Polls `f` every 20 ms until it returns true or `t` passes; returns whether it did.
pub fn wait_for(t: Duration, mut f: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < t {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}
