#!/usr/bin/env bash
# JSON (and human output, and exit status) of two `scheduler` builds, case by
# case: proves that a refactoring left `scheduler submit`'s output unchanged.
#
#   tests/json_equal.sh BASELINE_SCHEDULER NEW_SCHEDULER [CORPUS_DIR]
#
# Cases (each run takes milliseconds to seconds: seed ranges are narrowed
# around the known seed):
#   - every file of ../shared/corpus (first 30 and all 40 draws; its own
#     source and `--prng all`; offsets, skips, --predict);
#   - one runtime vector per (file, source, reduction) of tests/vectors/*.jsonl
#     (integer draws, and float draws as k = x * 2^53);
#   - the --float, --mode state, --prng all hand-off and --tuples cases of
#     tests/tests/cli.rs, state_recovery.rs and tuples.rs, and the tuple vectors;
#   - bad input (exit 2 and its message).
# Timing fields (searched.elapsed_s, searched.seeds_per_s, evidence.elapsed_s,
# and the human "searched:" line) are blanked; everything else must be equal
# byte for byte. Needs jq. Prints the number of cases compared; exit 1 on a
# difference.
# The two builds must print the same report schema (`schema`, e.g.
# seedsieve.report/2; builds before it printed none, read as
# seedsieve.report/1): across a schema version the shape differs by design,
# so the script says so and exits 1 before comparing.
set -uo pipefail
cd "$(dirname "$0")/.."
BASE=${1:?baseline scheduler binary}
NEW=${2:?new scheduler binary}
CORPUS=${3:-../shared/corpus}
[ -d "$CORPUS" ] || CORPUS=/work/shared/corpus
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
report_schema() {
  printf '0\n1\n2\n' | "$1" submit --draws - --mode state --prng all --min 0 --max 2 --json 2>/dev/null |
    jq -r '.schema // "seedsieve.report/1"'
}
sb=$(report_schema "$BASE")
sn=$(report_schema "$NEW")
if [ "$sb" != "$sn" ]; then
  echo "the builds print different report schemas ($sb, $sn): outputs differ in shape by design; compare builds of one schema version" >&2
  exit 1
fi
cases=0
fails=0
declare -a exits

strip() {
  sed -E 's/"(elapsed_s|seeds_per_s)":[-0-9.eE+]+/"\1":T/g; s/^(searched: .* in )[0-9.]+ s.*/\1T/'
}

# run NAME STDIN_FILE ARGS...: runs both binaries, compares stdout, stderr, exit.
run() {
  local name=$1 input=$2
  shift 2
  local b n
  for b in base new; do
    local bin=$BASE
    [ $b = new ] && bin=$NEW
    # Builds that stop at the answer sweep the whole plan here, so that
    # seeds_tried and the searched: line do not depend on timing.
    local whole=()
    "$bin" submit --help 2>/dev/null | grep -q -- --exhaustive && whole=(--exhaustive)
    timeout 120 "$bin" submit --draws - "${whole[@]}" "$@" <"$input" >"$work/$b.out" 2>"$work/$b.err"
    local code=$?
    echo "exit $code" >>"$work/$b.out"
    [ $b = base ] && exits[$code]=$((${exits[$code]:-0} + 1))
    strip <"$work/$b.out" >"$work/$b.o"
    strip <"$work/$b.err" >"$work/$b.e"
  done
  cases=$((cases + 1))
  if ! cmp -s "$work/base.o" "$work/new.o" || ! cmp -s "$work/base.e" "$work/new.e"; then
    fails=$((fails + 1))
    echo "DIFFERS: $name: submit $*"
    diff <(cat "$work/base.o" "$work/base.e") <(cat "$work/new.o" "$work/new.e") | head -20
  fi
}

# both NAME STDIN_FILE ARGS...: the case with --json and without.
both() {
  local name=$1 input=$2
  shift 2
  run "$name json" "$input" "$@" --json
  run "$name human" "$input" "$@"
}

