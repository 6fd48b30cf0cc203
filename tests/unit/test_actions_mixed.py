"""Mixed requests (two intents in one message) and answers ordered by free-text relevance."""

from __future__ import annotations

from actions.examples import ActionShowExamples
from actions.funding import ActionSearchFunding
from actions.mixed import ActionAnswerMixed, intent_parts
from tests.unit.support import make_tracker, slot_events, text_of


async def run(action, dispatcher, slots=None, **message):
    return slot_events(await action().run(dispatcher, make_tracker(slots, **message), {}))


def test_intent_parts() -> None:
    assert intent_parts("search_funding+show_example") == ["search_funding", "show_example"]
    assert intent_parts("greet") == ["greet"]
    assert intent_parts(None) == []


async def test_money_or_examples_gets_both_answers(dispatcher) -> None:
    slots = await run(
        ActionAnswerMixed,
        dispatcher,
        text="Wir wollen einen Rufbus einführen – gibt es Zuschüsse oder Vorbilder?",
        intent="search_funding+show_example",
    )
    answer = text_of(dispatcher)
    assert "Praxisbeispiele" in answer and "Programme" in answer
    assert answer.index("Praxisbeispiele") < answer.index("Programme")
    assert slots["shown_programmes"] and slots["context_topic"] == "funding"


async def test_examples_for_the_shown_list_do_not_repeat_the_list(dispatcher) -> None:
    """Seen in a session: "Vorbilder dafür?" after a funding list was taken for money and examples."""
    slots = await run(
        ActionAnswerMixed,
        dispatcher,
        {"context_topic": "funding", "shown_programmes": ["BY-01"]},
        text="Vorbilder dafür?",
        intent="search_funding+show_example",
    )
    answer = text_of(dispatcher)
    assert "Praxisbeispiele" in answer and "passen" not in answer and "Programme des Bundes" not in answer
    assert "shown_programmes" not in slots


async def test_procurement_and_money_gets_both_answers(dispatcher) -> None:
    await run(
        ActionAnswerMixed,
        dispatcher,
        slots={"federal_state": "Bayern"},
        text="Wir brauchen eine Software für 80.000 Euro. Wie beschaffen wir die und wer bezuschusst das?",
        intent="explain_procurement+search_funding",
    )
    answer = text_of(dispatcher)
    assert "80.000" in answer and "Programme" in answer


async def test_how_do_we_pay_is_money_only(dispatcher) -> None:
    """Seen over REST: "Und wie bezahlen wir das?" was read as procurement + funding and got a Vergabe menu."""
    await run(
        ActionAnswerMixed,
        dispatcher,
        slots={"federal_state": "Schleswig-Holstein"},
        text="Und wie bezahlen wir das?",
        intent="explain_procurement+search_funding",
    )
    answer = text_of(dispatcher)
    assert "Programme" in answer and "Vergabe" not in answer


async def test_a_described_need_finds_examples_in_other_words(dispatcher) -> None:
    await run(
        ActionShowExamples,
        dispatcher,
        text="Die Leute sollen abends auch ohne Personal Bücher ausleihen können",
        intent="show_example",
    )
    answer = text_of(dispatcher)
    assert "kommen Ihrer Beschreibung am nächsten" in answer
    assert "Bibliothek" in answer or "Bücherei" in answer


async def test_paging_keeps_the_described_need(dispatcher) -> None:
    question = "Bürger sollen Anträge rund um die Uhr online stellen können, gibt es dafür Geld?"
    first = await run(ActionSearchFunding, dispatcher, text=question, intent="search_funding")
    assert "~" in first["last_search"] and first["last_search"].endswith("#0")
    more = await run(
        ActionSearchFunding,
        dispatcher,
        slots={"last_search": first["last_search"], "context_topic": "funding"},
        text="/search_funding",
        intent="search_funding",
    )
    assert more["last_search"].endswith("#3")
    assert set(more["shown_programmes"]).isdisjoint(first["shown_programmes"])


async def test_a_yes_with_a_request_is_answered(dispatcher) -> None:
    from actions.fallback import ActionAffirm

    await run(ActionAffirm, dispatcher, text="ok cool und beispiele?", intent="affirm")
    assert "Quelle:" in text_of(dispatcher)


async def test_a_plain_yes_asks_what_else(dispatcher) -> None:
    from actions.fallback import ActionAffirm

    await run(ActionAffirm, dispatcher, text="Okay", intent="affirm")
    assert dispatcher.messages[0]["response"] == "utter_anything_else"


async def test_a_task_area_answer_continues_the_funding_search(dispatcher) -> None:
    slots = {
        "asked_slot": "task_area",
        "context_topic": "funding",
        "federal_state": "Bayern",
        "task_area": "verwaltung",
    }
    events = await run(ActionShowExamples, dispatcher, slots, text="Digitale Verwaltung", intent="show_example")
    assert "Programme" in text_of(dispatcher) and "Praxisbeispiele" not in text_of(dispatcher)
    assert events.get("context_topic") == "funding"


async def test_more_programmes_keeps_the_land_level(dispatcher) -> None:
    slots = {"federal_state": "Hessen", "municipality_type": "gemeinde"}
    first = await run(
        ActionSearchFunding, dispatcher, slots, text="Welche Landesprogramme gibt es für uns?", intent="search_funding"
    )
    more = await run(
        ActionSearchFunding,
        dispatcher,
        {**slots, "last_search": first["last_search"], "context_topic": "funding"},
        text="Weitere Programme",
        intent="search_funding",
    )
    assert more["last_search"].endswith("|Land#3")
    assert "des Landes" in dispatcher.messages[-1]["text"]


async def test_profile_and_where_to_start_gets_the_roadmap(dispatcher) -> None:
    from actions.profile import ActionUpdateProfile

    text = "Hallo, ich bin neu als Digitalisierungsbeauftragte im Landkreis Görlitz. Womit fange ich an?"
    tracker_slots = {"municipality_type": "landkreis"}
    events = [{"event": "user", "text": "erste Angabe"}, {"event": "user", "text": text}]
    from tests.unit.support import make_tracker

    await ActionUpdateProfile().run(dispatcher, make_tracker(tracker_slots, text=text, events=events), {})
    answer = text_of(dispatcher)
    assert "Bestandsaufnahme" in answer and "Landkreis" in answer


async def test_eu_follow_up_to_a_list_shows_eu_programmes(dispatcher) -> None:
    from actions.details import ActionFundingDetails

    slots = {"context_topic": "funding", "municipality_type": "landkreis"}
    await run(
        ActionFundingDetails, dispatcher, slots, text="ist auch was von der EU dabei?", intent="ask_funding_details"
    )
    assert "LEADER" in text_of(dispatcher)


async def test_a_university_question_taken_for_a_handoff_gets_the_route(dispatcher) -> None:
    from actions.handoff import ActionHumanHandoff

    await run(
        ActionHumanHandoff,
        dispatcher,
        text="Kann ich das mit einer Fachhochschule zusammen machen?",
        intent="human_handoff",
    )
    assert "Hochschule" in text_of(dispatcher) and "kann Sie nicht direkt verbinden" not in text_of(dispatcher)


async def test_an_ordinal_taken_for_a_yes_opens_that_programme(dispatcher) -> None:
    from actions.fallback import ActionAffirm

    shown = ["BUND-01", "BUND-02"]
    await run(
        ActionAffirm,
        dispatcher,
        {"context_topic": "funding", "shown_programmes": shown},
        text="das erste genauer bitte",
        intent="affirm",
    )
    assert "Kann ich sonst" not in text_of(dispatcher) and "Quelle:" in text_of(dispatcher)
