"""The editors' worklist: what needs checking, most consequential first, as text and JSON."""

import datetime as dt
import json

import pytest

from knowledge import load
from knowledge.__main__ import main
from knowledge.loader import KnowledgeBase
from knowledge.review import review, url_problems
from tests.unit.kb_builders import example, programme, value_limits

TODAY = dt.date(2026, 11, 25)


def synthetic() -> KnowledgeBase:
    return KnowledgeBase(
        programmes=[
            programme("OLD-OPEN", stand=dt.date(2024, 1, 1)),
            programme("PASSED", stand=dt.date(2026, 9, 1), deadlines=[dt.date(2026, 10, 31)]),
            programme("SOON", stand=dt.date(2026, 9, 1), deadlines=[dt.date(2026, 12, 31)], own_share_text="20 %"),
            programme("UNKNOWN", status="unbekannt", stand=dt.date(2024, 1, 1)),
            programme("CLOSED", status="geschlossen", stand=dt.date(2019, 1, 1)),
            programme(
                "FRESH",
                stand=dt.date(2026, 10, 1),
                rate_text="80 %",
                own_share_text="20 %",
                deadline_text="laufend",
                how_to_apply="online",
                contact="Ministerium",
            ),
        ],
        value_limits=[
            value_limits("Hamburg", stand=dt.date(2024, 1, 1)),
            value_limits(
                "Bayern",
                stand=dt.date(2025, 1, 1),
                valid_until=dt.date(2029, 12, 31),
                restricted_without_competition_supplies="bis_eu_schwelle",
                negotiated_supplies="bis_eu_schwelle",
                valid_text="bis 31.12.2029",
            ),
        ],
        examples=[example("EX", stand=dt.date(2021, 5, 1))],
    )


def test_order_open_programmes_then_value_limits_then_unknown_status_then_examples():
    items = review(synthetic(), TODAY)
    ids = [item.id for item in items]
    assert ids == ["PASSED", "OLD-OPEN", "SOON", "Hamburg", "UNKNOWN", "EX"]
    assert [item.impact for item in items] == sorted(item.impact for item in items)


def test_findings_say_what_is_wrong():
    items = {item.id: item for item in review(synthetic(), TODAY)}
    assert [f.code for f in items["PASSED"].findings][0] == "deadline_passed"
    assert items["PASSED"].findings[0].text == "Frist 31.10.2026 vorbei"
    assert any(f.text == "gilt nur noch bis 31.12.2026" for f in items["SOON"].findings)
    assert any(f.code == "unknown_field" and "Eigenanteil" in f.text for f in items["OLD-OPEN"].findings)
    assert items["EX"].findings[0].code == "aged"
    assert all(item.source_url.startswith("https://") for item in items.values())


def test_current_closed_and_valid_entries_are_not_listed():
    ids = {item.id for item in review(synthetic(), TODAY)}
    assert {"FRESH", "CLOSED", "Bayern"}.isdisjoint(ids)


def test_a_broken_looking_source_is_listed_even_for_a_closed_programme():
    kb = KnowledgeBase(programmes=[programme("CLOSED", status="geschlossen", source_url="http://example.org/a.")])
    [item] = review(kb, TODAY)
    assert {f.code for f in item.findings} == {"url"}


@pytest.mark.parametrize(
    "url, problem",
    [
        ("http://example.org/seite", "ohne https"),
        ("https://example.org/seite).", "endet mit einem Satzzeichen"),
        ("https://example.org/a;jsessionid=ABC123", "Sitzungskennung"),
        ("https://example.org/a?utm_source=rss", "Tracking"),
        ("https://example.org/a%zz", "Prozent-Kodierung"),
        ("https://localhost/a", "unvollständig"),
    ],
)
def test_broken_looking_urls(url, problem):
    assert any(problem in found for found in url_problems(url))


def test_good_urls_pass():
    assert url_problems("https://www.gesetze-bayern.de/Content/Document/BayVV_7072_F_10527") == []
    assert url_problems("https://www.vergaberecht.expert/%c2%a7-12-hvtg-vergabeverfahren/") == []


# --- the real knowledge base and the command line ----------------------------------------------


def test_review_of_the_knowledge_base():
    items = review(load(), TODAY)
    hessen = next(item for item in items if item.id == "HE-01")
    assert hessen.findings[0].code == "deadline_passed" and hessen.impact_label.startswith("Förderprogramm")
    assert all(item.findings for item in items)
    assert not any(item.id in ("BY-03", "eu-2024-2025", "eu-2026-2027", "Bayern") for item in items)


def test_cli_review_text(capsys):
    assert main(["review", "--today", "2026-11-25"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Zu prüfen am 25.11.2026:")
    assert "offene Förderprogramme und Wertgrenzen zuerst" in out
    assert "HE-01" in out and "Frist 07.11.2025 vorbei" in out and "Quelle: https://" in out


def test_cli_review_json(capsys):
    assert main(["review", "--json", "--today", "2026-11-25", "--days", "30"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["today"] == "2026-11-25" and document["days"] == 30
    assert document["count"] == len(document["items"]) > 0
    impacts = [item["impact"] for item in document["items"]]
    assert impacts == sorted(impacts)
    for item in document["items"]:
        assert item["source_url"].startswith("http") and item["findings"]
        assert {"kind", "id", "title", "impact_label", "stand", "due"} <= set(item)


def test_a_section_without_its_own_tier_is_still_listed(monkeypatch):
    monkeypatch.setattr("knowledge.review.IMPACT", {})
    [item] = review(KnowledgeBase(examples=[example("EX", stand=dt.date(2021, 5, 1))]), TODAY)
    assert (item.impact, item.impact_label) == (3, "Eintrag")
