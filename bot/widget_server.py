"""Serve the chat widget and its Musterstadt demo page (bot/widget/) over HTTP.

    python -m bot.widget_server --port 8080 --rasa-url http://localhost:5005 [--host 127.0.0.1]

Why the standard library's ``ThreadingHTTPServer``: the widget is a few static files, so a web
framework would only add a dependency; threads keep one slow client from blocking the others.
What it adds to plain file serving is what a municipal web server should do too: a strict
Content-Security-Policy (no inline code; ``connect-src`` only the Rasa server), ``nosniff``,
no referrer, no directory listing, no path traversal and logs without query strings.
``{{RASA_URL}}`` in HTML files becomes the configured Rasa address.
"""

from __future__ import annotations

import argparse
import html
import os
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Optional
from urllib.parse import unquote, urlsplit

WIDGET_DIR = Path(__file__).resolve().parent / "widget"
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
}


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of an http(s) URL; ValueError for anything else."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"keine http(s)-Adresse: {url!r}")
    return f"{parts.scheme}://{parts.netloc}"


def csp(rasa_origin: str) -> str:
    return (
        f"default-src 'self'; connect-src 'self' {rasa_origin}; img-src 'self' data:; style-src 'self'; "
        "script-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'"
    )


class WidgetServer(ThreadingHTTPServer):
    daemon_threads = True  # an open keep-alive connection must not keep the process alive

    def __init__(self, address: tuple[str, int], rasa_url: str, root: Path = WIDGET_DIR) -> None:
        self.rasa_url = rasa_url
        self.csp = csp(origin_of(rasa_url))
        self.root = root.resolve()
        super().__init__(address, WidgetHandler)


class WidgetHandler(BaseHTTPRequestHandler):
    server: WidgetServer
    server_version = "Digitallotse-Widget"

    def version_string(self) -> str:
        return self.server_version  # do not advertise the Python version

    def resolve(self) -> Optional[Path]:
        """The file a request path names inside the widget folder, or None (never outside it)."""
        raw = self.path.split("?", 1)[0].split("#", 1)[0]
        path = unquote(raw)
        # Reject rather than normalise: "..", backslashes and NUL have no business in these URLs.
        if not path.startswith("/") or "\\" in path or "\0" in path or ".." in path.split("/"):
            return None
        relative = path.lstrip("/") or "index.html"
        target = (self.server.root / relative).resolve()
        if target.is_dir():
            target = target / "index.html"  # never a listing
        if not target.is_relative_to(self.server.root) or not target.is_file():
            return None
        return target if target.suffix in CONTENT_TYPES else None

    def do_GET(self) -> None:
        self.respond(include_body=True)

    def do_HEAD(self) -> None:
        self.respond(include_body=False)

    def respond(self, include_body: bool) -> None:
        target = self.resolve()
        if target is None:
            body, status, content_type = b"Nicht gefunden.\n", HTTPStatus.NOT_FOUND, CONTENT_TYPES[".txt"]
        else:
            body, status, content_type = target.read_bytes(), HTTPStatus.OK, CONTENT_TYPES[target.suffix]
            if target.suffix == ".html":
                url = html.escape(self.server.rasa_url, quote=True)
                body = body.decode("utf-8").replace("{{RASA_URL}}", url).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-cache")
        if content_type.startswith("text/html") or status != HTTPStatus.OK:
            self.send_header("Content-Security-Policy", self.server.csp)
        self.end_headers()
        if include_body:
            self.wfile.write(body)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        # Method, path without query string, status: no client address, nothing a user typed.
        path = self.path.split("?", 1)[0] if hasattr(self, "path") else "-"
        sys.stderr.write(f"{self.log_date_time_string()} {getattr(self, 'command', '-')} {path} {code}\n")

    def log_message(self, format: str, *args: object) -> None:
        sys.stderr.write(f"{self.log_date_time_string()} {format % args}\n")


def make_server(host: str, port: int, rasa_url: str) -> WidgetServer:
    return WidgetServer((host, port), rasa_url)


def main(argv: Optional[list[str]] = None) -> int:
    rasa_default = os.environ.get("RASA_URL") or f"http://localhost:{os.environ.get('RASA_PORT', '5005')}"
    parser = argparse.ArgumentParser(description="Demo-Seite Musterstadt mit dem Digitallotse-Widget ausliefern.")
    parser.add_argument("--port", type=int, default=int(os.environ.get("WIDGET_PORT", "8080")))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--rasa-url", default=rasa_default, help="Adresse des Rasa-Servers (REST-Kanal)")
    args = parser.parse_args(argv)
    try:
        server = make_server(args.host, args.port, args.rasa_url.rstrip("/"))
    except ValueError as error:
        parser.error(f"--rasa-url: {error}")
    except OSError as error:
        print(f"Der Widget-Server kann Port {args.port} nicht öffnen: {error}", file=sys.stderr)
        return 1
    host, port = server.server_address[:2]
    print(f"Widget-Server bereit: http://{host}:{port}/ (Rasa: {args.rasa_url})", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
