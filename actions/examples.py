"""Practice examples of municipal digital services, found by need, task area or what the conversation is about.

A request names its topic (a need such as "Mängelmelder", a task area), or refers to the last answer:
"gibts das auch in Hessen?" after examples keeps their need or area, "Und Beispiele dazu?" after a
funding search takes that search's task area and Land. A Land named in the request is no profile
fact but a wish: its examples come first, or the answer says in one sentence that there is none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Optional, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.context import entities_of, named_state, set_topic, text_of, text_slot, topic
from actions.guard import GuardedAction
from actions.kb import knowledge_base
from actions.text import first_sentence, payload, stand_and_source
from knowledge.examples import examples
from knowledge.followups import asks_for_examples, asks_for_funding
from knowledge.needs import NEEDS, Need, find_needs, fit_strength
from knowledge.parsing import find_state, find_task_area, format_number, normalize_state, normalize_task_area
from knowledge.profile import Profile
from knowledge.schema import Example
from knowledge.search import describes_need, relevance_order
from knowledge.vocabulary import MUNICIPALITY_TYPES, TASK_AREAS

SHOWN = 3
# ``example_need`` holds the key of the need last shown, or this mark and the task area of a list by area.
AREA_MARK = "feld:"
_SIMILAR_SIZE = re.compile(
    r"(?:ähnlich|vergleichbar|gleich|genauso|ebenso|so)\w*\s+(?:groß|gross|klein)"
    r"|(?:ähnlich|vergleichbar|gleich)\w*\s+größe|unserer größe|\bklein\w*\s+(?:gemeinden|kommunen|dörfer|orte|städte)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Request:
    need: Optional[Need] = None
    area: Optional[str] = None
    land: Optional[str] = None  # a Land the user named: its examples first, or an honest "none from there"
    query: Optional[str] = None  # a description in the user's own words: free-text relevance decides
    by_size: bool = False


def example_text(example: Example) -> str:
    facts = [example.state]
    if example.municipality_type:
        facts.append(MUNICIPALITY_TYPES[example.municipality_type])
    if example.population:
        facts.append(f"rund {format_number(example.population)} Einwohner")
    text = (
        f"{example.municipality} ({', '.join(facts)}): {example.title}\n   {first_sentence(example.description, 200)}"
    )
    if example.partners_funding != "unbekannt":
        text += f"\n   Partner/Förderung: {first_sentence(example.partners_funding, 140)}"
    return text + f"\n   {stand_and_source(example)}"


def asked_area(tracker: Tracker, text: str) -> Optional[str]:
    """The task area the message names. A need word the NLU tagged as a task area ("Laternen" → Energie)
    does not count: the need read from the whole sentence decides ("kaputte Laternen melden")."""
    for entity in entities_of(tracker):
        if entity.get("entity") != "task_area":
            continue
        start, end = entity.get("start"), entity.get("end")
        surface = text[start:end] if isinstance(start, int) and isinstance(end, int) else ""
        value = normalize_task_area(entity.get("value"))
        if value and not find_needs(surface):
            return value
    return find_task_area(text)


def last_search_facts(tracker: Tracker) -> Tuple[Optional[str], Optional[str], Optional[str]]:
    """Land, task area and described need of the last funding search. ``last_search`` is written by
    ``actions.funding.search_key`` as "land|type|population|area|level~need#offset"."""
    key = (text_slot(tracker, "last_search") or "").rpartition("#")[0]
    facts, _, need_text = key.partition("~")
    parts = facts.split("|")
    if len(parts) != 5:
        return None, None, None
    area = parts[3] if parts[3] in TASK_AREAS else None
    return normalize_state(parts[0]), area, need_text or None


def previous_question(tracker: Tracker) -> str:
    """The user's message before the latest one ("" when there is none)."""
    texts = [e.get("text") for e in tracker.events or [] if e.get("event") == "user"]
    return next((t for t in reversed(texts[:-1]) if isinstance(t, str) and t and not t.startswith("/")), "")


