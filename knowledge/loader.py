"""Loads the YAML files under knowledge/data into validated models.

Every bad entry is reported with its file, entry id and field, e.g.
``knowledge/data/programmes/bayern.yml: BY-07.status: 'offfen' is not one of …``;
a knowledge base with any error is refused as a whole, so the assistant never
answers from half-broken data.

The files are read from ``knowledge/data``, or from the directory in the environment variable
``KNOWLEDGE_DIR`` (a test points it at a deliberately broken copy).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Type, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from knowledge.schema import (
    Contact,
    CoverageRecord,
    EuThresholds,
    Example,
    Faq,
    Guide,
    ProcurementTopic,
    Programme,
    ValueLimits,
)

DATA_DIR = Path(__file__).resolve().parent / "data"

# Which top-level key of a YAML file holds which kind of entry.
SECTIONS: Dict[str, Type[BaseModel]] = {
    "programmes": Programme,
    "examples": Example,
    "contacts": Contact,
    "topics": ProcurementTopic,
    "value_limits": ValueLimits,
    "eu_thresholds": EuThresholds,
    "guides": Guide,
    "faq": Faq,
    "coverage": CoverageRecord,
}

M = TypeVar("M", bound=BaseModel)


class KnowledgeBaseError(Exception):
    """Raised when the knowledge base has errors; ``errors`` lists each one."""

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors = list(errors)
        # This is the last thing the action server prints before it stops: say what to fix and how to check.
        super().__init__(
            f"Die Wissensbasis hat {len(self.errors)} Fehler (Datei: Eintrag.Feld: Problem); "
            "der Assistent startet erst, wenn alle behoben sind:\n"
            + "\n".join(self.errors)
            + "\nPrüfen mit: python -m knowledge validate"
        )


@dataclass
class KnowledgeBase:
    programmes: List[Programme] = field(default_factory=list)
    examples: List[Example] = field(default_factory=list)
    contacts: List[Contact] = field(default_factory=list)
    topics: List[ProcurementTopic] = field(default_factory=list)
    value_limits: List[ValueLimits] = field(default_factory=list)
    eu_thresholds: List[EuThresholds] = field(default_factory=list)
    guides: List[Guide] = field(default_factory=list)
    faq: List[Faq] = field(default_factory=list)
    coverage: List[CoverageRecord] = field(default_factory=list)

    def all_entries(self) -> Iterable[BaseModel]:
        for section in SECTIONS:
            yield from getattr(self, section)


def _display(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent.parent))
    except ValueError:
        return str(path)


def _field_path(loc: Sequence[object]) -> str:
    return ".".join(str(part) for part in loc if part != "__root__")


def configured_data_dir() -> Path:
    """``KNOWLEDGE_DIR`` if set, else ``knowledge/data``."""
    configured = os.environ.get("KNOWLEDGE_DIR", "").strip()
    return Path(configured) if configured else DATA_DIR


def load(data_dir: Optional[Path] = None) -> KnowledgeBase:
    """Read and validate every ``*.yml`` below ``data_dir`` (default: ``configured_data_dir()``); raise
    KnowledgeBaseError on any error."""
    data_dir = data_dir or configured_data_dir()
    kb = KnowledgeBase()
    errors: List[str] = []
    seen_ids: Dict[str, str] = {}
    files = sorted(data_dir.rglob("*.yml"))
    if not files:
        raise KnowledgeBaseError([f"{data_dir}: keine YAML-Dateien gefunden"])
    for path in files:
        name = _display(path, data_dir)
        try:
            document = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            errors.append(f"{name}: kein gültiges YAML: {exc}")
            continue
        if not isinstance(document, dict):
            errors.append(f"{name}: erwartet Abschnitte wie {', '.join(SECTIONS)}")
            continue
        for section, raw_entries in document.items():
            model = SECTIONS.get(section)
            if model is None:
                errors.append(f"{name}: unbekannter Abschnitt {section!r} (erlaubt: {', '.join(SECTIONS)})")
                continue
            if not isinstance(raw_entries, list):
                errors.append(f"{name}: {section} muss eine Liste von Einträgen sein")
                continue
            for index, raw in enumerate(raw_entries):
                entry_id = str(raw.get("id", f"#{index + 1}")) if isinstance(raw, dict) else f"#{index + 1}"
                if not isinstance(raw, dict):
                    errors.append(f"{name}: {entry_id}: Eintrag muss aus Feldern bestehen")
                    continue
                try:
                    entry = model.parse_obj(raw)
                except ValidationError as exc:
                    for problem in exc.errors():
                        errors.append(f"{name}: {entry_id}.{_field_path(problem['loc'])}: {_message(problem, raw)}")
                    continue
                key = f"{section}:{entry.id}"  # type: ignore[attr-defined]
                if key in seen_ids:
                    errors.append(f"{name}: {entry_id}: id doppelt (schon in {seen_ids[key]})")
                    continue
                seen_ids[key] = name
                getattr(kb, section).append(entry)
    errors += _unknown_programme_ids(kb)
    if errors:
        raise KnowledgeBaseError(errors)
    return kb


def _unknown_programme_ids(kb: KnowledgeBase) -> List[str]:
    """FAQ entries may name the programmes of a funding route; every id must exist."""
    known = {p.id for p in kb.programmes}
    return [
        f"faq: {entry.id}.programmes: {programme_id!r} ist keine bekannte Programm-id"
        for entry in kb.faq
        for programme_id in entry.programmes
        if programme_id not in known
    ]


def _message(problem: Mapping[str, Any], raw: dict) -> str:
    """Pydantic's message, with the offending value in front for enum/choice errors."""
    loc = problem["loc"]
    message = problem["msg"]
    value = raw.get(loc[0]) if loc and isinstance(loc[0], str) else None
    if problem.get("type") == "type_error.enum" and value is not None:
        return (
            f"{value!r} is not one of {', '.join(repr(getattr(v, 'value', v)) for v in problem['ctx']['enum_values'])}"
        )
    if problem.get("type") == "value_error.missing":
        return "Pflichtfeld fehlt"
    return message
