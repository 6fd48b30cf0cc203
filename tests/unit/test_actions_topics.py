"""Procurement, practice examples, guides and FAQ, handoff and the context fallback, against the real knowledge base."""

import datetime as dt
import re

import pytest

import actions.examples
from actions.examples import ActionShowExamples
from actions.fallback import ActionContextFallback
from actions.guides import ActionApplicationPath, ActionRoadmap
from actions.handoff import ActionHumanHandoff
from actions.kb import knowledge_base
from actions.procurement import ActionExplainProcurement
from knowledge.faq import find_faq, is_route
from knowledge.loader import KnowledgeBase
from knowledge.needs import find_needs
from knowledge.parsing import format_number
from knowledge.procurement import current_thresholds, limit_text
from knowledge.vocabulary import PROCUREMENT_TOPICS
from tests.unit.support import COMPLETE_PROFILE, entity, make_tracker, payloads, slot_events, text_of

STAND_AND_SOURCE = re.compile(r"Stand: \d{2}/\d{4}( \([^()]+ – [^()]+\))? · Quelle: https?://\S+")
KB = knowledge_base()
EU = current_thresholds(KB.eu_thresholds, dt.date.today())
LIMITS = {v.id: v for v in KB.value_limits}
GUIDES = {g.id: g for g in KB.guides}
P = "explain_procurement"


async def run(action, dispatcher, slots=None, **message):
    return slot_events(await action().run(dispatcher, make_tracker(slots, **message), {}))


# --- procurement -----------------------------------------------------------------------------


@pytest.mark.parametrize("topic", sorted(PROCUREMENT_TOPICS))
async def test_every_procurement_topic_is_explained(topic, dispatcher):
    await run(ActionExplainProcurement, dispatcher, intent=P, entities=[entity("procurement_topic", topic)])
    text = text_of(dispatcher)
    assert "Rechtsgrundlage:" in text and STAND_AND_SOURCE.search(text)


async def test_threshold_topic_names_the_current_values(dispatcher):
    await run(ActionExplainProcurement, dispatcher, intent=P, entities=[entity("procurement_topic", "schwellenwerte")])
    assert f"{format_number(EU.supplies_services)} €" in text_of(dispatcher)
    assert f"{format_number(EU.works)} €" in text_of(dispatcher)


async def test_land_entity_gives_that_land_s_limits(dispatcher):
    text = "Welche Wertgrenzen gelten in Hessen?"
    await run(
        ActionExplainProcurement,
        dispatcher,
        {"federal_state": "Bayern"},
        text=text,
        intent=P,
        entities=[entity("federal_state", "Hessen", text)],
    )
    answer, hessen = text_of(dispatcher), LIMITS["Hessen"]
    assert answer.startswith("Wertgrenzen für Kommunen in Hessen")
    assert f"Direktauftrag {limit_text(hessen.direct_award_supplies)}" in answer
    assert f"Direktauftrag {limit_text(hessen.direct_award_works)}" in answer
    assert "Bayern" not in answer and STAND_AND_SOURCE.search(answer)


async def test_amount_with_land_gets_procedure_and_limits(dispatcher):
    text = "Wir wollen Software für 80.000 € in Bayern kaufen"
    events = await run(
        ActionExplainProcurement, dispatcher, text=text, intent=P, entities=[entity("federal_state", "Bayern", text)]
    )
    answer = text_of(dispatcher)
    assert "80.000 €" in answer and "nicht erreicht" in answer and "Wertgrenzen in Bayern" in answer
    assert f"Direktauftrag {limit_text(LIMITS['Bayern'].direct_award_supplies)}" in answer
    assert "netto" in answer.lower()
    assert events["contract_amount"] == 80000.0 and events["context_topic"] == "procurement"


async def test_works_follow_up_uses_the_amount_in_context(dispatcher):
    slots = {"context_topic": "procurement", "contract_amount": 80000.0, "contract_kind": "dienstleistung"}
    events = await run(ActionExplainProcurement, dispatcher, slots, text="und für Bauleistungen?", intent=P)
    answer = text_of(dispatcher)
    assert "Bei 80.000 € (Bauleistungen)" in answer and f"{format_number(EU.works)} €" in answer
    assert format_number(EU.works) == "5.404.000"
    assert events["contract_kind"] == "bauleistung"


