"""match_funding and find_programme: hard filters, ranking, reasons and fuzzy lookup."""

import datetime as dt

import pytest

from knowledge import load
from knowledge.funding import OPEN, find_programme, match_funding
from knowledge.profile import Profile
from tests.unit.kb_builders import programme

KB = load()


def _ids(hits):
    return [hit.programme.id for hit in hits]


# --- mechanics, on synthetic entries ---------------------------------------------------------


def test_closed_programmes_are_never_offered():
    hits = match_funding(
        Profile("Bayern", "gemeinde", 3000, "verwaltung"), [programme("A", status="geschlossen"), programme("B")]
    )
    assert _ids(hits) == ["B"]


def test_other_land_is_excluded_nationwide_is_kept():
    entries = [programme("BY"), programme("HE", states=["Hessen"]), programme("BUND", level="Bund", states=[])]
    assert sorted(_ids(match_funding(Profile("Bayern", "gemeinde"), entries))) == ["BUND", "BY"]


def test_applicant_type_is_a_hard_filter():
    entries = [programme("A", applicants=["landkreis"]), programme("B")]
    assert _ids(match_funding(Profile("Bayern", "gemeinde", 3000), entries)) == ["B"]


@pytest.mark.parametrize("population, expected", [(4999, ["SMALL", "ANY"]), (5000, ["SMALL", "ANY"]), (5001, ["ANY"])])
def test_population_limits(population, expected):
    entries = [programme("SMALL", population_max=5000), programme("ANY")]
    assert _ids(match_funding(Profile("Bayern", "gemeinde", population), entries)) == expected


def test_task_area_ranks_first_and_reason_is_german():
    entries = [programme("OTHER", task_areas=["energie"]), programme("MATCH", task_areas=["verwaltung"])]
    hits = match_funding(Profile("Bayern", "gemeinde", 3500, "verwaltung"), entries)
    assert _ids(hits) == ["MATCH", "OTHER"]
    assert hits[0].reason_text == "passt, weil: Gemeinden in Bayern antragsberechtigt; Thema Verwaltung"


def test_unknown_status_is_flagged_and_ranks_after_open():
    hits = match_funding(Profile("Bayern", "stadt"), [programme("U", status="unbekannt"), programme("O")])
    assert _ids(hits) == ["O", "U"]
    assert hits[0].status_note is None
    assert "Status unbekannt" in hits[1].status_note and "Städte in Bayern" in hits[1].reason_text


@pytest.mark.parametrize(
    "level, expected", [("Land", ["BY"]), ("Bund", ["BUND"]), ("EU", ["EU"]), (None, ["BUND", "BY", "EU"])]
)
def test_level_filter(level, expected):
    entries = [programme("BY"), programme("BUND", level="Bund", states=[]), programme("EU", level="EU", states=[])]
    assert sorted(_ids(match_funding(Profile("Bayern", "gemeinde"), entries, level=level))) == expected


def test_without_a_land_only_nationwide_programmes():
    entries = [programme("BY"), programme("BUND", level="Bund", states=[])]
    assert _ids(match_funding(Profile(), entries)) == ["BUND"]


def test_programme_without_municipal_applicants_is_never_offered():
    entries = [programme("FIRMS", level="Bund", states=[], applicants=[]), programme("OK", level="Bund", states=[])]
    assert _ids(match_funding(Profile(), entries)) == ["OK"]


def test_no_fit_gives_empty_list():
    assert match_funding(Profile("Bremen", "gemeinde"), [programme("BY")]) == []


# --- the real knowledge base -----------------------------------------------------------------

CASES = [
    # (profile, must include, must exclude)
    (
        Profile("Bayern", "gemeinde", 3500, "verwaltung"),
        {"BY-04", "BUND-04"},
        {"BY-03", "BUND-01", "BW-03", "NW-01", "BB-04"},
    ),
    (Profile("Nordrhein-Westfalen", "stadt", 40000, "breitband"), {"NW-01", "BUND-04"}, {"NW-05", "BY-01", "NI-04"}),
    (Profile("Thüringen", "gemeinde", 2000, "verwaltung"), {"TH-01"}, {"TH-04", "SN-04"}),
    (Profile("Niedersachsen", "samtgemeinde", 11000, "breitband"), {"NI-01"}, {"NI-04", "SH-01"}),
]


