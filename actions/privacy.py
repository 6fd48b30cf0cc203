"""No message texts or profile values in the action server's logs or error replies.

rasa-sdk's endpoint answers any exception with HTTP 500 and the whole request body – the tracker with
every message text and slot – as ``request_body``; the Rasa server then logs that reply at ERROR. The
actions themselves never raise (``actions/guard.py``), but a malformed request or a bug outside an
action would. ``protect_action_server`` replaces that error handler with one that logs only the
exception type and the code location and answers without the request.

It hooks into the running action server's Sanic app: rasa-sdk imports this package while it builds the
app (``create_app`` → ``register_package``), before it registers its own handler, so ours is installed
when the server starts and wins. Outside the action server (unit tests, tools) it does nothing.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any

logger = logging.getLogger(__name__)

ACTION_SERVER_APP = "rasa_sdk"
ERROR_REPLY = {"error": "Interner Fehler des Action-Servers (Einzelheiten ohne Gesprächsinhalt im Log)."}


def where(exc: BaseException) -> str:
    """File, line and function of the last frames – never values, never the exception's message."""
    frames = traceback.extract_tb(exc.__traceback__)[-4:]
    return " <- ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} {f.name}" for f in reversed(frames))


async def private_error_reply(request: Any, exception: BaseException) -> Any:
    """The action server's answer to any exception: status and a fixed German text, no request data."""
    from sanic import response
    from sanic.exceptions import SanicException

    if isinstance(exception, SanicException):  # 404 route, 405, unparsable JSON …: the client's mistake
        status = int(getattr(exception, "status_code", 500) or 500)
        if status < 500:
            return response.json({"error": "Ungültige Anfrage an den Action-Server."}, status=status)
    logger.error("Fehler im Action-Server: %s bei %s", type(exception).__name__, where(exception))
    return response.json(ERROR_REPLY, status=500)


def protect_action_server() -> bool:
    """Install ``private_error_reply`` on the action server's app; False when there is none (not a server)."""
    try:
        from sanic import Sanic

        app = Sanic.get_app(ACTION_SERVER_APP)
    except Exception:  # noqa: BLE001 - no running action server: nothing to protect
        return False

    async def install(app: Any, _loop: Any = None) -> None:
        # before_server_start runs after create_app registered rasa-sdk's handler: ours replaces it.
        app.error_handler.add(Exception, private_error_reply)

    app.register_listener(install, "before_server_start")
    return True
