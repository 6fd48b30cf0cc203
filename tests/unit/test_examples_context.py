"""Practice examples in context: a Land follow-up, similar size, "Beispiele dazu" after a funding search,
and needs named by what citizens do (report damage) or by a technology (LoRaWAN)."""

from __future__ import annotations

import re

import pytest

import actions.examples
from actions.examples import ActionShowExamples, last_search_facts
from actions.fallback import ActionContextFallback
from actions.funding import search_key
from actions.kb import knowledge_base
from knowledge.examples import examples
from knowledge.loader import KnowledgeBase
from knowledge.needs import NEEDS, find_needs, fits_need
from knowledge.profile import Profile, read_facts
from tests.unit.kb_builders import example
from tests.unit.support import entity, history, make_tracker, slot_events, text_of

KB = knowledge_base()
VILLAGE = {"federal_state": "Rheinland-Pfalz", "municipality_type": "gemeinde", "population": 1800.0}
LAND_FOLLOW_UPS = [
    "gibts das auch in Hessen?",
    "und aus Hessen?",
    "habt ihr was aus Hessen?",
    "gibt es das auch in Hessen?",
]


def use_examples(monkeypatch, *entries):
    monkeypatch.setattr(actions.examples, "knowledge_base", lambda: KnowledgeBase(examples=list(entries)))


async def run(action, dispatcher, slots=None, **message):
    return slot_events(await action().run(dispatcher, make_tracker(slots, **message), {}))


def first_municipality(answer: str) -> str:
    return re.search(r"^1\. (.+?) \(", answer, flags=re.M).group(1)


SCHOOL = dict(task_areas=["bildung"], title="Tablets für Schulen", description="Klassensätze für jede Schule.")


# --- 1. "gibts das auch in Hessen?" after examples ----------------------------------------------------


@pytest.mark.parametrize("text", LAND_FOLLOW_UPS)
async def test_land_follow_up_shows_that_land_first(text, dispatcher, monkeypatch):
    use_examples(
        monkeypatch,
        # a similar Kommune in another Land must not outrank the Land the user names
        example("a", municipality="Apolda", state="Thüringen", population=2000, **SCHOOL),
        example("h", municipality="Hanau", state="Hessen", **{**SCHOOL, "task_areas": ["wirtschaft", "bildung"]}),
        example("v", municipality="Viernheim", state="Hessen", task_areas=["verwaltung"]),
    )
    slots = {"context_topic": "examples", "example_need": "schul_digital", "population": 2000.0}
    events = await run(
        ActionContextFallback, dispatcher, slots, text=text, intent="nlu_fallback", events=history(slots, text)
    )
    answer = text_of(dispatcher)
    assert first_municipality(answer) == "Hanau" and "Viernheim" not in answer
    assert events["example_need"] == "schul_digital" and "federal_state" not in events


@pytest.mark.parametrize("text", LAND_FOLLOW_UPS)
async def test_land_without_an_example_is_said_honestly(text, dispatcher):
    slots = {"context_topic": "examples", "example_need": "schul_digital"}
    await run(ActionContextFallback, dispatcher, slots, text=text, intent="nlu_fallback")
    answer = text_of(dispatcher)
    assert answer.startswith("Aus Hessen habe ich zum Thema „Digitale Schule“ kein Praxisbeispiel;")
    assert "(Hessen" not in answer and re.search(r"^1\. ", answer, flags=re.M)


@pytest.mark.parametrize("intent", ["nlu_fallback", "out_of_scope", "show_example"])
@pytest.mark.parametrize("text", LAND_FOLLOW_UPS)
def test_a_land_follow_up_changes_no_profile(text, intent):
    assert "federal_state" not in read_facts(text, intent, [entity("federal_state", "Hessen", text)])


