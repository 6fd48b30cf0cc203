"""A broken knowledge file stops the action server with an error naming file, entry and problem.

The action server (``rasa run actions --actions actions``) imports the package ``actions``, whose
``__init__`` loads the knowledge base; importing it in a fresh process is exactly that start-up step.
``KNOWLEDGE_DIR`` points the loader at a broken copy of knowledge/data.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable, List

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "knowledge" / "data"
BAYERN = Path("programmes") / "bayern.yml"
ENTRY = "BY-02"


def broken_copy(tmp_path: Path, change: Callable[[str], str]) -> Path:
    """knowledge/data copied to tmp_path, with ``change`` applied to the text of the entry ENTRY."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    path = data / BAYERN
    text = path.read_text(encoding="utf-8")
    start = text.index(f"  - id: {ENTRY}\n")
    end = text.find("\n  - id: ", start + 1)
    end = len(text) if end < 0 else end
    entry = change(text[start:end])
    assert entry != text[start:end], "the change must break something"
    path.write_text(text[:start] + entry + text[end:], encoding="utf-8")
    return data


def run(args: List[str], data: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "KNOWLEDGE_DIR": str(data), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def bad_rate(entry: str) -> str:
    """A Förderquote in words where a number belongs."""
    return re.sub(r"rate_percent_max: .*", 'rate_percent_max: "achtzig Prozent"', entry, count=1)


def no_source(entry: str) -> str:
    return re.sub(r"\n    source_url: .*", "", entry, count=1)


@pytest.mark.parametrize(
    "change, field, problem",
    [(bad_rate, "rate_percent_max", "value is not a valid float"), (no_source, "source_url", "Pflichtfeld fehlt")],
    ids=["foerderquote", "quelle"],
)
def test_the_action_server_refuses_a_broken_knowledge_base_and_names_file_and_entry(
    tmp_path: Path, change: Callable[[str], str], field: str, problem: str
) -> None:
    done = run(["-c", "import actions"], broken_copy(tmp_path, change))
    assert done.returncode != 0
    last_lines = done.stderr.strip().splitlines()[-3:]  # the end of a traceback is what people read
    report = "\n".join(last_lines)
    assert "Die Wissensbasis hat 1 Fehler" in report, done.stderr
    assert f"bayern.yml: {ENTRY}.{field}: {problem}" in report, done.stderr
    assert "python -m knowledge validate" in report, done.stderr


def test_validate_names_file_and_entry(tmp_path: Path) -> None:
    done = run(["-m", "knowledge", "validate"], broken_copy(tmp_path, bad_rate))
    assert done.returncode == 1
    assert f"bayern.yml: {ENTRY}.rate_percent_max: value is not a valid float" in done.stderr
    assert "Traceback" not in done.stderr


def test_without_knowledge_dir_the_shipped_data_is_used(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from knowledge.loader import DATA_DIR, configured_data_dir

    monkeypatch.delenv("KNOWLEDGE_DIR", raising=False)
    assert configured_data_dir() == DATA_DIR == DATA
    monkeypatch.setenv("KNOWLEDGE_DIR", str(tmp_path))
    assert configured_data_dir() == tmp_path
