"""The benchmark's own servers: one action server and one Rasa server per configuration, on loopback.

Built on bot.stack's ``ActionServer``/``RasaServer`` (own session, stop with children, RSS from /proc),
with what the benchmark needs on top: a given model, the HTTP API with a random token (``/model/parse``
and ``/status``), a tracker database of its own that starts empty, and a start time measured to 0.1 s.
The Rasa server gets the project's endpoints.yml and credentials.yml for both configurations: only the
model (pipeline and policies) differs, the channel, actions and tracker store are the same.
"""

from __future__ import annotations

import json
import secrets
import socket
import time
import urllib.request
from pathlib import Path
from typing import Dict, List

from bot.stack import RASA, ActionServer, RasaServer, rss_mb

ROOT = Path(__file__).resolve().parents[2]
BENCH_DIR = ROOT / "build" / "bench"


def _answers(url: str, want_model: bool = False) -> bool:
    """Whether ``url`` answers 200 (and, for Rasa's /status, names a loaded model)."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            if response.status != 200:
                return False
            return not want_model or bool(json.loads(response.read().decode("utf-8")).get("model_file"))
    except (OSError, ValueError):
        return False


class BenchActionServer(ActionServer):
    def __init__(self, port: int, tag: str) -> None:
        super().__init__(port)
        self.log = BENCH_DIR / "logs" / f"{tag}-actions-{port}.log"

    def ready(self) -> bool:
        return _answers(self.url + "/health")


class BenchRasaServer(RasaServer):
    """``rasa run`` with ``model``, bound to 127.0.0.1, HTTP API on with ``token``."""

    def __init__(self, port: int, tag: str, model: Path, token: str, action_port: int, tracker_db: Path) -> None:
        env = {
            "ACTION_SERVER_URL": f"http://127.0.0.1:{action_port}/webhook",
            "TRACKER_DB_URL": f"sqlite:///{tracker_db}",
            "LOCK_STORE_URL": "",  # one process: Rasa's in-memory lock (bot/lock_store.py), as `make run`
        }
        super().__init__(port, env, workers=1)
        self.model, self.token, self.tracker_db = model, token, tracker_db
        self.log = BENCH_DIR / "logs" / f"{tag}-rasa-{port}.log"

    def command(self) -> List[str]:
        command = [RASA, "run", "--model", str(self.model), "--endpoints", "endpoints.yml"]
        command += ["--credentials", "credentials.yml", "--interface", "127.0.0.1", "--port", str(self.port)]
        return command + ["--enable-api", "--auth-token", self.token]

    def ready(self) -> bool:
        # "/" already answers while Sanic starts; /status names the model only once it is loaded.
        return _answers(f"{self.url}/status?token={self.token}", want_model=True)

    def launch(self) -> None:
        # Every run starts with an empty conversation store, so depth and load see only their own turns.
        for path in (self.tracker_db, Path(f"{self.tracker_db}-journal")):
            path.unlink(missing_ok=True)
        super().launch()


def timed_start(server: BenchActionServer | BenchRasaServer, timeout: float) -> float:
    """Launch ``server`` and return the seconds until it is ready (polled every 0.1 s)."""
    server.log.parent.mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    server.launch()
    assert server.process is not None
    while time.monotonic() - start < timeout:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} auf Port {server.port} hat sich beendet; siehe {server.log}")
        if server.ready():
            return round(time.monotonic() - start, 1)
        time.sleep(0.1)
    raise RuntimeError(f"{server.name} auf Port {server.port} nach {timeout:.0f} s nicht bereit; siehe {server.log}")


def memory(servers: Dict[str, BenchActionServer | BenchRasaServer]) -> Dict[str, float]:
    """RSS per server (the process and its children together) in MB, and the process counts."""
    found: Dict[str, float] = {}
    for name, server in servers.items():
        pids = server.pids()
        found[name] = round(rss_mb(pids), 1)
        found[f"{name}_processes"] = len(pids)
    return found


def port_free(port: int) -> bool:
    """Nothing listens on 127.0.0.1:``port`` (the bench never shares a port with another user's server)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) != 0


def token() -> str:
    """A fresh token per run for the HTTP API (it only lives as long as the bench's servers)."""
    return secrets.token_urlsafe(24)
