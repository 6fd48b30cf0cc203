#!/usr/bin/env bash
# Sets up everything the assistant needs, idempotently: .venv with Python 3.10 and the
# pinned dependencies, the German spaCy pipeline, and a valid knowledge base.
# Re-running it only redoes what changed (dependency lock, pipeline choice).
set -euo pipefail
cd "$(dirname "$0")/.."
source bot/env.sh

# Tools from the system the scripts use (curl for health checks).
if ! command -v curl >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "==> Installiere curl"
    apt-get update -qq && apt-get install -y -qq curl >/dev/null
  else
    echo "Bitte installieren Sie curl (z. B. sudo apt-get install curl)." >&2; exit 1
  fi
fi

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; then
  python310=$(bot/find-python.sh)
  echo "==> Lege .venv mit $($python310 --version) an"
  rm -rf .venv
  "$python310" -m venv .venv
fi

# Install when the lock changed since the last install (or never happened).
stamp=.venv/.digitallotse-deps
wanted=$(cat requirements.txt constraints.txt | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  echo "==> Installiere die gepinnten Abhängigkeiten (einmalig ca. 1-3 Minuten)"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade "pip==24.2"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
  .venv/bin/python -m pip check
  echo "$wanted" > "$stamp"
fi

.venv/bin/python -m bot.spacy_model
if [ -d knowledge/data ] && [ -f knowledge/__main__.py ]; then
  .venv/bin/python -m knowledge validate
fi
