#!/usr/bin/env bash
# Regenerates tests/vectors/state/*.txt, the runtime outputs the state-recovery
# tests read (one value per line, `#` lines describe the call). Run:
#   bash tests/vectors/oracles/state/gen_state.sh
# Needs python3, node, java (>= 17), php-cli (>= 8.2).
set -euo pipefail
O=$(cd "$(dirname "$0")" && pwd); V="$O/../../state"; mkdir -p "$V"
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
{ echo "# CPython $(python3 -c 'import sys;print(sys.version.split()[0])'): random.seed(20261121); random.getrandbits(32) x 700"
  python3 -c 'import random; random.seed(20261121); print("\n".join(str(random.getrandbits(32)) for _ in range(700)))'; } > "$V/python_getrandbits32_seed20261121.txt"
{ echo "# node $(node --version) --random-seed=42 -e: Math.random() x 200 (console.log prints the shortest round-trip form)"
  node --random-seed=42 -e 'for (let i = 0; i < 200; i++) console.log(Math.random())'; } > "$V/v8_math_random_seed42.txt"
{ echo "# node $(node --version) --random-seed=7 -e: Math.floor(Math.random() * 1000) x 200"
  node --random-seed=7 -e 'for (let i = 0; i < 200; i++) console.log(Math.floor(Math.random() * 1000))'; } > "$V/v8_floor1000_seed7.txt"
{ echo "# node $(node --version) --random-seed=20261121 -e: Math.floor(Math.random() * 100) x 200"
  node --random-seed=20261121 -e 'for (let i = 0; i < 200; i++) console.log(Math.floor(Math.random() * 100))'; } > "$V/v8_floor100_seed20261121.txt"
cp "$O/JavaState.java" "$W/"
(cd "$W" && java JavaState.java) > "$V/java_nextint1000_seed1763683200123.txt"
cp "$O/JavaSplittable.java" "$W/"
(cd "$W" && java JavaSplittable.java) > "$V/java_splittable_nextlong_seed1763683200123.txt"
php "$O/php_state.php" > "$V/php_xoshiro256starstar_seed12345.txt"
wc -l "$V"/*.txt
# Truncated MT19937 outputs (mt_truncated_gf2).
php -r 'mt_srand(3141592653); echo "# PHP ", PHP_VERSION, ": mt_srand(3141592653); mt_rand() x 1300\n"; for ($i = 0; $i < 1300; $i++) echo mt_rand(), "\n";' > "$S/php_mt_rand_noargs_seed3141592653.txt"
python3 -c 'import random, sys; random.seed(20261121); print("# CPython", sys.version.split()[0] + ": random.seed(20261121); getrandbits(16) x 1300"); [print(random.getrandbits(16)) for _ in range(1300)]' > "$S/python_getrandbits16_seed20261121.txt"
python3 -c 'import numpy as np; r = np.random.RandomState(42); print("# numpy", np.__version__ + ": RandomState(42).randint(0, 2**16) x 1300"); [print(r.randint(0, 2**16)) for _ in range(1300)]' > "$S/numpy_randint65536_seed42.txt"
