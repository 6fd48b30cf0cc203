"""What the knowledge base must cover (issue contract), and the CLI that reports it."""

import datetime as dt
import json

from knowledge import load
from knowledge.__main__ import main, stats
from knowledge.schema import UNKNOWN
from knowledge.vocabulary import FEDERAL_STATES, PROCUREMENT_TOPICS, TASK_AREAS

KB = load()
TODAY = dt.date(2026, 11, 25)


def test_at_least_48_programmes_and_examples():
    assert len(KB.programmes) >= 48
    assert len(KB.examples) >= 48


def test_every_land_has_two_programmes_that_are_not_closed():
    for state in FEDERAL_STATES:
        usable = [p for p in KB.programmes if state in p.states and p.status != "geschlossen"]
        assert len(usable) >= 2, state


def test_eu_and_bund_programmes_are_nationwide():
    for programme in KB.programmes:
        if programme.level == "EU" or (programme.level == "Bund" and not programme.states):
            assert programme.states == []
    assert any(p.level == "Bund" for p in KB.programmes) and any(p.level == "EU" for p in KB.programmes)


def test_every_task_area_has_an_example():
    covered = {area for e in KB.examples for area in e.task_areas}
    assert covered >= set(TASK_AREAS)


def test_every_land_has_an_example_and_a_contact():
    assert {e.state for e in KB.examples} >= set(FEDERAL_STATES)
    assert {c.state for c in KB.contacts} >= set(FEDERAL_STATES)
    assert any(c.state is None for c in KB.contacts), "the Bund's advice bodies are missing"


def test_one_procurement_entry_per_topic():
    assert sorted(t.id for t in KB.topics) == sorted(PROCUREMENT_TOPICS)


def test_value_limits_for_bund_and_every_land():
    assert {v.id for v in KB.value_limits} == {"Bund", *FEDERAL_STATES}


def test_eu_thresholds_2026_27():
    current = next(t for t in KB.eu_thresholds if t.valid_from <= TODAY <= t.valid_until)
    assert (current.supplies_services, current.works) == (216_000, 5_404_000)


def test_guides_have_their_steps():
    guides = {g.id: [s.key for s in g.steps] for g in KB.guides}
    assert len(guides["roadmap"]) == 8 and guides["roadmap"][0] == "bestandsaufnahme"
    assert guides["application_path"][-1] == "verwendungsnachweis"


def test_no_stand_in_the_future_and_unknowns_spelled_alike():
    for entry in KB.all_entries():
        assert entry.stand <= TODAY, entry.id
    for programme in KB.programmes:
        for value in (programme.rate_text, programme.own_share_text, programme.deadline_text):
            assert value.strip().lower() != "unknown" and value.strip() != "", programme.id
    assert UNKNOWN == "unbekannt"


def test_ids_are_unique_across_files():
    ids = [p.id for p in KB.programmes]
    assert len(ids) == len(set(ids))


def test_stats_figures():
    figures = stats(KB, TODAY)
    assert figures["programmes"] == len(KB.programmes)
    assert figures["examples"] == len(KB.examples)
    assert figures["laender_with_programmes"] == 16
    assert figures["entries_without_source"] == 0
    assert 0 <= figures["stale_entries"] <= len(list(KB.all_entries()))


def test_cli_stats_json(capsys):
    assert main(["stats", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    for key in ("programmes", "examples", "laender_with_programmes", "entries_without_source", "stale_entries"):
        assert isinstance(figures[key], int)
    freshness = figures["freshness"]
    assert {"programmes", "value_limits", "examples"} <= set(freshness)
    assert figures["stale_entries"] == sum(kind["stale"] for kind in freshness.values())
    assert all(0 <= kind["stale_share"] <= 1 for kind in freshness.values())


def test_cli_validate_points_to_the_review(capsys):
    assert main(["validate"]) == 0
    assert "python -m knowledge review" in capsys.readouterr().out


def test_cli_search_and_threshold(capsys):
    assert (
        main(["search", "--land", "Bayern", "--type", "gemeinde", "--population", "3500", "--area", "verwaltung"]) == 0
    )
    out = capsys.readouterr().out
    assert "passt, weil:" in out and "Bayern" in out
    assert main(["threshold", "250000", "--kind", "dienstleistung"]) == 0
    assert "erreicht" in capsys.readouterr().out
    assert main(["programme", "Mondlandeprogramm"]) == 1