def _previous(tracker: Tracker) -> Tuple[Optional[Need], Optional[str]]:
    """The need or task area of the examples shown last."""
    value = text_slot(tracker, "example_need") or ""
    if value.startswith(AREA_MARK):
        area = value[len(AREA_MARK) :]
        return None, area if area in TASK_AREAS else None
    return next((n for n in NEEDS if n.key == value), None), None


def read_request(tracker: Tracker, profile: Profile) -> Request:
    """What the examples are to be about: named in the message, else taken from the last answer."""
    text = text_of(tracker)
    needs = find_needs(text)
    area = asked_area(tracker, text)
    land = named_state(tracker)
    by_size = bool(_SIMILAR_SIZE.search(text))
    if needs:
        return Request(needs[0], area or needs[0].task_areas[0], land, by_size=by_size)
    if area:
        return Request(None, area, land, by_size=by_size)
    if describes_need(text):
        return Request(None, None, land, query=text, by_size=by_size)
    if topic(tracker) == "examples":
        # "gibts das auch in Hessen?", "und aus Hessen?": the same need or area, another Land
        need, previous_area = _previous(tracker)
        if need or previous_area:
            return Request(need, previous_area or (need.task_areas[0] if need else None), land, by_size=by_size)
    if topic(tracker) in ("funding", "details"):
        # "Und Beispiele dazu?" after "Welche Förderung gibt es im Saarland für Tourismus?"
        search_land, search_area, search_need = last_search_facts(tracker)
        if search_area or search_need:
            return Request(None, search_area, land or search_land, query=search_need, by_size=by_size)
        # the search found no task area in the question; its words may still name one ("Tourismus-Digitalisierung")
        question = previous_question(tracker)
        earlier_needs = find_needs(question)
        earlier_area = earlier_needs[0].task_areas[0] if earlier_needs else find_task_area(question)
        if earlier_area:
            earlier_land = land or search_land or find_state(question)
            return Request(earlier_needs[0] if earlier_needs else None, earlier_area, earlier_land, by_size=by_size)
    return Request(None, profile.task_area, land, by_size=by_size)


def order_examples(request: Request, profile: Profile, entries: List[Example]) -> Tuple[List[Example], List[Example]]:
    """(examples that fit the need, all examples in order): fitting ones first, then the task area's;
    within both, the named Land first."""
    kind = profile.municipality_type
    if request.by_size and not profile.population and not kind:
        kind = "gemeinde"  # "ähnlich kleine Gemeinden" without a profile: compare with a typical Gemeinde
    land = request.land or profile.federal_state

    def ranked(area: Optional[str], pool: List[Example]) -> List[Example]:
        return examples(area, profile.population, land, pool, municipality_type=kind, by_size=request.by_size)

    pool = ranked(request.area, entries)
    fitting: List[Example] = []
    if request.need:
        need, areas = request.need, set(request.need.task_areas) | {request.area}
        candidates = ranked(None, [e for e in entries if areas & set(e.task_areas)])
        fitting = [e for e in candidates if fit_strength(f"{e.title} {e.description}", need)]
        if not request.by_size:  # the closest fit first, unless the user asked for similar size
            fitting.sort(key=lambda e: -fit_strength(f"{e.title} {e.description}", need))
        pool = fitting + [e for e in pool if e not in fitting]
    elif request.query:
        order = relevance_order(request.query, entries, pool)
        pool = sorted(pool, key=lambda e: order.get(e.id, len(order)))
    if request.land:
        fitting = sorted(fitting, key=lambda e: e.state != request.land)
        pool = fitting + sorted((e for e in pool if e not in fitting), key=lambda e: e.state != request.land)
    return fitting, pool


def _from(land: str) -> str:
    return f"aus dem {land}" if land == "Saarland" else f"aus {land}"


def _subject(request: Request) -> str:
    """ "zum Thema „Digitale Schule“", "im Aufgabenfeld Bildung" – grammatical for every label."""
    if request.need:
        return f"zum Thema „{request.need.label}“"
    return f"im Aufgabenfeld {TASK_AREAS[request.area]}" if request.area else ""


