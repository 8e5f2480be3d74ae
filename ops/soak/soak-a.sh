#!/usr/bin/env bash
# Soak A, idle endurance: a Redis, two idle CPU workers and the watcher with
# one quiet watch session, sampled for SOAK_MINUTES (default 3). Passes when no
# process's RSS or descriptors trend upward (fitted growth under 2 MiB and 1
# descriptor), `scheduler watch --status` answers in under 200 ms at the 99th
# percentile, and SIGTERM stops the watcher in under 0.5 s.
#
#   cargo build --release --workspace --bins && SOAK_MINUTES=60 ops/soak/soak-a.sh
. "$(dirname "$0")/lib.sh"
log "soak A in $SOAK_DIR for $SOAK_MINUTES min"
start_redis
policies "$SOAK_DIR/policies.toml"
"$BIN/producer" inject --stream idle --prng php_mt_rand --seed 777 --min 1 --max 100 --every 1ms --count 12 >/dev/null
"$BIN/scheduler" watch-session create idle --stream idle --min 1 --max 100 --prng php_mt_rand --seed-range 0..2^20 >/dev/null
start_worker worker1
start_worker worker2
start_watcher "$SOAK_DIR/policies.toml"
sleep 5   # warm-up: first allocations, connections, kernels
start_probe
sleep "$(awk -v m="$SOAK_MINUTES" 'BEGIN{print m*60}')"
stop_probe
w=$(stop_timed watcher); k1=$(stop_timed worker1); k2=$(stop_timed worker2)
rm -f "$SOAK_DIR"/pids/{watcher,worker1,worker2}.pid
log "SIGTERM: watcher $w ms, workers $k1 ms, $k2 ms"
printf '{"sigterm_ms": {"watcher": %s, "worker1": %s, "worker2": %s}, "checks": [{"name": "watcher SIGTERM under 500 ms", "pass": %s, "detail": "%s ms"}, {"name": "workers SIGTERM under 1500 ms", "pass": %s, "detail": "%s ms, %s ms"}]}\n' \
  "$w" "$k1" "$k2" "$([ "$w" -lt 500 ] && echo true || echo false)" "$w" \
  "$([ "$k1" -lt 1500 ] && [ "$k2" -lt 1500 ] && echo true || echo false)" "$k1" "$k2" > "$SOAK_DIR/facts-stop.json"
"$BIN/soak-probe" report --soak A --samples "$SOAK_DIR/samples.jsonl" --facts "$SOAK_DIR/facts-stop.json" \
  --max-rss-growth-mb "${MAX_RSS_GROWTH_MB:-2}" --max-fd-growth 1 --status-p99-ms 200 --out "$SOAK_DIR/summary.json"
