"""The production nginx site (deploy/nginx/digitallotse.conf) and its loopback rendering (bot/proxy.py).

The behaviour through a running nginx is tested in tests/scale/test_proxy.py; these tests guard what can be
read from the file, and that the rendering for that test changes nothing but ports, paths, names and the
certificate – otherwise the scale test would prove a different configuration than the one deployed.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from pathlib import Path

import pytest

from bot import proxy
from bot.proxy import SITE_FILE, Proxy, ProxyError, main_config, render_site

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = SITE_FILE.read_text(encoding="utf-8")
WIDGET = ROOT / "bot" / "widget"
# The scale step (tests/scale) installs nginx; a plain unit run may not have it.
needs_nginx = pytest.mark.skipif(
    not proxy.nginx_available(), reason="nginx fehlt (/usr/sbin/nginx); der Skalierungsschritt installiert es"
)


def directives(text: str) -> list[str]:
    """Non-empty lines without comments, stripped."""
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [line for line in lines if line]


def render(tmp_path: Path, ports: tuple[int, ...] = (5105, 5106), text: str = PRODUCTION) -> str:
    return render_site(
        text,
        https_port=8443,
        http_port=8088,
        upstream_ports=ports,
        widget_dir=WIDGET,
        workdir=tmp_path,
        cert=tmp_path / "cert.pem",
        key=tmp_path / "key.pem",
    )


# Every directive the rendering may change, and what it may become.
ALLOWED_CHANGES = [
    r"listen (80|\[::\]:80|443 ssl http2|\[::\]:443 ssl http2|127\.0\.0\.1:\d+( ssl http2)?);",
    r"server 127\.0\.0\.1:\d+ max_fails=0;",
    r"server_name (bot\.musterstadt\.de|localhost 127\.0\.0\.1);",
    r"ssl_certificate(_key)? \S+\.pem;",
    r"(access|error)_log \S+/digitallotse\.(access|error)\.log (digitallotse|warn);",
    r"root \S+;",
    r"return 301 https://(bot\.musterstadt\.de|127\.0\.0\.1:8443)\$request_uri;",
    r"alias \S+/widget/\$digitallotse_file;",
    r"sub_filter '\{\{RASA_URL\}\}' 'https://(bot\.musterstadt\.de|127\.0\.0\.1:8443)';",
]


def test_rendering_changes_only_ports_paths_names_and_certificate(tmp_path: Path) -> None:
    rendered = render(tmp_path)
    changed = [
        line[1:].strip()
        for line in difflib.unified_diff(directives(PRODUCTION), directives(rendered), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert changed, "the rendering changed nothing"
    unexpected = [line for line in changed if not any(re.fullmatch(p, line) for p in ALLOWED_CHANGES)]
    assert unexpected == []
    # Same number of everything else: no block or directive lost or added.
    assert len(directives(rendered)) == len(directives(PRODUCTION)) - 2  # the two IPv6 listen lines


def test_rendered_file_points_at_the_test_setup(tmp_path: Path) -> None:
    rendered = directives(render(tmp_path, ports=(5105, 5106, 5107)))
    assert [line for line in rendered if line.startswith("server 127.0.0.1:")] == [
        f"server 127.0.0.1:{port} max_fails=0;" for port in (5105, 5106, 5107)
    ]
    assert "listen 127.0.0.1:8443 ssl http2;" in rendered
    assert "listen 127.0.0.1:8088;" in rendered
    assert not any("[::]" in line or "bot.musterstadt" in line or "/opt/" in line for line in rendered)
    assert not any("/var/log/" in line or "/etc/letsencrypt" in line for line in rendered)
    assert f"ssl_certificate {tmp_path / 'cert.pem'};" in rendered
    assert f"alias {WIDGET.resolve()}/$digitallotse_file;" in rendered


def test_rendering_fails_when_an_anchor_is_missing(tmp_path: Path) -> None:
    with pytest.raises(ProxyError, match="listen 443"):
        render(tmp_path, text=PRODUCTION.replace("listen 443 ssl http2;", "listen 4443 ssl http2;"))
    with pytest.raises(ProxyError, match="upstream"):
        render(tmp_path, text=PRODUCTION.replace("server 127.0.0.1:", "server localhost:"))
    with pytest.raises(ProxyError):
        render(tmp_path, ports=())


def test_main_config_keeps_everything_in_the_workdir(tmp_path: Path) -> None:
    conf = main_config(tmp_path, tmp_path / "digitallotse.conf")
    for path in re.findall(r"^\s*(?:pid|error_log|\w+_temp_path|access_log) (\S+?)[ ;]", conf, flags=re.M):
        assert path.startswith(str(tmp_path.resolve())), path
    assert "include /etc/nginx/mime.types;" in conf
    assert f"include {(tmp_path / 'digitallotse.conf').resolve()};" in conf
    # As root the workers run as root too: "nobody" could not read a checkout in a 0700 directory.
    assert ("user root" in conf) == (os.geteuid() == 0)


# --- what the production file promises -------------------------------------------------------------


def test_only_the_webhook_and_the_widget_are_exposed() -> None:
    lines = directives(PRODUCTION)
    locations = [line for line in lines if line.startswith("location")]
    assert locations == [
        "location /.well-known/acme-challenge/ {",
        "location / {",
        "location = /webhooks/rest/webhook {",
        "location = /webhooks/rest/ {",
        "location = /widget/ {",
        "location ~ ^/widget/(?<digitallotse_file>digitallotse\\.js|digitallotse\\.css|musterstadt\\.css"
        "|index\\.html|datenschutz\\.html)$ {",
        "location / {",
        "location @digitallotse_404 {",
        "location @digitallotse_405 {",
        "location @digitallotse_413 {",
        "location @digitallotse_429 {",
        "location @digitallotse_503 {",
    ]
    assert lines.count("return 404;") == 1
    assert lines.count("proxy_pass http://digitallotse_rasa;") == 2


def test_every_widget_file_is_served() -> None:
    """A new file in bot/widget/ must be added to the nginx location on purpose (or not at all)."""
    served = re.search(r"\(\?<digitallotse_file>([^)]*)\)", PRODUCTION)
    assert served is not None
    names = {name.replace("\\.", ".") for name in served.group(1).split("|")}
    assert names == {path.name for path in WIDGET.iterdir() if path.is_file()}


def test_a_sent_post_is_never_replayed_on_the_other_instance() -> None:
    lines = directives(PRODUCTION)
    assert "proxy_next_upstream error timeout;" in lines
    assert not any("non_idempotent" in line for line in lines)


def test_a_busy_instance_is_never_marked_down() -> None:
    """nginx counts read timeouts as failures: with max_fails > 0 a load peak disables both instances."""
    servers = [line for line in directives(PRODUCTION) if line.startswith("server 127.0.0.1:")]
    assert servers and all(line.endswith(" max_fails=0;") for line in servers)


def test_limits_and_headers() -> None:
    lines = directives(PRODUCTION)
    assert lines.count("server_tokens off;") == 2
    assert "limit_req_zone $binary_remote_addr zone=digitallotse_req:10m rate=60r/m;" in lines
    assert "limit_req zone=digitallotse_req burst=20 nodelay;" in lines
    assert {"limit_req_status 429;", "limit_conn_status 429;", "client_max_body_size 32k;"} <= set(lines)
    # Body buffer = body limit: a message is never written to a temporary file.
    assert "client_body_buffer_size 32k;" in lines
    assert "proxy_max_temp_file_size 0;" in lines
    assert "ssl_protocols TLSv1.2 TLSv1.3;" in lines
    # HSTS wherever add_header is used (a location's add_header replaces the server's).
    assert PRODUCTION.count('add_header Strict-Transport-Security "max-age=63072000" always;') == 9


def test_error_pages_only_at_server_level() -> None:
    """error_page in a location would replace (not extend) the server's list there."""
    error_pages = [line for line in PRODUCTION.splitlines() if line.strip().startswith("error_page")]
    assert error_pages and all(line.startswith("    error_page") for line in error_pages)


