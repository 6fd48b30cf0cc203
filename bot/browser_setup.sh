#!/usr/bin/env bash
# Prepares the browser tests of the website widget (called by bot/test.sh): the system's Chromium
# (Debian package `chromium`) must exist, and its major version must be the one the pinned Python
# `playwright` expects. Playwright's own browser download (`playwright install`) is never used: the
# tests drive the distribution's browser, which gets security updates with the system.
set -euo pipefail
cd "$(dirname "$0")/.."
source bot/env.sh

CHROMIUM=/usr/bin/chromium

if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "==> Installiere Chromium (Debian-Paket chromium, einmalig ca. 300 MB)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Für die Browser-Tests fehlt Chromium unter $CHROMIUM." >&2
    echo "Bitte installieren Sie das Debian-Paket chromium (z. B. sudo apt-get install chromium)." >&2
    exit 1
  fi
fi

# Debian's wrapper script prints noise on stderr on some machines; the version is on stdout.
system_version=$("$CHROMIUM" --version 2>/dev/null | grep -oE '[0-9]+(\.[0-9]+)+' | head -n 1 || true)
if [ -z "$system_version" ]; then
  echo "Konnte die Version von $CHROMIUM nicht lesen ($CHROMIUM --version)." >&2
  exit 1
fi

# The Chromium version the installed playwright release was built and tested against.
expected_version=$(python - <<'EOF'
import json
import pathlib

import playwright

browsers = pathlib.Path(playwright.__file__).parent / "driver" / "package" / "browsers.json"
for browser in json.loads(browsers.read_text(encoding="utf-8"))["browsers"]:
    if browser["name"] == "chromium":
        print(browser["browserVersion"])
EOF
)
if [ -z "$expected_version" ]; then
  echo "Konnte die von playwright erwartete Chromium-Version nicht lesen (playwright/driver/package/browsers.json)." >&2
  exit 1
fi

playwright_version=$(python -c 'from importlib.metadata import version; print(version("playwright"))')
if [ "${system_version%%.*}" != "${expected_version%%.*}" ]; then
  {
    echo "Chromium passt nicht zu playwright: das System hat Chromium $system_version,"
    echo "playwright $playwright_version erwartet Chromium ${expected_version%%.*} ($expected_version)."
    echo "Debian's Chromium moved on (system: Chromium ${system_version%%.*}, playwright $playwright_version expects Chromium ${expected_version%%.*}):"
    echo "bump playwright in requirements.txt to the release bundling Chromium ${system_version%%.*}, then run make lock."
  } >&2
  exit 1
fi
echo "Chromium $system_version passt zu playwright $playwright_version (erwartet Chromium ${expected_version%%.*})."
