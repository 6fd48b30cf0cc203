"""Funding search: answer first with what is known, say which fact would sharpen the list."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Dict, List, Optional, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.context import REFINE, entity_value, named_state, programmes_in_view, set_topic, text_of, text_slot, topic
from actions.guard import GuardedAction
from actions.kb import knowledge_base
from actions.text import first_sentence, payload, stand_and_source
from knowledge.coverage import missing_land_programme_record
from knowledge.faq import find_faq, route_question
from knowledge.followups import asks_for_examples, asks_for_funding, asks_for_highest, funding_level, wants_more
from knowledge.funding import FundingHit, match_funding
from knowledge.needs import find_needs
from knowledge.parsing import find_task_area, normalize_municipality_type, normalize_task_area
from knowledge.profile import Profile
from knowledge.schema import Programme
from knowledge.search import describes_need
from knowledge.vocabulary import MUNICIPALITY_TYPES

PAGE_SIZE = 3
_SEARCH = re.compile(r"\bwelche|\bgibt es\b|\bpass|\bsuch|\bfinden\b|\bliste\b|programme", re.IGNORECASE)
_DEFINITION = re.compile(r"\bwas (?:bedeutet|ist|heißt|heisst|versteht man)\b", re.IGNORECASE)
FOERDERDATENBANK = "https://www.foerderdatenbank.de"
LEVEL_WORDS = {"EU": "der EU", "Bund": "des Bundes", "Land": "des Landes"}


def details_button(programme: Programme) -> Dict[str, str]:
    label = programme.short_names[0] if programme.short_names else programme.name
    return {"title": f"Details zu {label}"[:60], "payload": payload("ask_funding_details", programme=programme.id)}


def hit_text(number: int, hit: FundingHit) -> str:
    p = hit.programme
    lines = [f"{number}. {p.name}", f"   {hit.reason_text}"]
    if hit.status_note:
        lines.append(f"   Achtung: {hit.status_note}")
    lines.append(f"   Förderung: {first_sentence(p.rate_text, 120)} · Frist: {first_sentence(p.deadline_text, 100)}")
    lines.append(f"   {stand_and_source(p, flag_stale=not hit.status_note)}")
    return "\n".join(lines)


def _missing_fact(profile: Profile) -> Optional[str]:
    return next((slot for slot in REFINE if getattr(profile, slot) in (None, "")), None)


def present_funding(
    dispatcher: CollectingDispatcher,
    profile: Profile,
    offset: int = 0,
    level: Optional[str] = None,
    lead: str = "",
    from_question: bool = False,
    need: Optional[str] = None,
) -> List[EventType]:
    """Send up to PAGE_SIZE fitting programmes from ``offset`` on (from the start once all were shown);
    returns the context events, including ``last_search`` for "Weitere Programme"."""
    kb = knowledge_base()
    hits = match_funding(profile, kb.programmes, level=level, need=need)
    if offset >= len(hits):
        offset = 0
    subject = f"{'Ihre Frage' if from_question else 'Ihr Profil'} ({profile.describe()})"
    paging = [SlotSet("last_search", f"{search_key(profile, level, need)}#{offset}")]
    where = f" ({LEVEL_WORDS[level]})" if level else ""
    record = missing_land_programme_record(kb, profile.federal_state) if level in (None, "Land") else None
    coverage_note = f"{record.note} {stand_and_source(record)}" if record else ""
    if not hits:
        contact = next((c for c in kb.contacts if c.state == profile.federal_state), None)
        text = (
            f"{lead}Für {subject} habe ich in meiner Wissensbasis kein offenes Förderprogramm{where} "
            f"gefunden. Die Förderdatenbank des Bundes ({FOERDERDATENBANK}) listet weitere Programme."
        )
        if coverage_note:
            text += f"\n{coverage_note}"
        if contact:
            text += f"\nPersönlich beraten Sie: {contact.name} ({contact.url})."
        dispatcher.utter_message(text=text.strip())
        return set_topic("funding", shown_programmes=[], focus_programme=None) + paging
    page = hits[offset : offset + PAGE_SIZE]
    if profile.federal_state or profile.municipality_type:
        fits = "passt 1 Programm" if len(hits) == 1 else f"passen {len(hits)} Programme"
        header = f"Für {subject} {fits}{where}"
    else:
        header = (
            f"Ohne Angaben zu Ihrer Kommune zeige ich Programme{where or ' des Bundes und der EU'}, die allen "
            f"Kommunen offenstehen ({len(hits)})"
        )
    header += ":" if offset == 0 else f" – hier Nr. {offset + 1} bis {offset + len(page)}:"
    lines = [lead + header] + [hit_text(offset + i + 1, hit) for i, hit in enumerate(page)]
    if coverage_note and offset == 0:
        lines.append(coverage_note)
    buttons = [details_button(hit.programme) for hit in page]
    if offset + PAGE_SIZE < len(hits):
        buttons.append({"title": "Weitere Programme", "payload": "/search_funding"})
    events = set_topic("funding", shown_programmes=[h.programme.id for h in page], focus_programme=None) + paging
    missing = _missing_fact(profile)
    if missing:
        question, choices = REFINE[missing]
        lines.append(question)
        buttons += [
            {"title": MUNICIPALITY_TYPES[c], "payload": payload("inform", municipality_type=c)} for c in choices
        ]
        events += [SlotSet("asked_slot", missing), SlotSet("asked_again", None)]
    dispatcher.utter_message(text="\n".join(lines), buttons=buttons)
    return events


def search_key(profile: Profile, level: Optional[str], need: Optional[str] = None) -> str:
    """What a result list depends on; "Weitere Programme" pages on while it stays the same."""
    key = "|".join(
        str(v) for v in (profile.federal_state, profile.municipality_type, profile.population, profile.task_area, level)
    )
    return f"{key}~{_NEED_MARK.sub(' ', need)[:200]}" if need else key


_NEED_MARK = re.compile(r"[#~]")


def _last_level(key: str) -> Optional[str]:
    """The level ("EU", "Bund", "Land") of the search a ``last_search`` key stands for."""
    parts = key.partition("~")[0].split("|")
    return parts[4] if len(parts) == 5 and parts[4] in LEVEL_WORDS else None


def question_profile(tracker: Tracker) -> Tuple[Profile, bool]:
    """The profile, with a Land, type or need the question names ("Programme in Sachsen?", "WLAN an unseren
    Schulen") used for this answer only; True when the question changed it."""
    stored = Profile.from_slots(tracker.current_slot_values())
    land = named_state(tracker)
    kind = entity_value(tracker, "municipality_type", normalize_municipality_type)
    text = text_of(tracker)
    needs = find_needs(text)
    # "Förderung … für Tourismus-Digitalisierung?" narrows this list; in a long letter a word like "Feuerwehr"
    # is context, as in knowledge.profile.read_facts
    area = None
    if len(text.split()) <= 25:
        area = entity_value(tracker, "task_area", normalize_task_area) or find_task_area(text)
    profile = replace(
        stored,
        federal_state=land or stored.federal_state,
        municipality_type=kind or stored.municipality_type,
        task_area=needs[0].task_areas[0] if needs else (area or stored.task_area),
    )
    return profile, profile != stored


class ActionSearchFunding(GuardedAction):
    """Lists fitting programmes at once – with a full, partial or empty profile.

    "Weitere Programme" repeats the search: the same question shows the next page.
    """

    def name(self) -> str:
        return "action_search_funding"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        text = text_of(tracker)
        from actions.details import ActionFundingDetails, names_a_programme  # details imports this module

        if names_a_programme(tracker) or (asks_for_highest(text) and programmes_in_view(tracker)):
            # "welches davon fördert am meisten?" compares the programmes just shown
            return await ActionFundingDetails().answer(dispatcher, tracker, domain)
        faq_entries = knowledge_base().faq
        if route_question(text, faq_entries) or (
            find_faq(text, faq_entries) and (_DEFINITION.search(text) or not _SEARCH.search(text))
        ):
            from actions.guides import answer_guide  # "Was bedeutet Kofinanzierung?", "Welche Förderwege gibt es?"

            return await answer_guide(dispatcher, tracker, "application_path")
        if not asks_for_funding(text) and (
            asks_for_examples(text) or (topic(tracker) == "examples" and (find_needs(text) or find_task_area(text)))
        ):
            from actions.examples import answer_examples  # "Gibt es Kommunen mit einem Frühwarnsystem?"

            return answer_examples(dispatcher, tracker)
        return await self.funding_only(dispatcher, tracker)

    async def funding_only(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
        """The funding list for this question (no routing to details or examples)."""
        text = text_of(tracker)
        profile, from_question = question_profile(tracker)
        level = funding_level(text)
        last_key, _, last_offset = (text_slot(tracker, "last_search") or "").rpartition("#")
        last_need = last_key.partition("~")[2] or None
        if level is None and wants_more(text) and topic(tracker) == "funding":
            level = _last_level(last_key)  # "Weitere Programme" after "Welche Landesprogramme …?"
        paging = (
            last_key == search_key(profile, level, last_need)
            and last_offset.isdigit()
            and topic(tracker) == "funding"
            and (wants_more(text) or text.startswith("/"))
        )
        offset = int(last_offset) + PAGE_SIZE if paging else 0
        # a described need without a known task area orders the list by free-text relevance
        need = last_need if paging else (text if not profile.task_area and describes_need(text) else None)
        lead = highest_rate_sentence(profile, level, need) if asks_for_highest(text) and not paging else ""
        return present_funding(dispatcher, profile, offset, level, lead, from_question=from_question, need=need)


def highest_rate_sentence(profile: Profile, level: Optional[str], need: Optional[str]) -> str:
    """The direct answer to "Gibt es Programme mit 100 Prozent Förderung?" before the list: the highest rate
    the knowledge base states for a fitting open programme – rates it does not know are never guessed."""
    hits = match_funding(profile, knowledge_base().programmes, level=level, need=need)
    rated = [h.programme for h in hits if h.status_note is None and h.programme.rate_percent_max is not None]
    if not rated:
        return "Zu den Förderquoten der passenden Programme habe ich keine belastbaren Zahlen – bitte im Programm prüfen.\n"
    top = max(p.rate_percent_max or 0 for p in rated)
    best = [p.name for p in rated if p.rate_percent_max == top][:2]
    if top >= 100:
        return f"Bis zu 100 % Förderung nennt: {'; '.join(best)} – die Bedingungen dafür stehen in der Richtlinie.\n"
    return (
        f"Eine Förderung von 100 % nennt keines der passenden offenen Programme in meiner Wissensbasis; am höchsten "
        f"ist {'; '.join(best)} mit bis zu {top:g} %.\n"
    )
