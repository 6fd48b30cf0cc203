"""Funding search and programme details with rasa-sdk's Tracker and CollectingDispatcher (procurement, examples,
guides, handoff and fallback: test_actions_topics.py)."""

import datetime as dt
import re

import pytest

import actions.details
import actions.funding
from actions.details import ActionFundingDetails, programme_details
from actions.fallback import ActionContextFallback
from actions.funding import PAGE_SIZE, ActionSearchFunding
from actions.kb import knowledge_base
from actions.text import first_sentence
from knowledge.funding import OPEN, match_funding
from knowledge.loader import KnowledgeBase
from knowledge.profile import Profile
from tests.unit.kb_builders import programme
from tests.unit.support import COMPLETE_PROFILE, entity, make_tracker, payloads, slot_events, text_of

STAND_AND_SOURCE = re.compile(r"Stand: \d{2}/\d{4}( \([^()]+ – [^()]+\))? · Quelle: https?://\S+")
KB = knowledge_base()
BY_NAME = {p.name: p for p in KB.programmes}
BY_ID = {p.id: p for p in KB.programmes}


def listed(dispatcher):
    """The programmes of a list answer, in order."""
    return [BY_NAME[name] for name in re.findall(r"^\d+\. (.+)$", text_of(dispatcher), flags=re.M)]


async def run(action, dispatcher, slots=None, **message):
    return slot_events(await action().run(dispatcher, make_tracker(slots, **message), {}))


def use_programmes(monkeypatch, *entries):
    kb = KnowledgeBase(programmes=list(entries), contacts=KB.contacts)
    for module in (actions.funding, actions.details):
        monkeypatch.setattr(module, "knowledge_base", lambda: kb)


def bund(id, **fields):
    return programme(id, name=fields.pop("name", f"Programm {id}"), level="Bund", states=[], **fields)


# --- funding search ---------------------------------------------------------------------------


async def test_search_without_profile_answers_at_once_with_bund_and_eu(dispatcher):
    events = await run(ActionSearchFunding, dispatcher, text="Welche Förderprogramme gibt es?", intent="search_funding")
    shown = listed(dispatcher)
    assert 1 <= len(shown) <= PAGE_SIZE
    assert all(p.level in ("Bund", "EU") and not p.states for p in shown)
    assert any("Bundesland" in line for line in text_of(dispatcher).splitlines())
    assert "Name" not in text_of(dispatcher) and "heißt" not in text_of(dispatcher)
    assert events["asked_slot"] == "federal_state" and events["shown_programmes"] == [p.id for p in shown]
    assert not set(events) & {"federal_state", "municipality_type", "population", "municipality"}


@pytest.mark.parametrize(
    "message",
    [
        {"text": "Welche Programme gibt es in Sachsen?", "entities": [entity("federal_state", "Sachsen")]},
        {"text": "Welche Programme gibt es in Sachsen?"},
    ],
)
async def test_land_in_the_question_filters_without_being_stored(message, dispatcher):
    events = await run(ActionSearchFunding, dispatcher, intent="search_funding", **message)
    shown = listed(dispatcher)
    assert shown and all(not p.states or "Sachsen" in p.states for p in shown)
    assert any("Sachsen" in p.states for p in shown), "Land programmes rank before nationwide ones"
    assert "federal_state" not in events


async def test_each_hit_has_reason_stand_and_source(dispatcher):
    await run(ActionSearchFunding, dispatcher, COMPLETE_PROFILE, text="Programme?", intent="search_funding")
    text = text_of(dispatcher)
    numbered = re.findall(r"^\d+\. ", text, flags=re.M)
    assert 1 <= len(numbered) <= PAGE_SIZE
    assert len(STAND_AND_SOURCE.findall(text)) == text.count("passt, weil:") == len(numbered)
    assert len([p for p in payloads(dispatcher) if p.startswith("/ask_funding_details")]) == len(numbered)


async def test_only_open_or_unclear_programmes_from_the_knowledge_base(dispatcher):
    await run(ActionSearchFunding, dispatcher, COMPLETE_PROFILE, text="Programme?", intent="search_funding")
    assert all(p.status != "geschlossen" for p in listed(dispatcher))


