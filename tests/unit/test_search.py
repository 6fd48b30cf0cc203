"""Free-text search: hybrid ranking under hard filters that similarity never overrides."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actions.kb import knowledge_base
from knowledge.funding import match_funding
from knowledge.profile import Profile
from knowledge.search import MODES, Index, default_embedder, describes_need, relevance_order, tokens

KB = knowledge_base()
EMBEDDER = default_embedder()
PROGRAMMES = Index(KB.programmes, EMBEDDER)
EXAMPLES = Index(KB.examples, EMBEDDER)
TODAY = dt.date(2026, 11, 25)


def test_the_default_backend_is_available_here() -> None:
    assert EMBEDDER is not None and PROGRAMMES.has_embeddings


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("land", ["Bayern", "Saarland", "Bremen"])
def test_a_land_filter_is_never_overridden(mode: str, land: str) -> None:
    hits = PROGRAMMES.search(
        f"Glasfaser für das Gewerbegebiet in {land}", lambda p: not p.states or land in p.states, mode
    )
    assert hits
    assert all(not h.entry.states or land in h.entry.states for h in hits)


@settings(max_examples=40, deadline=None)
@given(query=st.text(min_size=0, max_size=80), allowed_ids=st.sets(st.sampled_from([p.id for p in KB.programmes])))
def test_only_allowed_entries_are_ever_returned(query: str, allowed_ids: set) -> None:
    hits = PROGRAMMES.search(query, lambda p: p.id in allowed_ids, "hybrid", limit=10)
    assert {h.entry.id for h in hits} <= allowed_ids
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_embeddings_find_what_keywords_miss() -> None:
    query = "Leute sollen abends ohne Personal Bücher ausleihen können"
    keyword = [h.entry.id for h in EXAMPLES.search(query, mode="bm25")]
    hybrid = EXAMPLES.search(query, mode="hybrid")
    assert any("Bibliothek" in h.entry.title or "Bibliothek" in h.entry.description for h in hybrid[:3])
    assert keyword != [h.entry.id for h in hybrid]


def test_tokens_fold_stem_and_drop_filler() -> None:
    assert tokens("Wir möchten Förderung für unsere Bibliotheken") == tokens("bibliothek")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Wir wollen, dass Bürger Schlaglöcher per App melden", True),
        ("Unsere Bücherei soll abends ohne Personal öffnen", True),
        ("Zeig mir Beispiele aus Bayern", False),
        ("Welche Förderprogramme gibt es für eine Gemeinde in Sachsen?", False),
        ("Glasfaser", False),
        ("weitere Programme bitte", False),
    ],
)
def test_describes_need(text: str, expected: bool) -> None:
    assert describes_need(text) is expected


def test_relevance_order_ranks_only_the_candidates() -> None:
    candidates = [p for p in KB.programmes if not p.states][:6]
    order = relevance_order("Sirenen und Warnung der Bevölkerung", KB.programmes, candidates)
    assert set(order) <= {p.id for p in candidates}
    assert sorted(order.values()) == list(range(len(order)))


def test_a_described_need_reorders_within_status_tiers_only() -> None:
    profile = Profile(federal_state="Bayern", municipality_type="gemeinde")
    plain = match_funding(profile, KB.programmes, TODAY)
    needed = match_funding(profile, KB.programmes, TODAY, need="Bürger sollen Anträge online stellen können")
    assert {h.programme.id for h in plain} == {h.programme.id for h in needed}
    assert [h.tier for h in needed] == sorted(h.tier for h in needed)
