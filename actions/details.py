"""Programme details and follow-ups about what was shown ("und die Förderquote?", "das zweite",
"gilt das auch für Landkreise?", "welches davon fördert am meisten?")."""

from __future__ import annotations

import datetime as dt
from typing import List, Optional, Sequence

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.context import (
    entity_value,
    named_state,
    programmes_in_view,
    set_topic,
    shown_programmes,
    text_of,
    text_slot,
    topic,
)
from actions.funding import FOERDERDATENBANK, details_button
from actions.guard import GuardedAction
from actions.kb import knowledge_base
from actions.text import first_sentence, quote_user_text, stand_and_source
from knowledge.amounts import contract_value
from knowledge.faq import route_question
from knowledge.followups import asks_for_highest, aspect, funding_level, ordinal
from knowledge.funding import OPEN, find_programme, match_funding, mentioned_programmes, status_tier
from knowledge.parsing import (
    find_municipality_type,
    find_state,
    is_what_if,
    normalize_municipality_type,
    normalize_state,
)
from knowledge.profile import Profile
from knowledge.schema import Programme, Status
from knowledge.vocabulary import MUNICIPALITY_TYPE_PLURALS

ASPECT_LABELS = {
    "rate": ("Förderquote/Höhe", "rate_text"),
    "own_share": ("Eigenanteil", "own_share_text"),
    "deadline": ("Frist", "deadline_text"),
    "applicants": ("Antragsberechtigt", "applicants_text"),
    "contact": ("Kontakt", "contact"),
    "how_to_apply": ("Antrag", "how_to_apply"),
}


def status_sentence(programme: Programme, today: Optional[dt.date] = None) -> str:
    """The programme's status in one sentence – the first thing a details answer says."""
    if programme.status == Status.geschlossen.value:
        return "Dieses Programm ist beendet; Anträge sind nicht mehr möglich."
    tier, note = status_tier(programme, today or dt.date.today())
    if tier != OPEN:
        return f"Achtung: {note}."
    if programme.status == Status.laufend_mit_stichtagen.value:
        return "Anträge sind zu Stichtagen bzw. in Förderaufrufen möglich."
    return "Anträge sind laufend möglich."


def programme_details(programme: Programme) -> str:
    where = ", ".join(programme.states) if programme.states else "bundesweit"
    return "\n".join(
        [
            f"{programme.name}: {status_sentence(programme)}",
            first_sentence(programme.description, 220),
            f"Förderquote/Höhe: {first_sentence(programme.rate_text, 200)}",
            f"Eigenanteil: {first_sentence(programme.own_share_text, 160)}",
            f"Frist: {first_sentence(programme.deadline_text, 160)}",
            f"Antragsberechtigt: {first_sentence(programme.applicants_text, 160)} ({programme.level}, {where})",
            # The status sentence already says "Achtung: …" for a programme that is not plainly open.
            stand_and_source(programme, flag_stale=status_tier(programme, dt.date.today())[0] == OPEN),
        ]
    )


def open_alternatives(programme: Programme, profile: Profile, limit: int = 3) -> List[Programme]:
    """Open programmes for the same topics that fit the profile (ended ones never)."""
    hits = [h for h in match_funding(profile, knowledge_base().programmes) if h.tier == OPEN]
    same_topic = [h.programme for h in hits if set(h.programme.task_areas) & set(programme.task_areas)]
    return (same_topic or [h.programme for h in hits])[:limit]


def _by_id(ids: Sequence[str]) -> List[Programme]:
    programmes = {p.id: p for p in knowledge_base().programmes}
    return [programmes[i] for i in ids if i in programmes]


def _what_if_type(tracker: Tracker, text: str) -> Optional[str]:
    kind = entity_value(tracker, "municipality_type", normalize_municipality_type) or find_municipality_type(text)
    return kind if kind and is_what_if(text) else None


