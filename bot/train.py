"""Trains the Rasa model only when its inputs changed.

The inputs are config.yml, domain.yml, everything under data/, the spaCy
pipeline in build/spacy-de (its meta.json says which one) and the code of the
custom NLU component. Their content hash is
stored next to the model; ``make run`` calls this and skips training when nothing
changed. ``--force`` trains everything anyway, without Rasa's cache.

When something changed, ``rasa train`` runs *with* its training cache: Rasa fingerprints
each component's configuration and inputs and retrains only what they touch (an NLU-only
change leaves the policies cached). Rasa's fingerprint does not cover the code of our own
components, the spaCy pipeline on disk or the installed library versions; the cache
therefore lives in a folder named after exactly those (``cache_dir``), so a change of any
of them starts from an empty cache instead of reusing stale features.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Iterable, List, Optional

ROOT = Path(__file__).resolve().parent.parent
MODEL_DIR = ROOT / "models"
MODEL_NAME = "digitallotse"
# What Rasa's own fingerprints miss (see the module docstring): a change here empties the cache.
CODE_INPUTS = ("bot/nlu_components.py", "bot/intent_classifier.py", "knowledge/embeddings.py")
ENVIRONMENT_INPUTS = CODE_INPUTS + ("build/spacy-de/meta.json", "requirements.txt", "constraints.txt")


def training_inputs(root: Path = ROOT) -> List[Path]:
    files = [root / "config.yml", root / "domain.yml", root / "build" / "spacy-de" / "meta.json"]
    # the custom NLU component and its embedding backend shape the features the model learns
    files += [root / f for f in CODE_INPUTS]
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


def cache_dir(root: Path = ROOT) -> Path:
    """Rasa's training cache for the current code, spaCy pipeline and library versions."""
    key = fingerprint([root / f for f in ENVIRONMENT_INPUTS], root)[:16]
    return root / ".rasa" / "cache" / key


def prune_caches(keep: Path) -> None:
    """Caches of earlier code or library versions can never be used again (each is tens of MB)."""
    if keep.parent.is_dir():
        for old in keep.parent.iterdir():
            if old != keep and old.is_dir():
                shutil.rmtree(old, ignore_errors=True)


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
    ] + (["--force"] if args.force else [])
    cache = cache_dir()
    prune_caches(cache)
    result = subprocess.run(command, cwd=ROOT, env={**os.environ, "RASA_CACHE_DIRECTORY": str(cache)})
    if result.returncode != 0:
        return result.returncode
    (MODEL_DIR / f"{MODEL_NAME}.fingerprint").write_text(current + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
