#!/usr/bin/env bash
# Soak: play a known source into a draw stream, then reseed it, forever or
# ROUNDS times, so that a watcher under test must notice each switch,
# re-sieve and find the new seed. Needs producer on PATH (or BIN=dir) and
# SEEDSIEVE_REDIS / SEEDSIEVE_PREFIX in the environment.
#
#   STREAM=soak PRNG=php_mt_rand MIN=1 MAX=100 EVERY=200ms PER_SEED=200 ROUNDS=10 \
#     ops/soak/inject-switch.sh
#
# Each round prints the seed it plays, so the audit trail (`scheduler watch
# explain N`) can be checked against the truth.
set -euo pipefail
BIN=${BIN:-}
P=${BIN:+$BIN/}producer
STREAM=${STREAM:-soak}
PRNG=${PRNG:-php_mt_rand}
MIN=${MIN:-1}
MAX=${MAX:-100}
EVERY=${EVERY:-200ms}
PER_SEED=${PER_SEED:-200}
ROUNDS=${ROUNDS:-0}
SEED_MAX=${SEED_MAX:-1048576}
round=0
while [ "$ROUNDS" -eq 0 ] || [ "$round" -lt "$ROUNDS" ]; do
  seed=$(( (RANDOM * 32768 + RANDOM) % SEED_MAX ))
  echo "round $round: $PRNG seed $seed, $PER_SEED draws into $STREAM"
  "$P" inject --stream "$STREAM" --prng "$PRNG" --seed "$seed" --min "$MIN" --max "$MAX" \
    --every "$EVERY" --count "$PER_SEED"
  round=$((round + 1))
done
