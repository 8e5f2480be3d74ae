# Shared by soak-a.sh, soak-b.sh and soak-c.sh (sourced, not run).
#
# Each soak runs in its own folder ($SOAK_DIR, default a new temp folder) with
# its own redis-server on a free loopback port and its own key root, so it can
# kill and restart everything it started and nothing else. Processes it
# starts are recorded as $SOAK_DIR/pids/NAME.pid, which soak-probe samples.
#
# Settings: BIN (release binaries, default target/release), SOAK_MINUTES
# (default 3), SOAK_DIR.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
BIN=${BIN:-target/release}
SOAK_MINUTES=${SOAK_MINUTES:-3}
SOAK_DIR=${SOAK_DIR:-$(mktemp -d -t seedsieve-soak.XXXXXX)}
mkdir -p "$SOAK_DIR/pids" "$SOAK_DIR/logs" "$SOAK_DIR/redis" "$SOAK_DIR/watch"
for b in scheduler worker producer soak-probe; do
  [ -x "$BIN/$b" ] || { echo "soak: $BIN/$b missing (cargo build --release --workspace --bins)" >&2; exit 2; }
done
command -v redis-server >/dev/null || { echo "soak: redis-server missing" >&2; exit 2; }
# A free port below the kernel's ephemeral range: while Redis is down after
# its kill -9, a client retrying connect() to an ephemeral port can be given
# that very port as its source port and connect to itself, and the restarted
# Redis then cannot bind it.
REDIS_PORT=$(python3 -c '
import random, socket
low = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
for _ in range(1000):
    p = random.randrange(10000, max(low, 10001))
    try:
        s = socket.socket(); s.bind(("127.0.0.1", p)); s.close(); print(p); break
    except OSError:
        pass
' 2>/dev/null || true)
REDIS_PORT=${REDIS_PORT:-$((20000 + RANDOM % 10000))}
export SEEDSIEVE_REDIS=redis://127.0.0.1:$REDIS_PORT
export SEEDSIEVE_PREFIX=soak-$(date +%s)-$RANDOM
export SEEDSIEVE_LEASE_MS=${SEEDSIEVE_LEASE_MS:-3000}
export SEEDSIEVE_WATCH_DIR=$SOAK_DIR/watch
export SEEDSIEVE_LOG=${SEEDSIEVE_LOG:-info}
log() { echo "[$(date +%H:%M:%S)] $*"; }

now_ms() { date +%s%3N; }

# start_redis: AOF with appendfsync always, so a kill -9 loses nothing.
start_redis() {
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$SOAK_DIR/redis" \
    --appendonly yes --appendfsync always --save "" --maxmemory-policy noeviction \
    --logfile redis.log --daemonize no >/dev/null 2>&1 &
  echo $! > "$SOAK_DIR/pids/redis.pid"
  local pid; pid=$(cat "$SOAK_DIR/pids/redis.pid")
  # Up to 30 s: a restart replays the AOF before it answers PING.
  for _ in $(seq 300); do
    [ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ] && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "soak: redis-server did not answer on $REDIS_PORT; redis.log ends:" >&2
  tail -n 20 "$SOAK_DIR/redis/redis.log" >&2 || true
  return 1
}

# start_worker NAME: one CPU worker with 1 slot.
start_worker() {
  "$BIN/worker" --backend cpu --concurrency 1 >>"$SOAK_DIR/logs/$1.log" 2>&1 &
  echo $! > "$SOAK_DIR/pids/$1.pid"
}

# start_watcher POLICIES
start_watcher() {
  "$BIN/scheduler" watch --policies "$1" >>"$SOAK_DIR/logs/watcher.log" 2>&1 &
  echo $! > "$SOAK_DIR/pids/watcher.pid"
}

# kill9 NAME: kill -9 a recorded process and wait for it.
kill9() {
  local pid; pid=$(cat "$SOAK_DIR/pids/$1.pid")
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# stop_timed NAME: SIGTERM, wait, print the milliseconds it took (9999 if it
# had to be killed after 5 s).
stop_timed() {
  local pid t0 n=0; pid=$(cat "$SOAK_DIR/pids/$1.pid")
  t0=$(now_ms)
  kill -TERM "$pid" 2>/dev/null || { echo 0; return; }
  while kill -0 "$pid" 2>/dev/null && [ "$(awk -v p="$pid" '$1=="State:"{print $2}' /proc/$pid/status 2>/dev/null)" != Z ]; do
    sleep 0.01; n=$((n + 1))
    if [ $n -gt 500 ]; then kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; echo 9999; return; fi
  done
  wait "$pid" 2>/dev/null || true
  echo $(( $(now_ms) - t0 ))
}

start_probe() {
  "$BIN/soak-probe" sample --pids "$SOAK_DIR/pids" --out "$SOAK_DIR/samples.jsonl" \
    --redis "$SEEDSIEVE_REDIS" --status-cmd "$BIN/scheduler watch --status" &
  PROBE_PID=$!
}

stop_probe() { kill -TERM "$PROBE_PID" 2>/dev/null || true; wait "$PROBE_PID" 2>/dev/null || true; }

# cleanup: stop everything still recorded (trap EXIT).
cleanup() {
  stop_probe 2>/dev/null || true
  for f in "$SOAK_DIR"/pids/*.pid; do
    [ -e "$f" ] || continue
    kill -9 "$(cat "$f")" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}
trap cleanup EXIT

# policies FILE: a fast loop for soaks.
policies() {
  printf 'approval_route = "watcher"\n[triggers]\nmin_draws = 10\n[bounds]\nmax_offset = 8\nmax_seed_span = 16777216\n[limits]\ncooldown_s = 1\nmax_per_hour = 3600\n' > "$1"
}

# facts FILE NAME PASS DETAIL: one check as a facts file.
fact() {
  printf '{"checks": [{"name": "%s", "pass": %s, "detail": "%s"}]}\n' "$2" "$3" "$4" > "$1"
}