async def test_a_list_by_task_area_keeps_its_area_for_the_follow_up(dispatcher, monkeypatch):
    use_examples(
        monkeypatch,
        example("m", municipality="Mainz", state="Rheinland-Pfalz", task_areas=["mobilitaet"]),
        example("k", municipality="Kassel", state="Hessen", task_areas=["mobilitaet"]),
        example("f", municipality="Fulda", state="Hessen", task_areas=["verwaltung"]),
    )
    events = await run(
        ActionShowExamples, dispatcher, intent="show_example", entities=[entity("task_area", "mobilitaet")]
    )
    follow_up = {"context_topic": "examples", "example_need": events["example_need"]}
    dispatcher.messages.clear()
    await run(ActionContextFallback, dispatcher, follow_up, text="und aus Hessen?", intent="nlu_fallback")
    assert first_municipality(text_of(dispatcher)) == "Kassel" and "Fulda" not in text_of(dispatcher)


# --- 2. similar size ------------------------------------------------------------------------------


SIZES = [
    example(
        "big", municipality="Kaiserslautern", state="Rheinland-Pfalz", municipality_type="stadt", population=100000
    ),
    example("vg", municipality="VG Musterland", state="Rheinland-Pfalz", municipality_type="verbandsgemeinde"),
    example(
        "small", municipality="Spiegelberg", state="Baden-Württemberg", municipality_type="gemeinde", population=2200
    ),
    example("county", municipality="Landkreis X", state="Rheinland-Pfalz", municipality_type="landkreis"),
]


def test_a_city_of_100000_does_not_lead_for_a_village():
    ranked = examples(None, 1800, "Rheinland-Pfalz", SIZES, municipality_type="gemeinde")
    assert ranked[0].id == "small" and ranked.index(SIZES[0]) > ranked.index(SIZES[1])


def test_by_size_the_land_only_breaks_ties():
    twins = [
        example("bw", municipality="A-Dorf", state="Baden-Württemberg", municipality_type="gemeinde"),
        example("rp", municipality="B-Dorf", state="Rheinland-Pfalz", municipality_type="gemeinde"),
    ]
    ranked = examples(None, 1800, "Rheinland-Pfalz", SIZES + twins, municipality_type="gemeinde", by_size=True)
    assert [e.id for e in ranked[:3]] == ["small", "rp", "bw"]


async def test_similar_size_request_sorts_by_size_and_says_so(dispatcher, monkeypatch):
    use_examples(monkeypatch, *SIZES)
    text = "Gibt es Beispiele von ähnlich kleinen Gemeinden?"
    events = await run(
        ActionShowExamples,
        dispatcher,
        VILLAGE,
        text=text,
        intent="show_example",
        entities=[entity("municipality_type", "gemeinde", text)],
    )
    answer = text_of(dispatcher)
    assert first_municipality(answer) == "Spiegelberg" and "ähnlicher Größe" in answer.splitlines()[0]
    assert "Kaiserslautern" not in answer and "federal_state" not in events


# --- 3. "Und Beispiele dazu?" after a funding search ------------------------------------------------


SAARLAND_TOURISM = Profile(federal_state="Saarland", municipality_type="gemeinde", task_area="tourismus")


def funding_context(profile: Profile = SAARLAND_TOURISM) -> dict:
    return {"context_topic": "funding", "last_search": f"{search_key(profile, None)}#0", "shown_programmes": ["x"]}


def test_the_last_search_is_read_as_funding_writes_it():
    assert last_search_facts(make_tracker(funding_context())) == ("Saarland", "tourismus", None)
    described = f"{search_key(Profile(federal_state='Bayern'), 'Land', 'Bürger melden Schäden')}#3"
    assert last_search_facts(make_tracker({"last_search": described})) == ("Bayern", None, "Bürger melden Schäden")


@pytest.mark.parametrize("text", ["Und Beispiele dazu?", "Gibt es dafür Vorbilder?", "Beispiele?"])
async def test_examples_after_a_funding_search_keep_its_topic(text, dispatcher):
    events = await run(ActionShowExamples, dispatcher, funding_context(), text=text, intent="show_example")
    answer = text_of(dispatcher)
    shown = [e for e in KB.examples if f": {e.title}\n" in answer]
    assert shown and all("tourismus" in e.task_areas for e in shown)
    assert answer.startswith("Aus dem Saarland habe ich im Aufgabenfeld Tourismus kein Praxisbeispiel")
    assert events["example_need"] == "feld:tourismus"


