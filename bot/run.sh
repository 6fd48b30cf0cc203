#!/usr/bin/env bash
# make run: set up, train when needed, start the action server, the Rasa server (REST channel)
# and the widget's demo page.
set -euo pipefail
cd "$(dirname "$0")/.."
bot/setup.sh
source bot/env.sh
python -m bot.train
source bot/servers.sh
trap stop_servers EXIT INT TERM

WIDGET_PORT="${WIDGET_PORT:-8080}"
echo "==> Starte den Action-Server (Port 5055), den Rasa-Server (Port $RASA_PORT) und den Widget-Server (Port $WIDGET_PORT) …"
start_action_server
start_rasa_server
start_widget_server
cat <<MSG

Digitallotse läuft.
  REST:  POST http://localhost:$RASA_PORT/webhooks/rest/webhook
         curl -s -X POST http://localhost:$RASA_PORT/webhooks/rest/webhook \\
              -H 'Content-Type: application/json' -d '{"sender": "t1", "message": "Hallo"}'
  Widget (Demo-Seite Musterstadt): http://localhost:$WIDGET_PORT/
  Logs:  build/logs/rasa.log, build/logs/actions.log, build/logs/widget.log
Beenden mit Strg+C.
MSG
wait -n "${SERVER_PIDS[@]}"
echo "Ein Server hat sich beendet – siehe build/logs/." >&2
exit 1
