"""Procurement: which procedure a contract value needs, a Land's value limits, topic explanations.

Follow-ups keep the context: "und für Bauleistungen?", "und bei 60.000?", "netto oder brutto?"
refer to the contract value and Land of the last procurement answer.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import List, Optional, Sequence

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.context import entity_value, named_state, set_topic, text_of, topic
from actions.examples import answer_examples_and_funding
from actions.guard import GuardedAction
from actions.kb import knowledge_base
from actions.text import first_sentence, payload, stand_and_source
from knowledge.amounts import ContractValue, contract_value, has_term, with_term
from knowledge.faq import find_faq
from knowledge.followups import (
    asks_about_procurement,
    asks_for_funding,
    asks_net_or_gross,
    contract_kind,
    gross_stated,
    open_ended,
)
from knowledge.needs import find_needs
from knowledge.parsing import (
    find_municipality_type,
    find_procurement_topic,
    format_number,
    is_what_if,
    normalize_state,
)
from knowledge.procurement import SUPPLIES, WORKS, ThresholdResult, current_thresholds, limit_text, threshold_check
from knowledge.schema import EuThresholds, ProcurementTopic, ValueLimits
from knowledge.vocabulary import MUNICIPALITY_TYPE_PLURALS, PROCUREMENT_TOPICS, in_land

LETTER_WORDS = 60  # a message this long is a letter with several concerns, not one contract question
KIND_LABELS = {WORKS: "Bauleistungen", SUPPLIES: "Liefer- und Dienstleistungen"}
NET_NOTE = "Schwellenwerte und Wertgrenzen gelten netto, also ohne Umsatzsteuer."


# A procurement word standing on its own, not inside a compound such as "Kitaplatzvergabe".
def net_gross_text(value: ContractValue) -> str:
    if value.gross:
        return (
            "Sie haben einen Bruttobetrag genannt: Maßgeblich ist der geschätzte Nettoauftragswert – bitte "
            "rechnen Sie die Umsatzsteuer heraus."
        )
    if value.gross is None:
        return f"Ich gehe von einem Nettobetrag aus: {NET_NOTE}"
    return NET_NOTE


def net_gross_answer(amount: Optional[float], gross: bool = False) -> str:
    """ "netto oder brutto?" – and "brutto übrigens" after a check that assumed a net amount."""
    text = f"Netto: {NET_NOTE} Maßgeblich ist der geschätzte Gesamtwert des Auftrags ohne Umsatzsteuer über die ganze Laufzeit."
    if amount is not None and gross:
        text += (
            f" Die {format_number(amount)} € sind brutto: Bitte rechnen Sie die Umsatzsteuer heraus und nennen Sie mir "
            "den Nettobetrag – dann prüfe ich neu, denn ein Nettowert unter dem Schwellenwert kann ein anderes "
            "Verfahren bedeuten."
        )
    elif amount is not None:
        text += f" Die {format_number(amount)} € aus Ihrer Frage habe ich als Nettobetrag geprüft."
    return text


def threshold_text(result: ThresholdResult, value: ContractValue, land: Optional[str]) -> str:
    kind = KIND_LABELS[result.kind]
    eu = result.thresholds
    amount = f"{format_number(result.amount_eur)} €"
    lines = []
    if value.calculation:
        lines.append(f"Auftragswert über die Laufzeit: {value.calculation}.")
    if result.eu_wide:
        lines.append(
            f"Bei {amount} ({kind}) ist der EU-Schwellenwert von {format_number(result.threshold)} € "
            "erreicht: Sie müssen EU-weit ausschreiben (GWB, VgV bzw. VOB/A EU)."
        )
    else:
        where = f" {in_land(land)}" if land else ""
        lines.append(
            f"Bei {amount} ({kind}) ist der EU-Schwellenwert von {format_number(result.threshold)} € nicht "
            f"erreicht: Es gilt das nationale Vergaberecht{where}."
        )
    lines.append("In Frage kommen: " + "; ".join(result.procedures) + ".")
    if result.limits is not None and result.limit_lines:
        lines.append(
            f"Wertgrenzen {in_land(result.limits.id)} für {kind}: "
            + "; ".join(f"{line.label} {limit_text(line.limit)}" for line in result.limit_lines)
            + "."
        )
        lines.append(
            f"Grundlage: {first_sentence(result.limits.legal_basis, 160)} "
            f"({first_sentence(result.limits.valid_text, 100)}) "
            f"{stand_and_source(result.limits)}"
        )
    lines.append(net_gross_text(value))
    lines += [note for note in result.notes if note != NET_NOTE and "Bruttobetrag" not in note]
    lines.append(
        f"EU-Schwellenwerte gültig {eu.valid_from:%d.%m.%Y} bis {eu.valid_until:%d.%m.%Y}; {stand_and_source(eu)}"
    )
    return "\n".join(lines)


def land_limits_text(limits: ValueLimits, kind: Optional[str]) -> str:
    kinds = [kind] if kind else [SUPPLIES, WORKS]
    lines = [f"Wertgrenzen für Kommunen {in_land(limits.id)} (netto):"]
    if SUPPLIES in kinds:
        lines.append(
            f"• Liefer- und Dienstleistungen: Direktauftrag {limit_text(limits.direct_award_supplies)}; "
            f"Verhandlungsvergabe {limit_text(limits.negotiated_supplies)}; beschränkte Ausschreibung ohne "
            f"Teilnahmewettbewerb {limit_text(limits.restricted_without_competition_supplies)}."
        )
    if WORKS in kinds:
        lines.append(
            f"• Bauleistungen: Direktauftrag {limit_text(limits.direct_award_works)}; freihändige Vergabe "
            f"{limit_text(limits.negotiated_works)}; beschränkte Ausschreibung "
            f"{limit_text(limits.restricted_works)}."
        )
    lines.append(f"Grundlage: {first_sentence(limits.legal_basis, 160)} ({first_sentence(limits.valid_text, 100)})")
    lines.append(stand_and_source(limits))
    return "\n".join(lines)


def topic_text(topic_entry: ProcurementTopic, today: Optional[dt.date] = None) -> str:
    lines = [f"{topic_entry.title}: {first_sentence(topic_entry.summary, 400)}"]
    if topic_entry.id == "schwellenwerte":
        eu = current_thresholds(knowledge_base().eu_thresholds, today or dt.date.today())
        lines.append(
            f"EU-Schwellenwerte ab {eu.valid_from:%d.%m.%Y} (netto): Liefer- und Dienstleistungen "
            f"{format_number(eu.supplies_services)} €, Bauleistungen {format_number(eu.works)} €, soziale und andere "
            f"besondere Dienstleistungen {format_number(eu.social_services)} €."
        )
    lines.append("Rechtsgrundlage: " + "; ".join(topic_entry.legal_basis))
    lines += [f"Tipp: {tip}" for tip in topic_entry.tips[:2]]
    lines.append(stand_and_source(topic_entry))
    return "\n".join(lines)


def is_procurement_question(text: str) -> bool:
    """False for "Kitaplatzvergabe digital – Beispiele?": the procurement word is part of a service's name."""
    return asks_about_procurement(text) or contract_value(text) is not None or not find_needs(text)


