"""The conversation store (bot/tracker_store.py) with real servers: a restart continues every conversation,
a confirmed deletion removes the stored conversation – checked in the SQLite file itself.

The restart test starts its own Rasa server (port DIGITALLOTSE_RESTART_PORT, default 5007, its own SQLite
file) and uses the action server of the running stack (ACTION_SERVER_URL); the shared servers stay untouched.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from pathlib import Path
from typing import Iterator, List

import pytest
from sqlalchemy.engine import make_url

from bot.tracker_store import tracker_db_url
from tests.integration.servers import ROOT, RasaServer, say, texts

RESTART_PORT = int(os.environ.get("DIGITALLOTSE_RESTART_PORT", "5007"))
CONFIRMATION = "Gesprächsverlauf gelöscht"


def stored_texts(db: Path, sender: str) -> List[str]:
    with sqlite3.connect(db) as connection:
        return [row[0] for row in connection.execute("SELECT data FROM events WHERE sender_id = ?", (sender,))]


@pytest.fixture(scope="module")
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RasaServer]:
    db = tmp_path_factory.mktemp("store") / "tracker.db"
    server = RasaServer(RESTART_PORT, f"sqlite:///{db}", "rasa-restart.log")
    server.db = db  # type: ignore[attr-defined]
    server.start()
    yield server
    server.stop()


def test_a_restart_continues_the_conversation_with_its_profile(own_server: RasaServer) -> None:
    sender = f"restart-{uuid.uuid4().hex[:8]}"
    reply = texts(say(own_server.url, sender, "Wir sind eine Stadt in NRW mit 40.000 Einwohnern"))
    assert "Nordrhein-Westfalen" in reply
    own_server.stop()
    own_server.start()
    reply = texts(say(own_server.url, sender, "Was wissen Sie über uns?"))
    assert "Stadt in Nordrhein-Westfalen" in reply and "40.000" in reply, reply


def test_profil_loeschen_deletes_the_stored_conversation(own_server: RasaServer) -> None:
    db: Path = own_server.db  # type: ignore[attr-defined]
    sender, other = f"delete-{uuid.uuid4().hex[:8]}", f"keep-{uuid.uuid4().hex[:8]}"
    say(own_server.url, sender, "Wir sind die Gemeinde Zwackelmann in Bayern, Stichwort Geheimwort-XYZ")
    say(own_server.url, other, "Wir sind die Gemeinde Zwackelmann in Hessen")
    assert any("Zwackelmann" in row for row in stored_texts(db, sender))
    assert "löschen" in texts(say(own_server.url, sender, "Profil löschen"))
    reply = texts(say(own_server.url, sender, "ja"))
    assert CONFIRMATION in reply, reply
    assert stored_texts(db, sender) == []
    assert any("Zwackelmann" in row for row in stored_texts(db, other))  # other conversations stay
    # the same sender can simply go on: a new, empty conversation
    assert "noch keine Angaben" in texts(say(own_server.url, sender, "Zeig mir unser Profil"))


def test_no_deletion_without_confirmation(own_server: RasaServer) -> None:
    db: Path = own_server.db  # type: ignore[attr-defined]
    sender = f"nodelete-{uuid.uuid4().hex[:8]}"
    say(own_server.url, sender, "Wir sind eine Gemeinde in Hessen")
    say(own_server.url, sender, "Profil löschen")
    assert CONFIRMATION not in texts(say(own_server.url, sender, "nein"))
    assert any("Hessen" in row for row in stored_texts(db, sender))


def test_the_widgets_gespraech_loeschen_deletes_it_on_the_shared_server(base_url: str) -> None:
    """The widget sends /delete_profile, then /affirm with the same sender id (bot/widget/digitallotse.js)."""
    url = make_url(tracker_db_url())
    if url.get_backend_name() != "sqlite" or not url.database:
        pytest.skip("the shared server's store is not an SQLite file")
    db = Path(url.database)
    db = db if db.is_absolute() else ROOT / db
    sender = f"widget-{uuid.uuid4().hex[:8]}"
    say(base_url, sender, "Wir sind eine Gemeinde in Sachsen mit 3.000 Einwohnern, Geheimwort-XYZ")
    assert any("Geheimwort-XYZ" in row for row in stored_texts(db, sender))
    say(base_url, sender, "/delete_profile")
    assert CONFIRMATION in texts(say(base_url, sender, "/affirm"))
    assert stored_texts(db, sender) == []
