"""What the benchmark sends and recognises: held-out test sentences for /model/parse, the channel's fault notes."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import List

import yaml

from bot.bench import load

ROOT = Path(__file__).resolve().parents[2]


def fault_texts() -> List[str]:
    """The REST channel's German fault notes (UNAVAILABLE, DISRUPTED) read from bot/channels.py's source.

    Read, not imported: importing the channel imports Rasa (seconds, hundreds of MB) in the client process.
    """
    try:
        tree = ast.parse((ROOT / "bot" / "channels.py").read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        return []
    found = []
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id in ("UNAVAILABLE", "DISRUPTED") for t in node.targets
        ):
            try:
                value = ast.literal_eval(node.value)
            except ValueError:
                continue
            if isinstance(value, str):
                found.append(value)
    return found


def parse_texts() -> List[str]:
    """Held-out NLU test sentences (tests/nlu/test_nlu.yml) without entity markup; fallback: the questions."""
    texts: List[str] = []
    try:
        data = yaml.safe_load((ROOT / "tests" / "nlu" / "test_nlu.yml").read_text(encoding="utf-8")) or {}
        for block in data.get("nlu", []):
            for line in str(block.get("examples", "")).splitlines():
                line = line.strip()
                if line.startswith("- "):
                    # [Bayern](federal_state) and [Bayern]{"entity": …} → Bayern
                    texts.append(re.sub(r"\[([^\]]+)\](\([^)]*\)|\{[^}]*\})", r"\1", line[2:]).strip())
    except (OSError, yaml.YAMLError, AttributeError):
        texts = []
    return [t for t in texts if t] or load.OPENERS + load.QUESTIONS