class ActionExplainProcurement(GuardedAction):
    """A contract value gets the threshold check; a Land its value limits; a topic its explanation."""

    def name(self) -> str:
        return "action_explain_procurement"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        kb = knowledge_base()
        text = text_of(tracker)
        from actions.guides import answer_route_follow_up  # guides import this module lazily

        on_route = answer_route_follow_up(dispatcher, tracker)
        if on_route is not None:
            return on_route  # "Wie läuft so eine Kooperation ab?" after the Hochschul-Kooperation
        if not is_procurement_question(text):
            return await answer_examples_and_funding(
                dispatcher, tracker
            )  # "Online-Terminvergabe – Geld oder Vorbilder?"
        if len(text.split()) > LETTER_WORDS and asks_for_funding(text):
            from actions.funding import ActionSearchFunding  # a letter about money: its euros are Eigenmittel

            return await ActionSearchFunding().funding_only(dispatcher, tracker)
        follow_up = topic(tracker) == "procurement"
        other_kind = find_municipality_type(text) if is_what_if(text) else None
        if follow_up and other_kind and not named_state(tracker):
            return applies_to_answer(dispatcher, tracker, other_kind)  # "gilt das auch für Landkreise?"
        if not follow_up and not asks_about_procurement(text) and contract_value(text) is None:
            from actions.fallback import answer_in_context  # "und beim Bund?" after a handoff answer

            followed = await answer_in_context(dispatcher, tracker, domain)
            if followed is not None:
                return followed
        named_land = named_state(tracker)
        land = (
            named_land
            or (normalize_state(tracker.get_slot("contract_land")) if follow_up else None)
            or normalize_state(tracker.get_slot("federal_state"))
        )
        period = tracker.get_slot("contract_period")
        previous_amount = tracker.get_slot("contract_amount")
        value = None
        if follow_up and isinstance(period, str) and isinstance(previous_amount, (int, float)):
            value = with_term(float(previous_amount), period, text)  # answer to "Wie lange soll er laufen?"
        if value is None:
            value = contract_value(text, allow_bare=follow_up and not has_term(text))
        if value is None:
            raw = entity_value(tracker, "amount_eur")
            value = contract_value(str(raw), allow_bare=True) if raw else None
        said_kind = contract_kind(text)
        previous_kind = tracker.get_slot("contract_kind") if follow_up else None
        kind = said_kind or (previous_kind if previous_kind in KIND_LABELS else None) or SUPPLIES
        known_amount = float(previous_amount) if follow_up and isinstance(previous_amount, (int, float)) else None
        if value is None and open_ended(text):
            dispatcher.utter_message(
                text="Für einen unbefristeten Vertrag schätzen Sie den Auftragswert nach § 3 VgV; die genaue "
                "Rechenregel dafür habe ich nicht in meiner Wissensbasis. Nennen Sie mir eine Laufzeit (z. B. „über "
                "4 Jahre“), dann rechne ich den Wert aus – im Zweifel fragen Sie Ihre Vergabestelle."
            )
            return set_topic("procurement")
        if value is None and asks_net_or_gross(text) and not said_kind:
            dispatcher.utter_message(text=net_gross_answer(known_amount, gross_stated(text)))
            return set_topic("procurement")
        # "und für Bauleistungen?", "und in Hessen?" – but "Was ist EVB-IT?" names a topic ("IT" is no new kind)
        if (
            value is None
            and known_amount is not None
            and (said_kind or named_land)
            and not find_procurement_topic(text)
        ):
            value = ContractValue(known_amount, None)
        if value is not None and value.periodic_without_term:
            dispatcher.utter_message(
                text=f"Sie nennen einen wiederkehrenden Betrag ({format_number(value.euros)} €). Für das Verfahren "
                "zählt der Wert über die ganze Laufzeit: Wie lange soll der Vertrag laufen, z. B. „über 3 Jahre“?"
            )
            return set_topic(
                "procurement",
                contract_amount=value.euros,
                contract_period=value.period,
                contract_kind=kind,
                contract_land=land,
            )
        if value is not None:
            result = threshold_check(
                value.euros, kind, kb.eu_thresholds, kb.value_limits, land=land, gross=bool(value.gross)
            )
            dispatcher.utter_message(text=threshold_text(result, value, land), buttons=self._buttons(kind, land))
            return set_topic(
                "procurement", contract_amount=value.euros, contract_kind=kind, contract_land=land, contract_period=None
            )
        tagged = entity_value(tracker, "procurement_topic")
        topic_id = (tagged if tagged in PROCUREMENT_TOPICS else None) or find_procurement_topic(text)
        topic_entry = next((t for t in kb.topics if t.id == topic_id), None)
        limits = next((v for v in kb.value_limits if v.id == land), None) if land else None
        if topic_entry is None and find_faq(text, kb.faq) is not None:
            from actions.guides import answer_guide  # "dürfen wir vorher schon anfangen?" is an application question

            return await answer_guide(dispatcher, tracker, "application_path")
        wants_limits = topic_entry is not None and (
            topic_entry.id == "direktauftrag" or (topic_entry.id == "schwellenwerte" and "wertgrenze" in text.lower())
        )
        # "Was ist …?" and "Dürfen wir direkt …?" ask for the rule itself, not for the Land's table
        explain = "was ist" in text.lower() or bool(_MAY_WE.search(text))
        if topic_entry is not None and not (wants_limits and limits and not explain):
            reply = topic_text(topic_entry)
            if topic_entry.id == "direktauftrag" and limits is not None:
                reply += (
                    f"\nIn {limits.id}: Direktauftrag für Liefer- und Dienstleistungen "
                    f"{limit_text(limits.direct_award_supplies)}, für Bauleistungen {limit_text(limits.direct_award_works)} "
                    f"(netto; {stand_and_source(limits)})."
                )
            dispatcher.utter_message(text=reply, buttons=_topic_buttons(exclude=topic_entry.id))
            return set_topic("procurement", procurement_topic=topic_entry.id)
        if limits is not None and (named_land or said_kind or wants_limits):
            dispatcher.utter_message(text=land_limits_text(limits, said_kind), buttons=self._buttons(kind, land))
            return set_topic("procurement", contract_kind=kind, contract_land=land)
        if said_kind is not None:  # "und für Bauleistungen?" after the thresholds: that kind's EU threshold
            dispatcher.utter_message(
                text=kind_threshold_text(kb.eu_thresholds, said_kind), buttons=self._buttons(kind, land)
            )
            return set_topic("procurement", contract_kind=said_kind)
        if _HOW_TO_BUY.search(text):  # "Wie beschaffen wir das?": the rule that decides, with the Land's limits
            dispatcher.utter_message(text=how_to_buy_text(kb.eu_thresholds, limits), buttons=self._buttons(kind, land))
            return set_topic("procurement", contract_land=land)
        dispatcher.utter_message(
            text="Zur Vergabe kann ich Ihnen diese Themen erklären. Nennen Sie mir auch gern einen Auftragswert, "
            "z. B. „Software für 80.000 €“ – dann sage ich Ihnen, welches Verfahren in Frage kommt"
            + (f" und welche Wertgrenzen {in_land(land)} gelten." if land else "."),
            buttons=_topic_buttons(*PROCUREMENT_TOPICS),
        )
        return set_topic("procurement")

    @staticmethod
    def _buttons(kind: str, land: Optional[str]) -> List[dict]:
        return _topic_buttons("verfahrensarten", "direktauftrag", "markterkundung")


