"""Helpers for integration tests that need their own Rasa server (restart) or talk to the stack directly."""

from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, List, Optional, Tuple

from bot.stack import stop_group

ROOT = Path(__file__).resolve().parents[2]
LOG_DIR = ROOT / os.environ.get("LOG_DIR", "build/logs")


def post(url: str, body: bytes, timeout: float = 60) -> Tuple[int, Any]:
    """POST raw bytes as JSON; (status, decoded JSON or raw text) – also for 4xx/5xx answers."""
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    try:
        return status, json.loads(raw.decode("utf-8"))
    except ValueError:
        return status, raw.decode("utf-8", "replace")


def say(base_url: str, sender: str, message: str) -> List[dict]:
    status, reply = post(
        f"{base_url}/webhooks/rest/webhook", json.dumps({"sender": sender, "message": message}).encode()
    )
    assert status == 200, (status, reply)
    return reply


def texts(messages: List[dict]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


class RasaServer:
    """A Rasa server of its own (model, endpoints and credentials of the project) on ``port``."""

    def __init__(self, port: int, tracker_db_url: str, log_name: str) -> None:
        self.port, self.tracker_db_url, self.log = port, tracker_db_url, LOG_DIR / log_name
        self.process: Optional[subprocess.Popen] = None

    @property
    def url(self) -> str:
        return f"http://localhost:{self.port}"

    def start(self, timeout: float = 300) -> None:
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        model = os.environ.get("RASA_MODEL", "models/digitallotse.tar.gz")
        command = [str(ROOT / ".venv" / "bin" / "rasa"), "run", "--model", model, "--endpoints", "endpoints.yml"]
        command += ["--credentials", "credentials.yml", "--port", str(self.port)]
        env = {**os.environ, "TRACKER_DB_URL": self.tracker_db_url}
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"Rasa server exited; see {self.log}"
            try:
                with urllib.request.urlopen(self.url + "/", timeout=2):
                    return
            except OSError:
                time.sleep(1)
        raise AssertionError(f"Rasa server on port {self.port} not up after {timeout}s; see {self.log}")

    def stop(self) -> None:
        stop_group(self.process)
        self.process = None
