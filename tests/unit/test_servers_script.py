"""Security defaults of bot/servers.sh, checked without starting a server."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(script: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("RASA_", "ACTION_"))}
    environment.update(env, LOG_DIR=str(env.get("LOG_DIR", "/tmp")))
    # `rasa` is replaced by a function that only prints its arguments: nothing is started.
    prelude = 'source bot/servers.sh; rasa() { echo "SANIC_HOST=${SANIC_HOST:-} rasa $*"; }; wait_for() { return 0; }; '
    return subprocess.run(
        ["bash", "-c", prelude + script], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=30
    )


def test_the_api_refuses_to_start_without_a_token(tmp_path: Path) -> None:
    result = run("start_rasa_server", RASA_ENABLE_API="1", LOG_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "RASA_AUTH_TOKEN" in result.stderr and "nur mit einem Token" in result.stderr
    assert not (tmp_path / "rasa.log").exists()  # refused before anything was started


def test_the_api_starts_only_with_the_token(tmp_path: Path) -> None:
    result = run("start_rasa_server; wait", RASA_ENABLE_API="1", RASA_AUTH_TOKEN="geheim", LOG_DIR=str(tmp_path))
    command = (tmp_path / "rasa.log").read_text()
    assert result.returncode == 0 and "--enable-api --auth-token geheim" in command


def test_without_the_switch_there_is_no_api(tmp_path: Path) -> None:
    run("start_rasa_server; wait", RASA_AUTH_TOKEN="geheim", LOG_DIR=str(tmp_path))
    assert "--enable-api" not in (tmp_path / "rasa.log").read_text()


def test_the_action_server_listens_on_localhost_by_default(tmp_path: Path) -> None:
    result = run('start_action_server; wait; echo "host=$ACTION_HOST url=$ACTION_SERVER_URL"', LOG_DIR=str(tmp_path))
    assert "host=127.0.0.1 url=http://localhost:5055/webhook" in result.stdout
    assert (
        "SANIC_HOST=127.0.0.1 rasa run actions --actions actions --port 5055" in (tmp_path / "actions.log").read_text()
    )
