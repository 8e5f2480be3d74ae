#!/usr/bin/env bash
# The README's "Watch a live source", as commands you can run: ingest the draws
# of a PHP program seen so far, create a watch session (the plan and its
# estimate first, then the first sieve), start a worker and the watcher,
# ingest the next draws and read how the predictions scored.
#
#   cargo build --release --workspace --bins && ops/examples/watch-demo.sh
#
# Settings: BIN (the binaries, default target/release); SEEDSIEVE_REDIS (a
# Redis 7 to use; default: a redis-server of its own from ops/redis/redis.conf
# on a free port, in a temporary folder, stopped at the end); FLEET=1 runs the
# first sieve on the worker (`watch-session create --fleet`); SEED_RANGE
# (default 0..2^14; `all` sweeps the whole 2^32 space: minutes on a few cores,
# which the plan line says before it starts). Keys go under a fresh prefix.
set -euo pipefail
cd "$(dirname "$0")/../.."
B=${BIN:-target/release}
for b in scheduler worker producer; do
  [ -x "$B/$b" ] || { echo "watch-demo: $B/$b missing (cargo build --release --workspace --bins)" >&2; exit 2; }
done
DIR=$(mktemp -d -t seedsieve-watch-demo.XXXXXX)
pids=()
cleanup() {
  "$B/scheduler" watch --stop >/dev/null 2>&1 || true
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$DIR"
}
trap cleanup EXIT
if [ -z "${SEEDSIEVE_REDIS:-}" ]; then
  command -v redis-server >/dev/null || { echo "watch-demo: redis-server missing (or set SEEDSIEVE_REDIS)" >&2; exit 2; }
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
    || echo $((20000 + RANDOM % 20000)))
  redis-server ops/redis/redis.conf --port "$port" --dir "$DIR" --logfile redis.log --daemonize no >/dev/null 2>&1 &
  pids+=($!)
  export SEEDSIEVE_REDIS=redis://127.0.0.1:$port
  for _ in $(seq 100); do
    "$B/scheduler" status >/dev/null 2>&1 && break
    sleep 0.1
  done
fi
export SEEDSIEVE_PREFIX=${SEEDSIEVE_PREFIX:-watch-demo-$(date +%s)-$RANDOM}
export SEEDSIEVE_LEASE_MS=${SEEDSIEVE_LEASE_MS:-5000}
export SEEDSIEVE_WATCH_DIR=$DIR/watch
range=${SEED_RANGE:-0..2^14}
sr=(--seed-range "$range")
[ "$range" != all ] || sr=()
run() { echo "\$ $*" | sed "s|$B/||g"; "$@"; echo; }

# 1. The draws seen so far (one value a line) into the draw stream `lotto`.
run "$B/producer" ingest --stream lotto --file ops/examples/draws.txt
# 2. The session: its first sieve finds the seeds that explain those draws.
if [ -n "${FLEET:-}" ]; then
  "$B/worker" --backend cpu --concurrency 2 2> "$DIR/worker.log" & pids+=($!)
fi
run "$B/scheduler" watch-session create --stream lotto --min 0 --max 999 --prng php_mt_rand \
  "${sr[@]}" ${FLEET:+--fleet}
# 3. A worker and the watcher: new draws are scored, a re-sieve runs when the
#    survivors stop explaining them (docs/feedback-loop.md).
[ -n "${FLEET:-}" ] || { "$B/worker" --backend cpu --concurrency 2 2> "$DIR/worker.log" & pids+=($!); }
"$B/scheduler" watch --policies ops/feedback/policies.toml 2> "$DIR/watch.log" & pids+=($!)
# 4. The program draws again.
run "$B/producer" ingest --stream lotto --file ops/examples/next-draws.txt
for _ in $(seq 150); do
  "$B/scheduler" watch-session show lotto | grep -q 'scored 8:' && break
  sleep 0.2
done
run "$B/scheduler" watch-session show lotto --points 4
run "$B/scheduler" watch --stop
