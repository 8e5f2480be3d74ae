#!/usr/bin/env bash
# Time to the first printed candidate and to the final report, for each file of
# ../shared/corpus (its first 30 lines) with `--prng all` and no seed range,
# embedded on this machine's cores. Usage:
#   ops/bench/first-answer.sh [SCHEDULER_BIN] [CORPUS_DIR] [LIMIT_S]
# A run still going after LIMIT_S gets SIGINT (its report is then `incomplete`).
# Prints one line per file: first answer (s), report (s), verdict, what answered.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$here/target/release/scheduler}
corpus=${2:-$here/../shared/corpus}
limit=${3:-600}
exec python3 "$here/ops/bench/first_answer.py" "$bin" "$corpus" "$limit"