async def test_a_topic_after_an_amount_explains_the_topic(dispatcher):
    """Seen over REST: "Was ist EVB-IT?" after 18.000 € repeated the threshold answer ("IT" read as supplies)."""
    slots = {"context_topic": "procurement", "contract_amount": 18000.0, "contract_kind": "liefer_dienstleistung"}
    await run(ActionExplainProcurement, dispatcher, slots, text="Was ist EVB-IT?", intent=P)
    answer = text_of(dispatcher)
    assert "EVB-IT" in answer and "Bei 18.000 €" not in answer


async def test_periodic_amount_shows_the_calculation(dispatcher):
    await run(ActionExplainProcurement, dispatcher, text="Wartung monatlich 2.500 € über 3 Jahre", intent=P)
    assert "2.500 € × 36 Monate = 90.000 €" in text_of(dispatcher) and "Bei 90.000 €" in text_of(dispatcher)


async def test_term_answer_completes_the_periodic_amount(dispatcher):
    events = await run(ActionExplainProcurement, dispatcher, text="Wartung monatlich 2.500 €", intent=P)
    assert "Wie lange soll der Vertrag laufen" in text_of(dispatcher)
    dispatcher.messages.clear()
    await run(ActionContextFallback, dispatcher, events, text="über 3 Jahre", intent="nlu_fallback")
    assert "90.000 €" in text_of(dispatcher) and "Bei 3 €" not in text_of(dispatcher)


async def test_software_for_the_building_office_is_tendered_eu_wide(dispatcher):
    await run(ActionExplainProcurement, dispatcher, text="Software für das Bauamt für 300.000 €", intent=P)
    assert "EU-weit ausschreiben" in text_of(dispatcher)


@pytest.mark.parametrize("slots", [{}, {"context_topic": "procurement", "contract_amount": 80000.0}])
async def test_net_or_gross_says_net(slots, dispatcher):
    await run(ActionExplainProcurement, dispatcher, slots, text="netto oder brutto?", intent=P)
    assert "netto" in text_of(dispatcher)


async def test_a_service_name_with_vergabe_goes_to_examples(dispatcher):
    events = await run(
        ActionExplainProcurement, dispatcher, text="Kitaplatzvergabe digital – gibt es Beispiele?", intent=P
    )
    assert events["context_topic"] == "examples" and "Praxisbeispiel" in text_of(dispatcher)
    assert "Schwellenwert" not in text_of(dispatcher)


async def test_procurement_overview_offers_topics(dispatcher):
    await run(ActionExplainProcurement, dispatcher, text="Vergabe", intent=P)
    assert len(payloads(dispatcher)) == len(PROCUREMENT_TOPICS)


# --- examples --------------------------------------------------------------------------------


def fits(example, need):
    return any(stem in f"{example.title} {example.description}".lower() for stem in need.example_stems)


@pytest.mark.parametrize("text", ["Beispiele für Bürgerbeteiligung", "Digitale Parkplatzsuche", "WLAN in der Schule"])
async def test_examples_by_need_word(text, dispatcher):
    need = find_needs(text)[0]
    await run(ActionShowExamples, dispatcher, text=text, intent="show_example")
    answer = text_of(dispatcher)
    if any(fits(e, need) for e in KB.examples):
        assert answer.startswith(f"Praxisbeispiele zum Thema „{need.label}“:")
        first = re.search(r"^1\. .+?: (.+)$", answer, flags=re.M).group(1)
        assert any(fits(e, need) for e in KB.examples if e.title == first)
    else:
        assert answer.startswith(f"Zum Thema „{need.label}“ habe ich kein passendes Praxisbeispiel")


