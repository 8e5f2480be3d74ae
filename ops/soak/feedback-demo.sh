#!/usr/bin/env bash
# A watch session's life on one machine, as in docs/feedback-loop.md: inject a
# known seed, create the session, start a worker and the watcher, predict,
# reseed the source, watch the re-sieve find the new seed, read the audit
# trail, then the human route. Needs a Redis at SEEDSIEVE_REDIS (default
# redis://127.0.0.1:6379) and the release binaries (cargo build --release).
set -euo pipefail
cd "$(dirname "$0")/../.."
B=${BIN:-target/release}
export SEEDSIEVE_REDIS=${SEEDSIEVE_REDIS:-redis://127.0.0.1:6379}
export SEEDSIEVE_PREFIX=${SEEDSIEVE_PREFIX:-demo-$(date +%s)}
export SEEDSIEVE_LEASE_MS=${SEEDSIEVE_LEASE_MS:-5000}
export SEEDSIEVE_WATCH_DIR=${SEEDSIEVE_WATCH_DIR:-$(mktemp -d)}
run() { echo "\$ $*" | sed "s|$B/||g"; "$@"; echo; }
pol=$SEEDSIEVE_WATCH_DIR/policies.toml
printf 'approval_route = "watcher"\n[triggers]\nmin_draws = 10\n[bounds]\nmax_offset = 8\nmax_seed_span = 16777216\n[limits]\ncooldown_s = 2\n' > "$pol"
run $B/producer inject --stream lotto --prng php_mt_rand --seed 777777 --min 1 --max 100 --every 1ms --count 12
run $B/scheduler watch-session create lotto --stream lotto --min 1 --max 100 --prng php_mt_rand --seed-range 0..2^24
$B/worker --backend cpu --concurrency 2 2> "$SEEDSIEVE_WATCH_DIR/worker.log" & wpid=$!
SEEDSIEVE_LOG=info $B/scheduler watch --policies "$pol" 2> "$SEEDSIEVE_WATCH_DIR/watch.log" &
sleep 1
run $B/producer inject --stream lotto --prng php_mt_rand --seed 777777 --min 1 --max 100 --every 20ms --count 10 --offset 12
sleep 1
run $B/scheduler watch-session show lotto --points 4
run $B/producer inject --stream lotto --prng php_mt_rand --seed 424242 --min 1 --max 100 --every 20ms --count 14
sleep 3
run $B/scheduler watch-session show lotto --points 4
run $B/scheduler watch explain 1
run $B/scheduler watch --status
run $B/scheduler watch halt "maintenance window"
run $B/scheduler watch resume
run $B/scheduler watch --stop
kill $wpid
echo "audit.jsonl: $(wc -l < "$SEEDSIEVE_WATCH_DIR/audit.jsonl") events"
head -n 2 "$SEEDSIEVE_WATCH_DIR/audit.jsonl"
