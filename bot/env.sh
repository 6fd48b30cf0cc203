# Environment shared by the project's scripts (sourced, not run).
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"        # TensorFlow's start-up chatter
export SQLALCHEMY_SILENCE_UBER_WARNING=1                       # Rasa 3.6 + SQLAlchemy 1.4
export PYTHONDONTWRITEBYTECODE=1
export RASA_TELEMETRY_ENABLED=false
export RASA_PORT="${RASA_PORT:-5005}"
# The Rasa server listens only on this machine by default; in production a reverse proxy
# (deploy/nginx/) is the only way in. RASA_HOST=0.0.0.0 opens it to the network.
export RASA_HOST="${RASA_HOST:-127.0.0.1}"
# The action server (bound to ACTION_HOST, 127.0.0.1 by default) and where the Rasa server finds it
# (endpoints.yml reads ACTION_SERVER_URL). The conversation store's URL (TRACKER_DB_URL) has its
# default in bot/tracker_store.py; all variables: README.md, "Einstellungen".
# Rasa's lock per conversation: a waiting message's ticket expires this many seconds after it was issued,
# and then Rasa processes it without the lock (two turns of one conversation may overwrite each other).
# Rasa's default of 60 s is the proxy's read timeout; under load a short burst waited longer (scale test).
export TICKET_LOCK_LIFETIME="${TICKET_LOCK_LIFETIME:-120}"
export ACTION_PORT="${ACTION_PORT:-5055}"
export ACTION_HOST="${ACTION_HOST:-127.0.0.1}"
export ACTION_SERVER_URL="${ACTION_SERVER_URL:-http://localhost:$ACTION_PORT/webhook}"
export PATH="$PWD/.venv/bin:$PATH"
# Third-party deprecation notices (pkg_resources, pyparsing) say nothing to a user of the bot.
export PYTHONWARNINGS="${PYTHONWARNINGS:-ignore::DeprecationWarning}"
