"""The cached check of action server answers accepts and refuses exactly what Rasa's own check does."""

from __future__ import annotations

from typing import Any, Dict

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

from bot import rasa_speedups

ANSWERS = [
    {"events": [{"event": "slot", "name": "federal_state", "value": "Sachsen"}], "responses": [{"text": "Hallo"}]},
    {"events": [], "responses": []},
    {"events": [{"event": "bot", "text": "x", "data": {}, "metadata": {}}]},
]
BROKEN = [
    {"events": [{"event": "slot"}]},  # a slot event without a name
    {"events": [{"event": "gibt es nicht"}]},
    {"events": "keine Liste"},
    {"responses": ["kein Objekt"]},
]


def rasa_check(answer: Dict[str, Any]) -> str:
    try:
        jsonschema.validate(answer, RemoteAction.action_response_format_spec())
        return ""
    except jsonschema.ValidationError as error:
        return error.message


@pytest.mark.parametrize("answer", ANSWERS)
def test_valid_answers_pass(answer: Dict[str, Any]) -> None:
    assert rasa_check(answer) == ""
    assert rasa_speedups.validate_action_result(RemoteAction("a", None), answer) is True


@pytest.mark.parametrize("answer", BROKEN)
def test_invalid_answers_fail_with_rasas_error(answer: Dict[str, Any]) -> None:
    expected = rasa_check(answer)
    assert expected
    with pytest.raises(jsonschema.ValidationError) as raised:
        rasa_speedups.validate_action_result(RemoteAction("a", None), answer)
    assert raised.value.message.startswith(expected + ". Failed to validate Action server response")


def test_the_store_applies_the_patch_for_the_pinned_rasa(monkeypatch: pytest.MonkeyPatch) -> None:
    from rasa.shared.core.events import Event

    monkeypatch.setattr(RemoteAction, "_validate_action_result", RemoteAction._validate_action_result)
    monkeypatch.setattr(Event, "resolve_by_type", Event.__dict__["resolve_by_type"])
    assert rasa_speedups.apply() is True
    assert RemoteAction._validate_action_result is rasa_speedups.validate_action_result
    assert Event.resolve_by_type is rasa_speedups.resolve_by_type
    monkeypatch.setattr(rasa_speedups.rasa, "__version__", "3.7.0")
    assert rasa_speedups.apply() is False


def test_event_classes_are_the_ones_rasa_finds() -> None:
    from rasa.shared.core.events import Event, SlotSet
    from rasa.shared.utils.common import all_subclasses

    names = {cls.type_name for cls in all_subclasses(Event)}
    assert {"user", "bot", "action", "slot", "session_started"} <= names
    for name in names:
        assert rasa_speedups.resolve_by_type(name) is rasa_speedups._RASA_RESOLVE_BY_TYPE(name)
        assert rasa_speedups.resolve_by_type(name) is rasa_speedups.resolve_by_type(name)  # from memory
    assert rasa_speedups.resolve_by_type("topic") is None
    assert rasa_speedups.resolve_by_type("gibt es nicht", SlotSet) is SlotSet
    with pytest.raises(ValueError):
        rasa_speedups.resolve_by_type("gibt es nicht")
