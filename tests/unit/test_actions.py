"""Every knowledge action with rasa-sdk's Tracker and CollectingDispatcher, against the real knowledge base."""
import re

import pytest
from rasa_sdk.events import SlotSet

from actions.examples import ActionShowExamples
from actions.funding import PAGE_SIZE, ActionFundingDetails, ActionSearchFunding
from actions.guides import ActionApplicationPath, ActionRoadmap
from actions.handoff import ActionHumanHandoff
from actions.kb import knowledge_base
from actions.procurement import ActionExplainProcurement, contract_kind
from knowledge.funding import match_funding
from knowledge.loader import KnowledgeBase
from knowledge.profile import Profile
from knowledge.vocabulary import PROCUREMENT_TOPICS
from tests.unit.support import COMPLETE_PROFILE, entity, make_tracker

STAND_AND_SOURCE = re.compile(r"Stand: \d{2}/\d{4}( \(älter als 12 Monate[^)]*\))? · Quelle: https?://\S+")
KB = knowledge_base()


def text_of(dispatcher):
    return "\n".join(m["text"] or "" for m in dispatcher.messages)


def payloads(dispatcher):
    return [b["payload"] for m in dispatcher.messages for b in m.get("buttons") or []]


# --- funding search --------------------------------------------------------------------------

async def test_search_without_profile_asks_for_it(dispatcher):
    events = await ActionSearchFunding().run(dispatcher, make_tracker(), {})
    assert events == [SlotSet("pending_search", True)]
    assert "Angaben zu Ihrer Kommune" in text_of(dispatcher)


async def test_search_lists_at_most_five_with_reason_stand_and_source(dispatcher):
    await ActionSearchFunding().run(dispatcher, make_tracker(COMPLETE_PROFILE), {})
    text = text_of(dispatcher)
    numbered = re.findall(r"^\d+\. ", text, flags=re.M)
    assert 1 <= len(numbered) <= PAGE_SIZE
    assert len(STAND_AND_SOURCE.findall(text)) == len(numbered)
    assert text.count("passt, weil:") == len(numbered)
    assert any(p.startswith("/ask_funding_details") for p in payloads(dispatcher))
    assert "/show_example" in payloads(dispatcher)


async def test_search_only_names_programmes_from_the_knowledge_base(dispatcher):
    await ActionSearchFunding().run(dispatcher, make_tracker(COMPLETE_PROFILE), {})
    lines = re.findall(r"^\d+\. .+$", text_of(dispatcher), flags=re.M)
    names = [p.name for p in KB.programmes if p.status != "geschlossen"]
    assert lines and all(line.split(". ", 1)[1] in names for line in lines)


async def test_more_programmes_pages_on_and_wraps_around(dispatcher):
    profile = Profile.from_slots(COMPLETE_PROFILE)
    total = len(match_funding(profile, KB.programmes))
    assert total > PAGE_SIZE, "the test profile needs more than one page"
    events = await ActionSearchFunding().run(dispatcher, make_tracker(COMPLETE_PROFILE), {})
    first = events[0]["value"]
    assert first.endswith("#0") and "/search_funding" in payloads(dispatcher)
    events = await ActionSearchFunding().run(dispatcher, make_tracker(dict(COMPLETE_PROFILE, last_funding_search=first)), {})
    assert events[0]["value"].endswith(f"#{PAGE_SIZE}")
    assert f"Nr. {PAGE_SIZE + 1}" in dispatcher.messages[-1]["text"]


async def test_no_fit_is_said_honestly_with_advice(dispatcher, monkeypatch):
    import actions.funding

    only_contacts = KnowledgeBase(contacts=KB.contacts)
    monkeypatch.setattr(actions.funding, "knowledge_base", lambda: only_contacts)
    await ActionSearchFunding().run(dispatcher, make_tracker(COMPLETE_PROFILE), {})
    text = text_of(dispatcher)
    assert "kein offenes Förderprogramm" in text and "foerderdatenbank.de" in text
    bayern = [c for c in KB.contacts if c.state == "Bayern"]
    assert not bayern or bayern[0].url in text


# --- programme details -----------------------------------------------------------------------

async def test_details_by_abbreviation(dispatcher):
    tracker = make_tracker(text="Was fördert die KRL?", intent="ask_funding_details", entities=[entity("programme", "KRL")])
    events = await ActionFundingDetails().run(dispatcher, tracker, {})
    text = text_of(dispatcher)
    for label in ("Antragsberechtigt:", "Förderquote/Höhe:", "Eigenanteil:", "Frist:", "Status:"):
        assert label in text
    assert STAND_AND_SOURCE.search(text)
    krl = next(p for p in KB.programmes if "KRL" in p.short_names)
    assert events == [SlotSet("programme", krl.name)]
    assert krl.name in text


async def test_closed_programme_is_never_presented_as_open(dispatcher):
    closed = next(p for p in KB.programmes if p.status == "geschlossen")
    tracker = make_tracker(intent="ask_funding_details", entities=[entity("programme", closed.name)])
    await ActionFundingDetails().run(dispatcher, tracker, {})
    assert "beendet – derzeit keine Anträge möglich" in text_of(dispatcher)


async def test_ambiguous_name_asks_did_you_mean(dispatcher):
    tracker = make_tracker(intent="ask_funding_details", entities=[entity("programme", "Gigabit")])
    await ActionFundingDetails().run(dispatcher, tracker, {})
    assert "Meinten Sie" in text_of(dispatcher)
    assert len([p for p in payloads(dispatcher) if p.startswith("/ask_funding_details")]) >= 2


