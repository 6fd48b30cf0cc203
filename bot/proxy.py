"""Run the production nginx site (deploy/nginx/digitallotse.conf) on loopback, for tests and the soak run.

    with Proxy(https_port=8443, http_port=8088, upstream_ports=(5105, 5106)) as proxy:
        proxy.url  # https://127.0.0.1:8443

Why render the production file instead of writing a test configuration: the tests must prove the rules a
municipality deploys. ``render_site`` therefore changes only what differs on a test machine – listen
ports, the upstream servers' ports, the widget folder, log and challenge paths, the host name and the
certificate (a self-signed one made here) – and fails if any of these anchors is missing, so an edit to
the production file cannot silently escape the test.

Debian's nginx (``/usr/sbin/nginx``) runs in the foreground under a main configuration of its own in
``workdir`` (pid, logs, temporary files there), so no system file is touched and several checkouts can
run side by side on different ports.
"""

from __future__ import annotations

import contextlib
import ctypes
import grp
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Optional, Sequence

from bot.stack import stop_group

ROOT = Path(__file__).resolve().parents[1]
SITE_FILE = ROOT / "deploy" / "nginx" / "digitallotse.conf"
NGINX = "/usr/sbin/nginx"
MIME_TYPES = Path("/etc/nginx/mime.types")

# The production file's placeholders (see its header).
PUBLIC_HOST = "bot.musterstadt.de"
PUBLIC_ORIGIN = f"https://{PUBLIC_HOST}"
CERT_DIR = f"/etc/letsencrypt/live/{PUBLIC_HOST}/"
WIDGET_DIR = "/opt/digitallotse/bot/widget/"
LOG_DIR = "/var/log/nginx/"
ACME_DIR = "/var/www/letsencrypt"
_UPSTREAM_SERVER = re.compile(r"^(?P<indent>[ \t]*)server 127\.0\.0\.1:\d+(?P<params>[^;]*);[ \t]*\n", re.MULTILINE)


class ProxyError(RuntimeError):
    """nginx is missing, refuses the configuration or does not come up; the message says why."""


def _replace(text: str, old: str, new: str, *, count: Optional[int] = None) -> str:
    """Replace every ``old``; the anchor must occur (``count`` times, if given) or the file changed shape."""
    found = text.count(old)
    if found == 0 or (count is not None and found != count):
        raise ProxyError(f"{SITE_FILE.name}: {old!r} kommt {found}-mal vor (erwartet: {count or 'mindestens 1'}).")
    return text.replace(old, new)


def render_site(
    text: str,
    *,
    https_port: int,
    http_port: int,
    upstream_ports: Sequence[int],
    widget_dir: Path,
    workdir: Path,
    cert: Path,
    key: Path,
) -> str:
    """The production site file with loopback ports, local paths, ``localhost`` and the test certificate."""
    if not upstream_ports:
        raise ProxyError("Mindestens ein Rasa-Server (upstream_ports) ist nötig.")
    # Listeners: loopback only, and no IPv6 line (a test host may have no ::1).
    text = _replace(text, "    listen [::]:80;\n", "", count=1)
    text = _replace(text, "    listen [::]:443 ssl http2;\n", "", count=1)
    text = _replace(text, "listen 80;", f"listen 127.0.0.1:{http_port};", count=1)
    text = _replace(text, "listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;", count=1)
    # The upstream block: one line per test instance, with the production line's parameters.
    servers = list(_UPSTREAM_SERVER.finditer(text))
    if not servers:
        raise ProxyError(f"{SITE_FILE.name}: keine Zeile 'server 127.0.0.1:…;' im upstream-Block.")
    first, last = servers[0], servers[-1]
    lines = "".join(f"{first['indent']}server 127.0.0.1:{port}{first['params']};\n" for port in upstream_ports)
    text = text[: first.start()] + lines + text[last.end() :]
    # Names and paths. The origin first: the bare host name is inside it.
    origin = f"https://127.0.0.1:{https_port}"
    text = _replace(text, PUBLIC_ORIGIN, origin)
    text = _replace(text, f"server_name {PUBLIC_HOST};", "server_name localhost 127.0.0.1;", count=2)
    text = _replace(text, f"{CERT_DIR}fullchain.pem", str(cert), count=1)
    text = _replace(text, f"{CERT_DIR}privkey.pem", str(key), count=1)
    text = _replace(text, WIDGET_DIR, f"{widget_dir.resolve()}/")
    text = _replace(text, LOG_DIR, f"{workdir.resolve()}/logs/")
    text = _replace(text, ACME_DIR, str(workdir.resolve() / "acme"))
    directives = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
    if PUBLIC_HOST in directives:
        raise ProxyError(f"{SITE_FILE.name}: {PUBLIC_HOST!r} steht noch an einer unerwarteten Stelle.")
    return text


def main_config(workdir: Path, site: Path) -> str:
    """A minimal nginx.conf around the site file: everything nginx writes stays in ``workdir``."""
    workdir = workdir.resolve()
    lines = []
    if os.geteuid() == 0:
        # As root nginx would drop its workers to "nobody", who cannot read a checkout in a 0700 home.
        lines.append(f"user {pwd.getpwuid(os.getuid()).pw_name} {grp.getgrgid(os.getgid()).gr_name};")
    lines += [
        "worker_processes 1;",
        f"pid {workdir}/nginx.pid;",
        f"error_log {workdir}/logs/error.log warn;",
        "events { worker_connections 1024; }",
        "http {",
        f"    include {MIME_TYPES};",
        "    default_type application/octet-stream;",
        f"    access_log {workdir}/logs/access.log;",
    ]
    for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        lines.append(f"    {kind}_temp_path {workdir}/tmp/{kind};")
    lines += [f"    include {site.resolve()};", "}", ""]
    return "\n".join(lines)


