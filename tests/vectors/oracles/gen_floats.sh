#!/usr/bin/env bash
# Float draw files for the --float sieve tests, printed by the runtimes in full
# (shortest round-trip digits). Run: bash tests/vectors/oracles/gen_floats.sh
set -euo pipefail
O=$(cd "$(dirname "$0")" && pwd); F=$(dirname "$O")/floats; W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
{ echo "# CPython $(python3 -c 'import sys; print(sys.version.split()[0])'): random.seed(20261121); repr(random.random()) x 12 (tests/vectors/oracles/gen_floats.sh)"
  python3 -c "import random; random.seed(20261121); print('\n'.join(repr(random.random()) for _ in range(12)))"; } > "$F/python_random_seed20261121.txt"
cat > "$W/F.java" <<'J'
public class F { public static void main(String[] a) { java.util.Random r = new java.util.Random(1763683200123L); for (int i = 0; i < 12; i++) System.out.println(r.nextDouble()); } }
J
{ echo "# OpenJDK $(java -version 2>&1 | head -1 | cut -d'"' -f2): new Random(1763683200123L).nextDouble() x 12, Double.toString (tests/vectors/oracles/gen_floats.sh)"
  (cd "$W" && java F.java); } > "$F/java_nextdouble_seed1763683200123.txt"
