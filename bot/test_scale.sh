#!/usr/bin/env bash
# make test-scale: the production setup on loopback – PostgreSQL, Redis and nginx from Debian's packages
# (installed when missing, started by the tests on their own ports, stopped afterwards), one action
# server, two Rasa servers sharing the stores (the second with SANIC_WORKERS=2). bot/test.sh runs it too.
set -euo pipefail
cd "$(dirname "$0")/.."
bot/setup.sh
source bot/env.sh
python -m bot.train
python -m pytest tests/scale -q -p no:cacheprovider "$@"
