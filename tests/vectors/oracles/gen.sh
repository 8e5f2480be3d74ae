#!/usr/bin/env bash
# Regenerates tests/vectors/*.jsonl from the real runtimes. Run from anywhere:
#   bash tests/vectors/oracles/gen.sh
# Needs: python3 + numpy, php-cli (>= 8.2), ruby, gcc, g++, java (>= 11), mono-mcs, golang-go, perl,
# mingw-w64 + wine64 (MSVC rand: no Microsoft runtime runs here; Wine's msvcrt is the oracle).
# On Debian 12: apt-get install -y php-cli ruby golang-go mono-mcs g++ default-jdk wine64 gcc-mingw-w64-x86-64; pip install numpy
# Java 17 (RandomGeneratorFactory), cargo (the rand crates, pinned in rust_crates/Cargo.lock).
set -euo pipefail
O=$(cd "$(dirname "$0")" && pwd); V=$(dirname "$O"); W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
python3 "$O/py_vectors.py" > "$V/python_numpy.jsonl"
php "$O/php_vectors.php" > "$V/php.jsonl"
php "$O/php_legacy.php" > "$V/php_legacy.jsonl"
ruby "$O/ruby_vectors.rb" > "$V/ruby.jsonl"
gcc -O2 -o "$W/c_vectors" "$O/c_vectors.c" && "$W/c_vectors" > "$V/glibc.jsonl"
gcc -O2 -o "$W/c_random_types" "$O/c_random_types.c" && "$W/c_random_types" > "$V/glibc_random_types.jsonl"
g++ -O2 -std=c++17 -o "$W/cpp_vectors" "$O/cpp_vectors.cpp" && "$W/cpp_vectors" > "$V/libstdcxx.jsonl"
(cd "$W" && cp "$O/JavaVectors.java" . && java JavaVectors.java) > "$V/java.jsonl"
mcs -out:"$W/DotnetVectors.exe" "$O/DotnetVectors.cs" >/dev/null && mono "$W/DotnetVectors.exe" > "$V/dotnet.jsonl"
(cd "$O/go_vectors" && GO111MODULE=off GOCACHE="$W/gocache" go run main.go) > "$V/go.jsonl"
(cd "$O/go_vectors" && GO111MODULE=off GOCACHE="$W/gocache" go run main.go cooked) > "$V/../../core/data/go_rng_cooked.txt"
perl "$O/perl_vectors.pl" > "$V/perl.jsonl"
python3 "$O/numpy_generator.py" > "$V/numpy_generator.jsonl"
{ python3 "$O/tuples_python.py"; (cd "$W" && cp "$O/TuplesJava.java" . && java TuplesJava.java); php "$O/tuples_php.php"; } > "$V/tuples/tuples.jsonl"
(cd "$W" && npm i -q seedrandom@3.0.5 >/dev/null && NODE_PATH="$W/node_modules" node "$O/seedrandom_vectors.js") > "$V/seedrandom.jsonl"
python3 "$O/float_vectors.py" > "$V/floats.jsonl"
(cd "$W" && cp "$O/JavaFloatVectors.java" . && java JavaFloatVectors.java) >> "$V/floats.jsonl"
gcc -O2 -o "$W/c_float_vectors" "$O/c_float_vectors.c" && "$W/c_float_vectors" >> "$V/floats.jsonl"
php "$O/php_engines.php" > "$V/php_engines.jsonl"
(cd "$W" && cp "$O/Java17Vectors.java" . && java Java17Vectors.java) > "$V/java17.jsonl"
CARGO_TARGET_DIR="$W/rust" cargo run -q --release --manifest-path "$O/rust_crates/Cargo.toml" > "$V/rust_crates.jsonl"
# Go >= 1.22 is not packaged for Debian 12 here: go_v2.jsonl comes from the outputs the
# shared oracle recorded with Go 1.23.5 (../shared/oracles/go_mathrand_v2/main.go).
python3 "$O/go_v2_from_shared.py" "$O/../../../../shared/oracles/seed12345_outputs/go123.txt" > "$V/go_v2.jsonl"
x86_64-w64-mingw32-gcc -O2 -o "$W/msvc_vectors.exe" "$O/msvc_vectors.c" && WINEPREFIX="$W/wine" WINEDEBUG=-all /usr/lib/wine/wine64 "$W/msvc_vectors.exe" > "$V/msvc_wine.jsonl"
wc -l "$V"/*.jsonl
