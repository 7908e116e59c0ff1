#!/usr/bin/env bash
# The product as users run it, against the engines it is built on: the unified server started
# with the README's run command, bare Jetty with the same endpoints (BareProductServer, Jetty's
# default GC) and Node's `ws` (loadgen/reference-ws.mjs), each at -Xmx512m where it is a JVM.
# Usage:
#   benchmarks/run-product.sh            # 4 rounds, 10,000 clients (about 25 minutes)
#   benchmarks/run-product.sh --gc       # also: the unified server on ZGC and G1, on 2 cores and on 1 (taskset)
#   benchmarks/run-product.sh --smoke    # seconds, tiny numbers
# Results: benchmarks/target/results/product-<timestamp>/ (one JSON per server, suite and round, and summary.md).
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-4} CLIENTS=${CLIENTS:-10000} RATE=${RATE:-2000} SECONDS_=10 BROADCASTS=20 SLOW_CLIENTS=2000 SLOW_ROUNDS=100 GC=
for arg in "$@"; do
  case "$arg" in
    --smoke) ROUNDS=1 CLIENTS=100 RATE=100 SECONDS_=1 BROADCASTS=3 SLOW_CLIENTS=100 SLOW_ROUNDS=4 ;;
    --gc) GC=1 ;;
  esac
done

if [ -z "${SKIP_BUILD:-}" ]; then
  mvn -B -q -pl mcp-ui-server,benchmarks -am package -DskipTests
fi
(cd benchmarks/loadgen && npm ci --no-audit --no-fund --prefer-offline >/dev/null)
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true # 10,000 clients: the server and the load generator each need more than 10,000 descriptors

OUT="benchmarks/target/results/product-$(date -u +%Y-%m-%dT%H%M%SZ)"
mkdir -p "$OUT"
git rev-parse --short HEAD >"$OUT/commit" 2>/dev/null || true
export CLASSPATH_="benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*"
source benchmarks/lib.sh

# server <name> <port>: the command of each server; exec keeps $PID the server's own.
server() {
  local name=$1 port=$2
  case "$name" in
    # The README's run command, with the flags a load test needs (no tokens, no handshake limit).
    ours) exec java -XX:+UseZGC -Xmx512m -jar mcp-ui-server/target/mcp-ui-server.jar \
            --port "$port" --open-sessions --connections-per-second 0 ;;
    ours-g1) exec java -XX:+UseG1GC -Xmx512m -jar mcp-ui-server/target/mcp-ui-server.jar \
            --port "$port" --open-sessions --connections-per-second 0 ;;
    bare) exec java -Xmx512m -cp "$CLASSPATH_" io.mcpui.bench.server.BareProductServer --port "$port" ;;
    node) exec node benchmarks/loadgen/reference-ws.mjs --port "$port" ;;
  esac
}

# measure <servers> <cpu list for the server or ""> <cpu list for the loadgen or ""> <label>
measure() {
  local servers=$1 server_cpus=$2 loadgen_cpus=$3 label=$4
  local pin_server=() pin_loadgen=()
  [ -n "$server_cpus" ] && pin_server=(taskset -c "$server_cpus")
  [ -n "$loadgen_cpus" ] && pin_loadgen=(taskset -c "$loadgen_cpus")
  for round in $(seq 1 "$ROUNDS"); do
    for name in $servers; do
      port=$(free_port)
      start "$OUT/server-$label-$name-$round.log" "${pin_server[@]}" bash -c "$(declare -f server); server $name $port"
      "${pin_loadgen[@]}" node benchmarks/loadgen/product.mjs --url "http://127.0.0.1:$port" --pid "$PID" \
        --clients "$CLIENTS" --rate "$RATE" --seconds "$SECONDS_" --rounds "$BROADCASTS" --scenarios main \
        >"$OUT/main-$label-$name-$round.json"
      stop "$PID"
      if [ "$label" = "product" ]; then
        port=$(free_port)
        start "$OUT/server-slow-$name-$round.log" bash -c "$(declare -f server); server $name $port"
        node benchmarks/loadgen/product.mjs --url "http://127.0.0.1:$port" --pid "$PID" \
          --clients "$SLOW_CLIENTS" --slow-rounds "$SLOW_ROUNDS" --scenarios slow >"$OUT/slow-$label-$name-$round.json"
        stop "$PID"
      fi
    done
  done
}

if [ -z "${GC_ONLY:-}" ]; then
  measure "${SERVERS:-ours bare node}" "" "" product
fi
if [ -n "$GC" ]; then
  measure "ours ours-g1" "" "" gc-2cores
  measure "ours ours-g1" "0" "1" gc-1core
fi

node benchmarks/loadgen/summarize-product.mjs "$OUT" | tee "$OUT/summary.md"
