"""Which procurement procedure a contract value needs: EU threshold and national value limits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import List, Optional, Sequence, Union

from knowledge.parsing import format_number
from knowledge.schema import EuThresholds, ValueLimits

SUPPLIES = "dienstleistung"  # supplies and services (Liefer- und Dienstleistungen)
WORKS = "bauleistung"
KINDS = (SUPPLIES, WORKS)

# Procedure types by law; the numbers that decide between them come from the knowledge base.
EU_PROCEDURES = (
    "offenes Verfahren",
    "nicht offenes Verfahren mit Teilnahmewettbewerb",
    "Verhandlungsverfahren (nur bei Vorliegen der Gründe nach § 14 VgV bzw. § 3a EU VOB/A)",
    "wettbewerblicher Dialog (bei konzeptionellen oder innovativen Lösungen)",
    "Innovationspartnerschaft (wenn die Lösung noch nicht am Markt verfügbar ist)",
)
NATIONAL_ALWAYS = ("öffentliche Ausschreibung", "beschränkte Ausschreibung mit Teilnahmewettbewerb")


@dataclass
class LimitLine:
    label: str
    limit: Union[int, str]
    applies: bool  # the amount is within this limit


@dataclass
class ThresholdResult:
    amount_eur: float
    kind: str
    threshold: int
    thresholds: EuThresholds
    eu_wide: bool
    procedures: List[str]
    limits: Optional[ValueLimits]
    limit_lines: List[LimitLine] = field(default_factory=list)
    notes: List[str] = field(default_factory=list)


def current_thresholds(entries: Sequence[EuThresholds], today: dt.date) -> EuThresholds:
    """The EU thresholds in force today (the newest entry if none covers today)."""
    for entry in entries:
        if entry.valid_from <= today <= entry.valid_until:
            return entry
    if not entries:
        raise LookupError("Die Wissensbasis enthält keine EU-Schwellenwerte.")
    return max(entries, key=lambda e: e.valid_from)


def _within(amount: float, limit: Union[int, str], threshold: int) -> bool:
    if limit == "bis_eu_schwelle":
        return amount < threshold
    if isinstance(limit, int):
        return amount <= limit
    return False  # unknown limit: never claim it applies


def threshold_check(
    amount_eur: float,
    kind: str,
    thresholds: Sequence[EuThresholds],
    value_limits: Sequence[ValueLimits],
    land: Optional[str] = None,
    gross: bool = False,
    today: Optional[dt.date] = None,
) -> ThresholdResult:
    """Is the EU threshold reached, which procedures come into question, which national limits apply."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    eu = current_thresholds(thresholds, today or dt.date.today())
    threshold = eu.works if kind == WORKS else eu.supplies_services
    eu_wide = amount_eur >= threshold
    limits = next((v for v in value_limits if v.id == land), None) if land else None
    result = ThresholdResult(amount_eur, kind, threshold, eu, eu_wide, [], limits)
    result.notes.append("Schwellenwerte und Wertgrenzen gelten netto, also ohne Umsatzsteuer.")
    if gross:
        result.notes.append(
            "Sie haben einen Bruttobetrag genannt: Maßgeblich ist der geschätzte Nettoauftragswert – bitte "
            "rechnen Sie die Umsatzsteuer heraus."
        )
    if eu_wide:
        result.procedures = list(EU_PROCEDURES)
        return result
    result.procedures = list(NATIONAL_ALWAYS)
    if land is None:
        result.notes.append(
            "Die Wertgrenzen unterhalb des EU-Schwellenwerts (z. B. für den Direktauftrag) legt jedes Land selbst "
            "fest – nennen Sie mir Ihr Bundesland, dann nenne ich Ihnen die dort geltenden Werte."
        )
        return result
    if limits is None:
        result.notes.append(f"Für {land} enthält die Wissensbasis keine Wertgrenzen – bitte Landesrecht prüfen.")
        return result
    if kind == WORKS:
        lines = [
            ("beschränkte Ausschreibung ohne Teilnahmewettbewerb", limits.restricted_works),
            ("freihändige Vergabe", limits.negotiated_works),
            ("Direktauftrag", limits.direct_award_works),
        ]
    else:
        lines = [
            ("beschränkte Ausschreibung ohne Teilnahmewettbewerb", limits.restricted_without_competition_supplies),
            ("Verhandlungsvergabe", limits.negotiated_supplies),
            ("Direktauftrag", limits.direct_award_supplies),
        ]
    for label, limit in lines:
        applies = _within(amount_eur, limit, threshold)
        result.limit_lines.append(LimitLine(label, limit, applies))
        if applies:
            result.procedures.append(label)
    if any(line.limit == "unbekannt" for line in result.limit_lines):
        result.notes.append("Einzelne Wertgrenzen sind in der Wissensbasis unbekannt – bitte Landesrecht prüfen.")
    return result


def limit_text(limit: Union[int, str]) -> str:
    if isinstance(limit, int):
        return f"bis {format_number(limit)} €"
    if limit == "bis_eu_schwelle":
        return "bis unter den EU-Schwellenwert"
    return "unbekannt (Landesrecht prüfen)"
