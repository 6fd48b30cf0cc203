"""Retention: delete conversations whose last event is older than N days from the tracker store.

    python -m bot.retention --days 30 [--dry-run]

Same database as the Rasa server (``TRACKER_DB_URL``, see ``bot/tracker_store.py``). A conversation is
all events of one sender id; it is deleted as a whole when its newest event is older than the limit.
Meant to run daily (``deploy/systemd/digitallotse-retention.timer``). Prints counts only, no ids.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import List, Optional, Sequence

import sqlalchemy as sa

from bot.tracker_store import tracker_db_url

DEFAULT_DAYS = 30
NOTHING_STORED = "Keine Gespräche gespeichert – nichts zu löschen."
EVENTS_TABLE = "events"  # Rasa's SQLTrackerStore table: sender_id, timestamp (Unix seconds), data …


def expired_senders(engine: sa.engine.Engine, cutoff: float) -> List[str]:
    """Sender ids whose newest event is older than ``cutoff`` (Unix seconds)."""
    events = sa.table(EVENTS_TABLE, sa.column("sender_id"), sa.column("timestamp"))
    query = sa.select(events.c.sender_id).group_by(events.c.sender_id).having(sa.func.max(events.c.timestamp) < cutoff)
    with engine.connect() as connection:
        return [row[0] for row in connection.execute(query)]


def delete_senders(engine: sa.engine.Engine, senders: Sequence[str], batch: int = 500) -> int:
    """Delete every event of these senders in one transaction; returns the number of events deleted."""
    events = sa.table(EVENTS_TABLE, sa.column("sender_id"))
    deleted = 0
    with engine.begin() as connection:
        for start in range(0, len(senders), batch):  # bounded IN lists for every database
            chunk = list(senders[start : start + batch])
            deleted += connection.execute(sa.delete(events).where(events.c.sender_id.in_(chunk))).rowcount or 0
    return deleted


def run(url: str, days: float, dry_run: bool = False, now: Optional[float] = None) -> str:
    """Apply the retention to the store at ``url``; returns the German summary line."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and not Path(parsed.database).exists():
        return NOTHING_STORED  # never create an empty database file just to look into it
    engine = sa.create_engine(url)
    try:
        if not sa.inspect(engine).has_table(EVENTS_TABLE):
            return NOTHING_STORED
        cutoff = (time.time() if now is None else now) - days * 86400
        senders = expired_senders(engine, cutoff)
        if dry_run:
            return f"Probelauf: {len(senders)} Gespräche sind älter als {days:g} Tage und würden gelöscht."
        events = delete_senders(engine, senders)
        return f"{len(senders)} Gespräche älter als {days:g} Tage gelöscht ({events} Ereignisse)."
    finally:
        engine.dispose()


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot.retention",
        description="Löscht Gespräche, deren letzte Nachricht älter als N Tage ist (Datenbank: TRACKER_DB_URL).",
    )
    parser.add_argument(
        "--days", type=float, default=DEFAULT_DAYS, help=f"Aufbewahrungsfrist in Tagen (Standard: {DEFAULT_DAYS})"
    )
    parser.add_argument("--dry-run", action="store_true", help="nur zählen, nichts löschen")
    args = parser.parse_args(argv)
    if args.days <= 0:
        parser.error("--days muss größer als 0 sein.")
    try:
        print(run(tracker_db_url(), args.days, dry_run=args.dry_run))
    except sa.exc.SQLAlchemyError as error:
        # The class of error only: a connection error's text can contain the database URL.
        print(f"Die Datenbank ist nicht erreichbar oder fehlerhaft ({type(error).__name__}).", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
