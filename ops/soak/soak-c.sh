#!/usr/bin/env bash
# Soak C, the full loop under faults: `producer inject` plays php_mt_rand with
# a known reseed schedule into one watched stream while a chaos loop kill -9s
# the watcher or a worker at random (every 6-15 s) and restarts them, and Redis
# is killed (kill -9) and restarted once at mid-run (AOF, appendfsync always).
# Passes when every seed of the schedule is recovered in order, no request is
# executed twice or lost, `explain` works for every request, the watcher stops
# on SIGTERM in under 0.5 s, and no process's RSS grows by 50 MiB or more.
#
#   cargo build --release --workspace --bins && SOAK_MINUTES=60 ops/soak/soak-c.sh
. "$(dirname "$0")/lib.sh"
log "soak C in $SOAK_DIR for $SOAK_MINUTES min"
start_redis
policies "$SOAK_DIR/policies.toml"
first=$((RANDOM * 16 % 1048576))
"$BIN/producer" inject --stream c --prng php_mt_rand --seed "$first" --min 1 --max 100 --every 1ms --count 12 >/dev/null
"$BIN/scheduler" watch-session create c --stream c --min 1 --max 100 --prng php_mt_rand --seed-range 0..2^20 >/dev/null
start_worker worker1
start_worker worker2
start_watcher "$SOAK_DIR/policies.toml"
sleep 2
start_probe
secs=$(awk -v m="$SOAK_MINUTES" 'BEGIN{print int(m*60)}')
end=$(( $(date +%s) + secs ))

# The chaos loop, in the background: kill -9 and restart; Redis once at mid-run.
chaos() {
  local redis_at=$(( $(date +%s) + secs / 2 )) redis_done=0 n=0
  while [ "$(date +%s)" -lt "$end" ]; do
    sleep $((6 + RANDOM % 10))
    [ "$(date +%s)" -lt "$end" ] || break
    if [ $redis_done -eq 0 ] && [ "$(date +%s)" -ge "$redis_at" ]; then
      log "chaos: kill -9 redis, restart"; echo redis >> "$SOAK_DIR/faults.txt"
      kill9 redis; sleep 1; start_redis; redis_done=1; continue
    fi
    case $((RANDOM % 3)) in
      0) victim=watcher ;; 1) victim=worker1 ;; *) victim=worker2 ;;
    esac
    log "chaos: kill -9 $victim"; echo "$victim" >> "$SOAK_DIR/faults.txt"
    kill9 "$victim"; sleep 0.5
    case $victim in
      watcher) start_watcher "$SOAK_DIR/policies.toml" ;;
      *) start_worker "$victim" ;;
    esac
    n=$((n + 1))
  done
}
: > "$SOAK_DIR/faults.txt"
chaos & CHAOS_PID=$!

# The reseed schedule: one seed every round of 40 draws (50 ms apart) and a pause.
seeds=()
while [ "$(date +%s)" -lt $((end - 15)) ]; do
  s=$((RANDOM * 16 % 1048576))
  seeds+=("$s")
  log "inject: seed $s (${#seeds[@]})"
  "$BIN/producer" inject --stream c --prng php_mt_rand --seed "$s" --min 1 --max 100 --every 50ms --count 40 >/dev/null \
    || { sleep 1; "$BIN/producer" inject --stream c --prng php_mt_rand --seed "$s" --min 1 --max 100 --every 50ms --count 40 >/dev/null; }
  sleep 8
done
wait "$CHAOS_PID" || true
# The watcher may have been killed last: make sure one runs, then let the last seed be found.
kill -0 "$(cat "$SOAK_DIR/pids/watcher.pid")" 2>/dev/null || start_watcher "$SOAK_DIR/policies.toml"
kill -0 "$(cat "$SOAK_DIR/pids/worker1.pid")" 2>/dev/null || start_worker worker1
expect=$(IFS=,; echo "${seeds[*]}")
for _ in $(seq 90); do
  "$BIN/soak-probe" audit --file "$SOAK_DIR/watch/audit.jsonl" --expect-seeds "$expect" > "$SOAK_DIR/facts-audit.json" 2>/dev/null || true
  grep -q '"every seed recovered in order","pass":true' "$SOAK_DIR/facts-audit.json" && \
    grep -q '"lost_requests":0' "$SOAK_DIR/facts-audit.json" && break
  sleep 1
done
stop_probe
w=$(stop_timed watcher); k1=$(stop_timed worker1); k2=$(stop_timed worker2)
rm -f "$SOAK_DIR"/pids/{watcher,worker1,worker2}.pid
# explain must work for every request.
bad_explain=0; n_req=0
for id in $(grep -o '"request_ids":\[[0-9,]*\]' "$SOAK_DIR/facts-audit.json" | grep -o '[0-9][0-9]*'); do
  n_req=$((n_req + 1))
  "$BIN/scheduler" watch explain "$id" > /dev/null 2>&1 || { bad_explain=$((bad_explain + 1)); echo "explain $id failed" >&2; }
done
faults=$(wc -l < "$SOAK_DIR/faults.txt")
log "seeds ${#seeds[@]}, requests $n_req, faults $faults, SIGTERM watcher $w ms"
printf '{"cycles": %s, "faults_injected": %s, "faults": "%s", "sigterm_ms": {"watcher": %s, "worker1": %s, "worker2": %s}, "checks": [{"name": "watcher SIGTERM under 500 ms", "pass": %s, "detail": "%s ms"}, {"name": "explain works for every request", "pass": %s, "detail": "%s of %s failed"}, {"name": "redis was restarted once", "pass": %s, "detail": "%s faults"}]}\n' \
  "${#seeds[@]}" "$faults" "$(sort "$SOAK_DIR/faults.txt" | uniq -c | awk '{printf "%s%s x%s", (NR>1?", ":""), $2, $1}')" "$w" "$k1" "$k2" \
  "$([ "$w" -lt 500 ] && echo true || echo false)" "$w" \
  "$([ $bad_explain -eq 0 ] && [ $n_req -gt 0 ] && echo true || echo false)" "$bad_explain" "$n_req" \
  "$(grep -qx redis "$SOAK_DIR/faults.txt" && echo true || echo false)" "$faults" > "$SOAK_DIR/facts-chaos.json"
"$BIN/soak-probe" report --soak C --samples "$SOAK_DIR/samples.jsonl" --facts "$SOAK_DIR/facts-audit.json" \
  --facts "$SOAK_DIR/facts-chaos.json" --max-rss-growth-mb 50 --max-fd-growth 8 --out "$SOAK_DIR/summary.json"
