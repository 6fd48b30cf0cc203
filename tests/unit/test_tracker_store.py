"""The conversation store on a real SQLite file: persistence, deletion only on the confirmed marker, retention."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import List

import pytest
from rasa.core.tracker_store import FailSafeTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot import retention
from bot.markers import DELETE_CONVERSATION
from bot.store_checks import watch_store_failures
from bot.tracker_store import DEFAULT_DB_URL, DigitallotseTrackerStore, is_deletion_marker, tracker_db_url

DOMAIN = Domain.from_yaml(
    "version: '3.1'\nslots:\n  municipality_name:\n    type: any\n    mappings: [{type: custom}]\n"
    "  delete_asked:\n    type: any\n    mappings: [{type: custom}]\n"
)


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "sub" / "tracker.db"  # the folder is created by the store
    monkeypatch.setenv("TRACKER_DB_URL", f"sqlite:///{path}")
    return path


def rows(db: Path, sender: str) -> List[str]:
    with sqlite3.connect(db) as connection:
        return [r[0] for r in connection.execute("SELECT data FROM events WHERE sender_id = ?", (sender,))]


def conversation(sender: str, *events: Event) -> DialogueStateTracker:
    base = [UserUttered("Geheimwort-XYZ"), SlotSet("municipality_name", "Zwackelmann"), BotUttered("Notiert.")]
    return DialogueStateTracker.from_events(sender, base + list(events), DOMAIN.slots)


def test_default_url_is_a_sqlite_file_under_build(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRACKER_DB_URL", raising=False)
    assert tracker_db_url() == DEFAULT_DB_URL == "sqlite:///build/tracker.db"
    monkeypatch.setenv("TRACKER_DB_URL", "postgresql://bot:geheim@localhost:5432/digitallotse")
    assert tracker_db_url().startswith("postgresql://")


async def test_a_new_store_continues_the_saved_conversation(db: Path) -> None:
    await DigitallotseTrackerStore(domain=DOMAIN).save(conversation("alice"))
    restarted = DigitallotseTrackerStore(domain=DOMAIN)  # a new process would do the same
    tracker = await restarted.retrieve("alice")
    assert tracker is not None and tracker.get_slot("municipality_name") == "Zwackelmann"
    assert db.is_file()


async def test_confirmed_deletion_removes_every_row_of_the_sender_only(db: Path) -> None:
    store = DigitallotseTrackerStore(domain=DOMAIN)
    await store.save(conversation("alice"))
    await store.save(conversation("bob"))
    tracker = conversation("alice")
    tracker.update(ActionExecuted("action_delete_profile"))
    tracker.update(SlotSet("delete_asked", None, metadata=dict(DELETE_CONVERSATION)))
    tracker.update(BotUttered("Ich habe alle Angaben … gelöscht."))
    await store.save(tracker)
    assert rows(db, "alice") == []
    assert any("Zwackelmann" in data for data in rows(db, "bob"))
    assert await store.retrieve("alice") is None
    await store.save(tracker)  # saved again in the same turn: still nothing stored
    assert rows(db, "alice") == []


@pytest.mark.parametrize(
    "event",
    [
        SlotSet("delete_asked", None),  # the same slot without the marker
        UserUttered("/affirm", metadata=dict(DELETE_CONVERSATION)),  # a client may send any metadata
        BotUttered("gelöscht", metadata=dict(DELETE_CONVERSATION)),
    ],
)
async def test_nothing_but_the_marker_slot_event_deletes(db: Path, event: Event) -> None:
    assert not is_deletion_marker(event)
    store = DigitallotseTrackerStore(domain=DOMAIN)
    await store.save(conversation("alice", event))
    assert len(rows(db, "alice")) == 4


async def _store_with_ages(db: Path, now: float) -> None:
    store = DigitallotseTrackerStore(domain=DOMAIN)
    for sender, days_ago in (("alt", 45), ("grenze", 29), ("neu", 1)):
        stamp = now - days_ago * 86400
        events = [UserUttered("Hallo", timestamp=stamp - 60), BotUttered("Guten Tag", timestamp=stamp)]
        await store.save(DialogueStateTracker.from_events(sender, events, DOMAIN.slots))


async def test_retention_deletes_only_conversations_older_than_the_limit(db: Path) -> None:
    now = time.time()
    await _store_with_ages(db, now)
    url = tracker_db_url()
    assert "Probelauf: 1 Gespräche" in retention.run(url, 30, dry_run=True, now=now)
    assert len(rows(db, "alt")) == 2  # the dry run deletes nothing
    assert retention.run(url, 30, now=now) == "1 Gespräche älter als 30 Tage gelöscht (2 Ereignisse)."
    assert rows(db, "alt") == [] and rows(db, "grenze") and rows(db, "neu")
    assert retention.run(url, 7, now=now).startswith("1 Gespräche")
    assert rows(db, "grenze") == [] and rows(db, "neu")


def test_retention_command_line(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert retention.main(["--days", "30"]) == 0
    assert "Keine Gespräche gespeichert" in capsys.readouterr().out  # no table yet: nothing to do
    with pytest.raises(SystemExit):
        retention.main(["--days", "0"])


async def test_a_failing_database_is_reported_without_sql_parameters(
    db: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Rasa wraps every store in its FailSafeTrackerStore, which logs the error and goes on with an empty
    conversation; the store reports the failure to the channel and the log never shows a message text."""
    store = DigitallotseTrackerStore(domain=DOMAIN)
    await store.save(conversation("alice"))
    with sqlite3.connect(db) as connection:
        connection.execute("DROP TABLE events")  # as good as a database that went away
    failsafe = FailSafeTrackerStore(store)
    failures = watch_store_failures()
    assert await failsafe.retrieve("alice") is None
    await failsafe.save(conversation("alice"))
    assert failures == ["OperationalError", "OperationalError"]
    assert "Geheimwort-XYZ" not in caplog.text and "Zwackelmann" not in caplog.text
    assert "Gesprächsdatenbank nicht erreichbar" in caplog.text


async def test_a_deleted_conversation_is_gone_from_the_sqlite_files(db: Path) -> None:
    store = DigitallotseTrackerStore(domain=DOMAIN)
    await store.save(conversation("alice"))
    assert store.delete_conversation("alice") > 0
    on_disk = b"".join(p.read_bytes() for p in db.parent.iterdir() if p.name.startswith(db.name))
    assert b"Geheimwort-XYZ" not in on_disk and b"Zwackelmann" not in on_disk
