"""Procurement: topic explanations and the check which procedure a contract value needs."""
from __future__ import annotations

import datetime as dt
import re
from typing import List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.kb import knowledge_base
from actions.text import stand_and_source
from knowledge.parsing import format_number, parse_amount
from knowledge.procurement import SUPPLIES, WORKS, ThresholdResult, current_thresholds, limit_text, threshold_check
from knowledge.schema import ProcurementTopic
from knowledge.vocabulary import PROCUREMENT_TOPICS

# Words that make a contract a construction contract (Bauleistung) rather than supplies/services.
_WORKS_WORDS = re.compile(
    r"\b(bau\w*|\w*bau|\w*sanierung\w*|gebäude\w*|errichtung|\w*verlegung)\b", re.IGNORECASE
)


def contract_kind(text: str) -> str:
    return WORKS if _WORKS_WORDS.search(text or "") else SUPPLIES


def threshold_text(result: ThresholdResult) -> str:
    kind = "Bauleistungen" if result.kind == WORKS else "Liefer- und Dienstleistungen"
    eu = result.thresholds
    lines = [
        f"Auftragswert {format_number(result.amount_eur)} € ({kind}): Der EU-Schwellenwert für Kommunen liegt bei "
        f"{format_number(result.threshold)} € (gültig {eu.valid_from:%d.%m.%Y} bis {eu.valid_to:%d.%m.%Y}).",
    ]
    if result.eu_wide:
        lines.append("Er ist erreicht: Sie müssen EU-weit ausschreiben (GWB, VgV bzw. VOB/A EU). In Frage kommen:")
    else:
        lines.append("Er ist nicht erreicht: Es gilt das nationale Haushalts- und Vergaberecht. In Frage kommen:")
    lines += [f"• {procedure}" for procedure in result.procedures]
    if result.limits is not None and result.limit_lines:
        lines.append(f"Wertgrenzen ({result.limits.id}):")
        lines += [f"• {line.label}: {limit_text(line.limit)}" for line in result.limit_lines]
        lines.append(stand_and_source(result.limits.stand, result.limits.source_url))
    other = ("Liefer- und Dienstleistungen", eu.supplies_services) if result.kind == WORKS else ("Bauleistungen", eu.works)
    lines.append(
        f"Ich habe den Auftrag als {kind} eingeordnet; für {other[0]} liegt der EU-Schwellenwert bei "
        f"{format_number(other[1])} €."
    )
    lines += result.notes
    lines.append(stand_and_source(eu.stand, eu.source_url))
    return "\n".join(lines)


def topic_text(topic: ProcurementTopic, today: Optional[dt.date] = None) -> str:
    lines = [topic.title, topic.summary]
    if topic.id == "schwellenwerte":
        eu = current_thresholds(knowledge_base().eu_thresholds, today or dt.date.today())
        lines.append(
            f"EU-Schwellenwerte ab {eu.valid_from:%d.%m.%Y} (netto): Liefer- und Dienstleistungen "
            f"{format_number(eu.supplies_services)} €, Bauleistungen {format_number(eu.works)} €, soziale und andere "
            f"besondere Dienstleistungen {format_number(eu.social_services)} €."
        )
    lines.append("Rechtsgrundlage: " + "; ".join(topic.legal_basis))
    lines += [f"Tipp: {tip}" for tip in topic.tips]
    lines.append(stand_and_source(topic.stand, topic.source_url))
    return "\n".join(lines)


class ActionExplainProcurement(Action):
    """A contract value gets the threshold check; a topic its explanation; otherwise an overview."""

    def name(self) -> Text:
        return "action_explain_procurement"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        kb = knowledge_base()
        text = tracker.latest_message.get("text") or ""
        raw_amount = next(tracker.get_latest_entity_values("amount_eur"), None)
        amount = parse_amount(raw_amount) if raw_amount else None
        if amount is not None:
            result = threshold_check(
                amount.euros,
                contract_kind(text),
                kb.eu_thresholds,
                kb.value_limits,
                land=tracker.get_slot("federal_state"),
                gross=amount.gross or "brutto" in text.lower(),
            )
            dispatcher.utter_message(text=threshold_text(result), buttons=_topic_buttons("verfahrensarten", "direktauftrag"))
            return []
        topic_id = next(tracker.get_latest_entity_values("procurement_topic"), None)
        topic = next((t for t in kb.topics if t.id == topic_id), None)
        if topic is not None:
            dispatcher.utter_message(text=topic_text(topic), buttons=_topic_buttons(exclude=topic.id))
            return []
        dispatcher.utter_message(
            text="Zur Vergabe kann ich Ihnen diese Themen erklären. Nennen Sie mir auch gern einen Auftragswert, "
            "z. B. „Software für 80.000 €“ – dann sage ich Ihnen, welches Verfahren in Frage kommt.",
            buttons=_topic_buttons(*PROCUREMENT_TOPICS),
        )
        return []


def _topic_buttons(*topics: str, exclude: Optional[str] = None) -> List[dict]:
    chosen = topics or ("schwellenwerte", "verfahrensarten", "innovationspartnerschaft", "markterkundung")
    return [
        {"title": PROCUREMENT_TOPICS[t], "payload": f'/explain_procurement{{"procurement_topic": "{t}"}}'}
        for t in chosen
        if t != exclude
    ]
