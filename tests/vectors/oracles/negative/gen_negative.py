#!/usr/bin/env python3
"""Negative controls: draws no PRNG of the registry made.

Writes tests/vectors/negative/{urandom,chacha20}_NNN.txt, 100 files each, in
several ranges and lengths. Bytes come from the OS entropy source
(os.urandom) and from the ChaCha20 keystream of OpenSSL (`openssl enc
-chacha20` over zeros, a fresh random key and nonce per file); draws are made
from them by unbiased rejection sampling. Run:
    python3 tests/vectors/oracles/negative/gen_negative.py
"""
import os, subprocess, pathlib

OUT = pathlib.Path(__file__).resolve().parents[2] / "negative"
OUT.mkdir(exist_ok=True)
RANGES = [(0, 1), (0, 9), (1, 6), (0, 99), (1, 49), (0, 999), (0, 65535), (0, 2147483647)]
LENGTHS = [20, 30, 50, 100]

def chacha20(n):
    key, iv = os.urandom(32).hex(), os.urandom(16).hex()
    return subprocess.run(["openssl", "enc", "-chacha20", "-K", key, "-iv", iv],
                          input=bytes(n), capture_output=True, check=True).stdout

def draws(stream, lo, hi, count):
    n = hi - lo + 1
    bits = max(1, (n - 1).bit_length())
    nbytes = (bits + 7) // 8
    out, i = [], 0
    while len(out) < count:
        chunk = stream[i:i + nbytes]; i += nbytes
        v = int.from_bytes(chunk, "little") & ((1 << bits) - 1)
        if v < n:
            out.append(lo + v)
    return out

for src in ("urandom", "chacha20"):
    for k in range(100):
        lo, hi = RANGES[k % len(RANGES)]
        count = LENGTHS[(k // len(RANGES)) % len(LENGTHS)]
        raw = os.urandom(4096) if src == "urandom" else chacha20(4096)
        d = draws(raw, lo, hi, count)
        how = "os.urandom" if src == "urandom" else "openssl enc -chacha20 (random key and nonce)"
        (OUT / f"{src}_{k:03}.txt").write_text(
            f"# negative control: {count} draws in [{lo}, {hi}] from {how}, rejection sampling\n"
            f"# range {lo} {hi}\n" + "".join(f"{x}\n" for x in d))
print(len(list(OUT.glob("*.txt"))), "files in", OUT)