def test_error_bodies_are_german_json() -> None:
    bodies = re.findall(r"return (\d{3}) '(.*)\\n';", PRODUCTION)
    assert sorted(code for code, _ in bodies) == ["404", "405", "413", "429", "503"]
    for _, body in bodies:
        error = json.loads(body)["error"]
        assert error.endswith(".") and re.search(r"\b(Sie|Diese|Die|Der)\b", error), error


def test_csp_matches_the_widget_server() -> None:
    from bot.widget_server import csp

    set_line = next(line for line in directives(PRODUCTION) if line.startswith("set $digitallotse_csp"))
    policy = set_line.split('"')[1]
    # The widget server names the Rasa origin in connect-src; behind nginx that is 'self'.
    assert policy == csp("https://x.invalid").replace(" https://x.invalid", "")


@needs_nginx
def test_nginx_accepts_the_rendered_configuration(tmp_path: Path) -> None:
    proxy = Proxy(upstream_ports=(5105, 5106), workdir=tmp_path / "nginx")
    assert proxy.check().is_file()
    assert "[warn]" not in proxy.check_output, proxy.check_output


@needs_nginx
def test_nginx_error_is_reported(tmp_path: Path) -> None:
    broken = tmp_path / "broken.conf"
    broken.write_text(PRODUCTION.replace("least_conn;", "least_conn_typo;"), encoding="utf-8")
    with pytest.raises(ProxyError, match="least_conn_typo"):
        Proxy(workdir=tmp_path / "nginx", site_file=broken).check()
