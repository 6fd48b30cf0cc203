"""Fails when the NLU's intent macro-F1 on the held-out test set is below the floor.

Usage: python -m bot.nlu_floor build/results/nlu/intent_report.json [--floor 0.85]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import List, Optional

FLOOR = 0.85


def macro_f1(report: dict) -> float:
    return float(report["macro avg"]["f1-score"])


def weakest(report: dict, count: int = 5) -> List[str]:
    intents = {k: v for k, v in report.items() if isinstance(v, dict) and "support" in v and " avg" not in k}
    ranked = sorted(intents.items(), key=lambda item: item[1]["f1-score"])
    return [f"{name} {values['f1-score']:.2f}" for name, values in ranked[:count]]


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path)
    parser.add_argument("--floor", type=float, default=FLOOR)
    args = parser.parse_args(argv)
    report = json.loads(args.report.read_text(encoding="utf-8"))
    score = macro_f1(report)
    verdict = "ok" if score >= args.floor else "ZU NIEDRIG"
    print(f"Intent-Makro-F1 auf den Testdaten: {score:.3f} (Untergrenze {args.floor}) – {verdict}")
    print("Schwächste Intents: " + ", ".join(weakest(report)))
    return 0 if score >= args.floor else 1


if __name__ == "__main__":
    sys.exit(main())
