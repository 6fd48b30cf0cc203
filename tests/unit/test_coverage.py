"""Coverage minimums per Land and task area (issue #9), the coverage records and their loader checks."""

import datetime as dt
import json

import pytest

from knowledge import load
from knowledge.__main__ import main
from knowledge.coverage import (
    MIN_EXAMPLES_PER_LAND,
    MIN_EXAMPLES_PER_TASK_AREA,
    MIN_OPEN_LAND_PROGRAMMES,
    coverage_figures,
    coverage_gaps,
    missing_land_programme_record,
    open_land_programmes,
)
from knowledge.loader import KnowledgeBase, KnowledgeBaseError
from knowledge.schema import CoverageRecord
from knowledge.vocabulary import FEDERAL_STATES, TASK_AREAS
from tests.unit.kb_builders import programme

KB = load()
TODAY = dt.date(2026, 11, 25)
RECORDS = {r.id: r for r in KB.coverage}


@pytest.mark.parametrize("state", FEDERAL_STATES)
def test_every_land_has_three_open_land_programmes_or_a_coverage_record(state):
    open_ones = open_land_programmes(KB.programmes, state)
    assert len(open_ones) >= MIN_OPEN_LAND_PROGRAMMES or state in RECORDS, state


@pytest.mark.parametrize("state", FEDERAL_STATES)
def test_every_land_has_two_examples(state):
    assert sum(e.state == state for e in KB.examples) >= MIN_EXAMPLES_PER_LAND, state


@pytest.mark.parametrize("area", TASK_AREAS)
def test_every_task_area_has_three_examples(area):
    assert sum(area in e.task_areas for e in KB.examples) >= MIN_EXAMPLES_PER_TASK_AREA, area


def test_the_minimums_are_the_issue_s():
    assert (MIN_OPEN_LAND_PROGRAMMES, MIN_EXAMPLES_PER_LAND, MIN_EXAMPLES_PER_TASK_AREA) == (3, 2, 3)
    assert coverage_gaps(KB) == []


def test_coverage_records_document_a_dated_search_in_german():
    for record in KB.coverage:
        assert record.searched_on <= TODAY and record.stand <= TODAY, record.id
        assert record.sources, record.id
        assert record.note.startswith("Für ") and record.id in record.note, record.id
        assert "Bundes und der EU" in record.note, record.id


def test_records_name_only_programmes_of_their_own_land():
    known = {p.id: p for p in KB.programmes}
    for record in KB.coverage:
        for word in record.result.replace("(", " ").replace(")", " ").replace(",", " ").replace(";", " ").split():
            if word in known and known[word].level == "Land":
                assert record.id in known[word].states, (record.id, word)


def test_a_passed_last_deadline_is_never_open():
    for p in KB.programmes:
        if p.deadlines and p.status in ("offen", "laufend_mit_stichtagen"):
            assert max(p.deadlines) >= TODAY, p.id


def test_open_land_programmes_counts_only_open_land_entries():
    programmes = [
        programme("BY-90"),
        programme("BY-91", status="laufend_mit_stichtagen"),
        programme("BY-92", status="unbekannt"),
        programme("BY-93", status="geschlossen"),
        programme("BUND-90", level="Bund", states=[]),
        programme("HE-90", states=["Hessen"]),
    ]
    assert [p.id for p in open_land_programmes(programmes, "Bayern")] == ["BY-90", "BY-91"]


def _record(state: str) -> CoverageRecord:
    return CoverageRecord.parse_obj(
        dict(
            id=state,
            source_url="https://example.org/suche",
            stand=dt.date(2026, 11, 25),
            searched_on=dt.date(2026, 11, 25),
            sources=["https://example.org/suche"],
            result="Nichts gefunden.",
            note=f"Für {state} habe ich derzeit kein eigenes Landesprogramm gefunden.",
        )
    )


def test_the_record_is_quoted_only_when_the_land_has_no_open_land_programme():
    kb = KnowledgeBase(programmes=[programme("BY-90")], coverage=[_record("Bayern"), _record("Berlin")])
    assert missing_land_programme_record(kb, "Berlin").id == "Berlin"
    assert missing_land_programme_record(kb, "Bayern") is None  # one open Land programme: no such sentence
    assert missing_land_programme_record(kb, "Hessen") is None  # no record, nothing to quote
    assert missing_land_programme_record(kb, None) is None


def test_berlin_has_no_open_land_programme_and_a_record():
    assert open_land_programmes(KB.programmes, "Berlin") == []
    assert missing_land_programme_record(KB, "Berlin") is RECORDS["Berlin"]


def test_stats_show_coverage_per_land_and_task_area(capsys):
    figures = coverage_figures(KB)
    assert set(figures["coverage_per_land"]) == set(FEDERAL_STATES)
    assert set(figures["examples_per_task_area"]) == set(TASK_AREAS)
    assert main(["stats", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    berlin = printed["coverage_per_land"]["Berlin"]
    assert berlin == {"open_land_programmes": 0, "coverage_record": True, "examples": 2, "meets_minimum": True}
    assert all(land["meets_minimum"] for land in printed["coverage_per_land"].values())
    assert printed["laender_with_coverage_record"] == sorted(RECORDS)
    assert printed["coverage_gaps"] == []


def test_stats_text_output_indents_the_coverage(capsys):
    assert main(["stats"]) == 0
    out = capsys.readouterr().out
    assert "coverage_per_land:\n  Baden-Württemberg:\n    open_land_programmes: " in out


def _write(tmp_path, name, text):
    folder = tmp_path / "knowledge" / "data"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


RECORD = """\
coverage:
  - id: {land}
    source_url: https://example.org/suche
    stand: 2026-11-25
    searched_on: 2026-11-25
    sources: {sources}
    result: Nichts gefunden.
    note: Für Berlin habe ich derzeit kein eigenes Landesprogramm gefunden.
"""


def test_loader_accepts_a_record_and_rejects_a_bad_one(tmp_path):
    kb = load(_write(tmp_path, "coverage.yml", RECORD.format(land="Berlin", sources="[https://example.org/a]")))
    assert [r.id for r in kb.coverage] == ["Berlin"]
    with pytest.raises(KnowledgeBaseError) as info:
        load(_write(tmp_path, "coverage.yml", RECORD.format(land="Preußen", sources="[]")))
    errors = "\n".join(info.value.errors)
    assert "Preußen.id: 'Preußen' ist kein Bundesland" in errors
    assert "Preußen.sources: mindestens eine durchsuchte Quelle angeben" in errors


def test_loader_rejects_a_faq_that_names_an_unknown_programme(tmp_path):
    faq = """\
faq:
  - id: foerderweg_test
    question: Test?
    keywords: [testweg]
    answer: Test.
    programmes: [XX-99]
    source_url: https://example.org/faq
    stand: 2026-11-25
"""
    with pytest.raises(KnowledgeBaseError) as info:
        load(_write(tmp_path, "faq.yml", faq))
    assert info.value.errors == ["faq: foerderweg_test.programmes: 'XX-99' ist keine bekannte Programm-id"]