async def test_no_fitting_example_is_said_honestly(dispatcher, monkeypatch):
    need = find_needs("Terminbuchung")[0]
    others = KnowledgeBase(examples=[e for e in KB.examples if not fits(e, need)])
    monkeypatch.setattr(actions.examples, "knowledge_base", lambda: others)
    await run(ActionShowExamples, dispatcher, text="Terminbuchung online?", intent="show_example")
    answer = text_of(dispatcher)
    assert answer.startswith("Zum Thema „Online-Terminbuchung“ habe ich kein passendes Praxisbeispiel")
    assert "Verwaltung" in answer.splitlines()[0] and STAND_AND_SOURCE.search(answer)


async def test_examples_for_the_asked_area(dispatcher):
    await run(
        ActionShowExamples,
        dispatcher,
        COMPLETE_PROFILE,
        intent="show_example",
        entities=[entity("task_area", "mobilitaet")],
    )
    assert text_of(dispatcher).startswith("Praxisbeispiele für Mobilität")
    assert 1 <= len(STAND_AND_SOURCE.findall(text_of(dispatcher))) <= 3


async def test_examples_without_area_use_the_profile(dispatcher):
    await run(ActionShowExamples, dispatcher, COMPLETE_PROFILE, intent="show_example")
    assert text_of(dispatcher).startswith("Praxisbeispiele für Verwaltung")


# --- guides and FAQ --------------------------------------------------------------------------


async def test_short_guide_lists_the_steps(dispatcher):
    events = await run(ActionRoadmap, dispatcher, text="Wie gehe ich vor?", intent="ask_roadmap")
    answer, guide = text_of(dispatcher), GUIDES["roadmap"]
    assert all(f"{i}. {step.title}" in answer for i, step in enumerate(guide.steps, start=1))
    assert guide.steps[0].text not in answer and STAND_AND_SOURCE.search(answer)
    assert events["guide_shown"] == "roadmap"


@pytest.mark.parametrize("action, guide_id", [(ActionRoadmap, "roadmap"), (ActionApplicationPath, "application_path")])
async def test_single_step_of_the_guide_shown(action, guide_id, dispatcher):
    guide = GUIDES[guide_id]
    await run(action, dispatcher, {"guide_shown": guide_id}, text="Schritt 3", intent="ask_roadmap")
    assert text_of(dispatcher).startswith(
        f"Schritt 3 von {len(guide.steps)} – {guide.steps[2].title}: {guide.steps[2].text}"
    )
    assert "Weiter mit „Schritt 4“" in text_of(dispatcher)


async def test_step_out_of_range_names_the_number_of_steps(dispatcher):
    guide = GUIDES["application_path"]
    await run(ActionApplicationPath, dispatcher, {"guide_shown": "application_path"}, text="Schritt 99")
    assert text_of(dispatcher).startswith(f"Dieser Leitfaden hat {len(guide.steps)} Schritte.")


async def test_all_steps_give_the_full_text(dispatcher):
    await run(ActionRoadmap, dispatcher, text="alle Schritte", intent="ask_roadmap")
    assert all(step.text in text_of(dispatcher) for step in GUIDES["roadmap"].steps)


@pytest.mark.parametrize(
    "entry",
    KB.faq or [pytest.param(None, marks=pytest.mark.skip("no FAQ entries"))],
    ids=lambda e: getattr(e, "id", "none"),
)
async def test_faq_keyword_gives_the_short_answer(entry, dispatcher):
    text = f"Frage: {max(entry.keywords, key=len)}?"
    assert find_faq(text, KB.faq) is entry
    events = await run(ActionApplicationPath, dispatcher, text=text, intent="ask_application")
    answer = text_of(dispatcher)
    assert answer.startswith(entry.answer) and STAND_AND_SOURCE.search(answer)
    assert not entry.details or entry.details not in answer
    # a funding route lists its programmes, so "das erste" or "Details" can follow; other entries stay answers
    assert events["context_topic"] == ("funding" if is_route(entry) else "application")