def intro(request: Request, profile: Profile, fitting: List[Example], shown: List[Example]) -> str:
    subject = _subject(request)
    if request.need and not fitting:
        # a need always has a task area (its own main one when the message names none)
        head = f"Zum Thema „{request.need.label}“ habe ich kein passendes Praxisbeispiel."
        head += f" Am nächsten liegt das Aufgabenfeld {TASK_AREAS[request.area or request.need.task_areas[0]]}"
    elif request.need:
        head = f"Praxisbeispiele zum Thema „{request.need.label}“"
    elif request.query and not request.area:
        head = "Diese Praxisbeispiele kommen Ihrer Beschreibung am nächsten"
    elif request.area:
        head = f"Praxisbeispiele für {TASK_AREAS[request.area]}"
    else:
        head = "Einige Praxisbeispiele aus Kommunen"
    if request.land:
        if not any(e.state == request.land for e in (fitting if request.need and fitting else shown)):
            where = "A" + _from(request.land)[1:] + (f" habe ich {subject}" if subject else " habe ich")
            return f"{where} kein Praxisbeispiel; am nächsten kommen diese aus anderen Ländern{_size_note(request, profile)}:"
        head += f" ({_from(request.land)} zuerst)"
    return head + _size_note(request, profile) + ":"


def _size_note(request: Request, profile: Profile) -> str:
    if not request.by_size:
        return ""
    if profile.population:
        return f", sortiert nach ähnlicher Größe wie Ihre Kommune (rund {format_number(profile.population)} Einwohner)"
    kind = MUNICIPALITY_TYPES.get(profile.municipality_type or "gemeinde", "Gemeinde")
    return f", sortiert nach ähnlicher Größe (wie eine typische {kind}; mit Ihrer Einwohnerzahl wird es genauer)"


def answer_examples(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """Up to three examples for the need, task area or profile; says so honestly when none fits."""
    profile = Profile.from_slots(tracker.current_slot_values())
    request = read_request(tracker, profile)
    fitting, pool = order_examples(request, profile, list(knowledge_base().examples))
    remembered = request.need.key if request.need else (f"{AREA_MARK}{request.area}" if request.area else None)
    if not pool:
        dispatcher.utter_message(
            text=f"Für das Aufgabenfeld {TASK_AREAS.get(request.area or '', request.area)} habe ich noch kein "
            "Praxisbeispiel. Möchten Sie Beispiele aus einem anderen Feld sehen?",
            buttons=_area_buttons(),
        )
        return set_topic("examples", example_need=remembered)
    shown = pool[:SHOWN]
    lines = [f"{i}. {example_text(e)}" for i, e in enumerate(shown, start=1)]
    text = intro(request, profile, fitting, shown) + "\n" + "\n".join(lines)
    dispatcher.utter_message(text=text, buttons=_area_buttons(exclude=request.area))
    return set_topic("examples", example_need=remembered)


def _area_buttons(exclude: object = None) -> List[dict]:
    picks = [a for a in ("verwaltung", "mobilitaet", "bildung", "energie", "gesundheit") if a != exclude][:4]
    return [{"title": f"Beispiele {TASK_AREAS[a]}", "payload": payload("show_example", task_area=a)} for a in picks]


class ActionShowExamples(GuardedAction):
    def name(self) -> str:
        return "action_show_examples"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        text = text_of(tracker)
        if answers_the_open_question(tracker, text):
            from actions.profile import ActionUpdateProfile  # "Digitale Verwaltung" answers "Welches Aufgabenfeld?"

            return await ActionUpdateProfile().answer(dispatcher, tracker, domain)
        return await answer_examples_and_funding(dispatcher, tracker)


def answers_the_open_question(tracker: Tracker, text: str) -> bool:
    """A short task-area answer to the bot's open question (asked by a funding search, perhaps repeated
    after another answer) is no request for examples."""
    return (
        text_slot(tracker, "asked_slot") == "task_area"
        and len(text.split()) <= 4
        and not asks_for_examples(text)
        and bool(find_task_area(text))
    )


async def answer_examples_and_funding(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """Examples – and the funding list too when the message also asks for money ("Geld oder Vorbilder?")."""
    events = answer_examples(dispatcher, tracker)
    if asks_for_funding(text_of(tracker)):
        from actions.funding import ActionSearchFunding  # funding may answer with examples, too

        events += await ActionSearchFunding().funding_only(dispatcher, tracker)
    return events
