"""The REST channel with input checks: wrong JSON gets HTTP 400 with a German reason instead of a 500.

Registered in ``credentials.yml`` by module path. ``name()`` stays ``rest``, because Rasa builds the URL
from it: the path stays ``/webhooks/rest/webhook`` (the widget, curl and the docs use it).

What it does before Rasa sees a message:

- the body must be a JSON object (UTF-8) with ``sender`` (a non-empty string of at most
  ``MAX_SENDER_CHARS`` characters without control characters) and ``message`` (a string);
  ``metadata``, if given, must be an object – otherwise HTTP 400 with ``{"error": "…"}`` in German;
- control characters (NUL …) and lone surrogates are removed from the message; line breaks and tabs stay;
- a message starting with "/" goes on as an intent payload only when it is a well-formed one of a known
  intent (buttons, the widget's /delete_profile); otherwise as text without the slash – Rasa would log it;
- a message longer than ``MAX_MESSAGE_CHARS`` (environment, default 4000) is not processed: the reply is
  the bot's German note that it is too long (HTTP 200, like any answer, so the widget shows it);
- it never logs the message text (Rasa's own channel logs it when processing fails).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import traceback
from typing import Any, Awaitable, Callable, Collection, Dict, Optional, Tuple, Union

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse, ResponseStream

logger = logging.getLogger(__name__)

DEFAULT_MAX_MESSAGE_CHARS = 4000
MAX_SENDER_CHARS = 128
# C0/C1 control characters except tab and line feed; carriage returns become line feeds first.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# A sender id is an identifier: no control character at all (line breaks included), no surrogate.
_NOT_IN_SENDER = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")

# A button payload: "/intent" or "/intent{json object}" (actions/text.py builds them with json.dumps).
_PAYLOAD = re.compile(r"/(?P<intent>[A-Za-z_][\w+\-]*)(?P<entities>\{.*\})?", re.DOTALL)

TOO_LONG = (
    "Ihre Nachricht ist zu lang ({length} Zeichen; höchstens {limit}). Bitte schreiben Sie Ihre Frage kürzer, "
    "z. B. in ein bis drei Sätzen – längere Texte kann ich nicht verarbeiten."
)


def max_message_chars() -> int:
    """``MAX_MESSAGE_CHARS`` from the environment; an unusable value falls back to the default."""
    try:
        value = int(os.environ.get("MAX_MESSAGE_CHARS", DEFAULT_MAX_MESSAGE_CHARS))
    except ValueError:
        return DEFAULT_MAX_MESSAGE_CHARS
    return value if value > 0 else DEFAULT_MAX_MESSAGE_CHARS


def clean_text(text: str) -> str:
    """Drop control characters and lone surrogates; keep line breaks (CR/CRLF → LF) and tabs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _SURROGATE.sub("", _CONTROL.sub("", text))


def payload_or_text(text: str, intents: Optional[Collection[str]], entities: Optional[Collection[str]] = None) -> str:
    """A message starting with "/" is parsed by Rasa as an intent payload, and Rasa warns with the whole text
    when that fails (unknown intent or entity, broken JSON). Only a well-formed payload of a known intent with
    known entities goes on as a payload; anything else loses its leading slashes and is ordinary text."""
    stripped = text.strip()
    if not stripped.startswith("/"):
        return text
    match = _PAYLOAD.fullmatch(stripped)
    if match and (intents is None or match["intent"] in intents):
        if match["entities"] is None:
            return stripped
        try:
            values = json.loads(match["entities"])
        except ValueError:
            values = None
        if isinstance(values, dict) and (entities is None or set(values) <= set(entities)):
            return stripped
    return stripped.lstrip("/ \t\n")


class InvalidRequest(ValueError):
    """A request the channel refuses; the message is the German reason sent back to the client."""


def parse_request(body: bytes) -> Tuple[str, str, Optional[Dict[str, Any]]]:
    """(sender, cleaned message, metadata) of a request body, or InvalidRequest with a German reason."""
    try:
        data = json.loads(body.decode("utf-8")) if body else None
    except (UnicodeDecodeError, ValueError):
        raise InvalidRequest("Die Anfrage ist kein gültiges JSON (UTF-8).") from None
    if not isinstance(data, dict):
        raise InvalidRequest('Erwartet wird ein JSON-Objekt: {"sender": "…", "message": "…"}.')
    sender, message, metadata = data.get("sender"), data.get("message"), data.get("metadata")
    if not isinstance(sender, str) or not sender.strip():
        raise InvalidRequest('"sender" fehlt oder ist keine Zeichenkette.')
    if len(sender) > MAX_SENDER_CHARS or _NOT_IN_SENDER.search(sender):
        raise InvalidRequest(f'"sender" ist zu lang (höchstens {MAX_SENDER_CHARS} Zeichen) oder enthält Steuerzeichen.')
    if not isinstance(message, str):
        raise InvalidRequest('"message" fehlt oder ist keine Zeichenkette.')
    if metadata is not None and not isinstance(metadata, dict):
        raise InvalidRequest('"metadata" muss ein JSON-Objekt sein.')
    return sender, clean_text(message), metadata


class CheckedRestInput(RestInput):
    """``RestInput`` with the checks above; same name, same URL, same answers for valid requests."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = Blueprint("digitallotse_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> Union[ResponseStream, HTTPResponse]:
            try:
                sender, text, metadata = parse_request(request.body)
            except InvalidRequest as problem:
                return response.json({"error": str(problem)}, status=400)
            domain = getattr(getattr(request.app.ctx, "agent", None), "domain", None)
            text = payload_or_text(text, getattr(domain, "intents", None), getattr(domain, "entities", None))
            limit = max_message_chars()
            if len(text) > limit:
                return response.json([{"recipient_id": sender, "text": TOO_LONG.format(length=len(text), limit=limit)}])
            if request.args.get("stream", "").lower() == "true":
                return response.stream(
                    self.stream_response(on_new_message, text, sender, self.name(), metadata),
                    content_type="text/event-stream",
                )
            collector = CollectingOutputChannel()
            try:
                await on_new_message(UserMessage(text, collector, sender, input_channel=self.name(), metadata=metadata))
            except asyncio.CancelledError:
                logger.error("Zeitüberschreitung bei der Verarbeitung einer Nachricht.")
            except Exception as exc:  # noqa: BLE001 - answer what was collected; never log the text
                frames = traceback.extract_tb(exc.__traceback__)[-3:]
                where = " <- ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} {f.name}" for f in reversed(frames))
                logger.error("Nachricht konnte nicht verarbeitet werden: %s bei %s", type(exc).__name__, where)
            return response.json(collector.messages)

        return webhook
