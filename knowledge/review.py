"""The editors' worklist: which facts need checking now, most consequential first.

``python -m knowledge review`` lists stale and soon-to-expire facts, passed deadlines,
"unbekannt" fields on programmes the assistant offers and source addresses that look broken.
Open programmes and value limits come first: a wrong one costs a Kommune money or a lawful
award; an old practice example costs little. Reachability of a URL is not checked (no network
here); only its form is.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from pydantic import BaseModel

from knowledge.freshness import AGED, DEADLINE_PASSED, EXPIRED, SOON_DAYS, check, kind_of, needs_no_check, superseded
from knowledge.loader import KnowledgeBase
from knowledge.schema import UNKNOWN, Contact, Entry, Programme, Status, ValueLimits

# Impact tiers, most consequential first.
IMPACT = {
    "programme_open": (0, "offenes Förderprogramm"),
    "value_limits": (1, "Vergabe-Wertgrenzen"),
    "eu_thresholds": (1, "EU-Schwellenwerte"),
    "programme_unknown": (2, "Förderprogramm mit unbekanntem Status"),
    "topics": (3, "Vergabethema"),
    "faq": (3, "Antragsfrage"),
    "guides": (3, "Leitfaden"),
    "contacts": (4, "Kontaktstelle"),
    "examples": (5, "Praxisbeispiel"),
    "programme_closed": (6, "beendetes Förderprogramm"),
}
# Problem codes, most urgent first within an impact tier.
SEVERITY = {EXPIRED: 0, DEADLINE_PASSED: 0, AGED: 1, "expires_soon": 2, "unknown_field": 3, "url": 4}

_PROGRAMME_TEXTS = {
    "rate_text": "Förderquote",
    "own_share_text": "Eigenanteil",
    "deadline_text": "Frist",
    "how_to_apply": "Antragsweg",
    "contact": "Ansprechpartner",
    "funding_type": "Förderart",
}
_LIMIT_FIELDS = {
    "direct_award_supplies": "Direktauftrag Liefer/Dienst",
    "direct_award_works": "Direktauftrag Bau",
    "restricted_without_competition_supplies": "beschränkte Ausschreibung o. TW Liefer/Dienst",
    "negotiated_supplies": "Verhandlungsvergabe",
    "restricted_works": "beschränkte Ausschreibung Bau",
    "negotiated_works": "freihändige Vergabe Bau",
    "applies_to_municipalities": "Geltung für Kommunen",
    "valid_text": "Geltungszeitraum",
}
_HEX = re.compile(r"%(?![0-9A-Fa-f]{2})")


@dataclass
class Finding:
    code: str  # EXPIRED, DEADLINE_PASSED, AGED, "expires_soon", "unknown_field", "url"
    text: str  # German, for the editor


@dataclass
class ReviewItem:
    kind: str  # knowledge-base section: programmes, value_limits, examples, …
    id: str
    title: str
    impact: int
    impact_label: str
    stand: dt.date
    source_url: str
    findings: List[Finding] = field(default_factory=list)
    status: Optional[str] = None
    due: Optional[dt.date] = None  # when the fact stops (or stopped) being current

    def sort_key(self) -> tuple:
        worst = min(SEVERITY[f.code] for f in self.findings)
        return (self.impact, worst, self.due or dt.date.max, self.kind, self.id)

    def as_dict(self) -> Dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "title": self.title,
            "impact": self.impact,
            "impact_label": self.impact_label,
            "status": self.status,
            "stand": self.stand.isoformat(),
            "due": self.due.isoformat() if self.due else None,
            "source_url": self.source_url,
            "findings": [{"code": f.code, "text": f.text} for f in self.findings],
        }


def url_problems(url: str) -> List[str]:
    """Why an address looks broken, judged by its form alone."""
    problems = []
    if not url.startswith("https://"):
        problems.append("ohne https")
    if re.search(r"[\s\"<>]", url):
        problems.append("enthält Leerzeichen oder Anführungszeichen")
    if url[-1:] in ".,;:)]":
        problems.append("endet mit einem Satzzeichen")
    if re.search(r"jsessionid|phpsessid|[?&;]sid=", url, re.IGNORECASE):
        problems.append("enthält eine Sitzungskennung, die abläuft")
    if re.search(r"[?&]utm_", url):
        problems.append("enthält Tracking-Parameter")
    if _HEX.search(url):
        problems.append("fehlerhafte Prozent-Kodierung")
    if re.match(r"https?://[^/]+//", url) or re.match(r"https?://[^/.]+(?:[:/]|$)", url):
        problems.append("Adresse unvollständig")
    if len(url) > 300:
        problems.append("ungewöhnlich lang")
    return problems


def _title(entry: BaseModel) -> str:
    for name in ("name", "title", "question"):
        if hasattr(entry, name):
            return str(getattr(entry, name))
    if isinstance(entry, ValueLimits):
        return f"Wertgrenzen {entry.id}"
    return str(getattr(entry, "id", ""))


def _impact(entry: Entry) -> str:
    kind = kind_of(entry)
    if isinstance(entry, Programme):
        if entry.status == Status.geschlossen.value:
            return "programme_closed"
        return "programme_unknown" if entry.status == Status.unbekannt.value else "programme_open"
    return kind


def _is_unknown(value: object) -> bool:
    return isinstance(value, str) and value.strip().lower().startswith(UNKNOWN)


def _findings(entry: Entry, today: dt.date, days: int, archived: bool) -> List[Finding]:
    findings: List[Finding] = []
    if not archived:
        state = check(entry, today)
        if state.stale and state.code:
            findings.append(Finding(state.code, state.reason))
        elif state.expires_within(today, days) and state.due:
            last_day = state.due - dt.timedelta(days=1)
            if entry.valid_until or (isinstance(entry, Programme) and entry.deadlines):
                findings.append(Finding("expires_soon", f"gilt nur noch bis {last_day:%d.%m.%Y}"))
            else:
                findings.append(Finding("expires_soon", f"wird am {state.due:%d.%m.%Y} älter als 12 Monate"))
        if isinstance(entry, Programme):
            unknown = [label for name, label in _PROGRAMME_TEXTS.items() if _is_unknown(getattr(entry, name))]
            if unknown:
                findings.append(Finding("unknown_field", "unbekannt: " + ", ".join(unknown)))
        if isinstance(entry, ValueLimits):
            unknown = [label for name, label in _LIMIT_FIELDS.items() if _is_unknown(getattr(entry, name))]
            if unknown:
                findings.append(Finding("unknown_field", "unbekannt: " + ", ".join(unknown)))
    urls = [str(entry.source_url), *map(str, entry.further_sources)]
    if isinstance(entry, Contact):
        urls.append(str(entry.url))
    for url in dict.fromkeys(urls):
        for problem in url_problems(url):
            findings.append(Finding("url", f"Adresse {problem}: {url}"))
    return findings


def review(kb: KnowledgeBase, today: dt.date, days: int = SOON_DAYS) -> List[ReviewItem]:
    """Every entry with something to check, most consequential first."""
    replaced = superseded(kb, today)
    items: List[ReviewItem] = []
    for raw in kb.all_entries():
        entry: Entry = raw  # type: ignore[assignment]  # every section's model is an Entry
        archived = needs_no_check(entry, replaced)
        findings = _findings(entry, today, days, archived)
        if not findings:
            continue
        # A section added later without its own tier ranks with the explanatory texts.
        impact, label = IMPACT.get(_impact(entry), (3, "Eintrag"))
        items.append(
            ReviewItem(
                kind=kind_of(entry),
                id=entry.id,
                title=_title(entry),
                impact=impact,
                impact_label=label,
                stand=entry.stand,
                source_url=str(entry.source_url),
                findings=findings,
                status=getattr(entry, "status", None),
                due=None if archived else check(entry, today).due,
            )
        )
    return sorted(items, key=ReviewItem.sort_key)


def render(items: List[ReviewItem], today: dt.date, days: int = SOON_DAYS) -> str:
    """The worklist as German text for editors."""
    if not items:
        return f"Stand {today:%d.%m.%Y}: Nichts zu prüfen – keine veralteten oder bald ablaufenden Angaben."
    counts: Dict[str, int] = {}
    for item in items:
        for finding in item.findings:
            counts[finding.code] = counts.get(finding.code, 0) + 1
    summary = (
        f"Zu prüfen am {today:%d.%m.%Y}: {len(items)} Einträge – "
        f"{counts.get(EXPIRED, 0) + counts.get(DEADLINE_PASSED, 0)} abgelaufen oder Frist vorbei, "
        f"{counts.get(AGED, 0)} älter als 12 Monate, {counts.get('expires_soon', 0)} laufen in {days} Tagen ab, "
        f"{counts.get('unknown_field', 0)} mit unbekannten Angaben, {counts.get('url', 0)} auffällige Adressen."
    )
    lines = [summary, "Reihenfolge: offene Förderprogramme und Wertgrenzen zuerst.", ""]
    for number, item in enumerate(items, 1):
        status = f", Status {item.status}" if item.status else ""
        lines.append(f"{number}. [{item.impact_label}{status}] {item.id} – {item.title}")
        lines.extend(f"   - {finding.text}" for finding in item.findings)
        lines.append(f"   Stand {item.stand:%m/%Y} · Quelle: {item.source_url}")
    return "\n".join(lines)