def applies_to_answer(dispatcher: CollectingDispatcher, tracker: Tracker, kind: str) -> List[EventType]:
    """ "gilt das auch für Landkreise?" after a procurement answer: the EU thresholds are the same for every
    Kommune; the Land's value limits say themselves whom they bind (applies_to_municipalities)."""
    kb = knowledge_base()
    eu = current_thresholds(kb.eu_thresholds, dt.date.today())
    who = MUNICIPALITY_TYPE_PLURALS.get(kind, "Kommunen")
    lines = [
        f"Ja. Die EU-Schwellenwerte gelten für alle Kommunen, also auch für {who}: ab {eu.valid_from:%d.%m.%Y} "
        f"{format_number(eu.supplies_services)} € für Liefer- und Dienstleistungen und {format_number(eu.works)} € "
        f"für Bauleistungen (netto). {stand_and_source(eu)}"
    ]
    land = normalize_state(tracker.get_slot("contract_land")) or normalize_state(tracker.get_slot("federal_state"))
    limits = next((v for v in kb.value_limits if v.id == land), None) if land else None
    if limits is not None:
        lines.append(
            f"Wertgrenzen {in_land(limits.id)}: {first_sentence(limits.applies_to_municipalities, 200)} "
            f"{stand_and_source(limits)}"
        )
    else:
        lines.append(
            "Die Wertgrenzen unterhalb der EU-Schwelle legt jedes Land fest – nennen Sie mir Ihr Bundesland, dann "
            "sage ich Ihnen, für wen sie dort gelten."
        )
    dispatcher.utter_message(text="\n".join(lines), buttons=_topic_buttons("verfahrensarten", "direktauftrag"))
    return set_topic("procurement")


