"""Two measured hot spots of Rasa 3.6 fixed in place (py-spy profiles of a loaded server, ``make bench``).

**The check of every action server answer.**

Rasa checks each answer of the action server against a JSON schema with ``jsonschema.validate``. That
function first validates the *schema itself* against JSON Schema's meta-schema and builds a new validator –
on every call. Measured on the project's machines: 77 ms per call, of which 66 ms are the schema check; a
turn makes two calls (slot validation, then the answer). The py-spy profile of a loaded Rasa server
(``make bench``, docs/benchmarks.md) showed 28 % of the server's time in this one method.

``apply()`` replaces ``RemoteAction._validate_action_result`` with the same check done by a validator
built once: same schema, same rules (``best_match`` of the errors, as ``jsonschema.validate`` reports),
same error text.

**Finding an event's class by its name.** Every event read from the store or from an action answer goes
through ``Event.resolve_by_type``, which walks all subclasses of ``Event`` (and checks each for being
abstract) every time: 8 % of a loaded server once the first fix was in. ``apply()`` remembers the answer
per type name; the first lookup of a name still asks Rasa, so the result is the one Rasa would give.
 Rasa offers no setting or hook for this, hence the patch; it is applied by
``bot/tracker_store.py``, which every Rasa server of the project loads (endpoints.yml). It refuses other Rasa
versions than the pinned 3.6 line, so an upgrade has to look at it again.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable, Dict, Optional, Type

import rasa
from jsonschema import ValidationError, validators
from jsonschema.exceptions import best_match
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event

PATCHED_VERSIONS = ("3.6.",)


@lru_cache(maxsize=1)
def _validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)
    cls.check_schema(schema)  # once, not per answer
    return cls(schema)


def validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
    """``RemoteAction._validate_action_result`` with a validator built once (same errors as Rasa's)."""
    error = best_match(_validator().iter_errors(result))
    if error is not None:
        assert isinstance(error, ValidationError)
        error.message += (
            f". Failed to validate Action server response from API, "
            f"make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise error
    return True


_RASA_RESOLVE_BY_TYPE: Callable[..., Optional[Type[Event]]] = Event.resolve_by_type
_EVENT_TYPES: Dict[str, Optional[Type[Event]]] = {}


def resolve_by_type(type_name: str, default: Optional[Type[Event]] = None) -> Optional[Type[Event]]:
    """``Event.resolve_by_type`` that asks Rasa once per type name (unknown names: Rasa every time)."""
    if type_name not in _EVENT_TYPES:
        # Rasa's own answer; unknown names (default, None for "topic", or Rasa's error) are not remembered
        found = _RASA_RESOLVE_BY_TYPE(type_name, default)
        if found is None or found is default:
            return found
        _EVENT_TYPES[type_name] = found
    return _EVENT_TYPES[type_name]


def apply() -> bool:
    """Patch Rasa when it is a version this was measured on; True when patched."""
    if not rasa.__version__.startswith(PATCHED_VERSIONS):
        return False
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]
    Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[method-assign,assignment]
    return True