async def test_examples_after_a_funding_search_put_its_land_first(dispatcher, monkeypatch):
    use_examples(
        monkeypatch,
        example("n", municipality="Norddeich", state="Niedersachsen", task_areas=["tourismus"]),
        example("s", municipality="Mettlach", state="Saarland", task_areas=["tourismus"]),
        example("l", municipality="Leerstadt", state="Saarland", task_areas=["wohnen"]),
    )
    await run(ActionShowExamples, dispatcher, funding_context(), text="Und Beispiele dazu?", intent="show_example")
    assert first_municipality(text_of(dispatcher)) == "Mettlach" and "Leerstadt" not in text_of(dispatcher)


async def test_without_an_area_in_the_search_the_question_s_words_decide(dispatcher):
    question = "Welche Förderung gibt es für Gemeinden in Saarland für Tourismus-Digitalisierung?"
    slots = funding_context(Profile(federal_state="Saarland", municipality_type="gemeinde"))
    events = [{"event": "user", "text": question}, {"event": "user", "text": "Und Beispiele dazu?"}]
    await run(ActionShowExamples, dispatcher, slots, text="Und Beispiele dazu?", intent="show_example", events=events)
    answer = text_of(dispatcher)
    shown = [e for e in KB.examples if f": {e.title}\n" in answer]
    assert shown and all("tourismus" in e.task_areas for e in shown) and "Saarland" in answer.splitlines()[0]


# --- 4. and 5. needs: reporting damage, sensor networks -------------------------------------------


DAMAGE = (
    "Unsere Bürger sollen Schlaglöcher und kaputte Laternen per Handy melden können. Gibt es dafür Geld oder Vorbilder?"
)
LORAWAN = "Wir planen ein LoRaWAN-Netz für Sensorik (Pegel, Parkplätze). Vorbilder?"


@pytest.mark.parametrize(
    "text, key",
    [
        (DAMAGE, "maengelmelder"),
        ("Wie können Bürger Schäden an Straßen online melden?", "maengelmelder"),
        ("Gibt es einen Mängelmelder als App?", "maengelmelder"),
        (LORAWAN, "sensornetz"),
        ("IoT-Sensoren im Gemeindegebiet", "sensornetz"),
        ("Straßenbeleuchtung auf LED umrüsten", "beleuchtung"),
        ("Digitale Parkplatzsuche", "parken"),
        ("Leerstände online melden", "leerstand"),
    ],
)
def test_the_need_behind_the_words(text, key):
    assert find_needs(text)[0].key == key


async def test_reporting_damage_is_a_defect_reporting_need(dispatcher):
    sentence = DAMAGE.split(". ")[0]
    await run(
        ActionShowExamples,
        dispatcher,
        text=DAMAGE,
        intent="show_example",
        entities=[entity("task_area", "Laternen", sentence)],  # the NLU may tag the lamp as a task area
    )
    answer = text_of(dispatcher)
    assert answer.startswith("Praxisbeispiele zum Thema „Mängelmelder“") and "Straßenbeleuchtung" not in answer
    need = find_needs(DAMAGE)[0]
    first = next(e for e in KB.examples if f": {e.title}\n" in answer.split("\n2. ")[0])
    assert fits_need(f"{first.title} {first.description}", need)


async def test_a_sensor_network_finds_lorawan_examples(dispatcher):
    await run(ActionContextFallback, dispatcher, text=LORAWAN, intent="nlu_fallback")
    answer = text_of(dispatcher)
    assert "Parkplatzsuche" not in answer
    items = answer.split("\n2. ")[0], answer.split("\n2. ")[1].split("\n3. ")[0]
    assert all("LoRaWAN" in item for item in items)


@pytest.mark.parametrize("need", NEEDS, ids=[n.key for n in NEEDS])
async def test_no_fitting_example_is_said_in_correct_german(need, dispatcher, monkeypatch):
    use_examples(monkeypatch, example("x", task_areas=[need.task_areas[0]], title="Nichts", description="Nichts."))
    await run(ActionShowExamples, dispatcher, text=need.phrases[0], intent="show_example")
    assert text_of(dispatcher).startswith(f"Zum Thema „{need.label}“ habe ich kein passendes Praxisbeispiel.")
