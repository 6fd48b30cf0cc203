"""Whole conversations over the REST channel, against the trained model and the real action server."""

import re

import pytest

GERMAN = re.compile(r"\b(Sie|Ihnen|Ihre[rnms]?|ich|nicht|und|der|die|das)\b")


def texts(messages):
    return "\n".join(m.get("text", "") for m in messages)


def test_hallo_gets_a_german_greeting(say):
    reply = texts(say("Hallo"))
    assert reply.startswith("Guten Tag!") and "Digitallotse" in reply


ODD_INPUTS = {
    "empty": "",
    "whitespace": "   \n\t ",
    "very long": "Förderung " * 600,
    "emoji only": "😀🚀🏛️",
    "html": "<b>Hallo</b><script>alert('x')</script>",
    "english": "Hello, can you tell me the weather in London?",
    "digits": "1234567890",
}


@pytest.mark.parametrize("message", ODD_INPUTS.values(), ids=ODD_INPUTS.keys())
def test_odd_input_gets_a_polite_german_answer(say, message):
    messages = say(message)
    reply = texts(messages)
    assert messages and reply.strip(), f"no answer to {message[:30]!r}"
    assert GERMAN.search(reply), reply
    assert "<script" not in reply


def test_profile_from_one_sentence_is_noted_and_never_asks_the_name(say):
    reply = texts(say("Wir sind eine Stadt in NRW mit 40.000 Einwohnern"))
    assert "Notiert" in reply and "Nordrhein-Westfalen" in reply and "40.000" in reply
    assert "Wie heißt Ihre Kommune" not in reply
    reply = texts(say("Was wissen Sie über uns?"))
    assert "Stadt in Nordrhein-Westfalen" in reply


def test_funding_search_answers_at_once_then_refines(say):
    reply = texts(say("Welche Förderprogramme passen zu uns?"))
    assert "Bundesland" in reply and re.search(r"Stand: \d{2}/\d{4}( \([^()]+ – [^()]+\))? · Quelle: https?://", reply)
    reply = texts(say("Bayern"))
    assert "Bayern" in reply and "passt, weil:" in reply and "Wie heißt Ihre Kommune" not in reply


def test_procurement_value_check(say):
    reply = texts(say("Wir wollen Software für 80.000 € kaufen – welches Verfahren?"))
    assert "216.000 €" in reply and "nicht erreicht" in reply


def test_correction_and_delete(say):
    say("Wir sind eine Gemeinde in Bayern mit 2.000 Einwohnern im Bereich Tourismus")
    reply = texts(say("Nein, wir sind in Hessen"))
    assert "aktualisiert" in reply and "Hessen" in reply and "vorher: Bayern" in reply
    reply = texts(say("Bitte löschen Sie unsere Angaben"))
    assert "löschen" in reply
    reply = texts(say("ja"))
    assert "gelöscht" in reply
    assert "noch keine Angaben" in texts(say("Zeig mir unser Profil"))
