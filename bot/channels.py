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

Faults are answered in German, never with silence or a stack trace (issue #11):

- Rasa processed the message but no bot message came back (the action server is down or an action
  raised; Rasa logs "Encountered an exception while running action" and drops the turn's events, or no
  model is loaded yet): every normal turn of this bot answers, so an empty reply is always a fault. The
  reply is ``UNAVAILABLE`` (HTTP 200, like any answer); the next message works as soon as the cause is gone;
- processing raised (tracker store/PostgreSQL or the Redis lock store unreachable, …): HTTP 503 with the
  usual reply list carrying ``DISRUPTED``; only the exception type and code location are logged;
- ``?stream=true`` (``rasa shell``) streams the same texts: ``UNAVAILABLE`` when nothing was streamed,
  ``DISRUPTED`` after a failure (the status line is already sent then, so it stays 200).
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
from rasa.core.channels.rest import QueueOutputChannel, RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse, ResponseStream

from bot.store_checks import watch_store_failures

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

# An empty reply: Rasa ran, but the action server (or one action) failed and the turn said nothing.
UNAVAILABLE = (
    "Entschuldigung, diese Funktion ist gerade kurz nicht verfügbar. "
    "Bitte versuchen Sie es in einer Minute noch einmal."
)
# Processing raised (a store is unreachable): the message was not processed, what was said before is kept.
DISRUPTED = (
    "Der Dienst ist gerade kurz gestört. Ihr bisheriges Gespräch bleibt erhalten – "
    "bitte senden Sie Ihre Nachricht in einem Moment noch einmal."
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


def log_failure(exc: BaseException) -> None:
    """Logs the exception type and where it happened – never its message, which may quote the user's text
    (SQL parameters, Rasa's own log lines)."""
    frames = traceback.extract_tb(exc.__traceback__)[-3:]
    where = " <- ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} {f.name}" for f in reversed(frames))
    logger.error("Nachricht konnte nicht verarbeitet werden: %s bei %s", type(exc).__name__, where)


def reply(sender: str, text: str) -> Dict[str, str]:
    """One bot message in the format of Rasa's reply list."""
    return {"recipient_id": sender, "text": text}


class InvalidRequest(ValueError):
    """A request the channel refuses; the message is the German reason sent back to the client."""


def parse_request(body: bytes) -> Tuple[str, str, Optional[Dict[str, Any]]]:
    """(sender, cleaned message, metadata) of a request body, or InvalidRequest with a German reason."""
    try:
        data = json.loads(body.decode("utf-8")) if body else None
    except (UnicodeDecodeError, ValueError, RecursionError):  # RecursionError: JSON nested thousands deep
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
            store_failures = watch_store_failures()
            try:
                await on_new_message(UserMessage(text, collector, sender, input_channel=self.name(), metadata=metadata))
            except asyncio.CancelledError:
                logger.error("Zeitüberschreitung bei der Verarbeitung einer Nachricht.")
            except Exception as exc:  # noqa: BLE001 - a German answer instead of a 500; never log the text
                log_failure(exc)
                # What was collected before the failure is not saved in the tracker; showing it would let
                # follow-up questions refer to answers the bot does not remember.
                return response.json([reply(sender, DISRUPTED)], status=503)
            if store_failures:
                # Rasa went on with an empty conversation; its answer would ignore everything said so far.
                logger.error("Gesprächsdatenbank während der Verarbeitung nicht erreichbar (%s).", store_failures[0])
                return response.json([reply(sender, DISRUPTED)], status=503)
            return response.json(collector.messages or [reply(sender, UNAVAILABLE)])

        return webhook

    def stream_response(
        self,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        text: str,
        sender_id: str,
        input_channel: str,
        metadata: Optional[Dict[str, Any]],
    ) -> Callable[[Any], Awaitable[None]]:
        """Rasa's streaming, but faults are answered: Rasa's own version waits forever for the end of a
        message whose processing raised, and streams nothing when the turn produced nothing."""

        async def stream(resp: Any) -> None:
            queue: asyncio.Queue = asyncio.Queue()

            async def process() -> None:
                store_failures = watch_store_failures()
                message = UserMessage(
                    text, QueueOutputChannel(queue), sender_id, input_channel=input_channel, metadata=metadata
                )
                try:
                    await on_new_message(message)
                except Exception as exc:  # noqa: BLE001 - streamed as a German answer; never log the text
                    log_failure(exc)
                    queue.put_nowait(_FAILED)
                except asyncio.CancelledError:
                    logger.error("Zeitüberschreitung bei der Verarbeitung einer Nachricht.")
                    queue.put_nowait(_FAILED)
                    raise
                else:
                    queue.put_nowait(_FAILED if store_failures else _DONE)

            task = asyncio.ensure_future(process())
            streamed = 0
            while True:
                item = await queue.get()
                if item is _DONE or item is _FAILED:
                    break
                await resp.write(json.dumps(item) + "\n")
                streamed += 1
            if item is _FAILED:
                await resp.write(json.dumps(reply(sender_id, DISRUPTED)) + "\n")
            elif not streamed:
                await resp.write(json.dumps(reply(sender_id, UNAVAILABLE)) + "\n")
            await asyncio.gather(task, return_exceptions=True)

        return stream


# End markers of a streamed turn; objects, so that no bot message can be mistaken for one.
_DONE = object()
_FAILED = object()