async def test_unknown_programme_is_not_invented(dispatcher):
    tracker = make_tracker(intent="ask_funding_details", entities=[entity("programme", "Mondlandeprogramm")])
    events = await ActionFundingDetails().run(dispatcher, tracker, {})
    assert "nicht in meiner Wissensbasis" in text_of(dispatcher)
    assert events == [SlotSet("programme", None)]


async def test_details_without_name_asks_which(dispatcher):
    await ActionFundingDetails().run(dispatcher, make_tracker(intent="ask_funding_details"), {})
    assert "Zu welchem Förderprogramm" in text_of(dispatcher)


# --- examples --------------------------------------------------------------------------------

async def test_examples_for_the_asked_area(dispatcher):
    tracker = make_tracker(COMPLETE_PROFILE, intent="show_example", entities=[entity("task_area", "mobilitaet")])
    await ActionShowExamples().run(dispatcher, tracker, {})
    text = text_of(dispatcher)
    assert text.startswith("Praxisbeispiele für Mobilität")
    assert 1 <= len(STAND_AND_SOURCE.findall(text)) <= 3


async def test_examples_without_area_use_profile(dispatcher):
    await ActionShowExamples().run(dispatcher, make_tracker(COMPLETE_PROFILE, intent="show_example"), {})
    assert "Verwaltung" in dispatcher.messages[0]["text"]


# --- procurement -----------------------------------------------------------------------------

@pytest.mark.parametrize("topic", sorted(PROCUREMENT_TOPICS))
async def test_every_procurement_topic_is_explained(topic, dispatcher):
    tracker = make_tracker(intent="explain_procurement", entities=[entity("procurement_topic", topic)])
    await ActionExplainProcurement().run(dispatcher, tracker, {})
    text = text_of(dispatcher)
    assert "Rechtsgrundlage:" in text and "Tipp:" in text and STAND_AND_SOURCE.search(text)


async def test_threshold_question_names_current_values(dispatcher):
    tracker = make_tracker(intent="explain_procurement", entities=[entity("procurement_topic", "schwellenwerte")])
    await ActionExplainProcurement().run(dispatcher, tracker, {})
    assert "216.000 €" in text_of(dispatcher) and "5.404.000 €" in text_of(dispatcher)


async def test_contract_value_gets_procedure_and_land_limits(dispatcher):
    tracker = make_tracker(
        {"federal_state": "Bayern"}, text="Wir wollen Software für 80.000 € kaufen – welches Verfahren?",
        intent="explain_procurement", entities=[entity("amount_eur", "80.000 €")],
    )
    await ActionExplainProcurement().run(dispatcher, tracker, {})
    text = text_of(dispatcher)
    assert "80.000 €" in text and "nicht erreicht" in text and "Direktauftrag: bis 100.000 €" in text
    assert "netto" in text


async def test_works_above_supplies_threshold_stay_national(dispatcher):
    tracker = make_tracker(text="Sanierung der Schule für 1,2 Mio. €", intent="explain_procurement",
                           entities=[entity("amount_eur", "1,2 Mio. €")])
    await ActionExplainProcurement().run(dispatcher, tracker, {})
    assert "Bauleistungen" in text_of(dispatcher) and "nicht erreicht" in text_of(dispatcher)
    assert "für Liefer- und Dienstleistungen liegt der EU-Schwellenwert bei 216.000 €" in text_of(dispatcher)


async def test_procurement_overview_offers_topics(dispatcher):
    await ActionExplainProcurement().run(dispatcher, make_tracker(intent="explain_procurement"), {})
    assert len(payloads(dispatcher)) == len(PROCUREMENT_TOPICS)


@pytest.mark.parametrize("text, kind", [("Software für 80.000 €", "dienstleistung"), ("Neubau Feuerwehrhaus", "bauleistung"),
                                         ("Straßenbau 2 Mio.", "bauleistung"), ("Beratung Digitalstrategie", "dienstleistung"),
                                         ("Schulsanierung", "bauleistung"), ("Software fürs Rathaus", "dienstleistung"),
                                         ("Glasfaserverlegung", "bauleistung")])
def test_contract_kind(text, kind):
    assert contract_kind(text) == kind


# --- guides and handoff ----------------------------------------------------------------------

async def test_roadmap_has_all_steps(dispatcher):
    await ActionRoadmap().run(dispatcher, make_tracker(intent="ask_roadmap"), {})
    text = text_of(dispatcher)
    assert re.search(r"^8\. ", text, flags=re.M) and STAND_AND_SOURCE.search(text)


async def test_application_path(dispatcher):
    await ActionApplicationPath().run(dispatcher, make_tracker(intent="ask_application"), {})
    text = text_of(dispatcher)
    assert "Verwendungsnachweis" in text and re.search(r"^7\. ", text, flags=re.M)


async def test_handoff_names_land_and_bund_contacts(dispatcher):
    await ActionHumanHandoff().run(dispatcher, make_tracker({"federal_state": "Sachsen"}), {})
    text = text_of(dispatcher)
    sachsen = [c for c in KB.contacts if c.state == "Sachsen"]
    assert sachsen and all(c.name in text for c in sachsen)
    assert STAND_AND_SOURCE.search(text)


async def test_handoff_without_land_asks_for_it(dispatcher):
    await ActionHumanHandoff().run(dispatcher, make_tracker(), {})
    assert "Bundesland" in text_of(dispatcher)
