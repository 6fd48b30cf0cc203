"""Start-up checks of the shared stores, with errors that name what is missing.

Rasa's own behaviour is unhelpful at both ends: ``SQLTrackerStore`` retries an unreachable database
forever (a warning every 5 s, the server never becomes ready), and ``RedisLockStore`` does not connect
at all until the first message, which then fails. Both stores of this project call these checks when
the Rasa server starts, and ``python -m bot.preflight`` runs them before a start script launches Rasa.
Waiting a bounded time covers a database that is still starting (systemd starts services in parallel).

No Rasa import here: the checks run in a plain Python process in a second.
"""

from __future__ import annotations

import os
import time
from contextvars import ContextVar
from typing import Callable, List, Optional
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.engine import make_url

DEFAULT_WAIT_SECONDS = 20.0
DEFAULT_DB_URL = "sqlite:///build/tracker.db"


def tracker_db_url() -> str:
    """The tracker store's SQLAlchemy URL from ``TRACKER_DB_URL`` (default: SQLite file under build/)."""
    return os.environ.get("TRACKER_DB_URL", "").strip() or DEFAULT_DB_URL


SEVERAL_WORKERS_NEED_REDIS = (
    "SANIC_WORKERS > 1 braucht einen gemeinsamen Lock-Store: bitte LOCK_STORE_URL=redis://… setzen "
    "(sonst überschreiben sich zwei gleichzeitige Nachrichten eines Gesprächs)."
)


def sanic_workers() -> int:
    """``SANIC_WORKERS`` as Rasa reads it (an unusable value counts as 1)."""
    try:
        return int(os.environ.get("SANIC_WORKERS", "1"))
    except ValueError:
        return 1


def lock_store_url() -> str:
    """``LOCK_STORE_URL``: a ``redis://`` URL when several Rasa processes share conversations, else empty."""
    return os.environ.get("LOCK_STORE_URL", "").strip()


class StoreUnavailable(RuntimeError):
    """A store the configuration names cannot be reached; the message is German and names the variable."""


def wait_seconds() -> float:
    """``STORE_WAIT_SECONDS``: how long a start waits for a store that does not answer yet."""
    try:
        return max(0.0, float(os.environ.get("STORE_WAIT_SECONDS", DEFAULT_WAIT_SECONDS)))
    except ValueError:
        return DEFAULT_WAIT_SECONDS


def _retry(check: Callable[[], None], seconds: float) -> Optional[Exception]:
    """Run ``check`` until it passes or ``seconds`` are over; the last error, or None on success."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            check()
            return None
        except Exception as error:  # noqa: BLE001 - any failure to connect is reported the same way
            if time.monotonic() >= deadline:
                return error
            time.sleep(1.0)


def _first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def describe_db(url: str) -> str:
    """'PostgreSQL-Datenbank digitallotse auf 127.0.0.1:5432' – never the password."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"SQLite-Datei {parsed.database}"
    name = {"postgresql": "PostgreSQL"}.get(parsed.get_backend_name(), parsed.get_backend_name())
    return f"{name}-Datenbank {parsed.database} auf {parsed.host or 'localhost'}:{parsed.port or 'Standardport'}"


def check_database(url: str, seconds: Optional[float] = None) -> None:
    """Connect once to the tracker store's database; StoreUnavailable naming it and TRACKER_DB_URL."""
    connect_args = {"connect_timeout": 5} if make_url(url).get_backend_name() == "postgresql" else {}
    engine = sa.create_engine(url, connect_args=connect_args)

    def connect() -> None:
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))

    try:
        error = _retry(connect, wait_seconds() if seconds is None else seconds)
    finally:
        engine.dispose()
    if error is not None:
        raise StoreUnavailable(
            f"Die Gesprächsdatenbank ist nicht erreichbar: {describe_db(url)} (Einstellung TRACKER_DB_URL). "
            f"Ist der Datenbankserver gestartet und sind Benutzer und Datenbank angelegt? "
            f"Meldung: {_first_line(error)}"
        ) from error


def describe_redis(url: str) -> str:
    parts = urlsplit(url)
    return f"Redis auf {parts.hostname or 'localhost'}:{parts.port or 6379}"


def check_redis(url: str, seconds: Optional[float] = None) -> None:
    """PING the lock store's Redis; StoreUnavailable naming it and LOCK_STORE_URL."""
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=5)
    try:
        error = _retry(lambda: bool(client.ping()), wait_seconds() if seconds is None else seconds)
    finally:
        client.close()
    if error is not None:
        raise StoreUnavailable(
            f"Der Lock-Store ist nicht erreichbar: {describe_redis(url)} (Einstellung LOCK_STORE_URL). "
            f"Ist redis-server gestartet? Meldung: {_first_line(error)}"
        ) from error


# Failures of the tracker store while a message is processed. Rasa wraps every tracker store in its
# FailSafeTrackerStore, which swallows the error: the turn goes on with an empty conversation (the bot
# asks for a profile it already has) and is saved in memory only. The channel (bot/channels.py) watches
# this list around one message and answers "gestört" instead; the list is shared by reference, so it
# also sees failures reported in tasks Rasa starts for the message.
_store_failures: ContextVar[Optional[List[str]]] = ContextVar("digitallotse_store_failures", default=None)


def watch_store_failures() -> List[str]:
    """Start watching for the message being processed now; the returned list fills with failures."""
    failures: List[str] = []
    _store_failures.set(failures)
    return failures


def report_store_failure(error: BaseException) -> StoreUnavailable:
    """Note a failure for the channel; returns the error to raise instead (it never quotes SQL parameters,
    which would put message texts into Rasa's error log)."""
    failures = _store_failures.get()
    if failures is not None:
        failures.append(type(error).__name__)
    return StoreUnavailable(f"Gesprächsdatenbank nicht erreichbar ({type(error).__name__})")
