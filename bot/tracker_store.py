"""The conversation store: Rasa's SQL tracker store, configured from the environment, with real deletion.

Configuration (one place, read by the Rasa server and by ``python -m bot.retention``):

- ``TRACKER_DB_URL``: an SQLAlchemy URL. Default ``sqlite:///build/tracker.db`` (relative to the working
  directory, the repository). Production: ``postgresql://user:password@host:5432/digitallotse``.

``endpoints.yml`` names this class (``type: bot.tracker_store.DigitallotseTrackerStore``); Rasa loads
custom stores by module path and passes the ``tracker_store`` keys as keyword arguments.

Long conversations: after ``SESSION_MAX_EVENTS`` events the store begins a new Rasa session with the slots
carried over (``bot/session_rollover.py``), so the cost of a turn stops growing with the conversation.

Deletion: when the events about to be saved contain the marker of a confirmed deletion
(``bot/markers.py``), every stored event of that sender is deleted and nothing is inserted – the
conversation is gone from the database, not only the profile slots.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, Iterable, Optional

import sqlalchemy as sa
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker

from bot import rasa_speedups
from bot.markers import DELETE_CONVERSATION_KEY, DELETE_CONVERSATION_VALUE
from bot.session_rollover import rollover_events
from bot.store_checks import DEFAULT_DB_URL, check_database, report_store_failure, tracker_db_url

__all__ = ["DEFAULT_DB_URL", "DigitallotseTrackerStore", "tracker_db_url"]

logger = logging.getLogger(__name__)


def _prepare_sqlite(url: sa.engine.URL) -> None:
    """SQLite needs the file's folder; the table itself is created by Rasa's store."""
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)


def _sqlite_connection_settings(connection: Any, _record: Any) -> None:
    """Per connection: ``synchronous=NORMAL``, the setting SQLite recommends for its write-ahead log.

    Why: in SQLite's default mode each turn's commit waits for the disk twice; storing a turn was 10 % of
    a loaded server's time. With WAL a commit survives a crash of the process; only a power loss can undo
    the last turns. Production runs on PostgreSQL (docs/deployment.md), which this does not touch. The WAL
    mode itself is a property of the file and is set once when the store starts."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA synchronous=NORMAL")
    # a deleted conversation is overwritten in the file, not only unlinked (see delete_conversation)
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def is_deletion_marker(event: Event) -> bool:
    """The confirmed deletion's marker: a SlotSet (only actions emit those) with the marker metadata."""
    metadata = event.metadata if isinstance(event, SlotSet) else None
    return isinstance(metadata, dict) and metadata.get(DELETE_CONVERSATION_KEY) == DELETE_CONVERSATION_VALUE


class DigitallotseTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` on ``TRACKER_DB_URL`` that deletes a conversation when the user confirmed it."""

    def __init__(
        self,
        domain: Optional[Domain] = None,
        event_broker: Optional[EventBroker] = None,
        url: Optional[str] = None,
        **kwargs: Any,
    ) -> None:
        # Rasa passes the endpoint's `url` as `host`; an explicit `url` in endpoints.yml wins over the env.
        kwargs.pop("host", None)
        # Every Rasa server of the project creates this store (endpoints.yml): the place to fix two measured
        # hot spots of Rasa 3.6 (bot/rasa_speedups.py: action answer check, event class lookup).
        rasa_speedups.apply()
        db_url = make_url(url or tracker_db_url())
        _prepare_sqlite(db_url)
        # Rasa's own store would retry an unreachable database forever without saying which one.
        check_database(db_url.render_as_string(hide_password=False))
        # A complete URL as `host` is used as it is by SQLTrackerStore.get_db_url (password included).
        super().__init__(
            domain=domain,
            dialect=db_url.drivername,
            host=db_url.render_as_string(hide_password=False),
            db=db_url.database or "",
            event_broker=event_broker,
            **kwargs,
        )
        # A database restarted while the server runs leaves dead connections in the pool; testing a
        # connection before use lets the next message work again without restarting the Rasa server.
        self.engine.dispose()
        self.engine = sa.create_engine(self.engine.url, pool_pre_ping=True, **create_engine_kwargs(self.engine.url))
        if self.engine.url.get_backend_name() == "sqlite":
            # SQLAlchemy 1.4 opens a new SQLite connection per session: only the per-connection settings
            # run on each one; the journal mode stays in the file
            sa.event.listen(self.engine, "connect", _sqlite_connection_settings)
            with self.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA journal_mode=WAL")
        self.sessionmaker = sessionmaker(bind=self.engine)

    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        try:
            return await super().retrieve(sender_id)
        except sa.exc.SQLAlchemyError as error:
            raise report_store_failure(error) from None

    async def retrieve_full_tracker(self, conversation_id: str) -> Optional[DialogueStateTracker]:
        try:
            return await super().retrieve_full_tracker(conversation_id)
        except sa.exc.SQLAlchemyError as error:
            raise report_store_failure(error) from None

    async def save(self, tracker: DialogueStateTracker) -> None:
        try:
            await self._save(tracker)
        except sa.exc.SQLAlchemyError as error:
            raise report_store_failure(error) from None

    async def _save(self, tracker: DialogueStateTracker) -> None:
        # Rasa's SQLTrackerStore.save, with the stored events counted once (Rasa counts them in save and
        # again here for the deletion check; the count query was 8 % of a loaded server).
        with self.session_scope() as session:
            new_events = list(self._additional_events(session, tracker))
        if any(is_deletion_marker(event) for event in new_events):
            deleted = self.delete_conversation(tracker.sender_id)
            # Only the count: the sender id can be chosen by a client and is not logged.
            logger.info("Gespräch auf Wunsch gelöscht (%d gespeicherte Ereignisse).", deleted)
            return
        await self.stream_events(tracker)
        # A long session ends after this turn: its new session goes into the same transaction.
        self._insert(tracker.sender_id, new_events + rollover_events(tracker))

    def _insert(self, sender_id: str, events: Iterable[Event]) -> None:
        """Store ``events`` as Rasa's SQLTrackerStore.save stores them (same columns, one transaction)."""
        with self.session_scope() as session:
            for event in events:
                data = event.as_dict()
                intent = data.get("parse_data", {}).get("intent", {}).get("name")
                session.add(
                    self.SQLEvent(
                        sender_id=sender_id,
                        type_name=event.type_name,
                        timestamp=data.get("timestamp"),
                        intent_name=intent,
                        action_name=data.get("name"),
                        data=json.dumps(data),
                    )
                )
            session.commit()

    def delete_conversation(self, sender_id: str) -> int:
        """Delete every stored event of ``sender_id`` (all sessions); returns how many rows went."""
        with self.session_scope() as session:
            deleted = session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id).delete()
            session.commit()
            if self.engine.url.get_backend_name() == "sqlite":
                # the write-ahead log still holds the deleted pages until they are written back
                session.execute(sa.text("PRAGMA wal_checkpoint(TRUNCATE)"))
        return int(deleted)

    def sender_ids(self) -> Iterable[str]:
        with self.session_scope() as session:
            return [row[0] for row in session.query(self.SQLEvent.sender_id).distinct()]