@pytest.mark.parametrize("more", ["weitere Programme", "/search_funding", "noch mehr bitte"])
async def test_more_programmes_pages_on(more, dispatcher):
    profile = Profile.from_slots(COMPLETE_PROFILE)
    assert len(match_funding(profile, KB.programmes)) > PAGE_SIZE, "the test profile needs more than one page"
    first = await run(ActionSearchFunding, dispatcher, COMPLETE_PROFILE, text="Programme?", intent="search_funding")
    assert first["last_search"].endswith("#0") and "/search_funding" in payloads(dispatcher)
    page_one = listed(dispatcher)
    dispatcher.messages.clear()
    slots = dict(COMPLETE_PROFILE, last_search=first["last_search"], context_topic="funding")
    second = await run(ActionSearchFunding, dispatcher, slots, text=more, intent="search_funding")
    assert second["last_search"].endswith(f"#{PAGE_SIZE}")
    assert f"Nr. {PAGE_SIZE + 1}" in text_of(dispatcher)
    assert not {p.id for p in listed(dispatcher)} & {p.id for p in page_one}


async def test_the_same_question_again_starts_at_the_top(dispatcher):
    first = await run(ActionSearchFunding, dispatcher, COMPLETE_PROFILE, text="Programme?", intent="search_funding")
    slots = dict(COMPLETE_PROFILE, last_search=first["last_search"], context_topic="funding")
    again = await run(ActionSearchFunding, dispatcher, slots, text="Programme?", intent="search_funding")
    assert again["last_search"].endswith("#0")


async def test_paging_continues_after_wrapping_around(dispatcher, monkeypatch):
    use_programmes(monkeypatch, *(bund(f"B{i}") for i in range(PAGE_SIZE + 1)))
    last, pages = None, []
    for _ in range(4):
        dispatcher.messages.clear()
        events = await run(
            ActionSearchFunding,
            dispatcher,
            {"last_search": last, "context_topic": "funding"},
            text="weitere Programme",
            intent="search_funding",
        )
        last, pages = events["last_search"], pages + [events["shown_programmes"]]
    assert pages[2] == pages[0] and pages[3] == pages[1]


async def test_open_programmes_rank_before_unclear_ones_which_are_flagged(dispatcher, monkeypatch):
    use_programmes(
        monkeypatch,
        bund("U", name="A unbekannt", status="unbekannt"),
        bund("P", name="B Frist vorbei", deadlines=[dt.date(2020, 3, 31)]),
        bund("O", name="Z offen"),
    )
    events = await run(ActionSearchFunding, dispatcher, text="Programme?", intent="search_funding")
    assert events["shown_programmes"][0] == "O" and text_of(dispatcher).index("Z offen") < text_of(dispatcher).index(
        "A unb"
    )
    blocks = re.split(r"^\d+\. ", text_of(dispatcher), flags=re.M)[1:]
    assert "Achtung:" not in blocks[0]
    assert all("Achtung:" in block for block in blocks[1:]) and len(blocks) == 3
    assert "Status unbekannt" in text_of(dispatcher) and "31.03.2020" in text_of(dispatcher)
    # the "Achtung" line already says what to check; the Stand line does not repeat it
    assert text_of(dispatcher).count("31.03.2020") == 1
    assert all(STAND_AND_SOURCE.search(block) and "prüfen)" not in block for block in blocks[1:])


async def test_no_fit_is_said_honestly_with_advice(dispatcher, monkeypatch):
    use_programmes(monkeypatch)
    await run(ActionSearchFunding, dispatcher, COMPLETE_PROFILE, text="Programme?", intent="search_funding")
    text = text_of(dispatcher)
    assert "kein offenes Förderprogramm" in text and "foerderdatenbank.de" in text
    bayern = [c for c in KB.contacts if c.state == "Bayern"]
    assert not bayern or bayern[0].url in text


# --- programme details ------------------------------------------------------------------------


@pytest.mark.parametrize("asked", ["KRL", "BUND-11", "Kommunalrichtlinie"])
async def test_details_by_id_or_abbreviation(asked, dispatcher):
    events = await run(
        ActionFundingDetails,
        dispatcher,
        text=f"Was ist {asked}?",
        intent="ask_funding_details",
        entities=[entity("programme", asked)],
    )
    krl, text = BY_ID["BUND-11"], text_of(dispatcher)
    assert text.startswith(f"{krl.name}: ")
    for label in ("Förderquote/Höhe:", "Eigenanteil:", "Frist:", "Antragsberechtigt:"):
        assert label in text
    assert STAND_AND_SOURCE.search(text)
    assert events["focus_programme"] == "BUND-11" and events["context_topic"] == "details"


