#!/usr/bin/env bash
# Time to the first printed candidate and to the final report, for each file of
# ../shared/corpus (its first 30 lines) with `--prng all` and no seed range,
# embedded on this machine's cores. Usage:
#   ops/bench/first-answer.sh [SCHEDULER_BIN] [CORPUS_DIR] [TIMEOUT_S]
# Prints one line per file: file, first answer (s), report (s), verdict, what answered.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$here/target/release/scheduler}
corpus=${2:-$here/../shared/corpus}
limit=${3:-600}
for f in "$corpus"/*.txt; do
  range=$(case "$(basename "$f")" in *0_999*|*1000*) echo "0 999";; *) echo "0 999";; esac)
  set -- $range
  head -30 "$f" | python3 - "$bin" "$1" "$2" "$limit" "$(basename "$f")" <<'PY'
import json, subprocess, sys, time
bin, lo, hi, limit, name = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), sys.argv[5]
draws = sys.stdin.read()
t0 = time.monotonic()
p = subprocess.Popen([bin, "submit", "--draws", "-", "--min", lo, "--max", hi, "--prng", "all",
                      "--json", "--events"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                     stderr=subprocess.DEVNULL, text=True)
p.stdin.write(draws); p.stdin.close()
first, what, verdict = None, "-", "-"
import threading
timer = threading.Timer(limit, lambda: p.send_signal(2))
timer.start()
for line in p.stdout:
    v = json.loads(line)
    ev = v.get("event")
    if ev in ("candidate", "state_report") and first is None:
        first = time.monotonic() - t0
        what = (v["candidate"]["prng"] + " seed " + str(v["candidate"]["seed"])) if ev == "candidate" \
            else (v["report"]["prng"] + " state (" + v["report"]["verdict"] + ")")
    if ev is None:
        verdict = v.get("verdict", "-")
        left = sum(l["end"] - l["start"] for l in v.get("searched", {}).get("left", []))
p.wait(); timer.cancel()
end = time.monotonic() - t0
print(f"{name:45} first {('%.1f s' % first) if first is not None else 'none':>9}  report {end:8.1f} s  {verdict:11} {what}")
PY
done
