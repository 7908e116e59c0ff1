# Shared by run.sh and run-product.sh: starting and stopping servers. Source it.
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# start <log> <command...>: starts a server, waits until it prints its ready line; sets PID.
start() {
  local log=$1; shift
  "$@" >"$log" 2>&1 &
  PID=$!
  PIDS+=("$PID")
  for _ in $(seq 1 300); do
    if grep -qE '^ready |metrics: ' "$log"; then return 0; fi
    if ! kill -0 "$PID" 2>/dev/null; then cat "$log"; return 1; fi
    sleep 0.1
  done
  echo "server did not start: $log"; return 1
}
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
