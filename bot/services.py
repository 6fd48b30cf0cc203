"""PostgreSQL and Redis from Debian's packages, started on loopback for the scale-out tests and the soak run.

Production runs them as system services (docs/deployment.md); the tests must not depend on a service a
machine may or may not have. So they get their own instances: a PostgreSQL cluster in a fresh temporary
directory and a Redis without persistence, on ports of their own, stopped and removed afterwards.

Debian's PostgreSQL refuses to run as root: as root the cluster belongs to the ``postgres`` user (created by
the package), and its directory lies under /tmp, because a clone may sit in a directory only root can enter.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import List, Optional

DB_NAME = DB_USER = "digitallotse"
# A throwaway password for a throwaway cluster on loopback; production sets its own in TRACKER_DB_URL.
DB_PASSWORD = "digitallotse-test"


def _installed(package: str) -> bool:
    result = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True, check=False)
    return result.returncode == 0 and "install ok installed" in result.stdout


def ensure_packages(*packages: str) -> None:
    """Install missing Debian packages without starting their system services (policy-rc.d says no)."""
    missing = [package for package in packages if not _installed(package)]
    if not missing:
        return
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        raise RuntimeError(
            f"Es fehlen Debian-Pakete: {' '.join(missing)}. Bitte installieren (sudo apt-get install {' '.join(missing)})."
        )
    policy = Path("/usr/sbin/policy-rc.d")
    had_policy = policy.exists()
    if not had_policy:
        # The packages' install scripts would start system-wide services on the default ports.
        policy.write_text("#!/bin/sh\nexit 101\n")
        policy.chmod(0o755)
    try:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], check=True, env=env)
    finally:
        if not had_policy:
            policy.unlink()


def _as_postgres(command: List[str]) -> List[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _postgres_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError(f"PostgreSQL-Programm {name} nicht gefunden (Debian-Paket postgresql).")
    return found[-1]


class Postgres:
    """A PostgreSQL cluster of its own on 127.0.0.1:``port`` with database and user ``digitallotse``."""

    def __init__(self, port: int = 55432) -> None:
        self.port = port
        self.directory: Optional[Path] = None

    @property
    def url(self) -> str:
        return f"postgresql://{DB_USER}:{DB_PASSWORD}@127.0.0.1:{self.port}/{DB_NAME}"

    @property
    def data(self) -> Path:
        assert self.directory is not None, "Postgres.setup() first"
        return self.directory / "data"

    def setup(self) -> None:
        """A new cluster: password login over TCP, the superuser only over the cluster's own socket."""
        self.directory = Path(tempfile.mkdtemp(prefix="digitallotse-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
        initdb = [_postgres_bin("initdb"), "-D", str(self.data), "-U", "postgres", "--encoding=UTF8"]
        initdb += ["--locale=C.UTF-8", "--auth-local=trust", "--auth-host=scram-sha-256"]
        subprocess.run(_as_postgres(initdb), check=True, capture_output=True)
        self.start()
        for sql in (
            f"CREATE ROLE {DB_USER} LOGIN PASSWORD '{DB_PASSWORD}'",
            f"CREATE DATABASE {DB_NAME} OWNER {DB_USER}",
        ):
            self.superuser_sql(sql)

    def superuser_sql(self, sql: str) -> str:
        command = [_postgres_bin("psql"), "-h", str(self.directory), "-p", str(self.port), "-U", "postgres"]
        command += ["-d", "postgres", "-tAc", sql]
        return subprocess.run(_as_postgres(command), check=True, capture_output=True, text=True).stdout

    def start(self) -> None:
        directory = self.data.parent
        options = f"-p {self.port} -k {directory} -c listen_addresses=127.0.0.1"
        command = [_postgres_bin("pg_ctl"), "-D", str(self.data), "-o", options]
        log = directory / "postgres.log"
        command += ["-l", str(log), "-w", "-t", "60", "start"]
        result = subprocess.run(_as_postgres(command), capture_output=True, text=True)
        if result.returncode != 0:
            # pg_ctl only says "could not start server"; the reason is in the server's log, which the
            # test removes with its folder – so it goes into the error (seen once in a clean-clone run)
            reason = log.read_text(errors="replace")[-2000:] if log.exists() else result.stderr
            raise RuntimeError(f"PostgreSQL startete nicht (Port {self.port}): {reason.strip()}")

    def stop(self) -> None:
        if self.directory is not None and (self.data / "postmaster.pid").exists():
            command = [_postgres_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"]
            subprocess.run(_as_postgres(command), check=False, capture_output=True)

    def remove(self) -> None:
        self.stop()
        if self.directory is not None:
            shutil.rmtree(self.directory, ignore_errors=True)
            self.directory = None


class Redis:
    """A Redis on 127.0.0.1:``port`` without persistence (locks live seconds; nothing to keep)."""

    def __init__(self, port: int = 56379) -> None:
        self.port = port
        self.process: Optional[subprocess.Popen] = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/1"

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        command += ["--appendonly", "no", "--daemonize", "no", "--loglevel", "warning"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            ping = subprocess.run(
                ["redis-cli", "-p", str(self.port), "ping"], capture_output=True, text=True, check=False
            )
            if ping.stdout.strip() == "PONG":
                return
            time.sleep(0.2)
        raise RuntimeError(f"redis-server auf Port {self.port} antwortet nicht.")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        self.process = None
