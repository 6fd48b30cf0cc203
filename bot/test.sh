#!/usr/bin/env bash
# make test: the whole suite, in the order a failure is cheapest to find.
# Every step runs even when an earlier one failed (unless it needs the model); the last
# line says how many steps passed and failed, and the exit code is non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
bot/setup.sh || { echo "suite: 0 passed, 1 failed"; exit 1; }
source bot/env.sh
RESULTS=build/results
mkdir -p "$RESULTS"
passed=0; failed=0; failures=()

step() {  # step NAME COMMAND...
  local name=$1; shift
  echo; echo "==> $name"
  local start=$SECONDS
  if "$@"; then
    passed=$((passed + 1)); echo "--> ok: $name ($((SECONDS - start)) s)"
  else
    failed=$((failed + 1)); failures+=("$name"); echo "--> FEHLER: $name ($((SECONDS - start)) s)"
    return 1
  fi
}

step "Wissensbasis prüfen" python -m knowledge validate
step "NLU-Vokabular aktuell (data/nlu/vocabulary.yml)" python -m knowledge nlu --check
step "ruff (Lint und Format)" sh -c 'ruff check knowledge actions bot tests && ruff format --check knowledge actions bot tests'
step "mypy (knowledge, actions)" mypy
step "Kennzahlen der Wissensbasis" python -m knowledge stats --json
# The editors' worklist as JSON for tooling; it reports, it never fails the run for stale facts.
step "Redaktionsliste (build/results/review.json)" sh -c "python -m knowledge review --json > $RESULTS/review.json"
# Every warning fails the run unless bot/validate_data.py explains why it is harmless.
step "rasa data validate" python -m bot.validate_data
step "pytest (Einheiten: knowledge, actions, setup)" python -m pytest tests/unit -q -p no:cacheprovider
if step "Modell trainieren (nur wenn nötig)" python -m bot.train; then
  step "rasa test core (Testgeschichten)" rasa test core --model models/digitallotse.tar.gz \
    --stories tests/stories --fail-on-prediction-errors --out "$RESULTS/core"
  step "rasa test nlu (zurückgehaltene Testdaten)" rasa test nlu --model models/digitallotse.tar.gz \
    --nlu tests/nlu/test_nlu.yml --out "$RESULTS/nlu" \
    && step "NLU-Qualität (Makro-F1 >= 0.85)" python -m bot.nlu_floor "$RESULTS/nlu/intent_report.json"
  # real questions of other people (tests/nlu/real_questions.yml): a regression guard, see docs/nlu.md
  step "rasa test nlu (echte Fragen)" rasa test nlu --model models/digitallotse.tar.gz \
    --nlu tests/nlu/real_questions.yml --out "$RESULTS/real_questions" \
    && step "NLU-Qualität echte Fragen (Genauigkeit >= 0.70)" python -m bot.nlu_floor \
      "$RESULTS/real_questions/intent_report.json" --metric accuracy --floor 0.70
  source bot/servers.sh
  trap stop_servers EXIT
  start_servers() { start_action_server && start_rasa_server; }
  if step "Action-Server und Rasa-Server starten" start_servers; then
    DIGITALLOTSE_URL="http://localhost:$RASA_PORT" step "pytest (Gespräche über REST und rasa shell)" \
      python -m pytest tests/integration -q -p no:cacheprovider
    # The website widget in a real browser (Debian's Chromium, driven by Playwright) against the same
    # servers; the tests start their own widget server on WIDGET_PORT, the origin the Rasa server's CORS allows.
    DIGITALLOTSE_URL="http://localhost:$RASA_PORT" step "Browser-Tests (Widget, Chromium)" \
      sh -c 'bot/browser_setup.sh && python -m pytest tests/browser -q -p no:cacheprovider'
    # The benchmark's client code against the same servers, tiny sizes (seconds), so `make bench` cannot rot;
    # it asserts nothing about speed. /model/parse only with the HTTP API on (RASA_ENABLE_API=1), else skipped.
    step "Benchmark-Kurzlauf (make bench-smoke)" python -m bot.bench --smoke --url "http://127.0.0.1:$RASA_PORT"
    stop_servers
  fi
  # The production setup on loopback (make test-scale): PostgreSQL + Redis + nginx from Debian's
  # packages, two Rasa servers sharing them, faults, the proxy; after the servers above have stopped.
  step "Skalierung, Ausfälle, Proxy (PostgreSQL, Redis, nginx)" python -m pytest tests/scale -q -p no:cacheprovider
fi

echo
if [ "$failed" -gt 0 ]; then
  printf 'Fehlgeschlagen: %s\n' "${failures[@]}"
fi
echo "suite: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
