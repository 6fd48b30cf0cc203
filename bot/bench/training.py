"""Training for the benchmark: which model to serve, a timed cold training, a timed retraining after an NLU change.

- cold: ``rasa train --force`` into build/bench/models/<tag>/ with a cache directory of its own that is
  emptied first (``RASA_CACHE_DIRECTORY``), so no earlier run's cache shortens it;
- after an NLU-only change: data/ is copied to build/bench/data-<tag>/, one example is added to an
  existing intent, and ``rasa train`` runs *without* ``--force`` on the same cache – Rasa retrains the
  NLU components whose inputs changed and takes the rest (policies) from the cache – the same path the
  project's own ``make train`` (bot/train.py) takes since it trains with Rasa's cache.

A model is served without training when it is current: for the project models/digitallotse.tar.gz when
bot/train.py's fingerprint matches, else the benchmark's own model when its fingerprint (the same inputs
with the configuration file of the benchmark row) matches.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional

from bot import train as project_train

ROOT = Path(__file__).resolve().parents[2]
BENCH_DIR = ROOT / "build" / "bench"
DEFAULT_CONFIG = Path(__file__).resolve().parent / "default_config.yml"
# One new example for an existing intent: the smallest change of NLU data that forces a retraining.
NLU_CHANGE = (
    'version: "3.1"\n\nnlu:\n- intent: greet\n  examples: |\n    - Grüß Gott beieinander, hier ist das Rathaus\n'
)


@dataclass
class Setup:
    """One row of the benchmark: a configuration file and where its model goes."""

    tag: str  # "projekt" or "standard": file names, JSON keys
    label: str  # the table's column heading
    config: Path

    @property
    def model_dir(self) -> Path:
        return BENCH_DIR / "models" / self.tag

    @property
    def model(self) -> Path:
        return self.model_dir / f"bench-{self.tag}.tar.gz"

    @property
    def stamp(self) -> Path:
        return self.model_dir / f"bench-{self.tag}.fingerprint"

    @property
    def cache(self) -> Path:
        return BENCH_DIR / "cache" / self.tag


SETUPS: Dict[str, Setup] = {
    "projekt": Setup("projekt", "Projekt (config.yml)", ROOT / "config.yml"),
    "standard": Setup("standard", "Rasa-Standard", DEFAULT_CONFIG),
}


def fingerprint(config: Path) -> str:
    """bot/train.py's fingerprint of the training inputs, with ``config`` in place of config.yml."""
    inputs = [
        config if path.name == "config.yml" and path.parent == ROOT else path
        for path in project_train.training_inputs()
    ]
    return project_train.fingerprint(inputs)


def current_model(setup: Setup) -> Optional[Path]:
    """A model that matches the current inputs, or None (then it must be trained)."""
    if setup.tag == "projekt" and project_train.is_up_to_date(
        project_train.fingerprint(project_train.training_inputs())
    ):
        return project_train.model_path()
    if setup.model.exists() and setup.stamp.exists() and setup.stamp.read_text().strip() == fingerprint(setup.config):
        return setup.model
    return None


def train_command(setup: Setup, data: Path, name: str, force: bool) -> List[str]:
    command = [
        sys.executable,
        "-m",
        "rasa",
        "train",
        "--config",
        str(setup.config),
        "--domain",
        str(ROOT / "domain.yml"),
    ]
    command += ["--data", str(data), "--fixed-model-name", name, "--out", str(setup.model_dir)]
    return command + (["--force"] if force else [])


def run_training(setup: Setup, data: Path, name: str, force: bool, log: Path, timeout: float) -> float:
    """One ``rasa train``; its output goes to ``log``; the wall time in seconds, or RuntimeError."""
    log.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "RASA_CACHE_DIRECTORY": str(setup.cache), "RASA_TELEMETRY_ENABLED": "false"}
    start = time.monotonic()
    with open(log, "wb") as out:
        try:
            result = subprocess.run(
                train_command(setup, data, name, force),
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            raise RuntimeError(f"Training ({setup.label}) nach {timeout:.0f} s abgebrochen; siehe {log}") from None
    if result.returncode != 0:
        raise RuntimeError(f"Training ({setup.label}) fehlgeschlagen (Exit-Code {result.returncode}); siehe {log}")
    return round(time.monotonic() - start, 1)


def copy_with_nlu_change(source: Path, target: Path) -> Path:
    """``source`` (data/) copied to ``target`` with one more NLU example (nlu/bench_change.yml)."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target)
    (target / "nlu").mkdir(exist_ok=True)
    (target / "nlu" / "bench_change.yml").write_text(NLU_CHANGE, encoding="utf-8")
    return target


def cold_and_nlu_change(setup: Setup, timeout: float) -> Dict[str, float]:
    """Timed cold training (the model the benchmark then serves) and the retraining after an NLU change."""
    logs = BENCH_DIR / "logs"
    shutil.rmtree(setup.cache, ignore_errors=True)  # cold: nothing cached from an earlier run
    shutil.rmtree(setup.model_dir, ignore_errors=True)  # and no earlier model for Rasa to compare with
    print(f"==> {setup.label}: Training kalt …", flush=True)
    cold = run_training(
        setup,
        ROOT / "data",
        setup.model.name.removesuffix(".tar.gz"),
        True,
        logs / f"train-{setup.tag}-cold.log",
        timeout,
    )
    setup.stamp.write_text(fingerprint(setup.config) + "\n")
    changed = copy_with_nlu_change(ROOT / "data", BENCH_DIR / f"data-{setup.tag}")
    print(f"==> {setup.label}: Training nach NLU-Änderung (mit Rasas Cache) …", flush=True)
    # Rasa 3 decides what to retrain from its cache alone (fingerprints of each node's inputs); the cold
    # run filled it (with --force Rasa skips reading the cache but still writes it). Another model name,
    # so the served model stays the one trained on the real data.
    again = run_training(setup, changed, f"bench-{setup.tag}-nlu", False, logs / f"train-{setup.tag}-nlu.log", timeout)
    (setup.model_dir / f"bench-{setup.tag}-nlu.tar.gz").unlink(missing_ok=True)
    shutil.rmtree(changed, ignore_errors=True)
    return {"cold_s": cold, "nlu_change_s": again}


def ensure_model(setup: Setup, timeout: float) -> tuple[Path, Optional[float]]:
    """The model to serve; trains (cold, timed) when none is current. Returns (model, seconds or None)."""
    model = current_model(setup)
    if model is not None:
        return model, None
    print(f"==> {setup.label}: kein aktuelles Modell – Training …", flush=True)
    setup.model_dir.mkdir(parents=True, exist_ok=True)
    seconds = run_training(
        setup,
        ROOT / "data",
        setup.model.name.removesuffix(".tar.gz"),
        True,
        BENCH_DIR / "logs" / f"train-{setup.tag}-cold.log",
        timeout,
    )
    setup.stamp.write_text(fingerprint(setup.config) + "\n")
    return setup.model, seconds
