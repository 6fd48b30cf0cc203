"""A production-like stack on loopback: PostgreSQL, Redis, one action server, several Rasa servers.

The scale-out tests (tests/scale/) and the soak run (``python -m bot.soak``) use it. It starts the servers
exactly as production does (docs/deployment.md): the project's ``endpoints.yml`` and ``credentials.yml``,
configured only through the environment – ``TRACKER_DB_URL`` (shared PostgreSQL), ``LOCK_STORE_URL``
(shared Redis), ``ACTION_SERVER_URL`` – and ``SANIC_WORKERS`` per Rasa server.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Dict, List, Optional, Sequence, Type

from bot.services import Postgres, Redis, ensure_packages

ROOT = Path(__file__).resolve().parents[1]
LOG_DIR = ROOT / os.environ.get("LOG_DIR", "build/logs")
RASA = str(ROOT / ".venv" / "bin" / "rasa")
PACKAGES = ("postgresql", "redis-server", "nginx")
# Sanic closes a new connection that has not sent its request within KEEP_ALIVE_TIMEOUT (5 s). A busy Rasa
# server opens the connection to the action server and may write the request seconds later (its event loop
# runs the policies); the action call then fails with "Cannot write to closing transport" and the turn's
# events are lost (seen in the soak run). Same value as bot/servers.sh and deploy/systemd.
ACTION_KEEP_ALIVE_TIMEOUT = "120"


def children(pid: int) -> List[int]:
    """``pid`` and all its descendants (Sanic workers are child processes of the Rasa server)."""
    found = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [grand for child in (task / "children").read_text().split() for grand in children(int(child))]
        except OSError:
            continue
    return found


def stop_group(process: Optional[subprocess.Popen], first: int = signal.SIGTERM, timeout: float = 30) -> None:
    """Stop a server started with ``start_new_session=True`` and its children: ``first`` to its process
    group, SIGKILL if it has not ended within ``timeout`` seconds."""
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, first)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=timeout)


def rss_mb(pids: Sequence[int]) -> float:
    """Resident memory of these processes together, in MB (VmRSS from /proc)."""
    total_kb = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
        except OSError:
            continue
    return total_kb / 1024


class Server:
    """A server process of the project, started in its own session so it can be stopped with its children."""

    name = "server"

    def __init__(self, port: int, env: Optional[Dict[str, str]] = None) -> None:
        self.port, self.extra_env = port, dict(env or {})
        self.process: Optional[subprocess.Popen] = None
        self.log = LOG_DIR / f"scale-{self.name}-{port}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    health_path = "/"

    def command(self) -> List[str]:
        raise NotImplementedError

    def launch(self) -> None:
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                self.command(),
                cwd=ROOT,
                env={**os.environ, **self.extra_env},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_ready(self, timeout: float = 300) -> None:
        assert self.process is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} auf Port {self.port} hat sich beendet; siehe {self.log}")
            try:
                with urllib.request.urlopen(self.url + self.health_path, timeout=2):
                    return
            except OSError:
                time.sleep(1)
        raise RuntimeError(f"{self.name} auf Port {self.port} nach {timeout:.0f} s nicht bereit; siehe {self.log}")

    def start(self, timeout: float = 300) -> None:
        self.launch()
        self.wait_ready(timeout)

    def stop(self) -> None:
        stop_group(self.process, signal.SIGTERM)
        self.process = None

    def pids(self) -> List[int]:
        return children(self.process.pid) if self.process is not None and self.process.poll() is None else []


class ActionServer(Server):
    name = "actions"
    health_path = "/health"

    def command(self) -> List[str]:
        self.extra_env.setdefault("SANIC_HOST", "127.0.0.1")  # rasa-sdk reads the interface only from here
        self.extra_env.setdefault("SANIC_KEEP_ALIVE_TIMEOUT", ACTION_KEEP_ALIVE_TIMEOUT)
        return [RASA, "run", "actions", "--actions", "actions", "--port", str(self.port)]


class RasaServer(Server):
    name = "rasa"

    def __init__(self, port: int, env: Optional[Dict[str, str]] = None, workers: int = 1) -> None:
        super().__init__(port, {**(env or {}), "SANIC_WORKERS": str(workers)})
        self.workers = workers

    def command(self) -> List[str]:
        model = os.environ.get("RASA_MODEL", "models/digitallotse.tar.gz")
        command = [RASA, "run", "--model", model, "--endpoints", "endpoints.yml", "--credentials", "credentials.yml"]
        return command + ["--interface", "127.0.0.1", "--port", str(self.port)]

    def wait_exit(self, timeout: float) -> int:
        """For a start that must fail: the exit code, or RuntimeError if it is still running."""
        assert self.process is not None
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.stop()
            raise RuntimeError(f"Rasa-Server auf Port {self.port} lief nach {timeout:.0f} s noch") from None

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""


class Stack:
    """PostgreSQL + Redis + one action server + Rasa servers on ``rasa_ports`` (``workers`` each)."""

    def __init__(
        self,
        rasa_ports: Sequence[int] = (5105, 5106),
        workers: Sequence[int] = (1, 1),
        action_port: int = 5155,
        postgres_port: int = 55432,
        redis_port: int = 56379,
    ) -> None:
        self.postgres = Postgres(postgres_port)
        self.redis = Redis(redis_port)
        self.actions = ActionServer(action_port)
        self.rasa = [RasaServer(port, self.env(), count) for port, count in zip(rasa_ports, workers, strict=True)]

    def env(self) -> Dict[str, str]:
        return {
            "TRACKER_DB_URL": self.postgres.url,
            "LOCK_STORE_URL": self.redis.url,
            "ACTION_SERVER_URL": f"{self.actions.url}/webhook",
            "TICKET_LOCK_LIFETIME": os.environ.get("TICKET_LOCK_LIFETIME", "120"),  # as bot/env.sh
        }

    def start(self) -> Stack:
        ensure_packages(*PACKAGES)
        self.postgres.setup()
        self.redis.start()
        self.actions.launch()
        # The Rasa servers load their models in parallel; the first start also creates the events table.
        for server in self.rasa:
            server.launch()
        self.actions.wait_ready(120)
        for server in self.rasa:
            server.wait_ready(600)
        return self

    def stop(self) -> None:
        for server in [*self.rasa, self.actions]:
            server.stop()
        self.redis.stop()
        self.postgres.remove()

    def __enter__(self) -> Stack:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(
        self, kind: Optional[Type[BaseException]], error: Optional[BaseException], trace: Optional[TracebackType]
    ) -> None:
        self.stop()
