#!/usr/bin/env bash
# make run: set up, train when needed, start the action server and the Rasa server (REST channel).
set -euo pipefail
cd "$(dirname "$0")/.."
bot/setup.sh
source bot/env.sh
python -m bot.train
source bot/servers.sh
trap stop_servers EXIT INT TERM

echo "==> Starte den Action-Server (Port 5055) und den Rasa-Server (Port $RASA_PORT) …"
start_action_server
start_rasa_server
cat <<MSG

Digitallotse läuft.
  REST:  POST http://localhost:$RASA_PORT/webhooks/rest/webhook
         curl -s -X POST http://localhost:$RASA_PORT/webhooks/rest/webhook \\
              -H 'Content-Type: application/json' -d '{"sender": "t1", "message": "Hallo"}'
  Logs:  build/logs/rasa.log, build/logs/actions.log
Beenden mit Strg+C.
MSG
wait -n "${SERVER_PIDS[@]}"
echo "Ein Server hat sich beendet – siehe build/logs/." >&2
exit 1
