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

from rasa.core.lock_store import LOCK_LIFETIME, InMemoryLockStore, LockStore, RedisLockStore

from bot.store_checks import SEVERAL_WORKERS_NEED_REDIS, StoreUnavailable, check_redis, lock_store_url, sanic_workers


class AtomicRedisLockStore(RedisLockStore):
    """Rasa's RedisLockStore with its read-modify-write steps made atomic across processes.

    Rasa 3.6 issues, finishes and prunes tickets with a plain GET, a change in Python and a SET. Inside one
    process that is safe (nothing awaits in between); two Rasa servers or Sanic workers doing it at the same
    moment both read the same lock and one write is lost – two messages then hold the same ticket, are
    processed at once and one turn's events are overwritten (seen in the scale test: 7 of 8 stored). Each
    step now runs under a short Redis mutex (redis-py's Lock: SET NX with expiry, released by token).
    """

    MUTEX_SECONDS = 5.0  # the guarded steps are one GET and one SET; the expiry only frees a crashed holder

    def _mutex(self, conversation_id: str) -> Any:
        return self.red.lock(
            f"{self.key_prefix}{conversation_id}:mutex",
            timeout=self.MUTEX_SECONDS,
            blocking_timeout=self.MUTEX_SECONDS,
            sleep=0.005,
        )

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        with self._mutex(conversation_id):
            return super().issue_ticket(conversation_id, lock_lifetime)

    def update_lock(self, conversation_id: str) -> None:
        with self._mutex(conversation_id):
            super().update_lock(conversation_id)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        with self._mutex(conversation_id):
            super().finish_serving(conversation_id, ticket_number)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        # Rasa's cleanup is finish + "anyone waiting?" + delete: one step, or a new ticket could be deleted.
        with self._mutex(conversation_id):
            super().finish_serving(conversation_id, ticket_number)
            if not super().is_someone_waiting(conversation_id):
                self.delete_lock(conversation_id)


def redis_lock_store(url: str) -> RedisLockStore:
    """Rasa's RedisLockStore for a ``redis://`` URL (the db number is the path, default 1 as in Rasa)."""
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss") or not parts.hostname:
        raise StoreUnavailable(
            f"LOCK_STORE_URL ist keine Redis-Adresse (erwartet redis://host:port/db): {parts.scheme}://…"
        )
    db = parts.path.strip("/") or "1"
    return AtomicRedisLockStore(
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

    def __new__(cls, endpoint_config: Optional[Any] = None) -> LockStore:  # type: ignore[misc,unused-ignore]
        url = lock_store_url()
        if not url:
            if sanic_workers() > 1:
                raise StoreUnavailable(SEVERAL_WORKERS_NEED_REDIS)
            return InMemoryLockStore()
        check_redis(url)
        return redis_lock_store(url)
