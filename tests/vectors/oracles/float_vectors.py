"""Float draws for the sieve's --float mode, as k = x * 2^53 (exact for these
generators). Run: python3 float_vectors.py  (numpy for RandomState)."""
import json, random, sys
import numpy as np

SEEDS = [0, 1, 42, 12345, 2**31 - 1, 2**32 - 1, 3141592653]
def emit(src, call, s, red, v):
    print(json.dumps({"source": src, "call": call, "seed": s, "reduction": red, "min": 0, "max": 2**53 - 1,
                      "values": [int(x * 2**53) for x in v]}))
for s in SEEDS:
    r = random.Random(s)
    emit("python_random", "random.seed(s); random.random() * 2**53", s, "res53", [r.random() for _ in range(20)])
    g = np.random.RandomState(s)
    emit("numpy_randomstate", "RandomState(s).random_sample() * 2**53", s, "res53", [g.random_sample() for _ in range(20)])
print("# python", sys.version.split()[0], "numpy", np.__version__, file=sys.stderr)
