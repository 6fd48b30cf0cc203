"""Runs `rasa data validate --fail-on-warnings` and fails on every warning that is not explained here.

Explained warnings (each pattern says why it is harmless):
- "The utterance 'utter_x' is not used in any story or rule." for responses that a custom action
  sends with ``dispatcher.utter_message(response="utter_x")``: Rasa 3.6's validator only looks for
  utterances in stories and rules (rasa/validator.py, verify_utterances_in_dialogues) and cannot
  see the action server's code. The list is read from ``actions/*.py``, so it stays true.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import List, Sequence

ROOT = Path(__file__).resolve().parent.parent


def explained_patterns(actions_dir: Path = ROOT / "actions") -> List[re.Pattern]:
    used = set()
    for path in actions_dir.glob("*.py"):
        used |= set(re.findall(r"response=\"(utter_\w+)\"", path.read_text(encoding="utf-8")))
    return [
        re.compile(rf"The utterance '{re.escape(name)}' is not used in any story or rule\.") for name in sorted(used)
    ]


def unexplained(output: str, patterns: Sequence[re.Pattern]) -> List[str]:
    warnings = re.findall(r"UserWarning: (.+)", output)
    return [w for w in warnings if not any(p.search(w) for p in patterns)]


def main() -> int:
    result = subprocess.run(
        [sys.executable, "-m", "rasa", "data", "validate", "--fail-on-warnings"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    output = result.stdout + result.stderr
    problems = unexplained(output, explained_patterns())
    for problem in problems:
        print(f"Unerklärte Warnung: {problem}")
    if result.returncode != 0:
        print(output[-4000:])
        print("rasa data validate ist fehlgeschlagen.")
        return 1
    if problems:
        return 1
    print(f"rasa data validate: keine unerklärten Warnungen ({len(re.findall('UserWarning', output))} erklärte).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
