# Environment shared by the project's scripts (sourced, not run).
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"        # TensorFlow's start-up chatter
export SQLALCHEMY_SILENCE_UBER_WARNING=1                       # Rasa 3.6 + SQLAlchemy 1.4
export PYTHONDONTWRITEBYTECODE=1
export RASA_TELEMETRY_ENABLED=false
export RASA_PORT="${RASA_PORT:-5005}"
export PATH="$PWD/.venv/bin:$PATH"
# Third-party deprecation notices (pkg_resources, pyparsing) say nothing to a user of the bot.
export PYTHONWARNINGS="${PYTHONWARNINGS:-ignore::DeprecationWarning}"
