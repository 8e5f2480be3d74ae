"""numpy Generator vectors: every bit generator seeded through SeedSequence(s).
Run: python3 numpy_generator.py  (needs numpy; made with numpy 2.x)
raw lines: the bit generator's next_uint32 stream (random_raw(output=False) is
64-bit, so the 32-bit stream is read with integers(0, 2**32, dtype=uint64),
which numpy serves from next_uint32)."""
import json, sys
import numpy as np

GENS = [
    ("numpy_pcg64", "PCG64", lambda s: np.random.default_rng(s)),
    ("numpy_pcg64dxsm", "PCG64DXSM", lambda s: np.random.Generator(np.random.PCG64DXSM(s))),
    ("numpy_mt19937", "MT19937", lambda s: np.random.Generator(np.random.MT19937(s))),
    ("numpy_sfc64", "SFC64", lambda s: np.random.Generator(np.random.SFC64(s))),
    ("numpy_philox", "Philox", lambda s: np.random.Generator(np.random.Philox(s))),
]
SEEDS = [0, 1, 42, 12345, 2**31 - 1, 2**32 - 1, 3141592653]
RANGES = [(0, 999), (1, 6), (0, 1023), (10, 99999), (0, 1), (0, 2**31 - 2)]

def emit(src, call, s, red, a, b, v):
    print(json.dumps({"source": src, "call": call, "seed": s, "reduction": red, "min": a, "max": b, "values": [int(x) for x in v]}))

for src, name, mk in GENS:
    ctor = "default_rng(s)" if name == "PCG64" else f"Generator({name}(s))"
    for s in SEEDS:
        g = mk(s)
        emit(src, f"{ctor}.integers(0, 2**32, dtype=np.uint64) (next_uint32)", s, "raw", 0, 2**32 - 1,
             [g.integers(0, 2**32, dtype=np.uint64) for _ in range(20)])
        for a, b in RANGES:
            g = mk(s)
            emit(src, f"{ctor}.integers({a}, {b + 1})", s, "lemire32", a, b, [g.integers(a, b + 1) for _ in range(20)])
print("# numpy", np.__version__, file=sys.stderr)
