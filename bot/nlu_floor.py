"""Fails when the NLU's intent score on a test set is below the floor (a regression guard).

Usage: python -m bot.nlu_floor build/results/nlu/intent_report.json [--floor 0.85] [--metric accuracy]
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
    parser.add_argument("--metric", choices=("macro-f1", "accuracy"), default="macro-f1")
    args = parser.parse_args(argv)
    report = json.loads(args.report.read_text(encoding="utf-8"))
    score = macro_f1(report) if args.metric == "macro-f1" else float(report["accuracy"])
    verdict = "ok" if score >= args.floor else "ZU NIEDRIG"
    label = "Intent-Makro-F1" if args.metric == "macro-f1" else "Intent-Genauigkeit"
    print(f"{label} auf {args.report.parent.name}: {score:.3f} (Untergrenze {args.floor}) – {verdict}")
    print("Schwächste Intents: " + ", ".join(weakest(report)))
    return 0 if score >= args.floor else 1


if __name__ == "__main__":
    sys.exit(main())
