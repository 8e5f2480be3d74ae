# CPython random and numpy RandomState vectors. Run: python3 py_vectors.py  (numpy >= 1.17)
import json, random, sys
import numpy as np
RANGES = [(0, 999), (1, 6), (0, 1023), (10, 99999), (0, 1)]
N = 20
def emit(**kw): print(json.dumps(kw))
for s in [0, 1, 42, 12345, 2147483647, 2147483648, 4294967295, 3141592653, 1234567, 4294967296, 12345678901234]:
    r = random.Random(s)
    emit(source="python_random", call="getrandbits(32)", seed=s, reduction="raw", min=0, max=2**32 - 1, values=[r.getrandbits(32) for _ in range(N)])
    for a, b in RANGES:
        r = random.Random(s)
        emit(source="python_random", call="randrange(%d, %d)" % (a, b + 1), seed=s, reduction="randbelow", min=a, max=b, values=[r.randrange(a, b + 1) for _ in range(N)])
for s in [0, 1, 42, 12345, 2147483647, 2147483648, 4294967295, 3141592653]:
    rs = np.random.RandomState(s)
    emit(source="numpy_randomstate", call="bit_generator.random_raw()", seed=s, reduction="raw", min=0, max=2**32 - 1, values=[int(v) for v in rs._bit_generator.random_raw(N)])
    for a, b in RANGES:
        rs = np.random.RandomState(s)
        emit(source="numpy_randomstate", call="randint(%d, %d)" % (a, b + 1), seed=s, reduction="mask_reject", min=a, max=b, values=[int(rs.randint(a, b + 1)) for _ in range(N)])
print("# python %s numpy %s" % (sys.version.split()[0], np.__version__), file=sys.stderr)