_MAY_WE = re.compile(r"\b(?:dürfen|duerfen|können|koennen) wir\b|\bist (?:es|das) erlaubt\b", re.IGNORECASE)
_HOW_TO_BUY = re.compile(r"\b(?:beschaff\w*|kaufen|einkaufen|anschaffen|bestellen)\b", re.IGNORECASE)


def how_to_buy_text(thresholds: Sequence[EuThresholds], limits: Optional[ValueLimits]) -> str:
    """How a Kommune buys something, when no contract value is known yet: the value decides the procedure."""
    eu = current_thresholds(thresholds, dt.date.today())
    lines = [
        "Wie Sie beschaffen, hängt vom geschätzten Auftragswert ohne Umsatzsteuer ab: Ab "
        f"{format_number(eu.supplies_services)} € für Liefer- und Dienstleistungen schreiben Sie EU-weit aus, "
        "darunter gelten die Wertgrenzen Ihres Landes.",
        f"EU-Schwellenwerte gültig {eu.valid_from:%d.%m.%Y} bis {eu.valid_until:%d.%m.%Y}; {stand_and_source(eu)}",
    ]
    if limits is not None:
        lines.append(land_limits_text(limits, SUPPLIES))
    lines.append(
        "Nennen Sie mir einen geschätzten Auftragswert, z. B. „Software für 30.000 €“, dann sage ich Ihnen, welches "
        "Verfahren in Frage kommt"
        + ("." if limits is not None else " – und mit Ihrem Bundesland auch die dort geltenden Wertgrenzen.")
    )
    return "\n".join(lines)


def kind_threshold_text(thresholds: Sequence[EuThresholds], kind: str) -> str:
    """The EU threshold for one kind of contract, when no amount and no Land is known yet."""
    eu = current_thresholds(thresholds, dt.date.today())
    amount, label = (
        (eu.works, "Bauleistungen") if kind == WORKS else (eu.supplies_services, "Liefer- und Dienstleistungen")
    )
    return (
        f"Für {label} liegt der EU-Schwellenwert derzeit bei {format_number(amount)} € netto; darüber wird "
        "europaweit ausgeschrieben. Darunter gelten die Wertgrenzen Ihres Bundeslandes – nennen Sie mir Ihr Land "
        "oder einen Auftragswert, dann sage ich Ihnen das Verfahren.\n" + stand_and_source(eu)
    )


def _topic_buttons(*topics: str, exclude: Optional[str] = None) -> List[dict]:
    chosen = topics or ("schwellenwerte", "verfahrensarten", "innovationspartnerschaft", "markterkundung")
    return [
        {"title": PROCUREMENT_TOPICS[t], "payload": payload("explain_procurement", procurement_topic=t)}
        for t in chosen
        if t != exclude
    ]
