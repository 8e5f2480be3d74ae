#!/usr/bin/env bash
# Soak B, bursts: for SOAK_MINUTES (default 3), every burst reseeds four watched
# streams (four re-sieve requests through triggers, acceptance and the watcher)
# and submits three fleet jobs, while one of the two workers is killed (kill -9)
# mid-burst and restarted. Passes when every request is archived exactly once
# (one dispatch, one outcome, none lost), every job settles with the planted
# seed, and no process's RSS or descriptors grow past the bounds.
. "$(dirname "$0")/lib.sh"
log "soak B in $SOAK_DIR for $SOAK_MINUTES min"
start_redis
policies "$SOAK_DIR/policies.toml"
STREAMS="b0 b1 b2 b3"
for s in $STREAMS; do
  "$BIN/producer" inject --stream "$s" --prng php_mt_rand --seed $((RANDOM * 16 % 1048576)) --min 1 --max 100 --every 1ms --count 12 >/dev/null
  "$BIN/scheduler" watch-session create "$s" --stream "$s" --min 1 --max 100 --prng php_mt_rand --seed-range 0..2^20 >/dev/null
done
# A job's draws: PHP mt_rand(0, 999) after mt_srand(4242), made by the injector.
"$BIN/producer" inject --stream jobdraws --prng php_mt_rand --seed 4242 --min 0 --max 999 --every 1ms --count 30 >/dev/null
redis-cli -p "$REDIS_PORT" --raw XRANGE "$SEEDSIEVE_PREFIX:v1:draws:jobdraws" - + | awk 'p{print; p=0} $0=="value"{p=1}' > "$SOAK_DIR/job-draws.txt"
[ "$(wc -l < "$SOAK_DIR/job-draws.txt")" -eq 30 ] || { echo "soak B: could not read the job draws back" >&2; exit 2; }
start_worker worker1
start_worker worker2
start_watcher "$SOAK_DIR/policies.toml"
sleep 2
start_probe
end=$(( $(date +%s) + $(awk -v m="$SOAK_MINUTES" 'BEGIN{print int(m*60)}') ))
: > "$SOAK_DIR/jobs.txt"
burst=0
while [ "$(date +%s)" -lt "$end" ]; do
  burst=$((burst + 1))
  injectors=()
  for s in $STREAMS; do
    "$BIN/producer" inject --stream "$s" --prng php_mt_rand --seed $((RANDOM * 16 % 1048576)) --min 1 --max 100 --every 1ms --count 16 >/dev/null &
    injectors+=($!)
  done
  for _ in 1 2 3; do
    "$BIN/scheduler" submit --draws "$SOAK_DIR/job-draws.txt" --min 0 --max 999 --prng php_mt_rand \
      --seed-range 0..2^22 --detach >> "$SOAK_DIR/jobs.txt" 2>>"$SOAK_DIR/logs/submit.log"
  done
  wait "${injectors[@]}" || true
  sleep 1
  log "burst $burst: kill -9 worker1"
  kill9 worker1; sleep 1; start_worker worker1
  sleep 12
done
log "bursts over: waiting for every request and job to settle"
settled=false
for _ in $(seq 120); do
  "$BIN/soak-probe" audit --file "$SOAK_DIR/watch/audit.jsonl" > "$SOAK_DIR/facts-audit.json" 2>/dev/null || true
  open=$(grep -o '"lost_requests":[0-9]*' "$SOAK_DIR/facts-audit.json" | cut -d: -f2)
  busy=0
  while read -r job; do
    [ -n "$job" ] || continue
    "$BIN/scheduler" result "$job" --json > /dev/null 2>&1; rc=$?
    [ $rc -eq 4 ] && busy=$((busy + 1))
  done < "$SOAK_DIR/jobs.txt"
  if [ "${open:-1}" = 0 ] && [ $busy -eq 0 ]; then settled=true; break; fi
  sleep 1
done
stop_probe
ok=0; bad=0
while read -r job; do
  [ -n "$job" ] || continue
  if "$BIN/scheduler" result "$job" --json 2>/dev/null | grep -q '"seed": *4242\b'; then ok=$((ok + 1)); else bad=$((bad + 1)); echo "job $job: no seed 4242" >&2; fi
done < "$SOAK_DIR/jobs.txt"
w=$(stop_timed watcher); stop_timed worker1 >/dev/null; stop_timed worker2 >/dev/null
rm -f "$SOAK_DIR"/pids/{watcher,worker1,worker2}.pid
reqs=$(grep -o '"requests":[0-9]*' "$SOAK_DIR/facts-audit.json" | cut -d: -f2)
log "bursts $burst, requests ${reqs:-0}, jobs $ok found / $bad not, settled $settled, watcher SIGTERM $w ms"
printf '{"bursts": %s, "jobs": %s, "worker_kills": %s, "checks": [{"name": "every job settles with the planted seed", "pass": %s, "detail": "%s of %s"}, {"name": "requests were raised", "pass": %s, "detail": "%s requests"}]}\n' \
  "$burst" "$((ok + bad))" "$burst" "$([ $bad -eq 0 ] && [ $ok -gt 0 ] && echo true || echo false)" "$ok" "$((ok + bad))" \
  "$([ "${reqs:-0}" -gt 0 ] && echo true || echo false)" "${reqs:-0}" > "$SOAK_DIR/facts-jobs.json"
"$BIN/soak-probe" report --soak B --samples "$SOAK_DIR/samples.jsonl" --facts "$SOAK_DIR/facts-audit.json" \
  --facts "$SOAK_DIR/facts-jobs.json" --max-rss-growth-mb "${MAX_RSS_GROWTH_MB:-50}" --max-fd-growth 8 --out "$SOAK_DIR/summary.json"
