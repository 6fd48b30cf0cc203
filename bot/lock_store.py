"""The lock store: in memory for one Rasa server, Redis when several servers or workers share conversations.

Rasa serialises the messages of one conversation with a lock per conversation id. In memory that lock
only holds inside one process; as soon as two Rasa servers (or ``SANIC_WORKERS`` > 1) share the SQL
tracker store, the lock must be shared too, or two turns of one conversation overwrite each other.

``endpoints.yml`` names this class; the choice comes from the environment (one file for every setup):

- ``LOCK_STORE_URL`` unset: Rasa's ``InMemoryLockStore`` (``make run``, one process);
- ``LOCK_STORE_URL=redis://[:password@]host:port/db``: Rasa's ``RedisLockStore`` on that server, checked
  at start (``bot/store_checks.py``): an unreachable Redis stops the start with an error naming it.

Rasa allows ``SANIC_WORKERS`` > 1 for any custom lock store type, so the in-memory case refuses several
workers itself instead of silently losing serialisation.
"""

from __future__ import annotations

from typing import Any, Optional
from urllib.parse import unquote, urlsplit

from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore

from bot.store_checks import SEVERAL_WORKERS_NEED_REDIS, StoreUnavailable, check_redis, lock_store_url, sanic_workers


def redis_lock_store(url: str) -> RedisLockStore:
    """Rasa's RedisLockStore for a ``redis://`` URL (the db number is the path, default 1 as in Rasa)."""
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss") or not parts.hostname:
        raise StoreUnavailable(
            f"LOCK_STORE_URL ist keine Redis-Adresse (erwartet redis://host:port/db): {parts.scheme}://…"
        )
    db = parts.path.strip("/") or "1"
    return RedisLockStore(
        host=parts.hostname,
        port=parts.port or 6379,
        db=int(db),
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        use_ssl=parts.scheme == "rediss",
        key_prefix="digitallotse",
    )


class DigitallotseLockStore:
    """A factory in the shape Rasa loads custom lock stores with (``cls(endpoint_config=…)``)."""

    def __new__(cls, endpoint_config: Optional[Any] = None) -> LockStore:  # type: ignore[misc]
        url = lock_store_url()
        if not url:
            if sanic_workers() > 1:
                raise StoreUnavailable(SEVERAL_WORKERS_NEED_REDIS)
            return InMemoryLockStore()
        check_redis(url)
        return redis_lock_store(url)
