"""Questions about the assistant itself reach the privacy or the about answer, whatever the NLU called them."""

import pytest

from actions.about import ActionAboutBot
from actions.fallback import ActionContextFallback
from actions.profile import ActionAskDelete, ActionShowProfile
from knowledge.followups import asks_about_bot, asks_about_privacy
from tests.unit.support import make_tracker


def responses(dispatcher):
    return [m.get("response") for m in dispatcher.messages]


# Seen over REST: the NLU took these for show_profile, delete_profile, bot_challenge and nlu_fallback.
PRIVACY = [
    ("Was passiert mit meinen Daten?", "show_profile", ActionShowProfile),
    ("Speichern Sie meine Daten?", "delete_profile", ActionAskDelete),
    ("Ist das hier datenschutzkonform?", "bot_challenge", ActionAboutBot),
    ("Wie lange werden unsere Angaben gespeichert?", "nlu_fallback", ActionContextFallback),
]


@pytest.mark.parametrize("text, intent, action", PRIVACY, ids=[p[0] for p in PRIVACY])
async def test_privacy_questions_get_the_privacy_answer(text, intent, action, dispatcher):
    await action().run(dispatcher, make_tracker(text=text, intent=intent), {})
    assert responses(dispatcher) == ["utter_privacy"]


@pytest.mark.parametrize(
    "text, intent", [("Wer hat dich gemacht?", "nlu_fallback"), ("Bist du ein Mensch?", "bot_challenge")]
)
async def test_questions_about_the_bot_get_the_about_answer(text, intent, dispatcher):
    action = ActionAboutBot if intent == "bot_challenge" else ActionContextFallback
    await action().run(dispatcher, make_tracker(text=text, intent=intent), {})
    assert responses(dispatcher) == ["utter_iamabot"]


async def test_the_profile_question_still_shows_the_profile(dispatcher):
    tracker = make_tracker({"federal_state": "Hessen"}, text="Was wissen Sie über uns?", intent="show_profile")
    await ActionShowProfile().run(dispatcher, tracker, {})
    assert "Hessen" in dispatcher.messages[0]["text"]


@pytest.mark.parametrize(
    "text",
    ["Welche Förderung gibt es für Datenplattformen?", "Wir wollen Daten der Pegel erfassen", "Wer hat das umgesetzt?"],
)
def test_ordinary_questions_are_neither_privacy_nor_about_the_bot(text):
    assert not asks_about_privacy(text) and not asks_about_bot(text)
