#!/usr/bin/env bash
# make shell: the same setup, then the action server plus `rasa shell` to chat in the terminal.
set -euo pipefail
cd "$(dirname "$0")/.."
bot/setup.sh
source bot/env.sh
python -m bot.train
source bot/servers.sh
trap stop_servers EXIT INT TERM
start_action_server
echo "==> Rasa-Shell startet (etwa 45 s). Schreiben Sie z. B. „Hallo“; beenden mit /stop."
rasa shell --model models/digitallotse.tar.gz --endpoints endpoints.yml