@pytest.mark.parametrize("profile, include, exclude", CASES, ids=lambda c: getattr(c, "federal_state", None))
def test_real_knowledge_base_ranking(profile, include, exclude):
    found = set(_ids(match_funding(profile, KB.programmes)))
    assert include <= found
    assert not (exclude & found)


def test_real_results_never_contain_closed_or_foreign_programmes():
    for state in {s for p in KB.programmes for s in p.states}:
        for hit in match_funding(Profile(state, "gemeinde", 5000, "verwaltung"), KB.programmes):
            assert hit.programme.status != "geschlossen"
            assert not hit.programme.states or state in hit.programme.states


def test_topic_match_comes_first_in_real_results():
    hits = match_funding(Profile("Nordrhein-Westfalen", "stadt", 40000, "breitband"), KB.programmes)
    assert "breitband" in hits[0].programme.task_areas


# --- fuzzy lookup ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected_id",
    [
        ("Digitales Rathaus", "BY-03"),
        ("digitales rathaus", "BY-03"),
        ("KRL", "BUND-11"),
        ("Kommunalrichtlinie", "BUND-11"),
        ("Komunalrichtlinie", "BUND-11"),
        ("mFUND", "BUND-15"),
        ("DigitalPakt Schule 2.0", "BUND-10"),
        ("KIPKI", "RP-01"),
    ],
)
def test_find_programme(text, expected_id):
    lookup = find_programme(text, KB.programmes)
    assert lookup.match is not None and lookup.match.id == expected_id


@pytest.mark.parametrize("text", ["Gigabit", "LEADER"])
def test_ambiguous_names_ask_did_you_mean(text):
    lookup = find_programme(text, KB.programmes)
    assert lookup.match is None and lookup.ambiguous
    assert 2 <= len(lookup.candidates) <= 3


@pytest.mark.parametrize("text", ["Mondlandeprogramm", "", "xyz"])
def test_unknown_programme(text):
    lookup = find_programme(text, KB.programmes)
    assert lookup.match is None and not lookup.ambiguous


def test_passed_deadline_is_said_and_ranks_lower():
    entries = [programme("OLD", deadlines=[dt.date(2025, 3, 31)]), programme("NEW", deadlines=[dt.date(2027, 3, 31)])]
    hits = match_funding(Profile("Bayern", "gemeinde", 3000, "verwaltung"), entries, today=dt.date(2026, 11, 25))
    assert _ids(hits) == ["NEW", "OLD"]
    assert hits[0].status_note is None
    assert "letzte bekannte Frist 31.03.2025 ist vorbei" in hits[1].status_note


# --- statuses checked against sources (issue 9) -----------------------------------------------


def test_bayern_digitales_rathaus_is_closed_and_never_offered():
    rathaus = next(p for p in KB.programmes if p.id == "BY-03")
    assert rathaus.status == "geschlossen" and rathaus.valid_until == dt.date(2023, 9, 30)
    hits = match_funding(Profile("Bayern", "gemeinde", 3000, "verwaltung"), KB.programmes, today=dt.date(2026, 11, 25))
    assert "BY-03" not in _ids(hits)


def test_hessen_call_with_2025_deadlines_has_unknown_status_and_ranks_after_open_programmes():
    smart = next(p for p in KB.programmes if p.id == "HE-01")
    assert smart.status == "unbekannt" and max(smart.deadlines) == dt.date(2025, 11, 7)
    hits = match_funding(Profile("Hessen", "gemeinde", 8000, "verwaltung"), KB.programmes, today=dt.date(2026, 11, 25))
    position = _ids(hits).index("HE-01")
    assert hits[position].tier != OPEN and hits[position].status_note
    assert all(hit.tier == OPEN for hit in hits[:position] if hit.programme.status == "offen")
    assert all(hit.tier != OPEN for hit in hits[position:])
