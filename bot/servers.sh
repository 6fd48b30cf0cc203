# Start/stop helpers for the action server, the Rasa server and the widget's demo server
# (sourced by run.sh, shell.sh, test.sh). Logs go to build/logs/; every server started here is
# stopped when the calling script exits.

LOG_DIR="${LOG_DIR:-build/logs}"
mkdir -p "$LOG_DIR"
# Defaults as in bot/env.sh, for a caller that sourced an older env.sh (endpoints.yml needs them).
export ACTION_PORT="${ACTION_PORT:-5055}" ACTION_HOST="${ACTION_HOST:-127.0.0.1}"
export ACTION_SERVER_URL="${ACTION_SERVER_URL:-http://localhost:$ACTION_PORT/webhook}"
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

# The action server listens on ACTION_HOST (127.0.0.1 by default: only the Rasa server on this machine
# needs it); rasa-sdk has no option for the interface, it reads SANIC_HOST.
start_action_server() {
  # SANIC_KEEP_ALIVE_TIMEOUT: Sanic closes a new connection whose request has not arrived within 5 s; a busy
  # Rasa server can take longer between connecting and writing, and the action call would fail (bot/stack.py).
  SANIC_HOST="$ACTION_HOST" SANIC_KEEP_ALIVE_TIMEOUT="${SANIC_KEEP_ALIVE_TIMEOUT:-120}" rasa run actions --actions actions --port "$ACTION_PORT" > "$LOG_DIR/actions.log" 2>&1 &
  SERVER_PIDS+=($!)
  wait_for "http://127.0.0.1:$ACTION_PORT/health" 60 "Der Action-Server" "$LOG_DIR/actions.log"
}

start_rasa_server() {
  local extra=()
  # A missing database (TRACKER_DB_URL) or Redis (LOCK_STORE_URL) in one German sentence, before Rasa
  # spends a minute loading the model (bot/preflight.py; the stores check again when Rasa starts).
  python -m bot.preflight || return 1
  # The HTTP API (trackers, events, models) only on request and never without a token.
  if [ "${RASA_ENABLE_API:-0}" = "1" ]; then
    if [ -z "${RASA_AUTH_TOKEN:-}" ]; then
      echo "Die Rasa-HTTP-API (RASA_ENABLE_API=1) startet nur mit einem Token: bitte RASA_AUTH_TOKEN setzen." >&2
      return 1
    fi
    extra+=(--enable-api --auth-token "$RASA_AUTH_TOKEN")
  fi
  # CORS: only the site that embeds the widget may call the bot from a browser – by default the
  # demo page of start_widget_server. A website sets RASA_CORS to its exact origin, never "*".
  local cors="${RASA_CORS:-http://localhost:${WIDGET_PORT:-8080}}"
  [ "$cors" = "*" ] && echo "Warnung: RASA_CORS=\"*\" erlaubt jeder Website Anfragen an den Bot; besser die genaue Adresse der eigenen Website." >&2
  extra+=(--cors "$cors")
  rasa run --model "${RASA_MODEL:-models/digitallotse.tar.gz}" --endpoints endpoints.yml --credentials credentials.yml \
    -i "${RASA_HOST:-127.0.0.1}" --port "$RASA_PORT" "${extra[@]}" > "$LOG_DIR/rasa.log" 2>&1 &
  SERVER_PIDS+=($!)
  wait_for "http://127.0.0.1:$RASA_PORT/" 240 "Der Rasa-Server" "$LOG_DIR/rasa.log"
}

# The widget's demo page (bot/widget/, Musterstadt) on WIDGET_PORT; its data-server is this Rasa server.
start_widget_server() {
  local port="${WIDGET_PORT:-8080}"
  python -m bot.widget_server --port "$port" --rasa-url "${RASA_URL:-http://localhost:$RASA_PORT}" \
    > "$LOG_DIR/widget.log" 2>&1 &
  SERVER_PIDS+=($!)
  wait_for "http://localhost:$port/" 30 "Der Widget-Server" "$LOG_DIR/widget.log"
}