def make_certificate(workdir: Path) -> tuple[Path, Path]:
    """A self-signed certificate for localhost/127.0.0.1 (2 days), made once per workdir."""
    cert, key = workdir / "cert.pem", workdir / "key.pem"
    if cert.is_file() and key.is_file():
        return cert, key
    command = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost"]
    command += ["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        raise ProxyError(f"openssl konnte kein Zertifikat erzeugen: {result.stderr.strip()}")
    key.chmod(0o600)
    return cert, key


def _die_with_parent() -> None:
    """In the child before exec: nginx gets SIGTERM when the Python process that started it dies (also by
    SIGKILL or a test runner's timeout), so no orphaned nginx keeps the ports. Linux ties this to the
    starting thread: start the proxy from a thread that lives as long as it should (the main thread)."""
    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


def _port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


class Proxy:
    """Debian's nginx with the rendered production site in front of Rasa servers on loopback."""

    def __init__(
        self,
        https_port: int = 8443,
        http_port: int = 8088,
        upstream_ports: Sequence[int] = (5105, 5106),
        widget_dir: Path = ROOT / "bot" / "widget",
        workdir: Path = ROOT / "build" / "scale" / "nginx",
        site_file: Path = SITE_FILE,
    ) -> None:
        self.https_port, self.http_port = https_port, http_port
        self.upstream_ports = tuple(upstream_ports)
        self.widget_dir, self.workdir, self.site_file = Path(widget_dir), Path(workdir), Path(site_file)
        self.process: Optional[subprocess.Popen] = None
        self.cert = self.workdir / "cert.pem"
        self.check_output = ""

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.https_port}"

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def error_log(self) -> Path:
        return self.workdir / "logs" / "error.log"

    @property
    def access_log(self) -> Path:
        return self.workdir / "logs" / "digitallotse.access.log"

    def render(self) -> Path:
        """Write certificate, site file and nginx.conf into ``workdir``; returns the nginx.conf path."""
        for sub in ("logs", "acme", *(f"tmp/{kind}" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))):
            (self.workdir / sub).mkdir(parents=True, exist_ok=True)
        cert, key = make_certificate(self.workdir)
        self.cert = cert
        site = self.workdir / "digitallotse.conf"
        site.write_text(
            render_site(
                self.site_file.read_text(encoding="utf-8"),
                https_port=self.https_port,
                http_port=self.http_port,
                upstream_ports=self.upstream_ports,
                widget_dir=self.widget_dir,
                workdir=self.workdir,
                cert=cert.resolve(),
                key=key.resolve(),
            ),
            encoding="utf-8",
        )
        conf = self.workdir / "nginx.conf"
        conf.write_text(main_config(self.workdir, site), encoding="utf-8")
        return conf

    def _command(self, conf: Path) -> list[str]:
        workdir = str(self.workdir.resolve())
        # -e: the start-up error log, before nginx has read error_log from the configuration.
        return [NGINX, "-p", workdir, "-e", f"{workdir}/logs/error.log", "-c", str(conf.resolve())]

    def check(self) -> Path:
        """Render and run ``nginx -t``; ProxyError with nginx's own message if it refuses the file."""
        if not Path(NGINX).is_file():
            raise ProxyError(f"{NGINX} fehlt: bitte nginx installieren (apt-get install nginx).")
        conf = self.render()
        result = subprocess.run([*self._command(conf), "-t"], capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            raise ProxyError(f"nginx -t lehnt die Konfiguration ab:\n{result.stderr.strip()}")
        self.check_output = result.stderr  # warnings included; the unit test wants none
        return conf

    def start(self, timeout: float = 30) -> Proxy:
        conf = self.check()
        for port in (self.https_port, self.http_port):
            if _port_open(port):
                raise ProxyError(f"Port {port} ist schon belegt: läuft noch ein anderer Proxy?")
        with open(self.workdir / "logs" / "nginx.out", "ab") as out:
            self.process = subprocess.Popen(
                [*self._command(conf), "-g", "daemon off;"],
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stop() ends master and workers together
                preexec_fn=_die_with_parent,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ProxyError(f"nginx hat sich beendet (Code {self.process.returncode}); siehe {self.error_log}")
            if _port_open(self.https_port) and _port_open(self.http_port):
                return self
            time.sleep(0.1)
        self.stop()
        raise ProxyError(f"nginx lauscht nach {timeout}s nicht auf Port {self.https_port}; siehe {self.error_log}")

    def pids(self) -> list[int]:
        """The master and its workers (for RSS figures)."""
        if self.process is None or self.process.poll() is not None:
            return []
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [self.process.pid, *(int(pid) for pid in children.read_text().split())]
        except OSError:
            return [self.process.pid]

    def stop(self) -> None:
        # SIGQUIT: nginx's graceful shutdown (finish open requests); SIGKILL to the group if that hangs.
        stop_group(self.process, signal.SIGQUIT, timeout=15)
        self.process = None

    def __enter__(self) -> Proxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def nginx_available() -> bool:
    return Path(NGINX).is_file() and shutil.which("openssl") is not None