def _what_if_answer(programmes: List[Programme], kind: Optional[str], land: Optional[str]) -> str:
    lines = []
    for p in programmes:
        if kind:
            who = MUNICIPALITY_TYPE_PLURALS[kind]
            ok = kind in p.applicants
            lines.append(
                f"• {p.name}: {'Ja' if ok else 'Nein'}, {who} sind {'' if ok else 'nicht '}antragsberechtigt "
                f"(laut Programm: {first_sentence(p.applicants_text, 120)})."
            )
        if land:
            ok = not p.states or land in p.states
            scope = "bundesweit" if not p.states else ", ".join(p.states)
            lines.append(f"• {p.name}: {'Ja' if ok else 'Nein'} – das Programm gilt {scope}.")
    return "\n".join(lines)


class ActionFundingDetails(GuardedAction):
    def name(self) -> str:
        return "action_funding_details"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        text = text_of(tracker)
        kb = knowledge_base()
        if topic(tracker) == "procurement" and contract_value(text, allow_bare=True) is not None:
            from actions.procurement import ActionExplainProcurement  # "und bei 6 Mio?" is a contract value

            return await ActionExplainProcurement().answer(dispatcher, tracker, domain)
        kind = _what_if_type(tracker, text)
        if topic(tracker) == "procurement" and kind and not find_state(text):
            from actions.procurement import applies_to_answer  # "gilt das auch für Landkreise?" after Schwellenwerte

            return applies_to_answer(dispatcher, tracker, kind)
        land = named_state(tracker) or normalize_state(tracker.get_slot("federal_state"))
        named = mentioned_programmes(text, kb.programmes, land)
        asked = entity_value(tracker, "programme")
        # "wie lange leuft das noch": a stray tag in a follow-up about the programmes shown
        stray = asked and find_programme(str(asked), kb.programmes).match is None
        if stray and not named and aspect(text) and programmes_in_view(tracker):
            asked = None
        if not named and not asked and funding_level(text) and topic(tracker) in ("funding", "details"):
            from actions.funding import ActionSearchFunding  # "ist auch was von der EU dabei?"

            return await ActionSearchFunding().funding_only(dispatcher, tracker)
        if not named and asked and find_programme(str(asked), kb.programmes).match is None:
            route = route_question(text, kb.faq)
            if route is not None:
                from actions.guides import answer_route  # "Was fördert die GRW?": a route, not a programme

                return answer_route(dispatcher, tracker, route)
        if named:
            targets = named[:1]
        elif asked and (answer := self._by_entity(dispatcher, str(asked), kb.programmes, land)) is not None:
            if not answer:
                return []  # the reply asked which programme was meant, or said it is unknown
            targets = answer
        else:
            shown = _by_id(shown_programmes(tracker))
            focus = _by_id([text_slot(tracker, "focus_programme") or ""])
            index = ordinal(text)
            if index is not None and shown and -len(shown) <= index < len(shown):
                targets = [shown[index]]
            else:
                targets = focus or shown
        if not targets and topic(tracker) == "examples":
            from actions.examples import answer_examples  # "gibt es das auch in Bayern?" after examples

            return answer_examples(dispatcher, tracker)
        if not targets:
            from actions.fallback import answer_in_context  # the NLU's intent did not fit: context and words decide

            followed = await answer_in_context(dispatcher, tracker, domain)
            if followed is not None:
                return followed
        if not targets:
            dispatcher.utter_message(
                text="Zu welchem Förderprogramm möchten Sie Details? Nennen Sie mir den Namen oder die Abkürzung, "
                "z. B. „Kommunalrichtlinie“ oder „LEADER“ – oder lassen Sie sich passende Programme zeigen.",
                buttons=[{"title": "Passende Programme suchen", "payload": "/search_funding"}],
            )
            return []
        return self._answer_about(dispatcher, tracker, text, targets, single=bool(named or asked) or len(targets) == 1)

    @staticmethod
    def _by_entity(
        dispatcher: CollectingDispatcher, asked: str, programmes: Sequence[Programme], land: Optional[str]
    ) -> Optional[List[Programme]]:
        """The programme the NLU's entity names; [] when the reply already asked back; None for a stray entity."""
        lookup = find_programme(asked, programmes)
        candidates = [p for p in lookup.candidates if not p.states or land in p.states] if land else []
        if lookup.match is not None:
            return [lookup.match]
        if len(candidates) == 1:
            return candidates
        if lookup.ambiguous:
            dispatcher.utter_message(
                text=f"Zu {quote_user_text(asked)} kenne ich mehrere Programme. Welches meinen Sie?",
                buttons=[details_button(p) | {"title": p.name[:60]} for p in lookup.candidates],
            )
            return []
        if len(asked.strip()) < 4 or asked[:1].islower():
            return None  # a stray tag such as "und" or "einrichten": answer from the context instead
        dispatcher.utter_message(
            text=f"Ein Programm namens {quote_user_text(asked)} habe ich nicht in meiner Wissensbasis – ich "
            f"nenne nur Programme, die ich mit Quelle belegen kann. Die Förderdatenbank des Bundes "
            f"({FOERDERDATENBANK}) hilft bei der Suche.",
            buttons=[{"title": "Passende Programme suchen", "payload": "/search_funding"}],
        )
        return []

    def _answer_about(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, text: str, targets: List[Programme], single: bool
    ) -> List[EventType]:
        profile = Profile.from_slots(tracker.current_slot_values())
        kind = _what_if_type(tracker, text)
        land = find_state(text) if is_what_if(text) else None
        focus = targets[0].id if single else None
        context = set_topic(
            "details" if single else "funding",
            focus_programme=focus,
            shown_programmes=[p.id for p in targets] if not single else shown_programmes(tracker),
        )
        if kind or land:
            dispatcher.utter_message(
                text=_what_if_answer(targets, kind, land) + "\nIhr gespeichertes Profil habe ich dafür nicht geändert."
            )
            return context
        wanted = aspect(text)
        if not single and len(targets) > 1 and asks_for_highest(text):
            ranked = sorted(targets, key=lambda p: (-(p.max_amount_eur or 0), -(p.rate_percent_max or 0)))
            best = ranked[0]
            dispatcher.utter_message(
                text=f"Von den gezeigten Programmen nennt {best.name} die höchste Förderung: "
                f"{first_sentence(best.rate_text, 200)}\n"
                + "\n".join(f"• {p.name}: {first_sentence(p.rate_text, 140)}" for p in ranked[1:])
                + f"\n{stand_and_source(best)}",
                buttons=[details_button(best)],
            )
            return context
        if wanted == "source":  # "Quelle?": where each fact shown comes from, with its Stand
            lines = [f"Quelle – {p.name}:\n   {stand_and_source(p)}" for p in targets]
            dispatcher.utter_message(text="\n".join(lines), buttons=[details_button(p) for p in targets[:3]])
            return context
        if wanted in ASPECT_LABELS:
            label, field = ASPECT_LABELS[wanted]
            lines = [
                f"{label} – {p.name}: {first_sentence(getattr(p, field), 260)}\n   {stand_and_source(p)}"
                for p in targets
            ]
            dispatcher.utter_message(text="\n".join(lines), buttons=[details_button(p) for p in targets[:3]])
            return context
        if wanted == "status" or len(targets) == 1:
            return self._details(dispatcher, targets[0], profile) + context
        dispatcher.utter_message(
            text="Zu welchem der gezeigten Programme möchten Sie mehr wissen?",
            buttons=[details_button(p) for p in targets[:3]],
        )
        return context

    @staticmethod
    def _details(dispatcher: CollectingDispatcher, programme: Programme, profile: Profile) -> List[EventType]:
        text = programme_details(programme)
        buttons = [
            {"title": "Weg zum Förderantrag", "payload": "/ask_application"},
            {"title": "Weitere Programme", "payload": "/search_funding"},
        ]
        if programme.status == Status.geschlossen.value:
            alternatives = open_alternatives(programme, profile)
            if alternatives:
                text += "\nOffene Alternativen: " + "; ".join(p.name for p in alternatives) + "."
                buttons = [details_button(p) for p in alternatives] + buttons[1:]
        dispatcher.utter_message(text=text, buttons=buttons)
        return []


def names_a_programme(tracker: Tracker) -> bool:
    """True when the message names a programme of the knowledge base ("Gibt es Heimat 2.0 noch?") that the
    details answer can use: with the same Land as there, so another Land's programme never loops between the
    details answer and the follow-up routing."""
    text = text_of(tracker)
    if not text or text.startswith("/"):
        return False
    land = named_state(tracker) or normalize_state(tracker.get_slot("federal_state"))
    return bool(mentioned_programmes(text, knowledge_base().programmes, land))