@pytest.mark.parametrize("closed", [p for p in KB.programmes if p.status == "geschlossen"][:4], ids=lambda p: p.id)
async def test_closed_programme_says_so_first_and_offers_open_alternatives(closed, dispatcher):
    slots = {"federal_state": closed.states[0] if closed.states else None}
    await run(
        ActionFundingDetails, dispatcher, slots, intent="ask_funding_details", entities=[entity("programme", closed.id)]
    )
    text = text_of(dispatcher)
    assert text.startswith(f"{closed.name}: Dieses Programm ist beendet")
    assert "laufend möglich" not in text
    match = re.search(r"^Offene Alternativen: (.+)\.$", text, flags=re.M)
    alternatives = [BY_NAME[name] for name in match.group(1).split("; ")] if match else []
    assert all(p.status != "geschlossen" and p.id != closed.id for p in alternatives)
    assert {f'/ask_funding_details{{"programme": "{p.id}"}}' for p in alternatives} <= set(payloads(dispatcher))


async def test_alternatives_are_open_and_on_the_same_topic(dispatcher, monkeypatch):
    use_programmes(
        monkeypatch,
        bund("C", status="geschlossen"),
        bund("C2", status="geschlossen"),
        bund("U", status="unbekannt"),
        bund("X", task_areas=["energie"]),
        bund("O"),
    )
    await run(ActionFundingDetails, dispatcher, intent="ask_funding_details", entities=[entity("programme", "C")])
    text = text_of(dispatcher)
    assert text.startswith("Programm C: Dieses Programm ist beendet")
    assert "Offene Alternativen: Programm O." in text
    assert payloads(dispatcher)[0] == '/ask_funding_details{"programme": "O"}'


async def test_ambiguous_name_asks_which(dispatcher):
    await run(ActionFundingDetails, dispatcher, intent="ask_funding_details", entities=[entity("programme", "Gigabit")])
    assert "mehrere Programme" in text_of(dispatcher)
    assert len([p for p in payloads(dispatcher) if p.startswith("/ask_funding_details")]) >= 2


async def test_unknown_programme_is_not_invented(dispatcher):
    events = await run(
        ActionFundingDetails,
        dispatcher,
        intent="ask_funding_details",
        entities=[entity("programme", "Mondlandeprogramm")],
    )
    assert "nicht in meiner Wissensbasis" in text_of(dispatcher) and "focus_programme" not in events


async def test_details_without_name_or_context_asks_which(dispatcher):
    await run(ActionFundingDetails, dispatcher, intent="ask_funding_details", text="Details bitte")
    assert "Zu welchem Förderprogramm" in text_of(dispatcher)


# --- follow-ups about what was shown ----------------------------------------------------------

SHOWN = [hit.programme for hit in match_funding(Profile(), KB.programmes) if hit.tier == OPEN][:3]
SHOWN_SLOTS = {"context_topic": "funding", "shown_programmes": [p.id for p in SHOWN]}


async def test_ordinal_picks_from_the_shown_list(dispatcher):
    events = await run(ActionFundingDetails, dispatcher, SHOWN_SLOTS, text="das zweite", intent="ask_funding_details")
    assert text_of(dispatcher).startswith(f"{SHOWN[1].name}: ")
    assert events["focus_programme"] == SHOWN[1].id


async def test_aspect_of_the_focused_programme(dispatcher):
    focus = SHOWN[2]
    slots = dict(SHOWN_SLOTS, context_topic="details", focus_programme=focus.id)
    await run(ActionFundingDetails, dispatcher, slots, text="und die Förderquote?", intent="ask_funding_details")
    text = text_of(dispatcher)
    assert text.startswith(f"Förderquote/Höhe – {focus.name}: {first_sentence(focus.rate_text, 260)}")
    assert all(p.name not in text for p in SHOWN[:2])


async def test_aspect_of_every_shown_programme(dispatcher):
    await run(ActionFundingDetails, dispatcher, SHOWN_SLOTS, text="und der Eigenanteil?", intent="ask_funding_details")
    text = text_of(dispatcher)
    assert all(f"Eigenanteil – {p.name}: {first_sentence(p.own_share_text, 260)}" in text for p in SHOWN)