# Corpus files: NAME SOURCE SEED.
while read -r file prng seed; do
  f=$CORPUS/$file
  [ -f "$f" ] || { echo "missing $f"; exit 2; }
  head -30 "$f" >"$work/c30"
  cp "$f" "$work/c40"
  lo=$((seed > 3000 ? seed - 3000 : 0))
  hi=$((seed + 3000))
  for d in c30 c40; do
    both "$file $d" "$work/$d" --min 0 --max 999 --prng "$prng" --seed-range "$lo..$hi" --quiet
    both "$file $d all" "$work/$d" --min 0 --max 999 --prng all --seed-range "$lo..$((lo + 1024))" --quiet
  done
  both "$file offsets" "$work/c30" --min 0 --max 999 --prng "$prng" --seed-range "$lo..$hi" \
    --max-offset 2 --max-skip 1 --max-mismatches 1 --predict 3 --quiet
  tail -n +3 "$f" | head -20 >"$work/c18"
  run "$file offset 2" "$work/c18" --min 0 --max 999 --prng "$prng" --seed-range "$lo..$hi" \
    --max-offset 3 --json --quiet
  head -2 "$f" >"$work/c2"
  both "$file 2 draws" "$work/c2" --min 0 --max 999 --prng "$prng" --seed-range "$lo..$hi"
done <<'EOF'
glibc_rand_mod1000_seed1.txt glibc_rand 1
java_nextint_1000_seed42.txt java_random 42
php_mt_rand_0_999_seed3141592653.txt php_mt_rand 3141592653
python_randrange_1000_seed1234567.txt python_random 1234567
urandom_0_999_no_prng.txt php_mt_rand 0
EOF

