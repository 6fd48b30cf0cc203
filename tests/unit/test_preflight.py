"""``python -m bot.preflight`` and the lock store's choice, without any server: the errors name the setting."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Dict

import pytest
from rasa.core.lock_store import InMemoryLockStore, RedisLockStore

from bot.lock_store import DigitallotseLockStore, redis_lock_store
from bot.store_checks import SEVERAL_WORKERS_NEED_REDIS, StoreUnavailable, describe_db

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A port nothing listens on (bound and released at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def preflight(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    base: Dict[str, str] = {k: v for k, v in os.environ.items() if k not in ("LOCK_STORE_URL", "SANIC_WORKERS")}
    base.update({"TRACKER_DB_URL": f"sqlite:///{tmp_path}/t.db", "STORE_WAIT_SECONDS": "0", **env})
    return subprocess.run(
        [sys.executable, "-m", "bot.preflight"], cwd=ROOT, env=base, capture_output=True, text=True, timeout=60
    )


def test_a_reachable_default_setup_passes(tmp_path: Path) -> None:
    result = preflight(tmp_path)
    assert result.returncode == 0, result.stderr


def test_an_unreachable_database_is_named_with_its_setting_but_not_its_password(tmp_path: Path) -> None:
    url = f"postgresql://digitallotse:SehrGeheim@127.0.0.1:{free_port()}/digitallotse"
    result = preflight(tmp_path, TRACKER_DB_URL=url)
    assert result.returncode == 1
    assert "Die Gesprächsdatenbank ist nicht erreichbar: PostgreSQL-Datenbank digitallotse" in result.stderr
    assert "(Einstellung TRACKER_DB_URL)" in result.stderr and "SehrGeheim" not in result.stderr


def test_an_unreachable_redis_is_named_with_its_setting(tmp_path: Path) -> None:
    result = preflight(tmp_path, LOCK_STORE_URL=f"redis://127.0.0.1:{free_port()}/1")
    assert result.returncode == 1
    assert "Der Lock-Store ist nicht erreichbar" in result.stderr and "(Einstellung LOCK_STORE_URL)" in result.stderr


def test_several_workers_without_redis_are_refused(tmp_path: Path) -> None:
    result = preflight(tmp_path, SANIC_WORKERS="2")
    assert result.returncode == 1 and SEVERAL_WORKERS_NEED_REDIS in result.stderr


def test_lock_store_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LOCK_STORE_URL", raising=False)
    monkeypatch.delenv("SANIC_WORKERS", raising=False)
    assert isinstance(DigitallotseLockStore(endpoint_config=None), InMemoryLockStore)
    monkeypatch.setenv("SANIC_WORKERS", "2")
    with pytest.raises(StoreUnavailable, match="LOCK_STORE_URL"):
        DigitallotseLockStore(endpoint_config=None)


def test_redis_url_is_taken_apart_as_rasa_expects() -> None:
    store = redis_lock_store("redis://:pass%40word@redis.intern:6380/3")
    assert isinstance(store, RedisLockStore)
    kwargs = store.red.connection_pool.connection_kwargs
    assert (kwargs["host"], kwargs["port"], kwargs["db"], kwargs["password"]) == ("redis.intern", 6380, 3, "pass@word")
    with pytest.raises(StoreUnavailable):
        redis_lock_store("http://redis.intern")


def test_database_description_never_shows_the_password() -> None:
    described = describe_db("postgresql://bot:geheim@db.intern:5432/digitallotse")
    assert described == "PostgreSQL-Datenbank digitallotse auf db.intern:5432" and "geheim" not in described