@pytest.mark.parametrize(
    "text, kind_or_land",
    [
        ("gilt das auch für Landkreise?", "landkreis"),
        ("und für Zweckverbände?", "zweckverband"),
        ("Gilt das auch in Hessen?", "Hessen"),
    ],
)
async def test_what_if_answers_per_programme_without_changing_the_profile(text, kind_or_land, dispatcher):
    slots = dict(SHOWN_SLOTS, municipality_type="gemeinde")
    events = await run(ActionFundingDetails, dispatcher, slots, text=text, intent="ask_funding_details")
    answer = text_of(dispatcher)
    for p in SHOWN:
        fits = kind_or_land in p.applicants if kind_or_land.islower() else (not p.states or kind_or_land in p.states)
        assert f"• {p.name}: {'Ja' if fits else 'Nein'}" in answer
    assert "nicht geändert" in answer and "municipality_type" not in events and "federal_state" not in events


async def test_which_of_them_funds_most(dispatcher):
    candidates = [p for p in KB.programmes if p.max_amount_eur and p.status != "geschlossen"]
    amounts = sorted({p.max_amount_eur for p in candidates})
    chosen = [next(p for p in candidates if p.max_amount_eur == a) for a in amounts[:3]]
    assert len(chosen) == 3, "the knowledge base needs programmes with three different maximum amounts"
    slots = {"context_topic": "funding", "shown_programmes": [p.id for p in chosen]}
    await run(
        ActionFundingDetails, dispatcher, slots, text="welches davon fördert am meisten?", intent="ask_funding_details"
    )
    best = chosen[-1]
    assert text_of(dispatcher).startswith(f"Von den gezeigten Programmen nennt {best.name} die höchste Förderung")
    assert payloads(dispatcher) == [f'/ask_funding_details{{"programme": "{best.id}"}}']


@pytest.mark.parametrize("intent", ["search_funding", "ask_funding_details"])
async def test_which_of_them_funds_most_is_answered_whatever_the_intent(intent, dispatcher):
    """Seen over REST: the NLU took "welches davon fördert am meisten?" for a new search and the same
    list came back. Whatever the intent, the shown programmes are compared."""
    candidates = [p for p in KB.programmes if p.max_amount_eur and p.status != "geschlossen"]
    chosen = sorted(candidates, key=lambda p: p.max_amount_eur or 0)[:3]
    slots = {"context_topic": "funding", "shown_programmes": [p.id for p in chosen]}
    action = ActionSearchFunding if intent == "search_funding" else ActionFundingDetails
    await run(action, dispatcher, slots, text="welches davon fördert am meisten?", intent=intent)
    assert text_of(dispatcher).startswith("Von den gezeigten Programmen nennt")


async def test_a_question_for_full_funding_gets_the_highest_known_rate_first(dispatcher):
    await run(ActionSearchFunding, dispatcher, text="Gibt es Programme mit 100 Prozent Förderung?")
    answer = text_of(dispatcher)
    hits = [h for h in match_funding(Profile(), KB.programmes) if h.status_note is None]
    rated = [h.programme for h in hits if h.programme.rate_percent_max is not None]
    assert rated, "the knowledge base needs open Bund/EU programmes with a known maximum rate"
    top = max(p.rate_percent_max or 0 for p in rated)
    first_line = answer.splitlines()[0]
    assert f"{top:g} %" in first_line
    assert any(p.name in first_line for p in rated if p.rate_percent_max == top)
    assert "1." in answer  # the list follows the direct answer


async def test_one_hit_is_one_programme(dispatcher, monkeypatch):
    use_programmes(monkeypatch, programme("ONE", level="EU", states=[]))
    slots = {"federal_state": "Bayern"}
    await run(ActionSearchFunding, dispatcher, slots, text="ist auch was von der EU dabei?", intent="search_funding")
    assert "passt 1 Programm (der EU):" in text_of(dispatcher) and "1 Programme" not in text_of(dispatcher)


async def test_fallback_eu_follow_up_lists_eu_programmes(dispatcher):
    events = await run(
        ActionContextFallback,
        dispatcher,
        {"context_topic": "funding"},
        text="ist auch was von der EU dabei?",
        intent="nlu_fallback",
    )
    shown = listed(dispatcher)
    assert shown and all(p.level == "EU" for p in shown)
    assert events["last_search"].split("#")[0].endswith("|EU")


def test_details_of_a_programme_past_its_deadline_say_it_once():
    text = programme_details(programme("P", deadlines=[dt.date(2020, 3, 31)], stand=dt.date(2020, 1, 1)))
    assert text.count("31.03.2020") == 1 and "Achtung:" in text
    assert STAND_AND_SOURCE.search(text)