# Runtime vectors: one per (file, source, reduction), seeds in [0, 2^63).
for v in tests/vectors/*.jsonl; do
  jq -c 'select(.reduction != "raw" and .reduction != "raw31" and .seed >= 0 and .seed < 9000000000000000000)' "$v" |
    jq -sc 'group_by([.source, .reduction]) | map(.[0]) | .[]' >"$work/vecs"
  while read -r line; do
    src=$(jq -r .source <<<"$line")
    seed=$(jq -r .seed <<<"$line")
    min=$(jq -r .min <<<"$line")
    max=$(jq -r .max <<<"$line")
    jq -r '.values[:16][]' <<<"$line" >"$work/v"
    lo=$((seed > 200 ? seed - 200 : 0))
    run "$(basename "$v") $src seed $seed" "$work/v" --min "$min" --max "$max" --prng "$src" \
      --seed-range "$lo..$((seed + 200))" --json --quiet --predict 4
  done <"$work/vecs"
done

# --float (tests/tests/cli.rs) and the float vectors as floats.
for spec in "python_random_seed20261121.txt python_random 20200000..20300000" \
  "java_nextdouble_seed1763683200123.txt java_random 1763683150000..1763683250000"; do
  read -r file prng range <<<"$spec"
  grep -v '^#' "tests/vectors/floats/$file" | head -6 >"$work/f"
  both "float $file" "$work/f" --float --prng "$prng" --seed-range "$range" --predict 6
  both "float $file all" "$work/f" --float --prng all --seed-range "${range%%..*}..$((${range%%..*} + 512))" --quiet
done
printf '0.938599582961178\n0.1746\n' >"$work/f"
run "float too few digits" "$work/f" --float --prng python_random

# --mode state (tests/tests/state_recovery.rs) and more forms.
st=tests/vectors/state
state() { # FILE TAKE ARGS...
  local file=$1 take=$2
  shift 2
  grep -v '^#' "$st/$file" | head -"$take" >"$work/s"
  both "state $file $take $*" "$work/s" --mode state "$@"
}
state java_nextint1000_seed1763683200123.txt 30 --prng java_random --min 0 --max 999 --predict 10
state java_nextint1000_seed1763683200123.txt 30 --min 0 --max 999 --predict 10
state java_nextint1000_seed1763683200123.txt 12 --min 0 --max 999
state python_getrandbits32_seed20261121.txt 100 --prng python_random --raw
state python_getrandbits32_seed20261121.txt 700 --prng python_random --raw --predict 5
state python_getrandbits32_seed20261121.txt 700 --raw
state v8_math_random_seed42.txt 80 --float --predict 5
state v8_floor1000_seed7.txt 200 --min 0 --max 999
state php_mt_rand_noargs_seed3141592653.txt 1280 --prng php_mt_rand --min 0 --max 2147483647 --predict 20
state python_getrandbits16_seed20261121.txt 1280 --prng python_random --raw --bits 16 --predict 5
state numpy_randint65536_seed42.txt 1280 --prng numpy_randomstate --min 0 --max 65535 --predict 5
state php_xoshiro256starstar_seed12345.txt 12 --raw
state java_splittable_nextlong_seed1763683200123.txt 12 --raw
printf '0.5\n1.5\n' >"$work/s"
run "state bad float" "$work/s" --mode state --float
run "state control" "$work/s" --mode state --prng chacha20 --min 0 --max 999

# --prng all hands a seed too wide to sweep to state recovery.
grep -v '^#' $st/java_nextint1000_seed1763683200123.txt | head -30 >"$work/h"
both "hand-off java" "$work/h" --min 0 --max 999 --prng all --seed-range 0..2000 --quiet --predict 10
grep -v '^#' $st/v8_floor1000_seed7.txt | head -100 >"$work/h"
both "hand-off v8" "$work/h" --min 0 --max 999 --prng all --seed-range 0..2000 --quiet

# --tuples: the lottery cases of tests/tests/tuples.rs and one per tuple vector.
jq -c 'select(.seed >= 0 and .seed < 9000000000000000000)' tests/vectors/tuples/tuples.jsonl >"$work/tv"
i=0
while read -r line; do
  i=$((i + 1))
  src=$(jq -r .source <<<"$line")
  seed=$(jq -r .seed <<<"$line")
  min=$(jq -r .min <<<"$line")
  max=$(jq -r .max <<<"$line")
  jq -r '.tuples[:3][] | map(tostring) | join(" ")' <<<"$line" >"$work/t"
  lo=$((seed > 300 ? seed - 300 : 0))
  args=(--tuples --min "$min" --max "$max" --prng "$src" --seed-range "$lo..$((seed + 300))" --quiet)
  if [ $((i % 4)) -eq 0 ]; then
    both "tuples $src $seed" "$work/t" "${args[@]}"
    both "tuples $src $seed sorted" "$work/t" "${args[@]}" --sorted
  else
    run "tuples $src $seed" "$work/t" "${args[@]}" --json
  fi
done <"$work/tv"
printf '1 2 3\n4 5 5\n' >"$work/t"
run "tuples repeated" "$work/t" --tuples --min 1 --max 49 --quiet

# Bad input and edge cases (tests/tests/cli.rs).
printf '1\n2\nx\n' >"$work/b"
run "not an integer" "$work/b" --min 0 --max 9
printf '1\n20\n' >"$work/b"
run "out of range" "$work/b" --min 0 --max 9
: >"$work/b"
run "empty" "$work/b" --min 0 --max 9
printf '1\n' >"$work/b"
run "min above max" "$work/b" --min 9 --max 0
run "unknown source" "$work/b" --min 0 --max 9 --prng nope
run "bad seed range" "$work/b" --min 0 --max 9 --seed-range 5..5
run "control" "$work/b" --min 0 --max 999 --prng chacha20
printf '3\n' >"$work/b"
both "too few draws" "$work/b" --min 0 --max 9 --prng msvc_rand --seed-range 0..100000
printf '1\n2\n3\n4\n5\n6\n7\n8\n' >"$work/b"
both "not found" "$work/b" --min 0 --max 999 --prng msvc_rand --seed-range 0..50000

echo "json_equal: $cases cases compared, $fails differ (baseline exit status 0: ${exits[0]:-0}, 1: ${exits[1]:-0}, 2: ${exits[2]:-0}, other: $((cases - ${exits[0]:-0} - ${exits[1]:-0} - ${exits[2]:-0})))"
[ "$fails" -eq 0 ]
