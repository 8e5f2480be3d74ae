"""CPython random.sample tuples. Run: python3 tuples_python.py"""
import json, random, sys
for s in [0, 1, 42, 12345, 20261121, 4294967295]:
    for (a, b, k) in [(1, 49, 6), (1, 90, 5), (0, 9, 3), (1, 200, 6), (1, 6, 6)]:
        r = random.Random(s)
        ts = [r.sample(range(a, b + 1), k) for _ in range(8)]
        print(json.dumps({"source": "python_random", "call": f"random.seed(s); random.sample(range({a}, {b + 1}), {k})", "seed": s, "min": a, "max": b, "k": k, "tuples": ts}))
print("# python", sys.version.split()[0], file=sys.stderr)
