"""Trains the Rasa model only when its inputs changed.

The inputs are config.yml, domain.yml, everything under data/, the spaCy
pipeline in build/spacy-de (its meta.json says which one) and the code of the
custom NLU component. Their content hash is
stored next to the model; ``make run`` calls this and skips the 2-4 minutes of
training when nothing changed. ``--force`` trains anyway.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
from pathlib import Path
from typing import Iterable, List, Optional

ROOT = Path(__file__).resolve().parent.parent
MODEL_DIR = ROOT / "models"
MODEL_NAME = "digitallotse"


def training_inputs(root: Path = ROOT) -> List[Path]:
    files = [root / "config.yml", root / "domain.yml", root / "build" / "spacy-de" / "meta.json"]
    # the custom NLU component and its embedding backend shape the features the model learns
    files += [root / "bot" / f for f in ("nlu_components.py", "intent_classifier.py")]
    files += [root / "knowledge" / "embeddings.py"]
    files += sorted(p for p in (root / "data").rglob("*") if p.is_file())
    return files


def fingerprint(files: Iterable[Path], root: Path = ROOT) -> str:
    """Hash of the inputs' names and contents (not their modification times)."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes() if path.exists() else b"<missing>")
        digest.update(b"\0")
    return digest.hexdigest()


def model_path(model_dir: Path = MODEL_DIR) -> Path:
    return model_dir / f"{MODEL_NAME}.tar.gz"


def is_up_to_date(current: str, model_dir: Path = MODEL_DIR) -> bool:
    stamp = model_dir / f"{MODEL_NAME}.fingerprint"
    return model_path(model_dir).exists() and stamp.exists() and stamp.read_text().strip() == current


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Train the Rasa model when its inputs changed.")
    parser.add_argument("--force", action="store_true", help="train even when nothing changed")
    args = parser.parse_args(argv)
    current = fingerprint(training_inputs())
    if not args.force and is_up_to_date(current):
        print(f"Modell {model_path().relative_to(ROOT)} ist aktuell – kein Training nötig.")
        return 0
    print("==> Trainiere das Rasa-Modell (einige Minuten) …", flush=True)
    command = [
        sys.executable,
        "-m",
        "rasa",
        "train",
        "--fixed-model-name",
        MODEL_NAME,
        "--out",
        str(MODEL_DIR),
        "--force",
    ]
    result = subprocess.run(command, cwd=ROOT)
    if result.returncode != 0:
        return result.returncode
    (MODEL_DIR / f"{MODEL_NAME}.fingerprint").write_text(current + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
