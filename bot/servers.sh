# Start/stop helpers for the action server and the Rasa server (sourced by run.sh, shell.sh, test.sh).
# Logs go to build/logs/; both servers are stopped when the calling script exits.

LOG_DIR=build/logs
mkdir -p "$LOG_DIR"
SERVER_PIDS=()

stop_servers() {
  for pid in "${SERVER_PIDS[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  for pid in "${SERVER_PIDS[@]:-}"; do
    [ -n "$pid" ] && wait "$pid" 2>/dev/null || true
  done
  SERVER_PIDS=()
}

# wait_for URL SECONDS NAME LOG: poll until URL answers, or fail with the log's tail.
wait_for() {
  local url=$1 seconds=$2 name=$3 log=$4
  for _ in $(seq "$seconds"); do
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then return 0; fi
    sleep 1
  done
  echo "$name antwortet nach ${seconds}s nicht unter $url. Letzte Zeilen aus $log:" >&2
  tail -n 30 "$log" >&2
  return 1
}

start_action_server() {
  rasa run actions --actions actions --port 5055 > "$LOG_DIR/actions.log" 2>&1 &
  SERVER_PIDS+=($!)
  wait_for "http://localhost:5055/health" 60 "Der Action-Server" "$LOG_DIR/actions.log"
}

start_rasa_server() {
  local extra=()
  [ "${RASA_ENABLE_API:-0}" = "1" ] && extra+=(--enable-api)
  [ -n "${RASA_CORS:-}" ] && extra+=(--cors "$RASA_CORS")
  rasa run --model models/digitallotse.tar.gz --endpoints endpoints.yml --credentials credentials.yml \
    --port "$RASA_PORT" "${extra[@]}" > "$LOG_DIR/rasa.log" 2>&1 &
  SERVER_PIDS+=($!)
  wait_for "http://localhost:$RASA_PORT/" 240 "Der Rasa-Server" "$LOG_DIR/rasa.log"
}
