#!/usr/bin/env bash
# Runs every end-to-end benchmark against the three servers (ours, bare Jetty, the original
# algorithm), the unified server's admin API, and a 3-node cluster on Redis, and prints the
# medians and ratios. Usage:
#   benchmarks/run.sh             # the full run: 5 runs, 10,000 clients (about 30 minutes)
#   benchmarks/run.sh --smoke     # seconds, tiny numbers: checks that everything still runs
# Results: benchmarks/target/results/<timestamp>/ (one JSON per suite, variant and run, and summary.md).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=5 CLIENTS=10000 RATE=5000 SECONDS_=10 ROUNDS=20 CONNECT_SWEEP="1000 5000"
SLOW_CLIENTS=1000 SLOW_ROUNDS=100 REQ_CLIENTS=1000 REQ_SECONDS=10 CLUSTER_CLIENTS=3000 CLUSTER_RATE=2000
if [ "${1:-}" = "--smoke" ]; then
  RUNS=1 CLIENTS=60 RATE=200 SECONDS_=1 ROUNDS=3 CONNECT_SWEEP="20"
  SLOW_CLIENTS=100 SLOW_ROUNDS=5 REQ_CLIENTS=20 REQ_SECONDS=1 CLUSTER_CLIENTS=30 CLUSTER_RATE=100
fi

if [ -z "${SKIP_BUILD:-}" ]; then
  mvn -B -q -pl benchmarks -am package -DskipTests
fi
(cd benchmarks/loadgen && npm ci --no-audit --no-fund --prefer-offline >/dev/null)
ulimit -n 20000 2>/dev/null || ulimit -n 4096

OUT="benchmarks/target/results/$(date -u +%Y-%m-%dT%H%M%SZ)"
mkdir -p "$OUT"
CLASSPATH_="benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*"
# ZGC for every variant: with G1, the live data of the resume buffers lengthens young pauses, which
# then set the p99 (see benchmarks/README.md).
JAVA_OPTS=(-Xms1g -Xmx2g -XX:+UseZGC)
source benchmarks/lib.sh
loadgen() { node benchmarks/loadgen/loadgen.mjs "$@"; }
# Only for start, which runs it in a background subshell: exec keeps $PID the JVM's (loadgen reads its RSS).
bench_server() { exec java "${JAVA_OPTS[@]}" -cp "$CLASSPATH_" io.mcpui.bench.server.BenchServer "$@"; }

for run in $(seq 1 "$RUNS"); do
  for variant in bare ours original; do
    for n in $CONNECT_SWEEP; do # the memory scenario alone at smaller N
      port=$(free_port)
      start "$OUT/server-connect$n-$variant-$run.log" bench_server --variant "$variant" --port "$port"
      loadgen --url "http://127.0.0.1:$port" --pid "$PID" --clients "$n" --scenarios memory >"$OUT/connect$n-$variant-$run.json"
      stop "$PID"
    done

    port=$(free_port)
    start "$OUT/server-$variant-$run.log" bench_server --variant "$variant" --port "$port"
    loadgen --url "http://127.0.0.1:$port" --pid "$PID" --clients "$CLIENTS" --rate "$RATE" --seconds "$SECONDS_" \
      --rounds "$ROUNDS" --scenarios memory,broadcast,unicast >"$OUT/main-$variant-$run.json"
    stop "$PID"

    port=$(free_port)
    start "$OUT/server-slow-$variant-$run.log" bench_server --variant "$variant" --port "$port" --send-buffer 65536
    loadgen --url "http://127.0.0.1:$port" --pid "$PID" --clients "$SLOW_CLIENTS" --slow-rounds "$SLOW_ROUNDS" \
      --baseline-rounds "$((SLOW_ROUNDS / 2))" --scenarios slow >"$OUT/slow-$variant-$run.json"
    stop "$PID"
  done

  port=$(free_port)
  start "$OUT/server-unified-$run.log" java "${JAVA_OPTS[@]}" -cp "$CLASSPATH_" io.mcpui.server.Main --port "$port" \
    --open-sessions --connections-per-second 0
  loadgen --url "http://127.0.0.1:$port" --ws-path /button/ws --clients "$REQ_CLIENTS" --seconds "$REQ_SECONDS" \
    --scenarios requests >"$OUT/requests-ours-$run.json"
  stop "$PID"

  if command -v redis-server >/dev/null; then
    redis_port=$(free_port)
    redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >"$OUT/redis-$run.log" 2>&1 &
    REDIS_PID=$!; PIDS+=("$REDIS_PID")
    sleep 0.5
    port=$(free_port)
    start "$OUT/server-one-node-$run.log" bench_server --variant ours --port "$port"
    loadgen --url "http://127.0.0.1:$port" --clients "$CLUSTER_CLIENTS" --rate "$CLUSTER_RATE" --seconds "$SECONDS_" \
      --rounds "$ROUNDS" --scenarios broadcast,unicast >"$OUT/cluster-1node-$run.json"
    stop "$PID"
    urls=()
    node_pids=()
    for n in 1 2 3; do
      port=$(free_port)
      start "$OUT/server-node$n-$run.log" bench_server --variant ours --port "$port" --redis-url "redis://127.0.0.1:$redis_port"
      urls+=("http://127.0.0.1:$port"); node_pids+=("$PID")
    done
    sleep 4 # heartbeats: every node sees the others' registries
    loadgen --url "$(IFS=,; echo "${urls[*]}")" --clients "$CLUSTER_CLIENTS" --rate "$CLUSTER_RATE" --seconds "$SECONDS_" \
      --rounds "$ROUNDS" --scenarios broadcast,unicast >"$OUT/cluster-3nodes-$run.json"
    for p in "${node_pids[@]}"; do stop "$p"; done
    stop "$REDIS_PID"
  fi
done

node benchmarks/loadgen/summarize.mjs "$OUT" | tee "$OUT/summary.md"
