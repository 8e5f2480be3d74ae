//! The controls: cryptographic or physical sources listed so that a user can
//! ask for them and hear "not recoverable by this method".

use serde::Serialize;

/// A control: a cryptographic or physical source that is in the registry so a
/// user can ask for it, and is answered "not recoverable by this method", never
/// with a recovery. The negative-control suite (`tests/tests/negative.rs`, files
/// from the OS source and the ChaCha20 keystream) checks that no source or method
/// claims draws from them.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct ControlInfo {
    /// The id a user may give to `--prng`.
    pub id: &'static str,
    /// The algorithm.
    pub algorithm: &'static str,
    /// The calls that reach it.
    pub calls: &'static str,
    /// Bits of secret (key or entropy) behind the draws.
    pub secret_bits: u32,
    /// Why neither a seed sweep nor state recovery applies.
    pub why: &'static str,
}

/// The controls, in a stable order.
pub const CONTROLS: &[ControlInfo] = &[
    ControlInfo {
        id: "os_urandom",
        algorithm: "the operating system's entropy source (Linux getrandom(2): ChaCha20 reseeded from hardware noise)",
        calls: "os.urandom, secrets, /dev/urandom, getrandom, crypto.getRandomValues, java.security.SecureRandom (NativePRNG)",
        secret_bits: 256,
        why: "reseeded from physical noise; no seed or state is shared with the draws",
    },
    ControlInfo {
        id: "chacha20",
        algorithm: "ChaCha20 keystream (Bernstein 2008) under a 256-bit key",
        calls: "OpenSSL EVP_chacha20, rand_chacha::ChaCha20Rng from OsRng, arc4random (OpenBSD, glibc 2.36)",
        secret_bits: 256,
        why: "a stream cipher's keystream: recovering the key from outputs would break ChaCha20 (2^256 work by brute force)",
    },
    ControlInfo {
        id: "go_rand_v2_chacha8",
        algorithm: "Go math/rand/v2 ChaCha8Rand (the runtime's default source) under a 256-bit seed",
        calls: "rand.IntN(n) with the global source, rand.New(rand.NewChaCha8(seed)) with a secret seed",
        secret_bits: 256,
        why: "ChaCha8 keystream with key erasure every 16 blocks; the global source is seeded from the OS",
    },
    ControlInfo {
        id: "ctr_drbg_aes256",
        algorithm: "NIST SP 800-90A CTR_DRBG with AES-256 (OpenSSL 3 RAND_bytes' default)",
        calls: "RAND_bytes, openssl rand",
        secret_bits: 256,
        why: "AES-256 in counter mode under a secret key reseeded from the OS",
    },
    ControlInfo {
        id: "hmac_drbg_sha256",
        algorithm: "NIST SP 800-90A HMAC_DRBG with SHA-256",
        calls: "mbedTLS mbedtls_hmac_drbg_random, BoringSSL/Java DRBG SecureRandom (\"DRBG\")",
        secret_bits: 256,
        why: "HMAC-SHA-256 chain under a secret key and value reseeded from the OS",
    },
];

/// The control with this id, if any.
pub fn control(id: &str) -> Option<&'static ControlInfo> {
    CONTROLS.iter().find(|c| c.id == id)
}
