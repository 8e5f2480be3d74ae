#!/usr/bin/env bash
# Regenerates tests/vectors/*.jsonl from the real runtimes. Run from anywhere:
#   bash tests/vectors/oracles/gen.sh
# Needs: python3 + numpy, php-cli (>= 8.2), ruby, gcc, g++, java (>= 11), mono-mcs, golang-go, perl,
# mingw-w64 + wine64 (MSVC rand: no Microsoft runtime runs here; Wine's msvcrt is the oracle).
# On Debian 12: apt-get install -y php-cli ruby golang-go mono-mcs g++ default-jdk wine64 gcc-mingw-w64-x86-64; pip install numpy
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
x86_64-w64-mingw32-gcc -O2 -o "$W/msvc_vectors.exe" "$O/msvc_vectors.c" && WINEPREFIX="$W/wine" WINEDEBUG=-all /usr/lib/wine/wine64 "$W/msvc_vectors.exe" > "$V/msvc_wine.jsonl"
wc -l "$V"/*.jsonl
