"""Funding search and programme details, answered from the knowledge base."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.kb import knowledge_base
from actions.text import first_sentence, quote_user_text, stand_and_source
from knowledge.funding import FundingHit, find_programme, match_funding
from knowledge.profile import Profile
from knowledge.schema import Programme

PAGE_SIZE = 5
FOERDERDATENBANK = "https://www.foerderdatenbank.de"
STATUS_LABELS = {
    "offen": "Anträge laufend möglich",
    "laufend_mit_stichtagen": "Anträge zu Stichtagen bzw. in Förderaufrufen",
    "geschlossen": "beendet – derzeit keine Anträge möglich",
    "unbekannt": "unbekannt – bitte beim Fördergeber prüfen",
}


def _details_button(programme: Programme) -> Dict[str, str]:
    label = programme.short_names[0] if programme.short_names else programme.name
    return {"title": f"Details zu {label}"[:60], "payload": f'/ask_funding_details{{"programme": "{programme.name}"}}'}


def _hit_text(number: int, hit: FundingHit) -> str:
    p = hit.programme
    return (
        f"{number}. {p.name}\n"
        f"   {hit.reason_text}\n"
        f"   Förderung: {first_sentence(p.rate_text)} · Frist: {first_sentence(p.deadline_text)}\n"
        f"   {stand_and_source(p.stand, p.source_url)}"
    )


def present_funding(dispatcher: CollectingDispatcher, profile: Profile, offset: int = 0) -> int:
    """Send up to five fitting programmes from ``offset`` on (from the start once all were shown).

    Returns the offset actually shown.
    """
    kb = knowledge_base()
    hits = match_funding(profile, kb.programmes)
    if offset >= len(hits):
        offset = 0
    if not hits:
        contact = next((c for c in kb.contacts if c.state == profile.federal_state), None)
        text = (
            f"Für Ihr Profil ({profile.describe()}) habe ich in meiner Wissensbasis leider kein offenes "
            f"Förderprogramm gefunden. Die Förderdatenbank des Bundes ({FOERDERDATENBANK}) listet weitere Programme."
        )
        if contact:
            text += f" Persönlich beraten Sie: {contact.name} ({contact.url})."
        dispatcher.utter_message(text=text)
        return 0
    page = hits[offset : offset + PAGE_SIZE]
    lines = [_hit_text(offset + i + 1, hit) for i, hit in enumerate(page)]
    header = f"Für Ihre Kommune ({profile.describe()}) passen {len(hits)} Programme"
    header += ":" if offset == 0 else f" – hier Nr. {offset + 1} bis {offset + len(page)}:"
    buttons = [_details_button(hit.programme) for hit in page[:3]]
    if offset + PAGE_SIZE < len(hits):
        buttons.append({"title": "Weitere Programme", "payload": "/search_funding"})
    buttons.append({"title": "Beispiele ansehen", "payload": "/show_example"})
    dispatcher.utter_message(text=header + "\n" + "\n".join(lines), buttons=buttons)
    return offset


def _search_key(profile: Profile) -> str:
    return "|".join(str(v) for v in (profile.federal_state, profile.municipality_type, profile.population, profile.task_area))


class ActionSearchFunding(Action):
    """Lists fitting programmes; asks for the profile first when it is incomplete.

    "Weitere Programme" repeats the search: the same profile shows the next five.
    """

    def name(self) -> Text:
        return "action_search_funding"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if not tracker.get_slot("profile_complete"):
            dispatcher.utter_message(
                text="Gern suche ich passende Förderprogramme. Dafür brauche ich zuerst ein paar Angaben zu Ihrer Kommune."
            )
            return [SlotSet("pending_search", True)]
        profile = Profile.from_slots(tracker.current_slot_values())
        key = _search_key(profile)
        last = tracker.get_slot("last_funding_search") or ""
        last_key, _, last_offset = last.rpartition("#")
        offset = int(last_offset) + PAGE_SIZE if last_key == key and last_offset.isdigit() else 0
        shown_from = present_funding(dispatcher, profile, offset)
        return [SlotSet("last_funding_search", f"{key}#{shown_from}")]


def programme_details(programme: Programme) -> str:
    where = ", ".join(programme.states) if programme.states else "bundesweit"
    lines = [
        f"{programme.name}",
        programme.description,
        f"Fördergeber: {programme.funder} ({programme.level}, {where})",
        f"Antragsberechtigt: {programme.applicants_text}",
        f"Förderart: {programme.funding_type}",
        f"Förderquote/Höhe: {programme.rate_text}",
        f"Eigenanteil: {programme.own_share_text}",
        f"Frist: {programme.deadline_text}",
        f"Status: {STATUS_LABELS.get(str(programme.status), str(programme.status))}",
        f"Antrag: {programme.how_to_apply}",
        f"Kontakt: {programme.contact}",
        stand_and_source(programme.stand, programme.source_url),
    ]
    return "\n".join(lines)


class ActionFundingDetails(Action):
    def name(self) -> Text:
        return "action_funding_details"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        asked: Optional[Any] = next(tracker.get_latest_entity_values("programme"), None) or tracker.get_slot("programme")
        if not asked:
            dispatcher.utter_message(
                text="Zu welchem Förderprogramm möchten Sie Details? Nennen Sie mir den Namen oder die Abkürzung, "
                "z. B. „Kommunalrichtlinie“ oder „LEADER“.",
                buttons=[{"title": "Passende Programme suchen", "payload": "/search_funding"}],
            )
            return []
        lookup = find_programme(str(asked), knowledge_base().programmes)
        if lookup.match:
            dispatcher.utter_message(
                text=programme_details(lookup.match),
                buttons=[
                    {"title": "Weg zum Förderantrag", "payload": "/ask_application"},
                    {"title": "Weitere Programme", "payload": "/search_funding"},
                    {"title": "Beispiele ansehen", "payload": "/show_example"},
                ],
            )
            return [SlotSet("programme", lookup.match.name)]
        if lookup.ambiguous:
            dispatcher.utter_message(
                text=f"Zu {quote_user_text(asked)} kenne ich mehrere Programme. Meinten Sie eines davon?",
                buttons=[_details_button(p) | {"title": p.name[:60]} for p in lookup.candidates],
            )
            return []
        dispatcher.utter_message(
            text=f"Ein Programm namens {quote_user_text(asked)} habe ich nicht in meiner Wissensbasis – ich nenne nur "
            f"Programme, deren Angaben ich mit Quelle belegen kann. Die Förderdatenbank des Bundes ({FOERDERDATENBANK}) "
            "hilft bei der Suche; gern zeige ich Ihnen auch Programme, die zu Ihrer Kommune passen.",
            buttons=[{"title": "Passende Programme suchen", "payload": "/search_funding"}],
        )
        return [SlotSet("programme", None)]