@pytest.mark.parametrize(
    "text",
    [
        "Dürfen wir schon mit dem Projekt anfangen bevor der Förderbescheid da ist?",
        "Können wir starten, bevor die Bewilligung kommt?",
        "Ist es schlimm, wenn wir schon mit der Umsetzung beginnen?",
    ],
)
def test_starting_before_the_decision_in_own_words_is_the_early_start_entry(text):
    """Seen over REST: words between "anfangen" and "bevor" hid the narrow answer behind the whole guide."""
    entry = find_faq(text, KB.faq)
    assert entry is not None and entry.id == "vorzeitiger_massnahmenbeginn"


# --- handoff ---------------------------------------------------------------------------------


async def test_handoff_shows_the_asked_land_first(dispatcher):
    await run(
        ActionHumanHandoff,
        dispatcher,
        {"federal_state": "Bayern"},
        text="Beratung in Sachsen?",
        intent="human_handoff",
        entities=[entity("federal_state", "Sachsen")],
    )
    answer = text_of(dispatcher)
    sachsen = [c for c in KB.contacts if c.state == "Sachsen"]
    bund = [c for c in KB.contacts if c.state is None]
    assert sachsen and all(c.name in answer for c in sachsen)
    assert max(answer.index(c.name) for c in sachsen) < min(answer.index(c.name) for c in bund if c.name in answer)
    assert not any(c.name in answer for c in KB.contacts if c.state == "Bayern")


async def test_handoff_without_land_asks_for_it(dispatcher):
    await run(ActionHumanHandoff, dispatcher, intent="human_handoff")
    assert "Bundesland" in text_of(dispatcher) and STAND_AND_SOURCE.search(text_of(dispatcher))


# --- the context fallback --------------------------------------------------------------------


@pytest.mark.parametrize(
    "intent, response", [("out_of_scope", "utter_out_of_scope"), ("nlu_fallback", "utter_default")]
)
async def test_fallback_without_context(intent, response, dispatcher):
    await run(ActionContextFallback, dispatcher, text="Wie wird das Wetter morgen?", intent=intent)
    assert [m.get("response") for m in dispatcher.messages] == [response]


async def test_fallback_amount_follow_up_in_procurement(dispatcher):
    slots = {"context_topic": "procurement", "contract_amount": 80000.0}
    await run(ActionContextFallback, dispatcher, slots, text="und bei 60.000?", intent="nlu_fallback")
    assert "Bei 60.000 €" in text_of(dispatcher)


async def test_fallback_step_in_roadmap(dispatcher):
    slots = {"context_topic": "roadmap", "guide_shown": "roadmap"}
    await run(ActionContextFallback, dispatcher, slots, text="Schritt 2", intent="out_of_scope")
    assert text_of(dispatcher).startswith(f"Schritt 2 von {len(GUIDES['roadmap'].steps)}")


async def test_fallback_need_word_shows_examples(dispatcher):
    events = await run(ActionContextFallback, dispatcher, text="Terminbuchung", intent="nlu_fallback")
    assert events["context_topic"] == "examples" and "Praxisbeispiel" in text_of(dispatcher)


async def test_a_need_with_a_contract_value_is_a_procurement_question(dispatcher):
    from actions.procurement import is_procurement_question

    assert is_procurement_question("Wir wollen Glasfaser verlegen lassen, Volumen ca. 3 Mio. Euro")
    assert not is_procurement_question("Kitaplatzvergabe digital – gibt es Vorbilder?")


async def test_works_follow_up_without_amount_names_the_works_threshold(dispatcher):
    await run(
        ActionExplainProcurement, dispatcher, {"context_topic": "procurement"}, text="und für Bauleistungen?", intent=P
    )
    answer = text_of(dispatcher)
    assert format_number(EU.works) in answer and "Bauleistungen" in answer and "Quelle:" in answer


async def test_bau_alone_means_a_works_contract(dispatcher):
    await run(
        ActionExplainProcurement,
        dispatcher,
        {"context_topic": "procurement", "federal_state": "Bayern"},
        text="und bei 60.000 Euro für Bau?",
        intent=P,
    )
    assert "60.000 € (Bauleistungen)" in text_of(dispatcher)
