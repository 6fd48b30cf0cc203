#!/usr/bin/env bash
# Prints the path of a working Python 3.10 interpreter, or explains what to install.
# Rasa Open Source 3.6 supports Python 3.8-3.10 only; we pin 3.10.
set -u

works() { [ -n "$1" ] && [ "$("$1" -c 'import sys, venv; print(sys.version_info[:2] == (3, 10))' 2>/dev/null)" = "True" ]; }

# 1. An explicit choice wins.
if [ -n "${PYTHON310:-}" ]; then
  if works "$PYTHON310"; then echo "$PYTHON310"; exit 0; fi
  echo "PYTHON310=$PYTHON310 ist kein funktionierendes Python 3.10 / is not a working Python 3.10." >&2
  exit 1
fi

# 2. python3.10 on PATH (a pyenv shim on PATH only works with a 3.10 version selected, hence step 3).
candidate=$(command -v python3.10 2>/dev/null || true)
if works "$candidate"; then echo "$candidate"; exit 0; fi

# 3. pyenv's newest installed 3.10.x.
if command -v pyenv >/dev/null 2>&1; then
  for version in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.10(\.[0-9]+)?$' | sort -t. -k3 -n -r); do
    candidate="$(pyenv root)/versions/$version/bin/python3.10"
    if works "$candidate"; then echo "$candidate"; exit 0; fi
  done
fi

# 4. pyenv's folder without pyenv on PATH, then the usual system locations.
for candidate in $(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.10*/bin/python3.10 2>/dev/null | sort -r) \
                 /usr/bin/python3.10 /usr/local/bin/python3.10; do
  if works "$candidate"; then echo "$candidate"; exit 0; fi
done

echo "Kein Python 3.10 gefunden / No Python 3.10 found (Rasa 3.6 braucht < 3.11): bitte installieren, z. B. \`pyenv install 3.10.13\`, oder PYTHON310=/pfad/zu/python3.10 setzen." >&2
exit 1
