"""Soak run: many concurrent conversations through nginx into two Rasa servers sharing PostgreSQL and Redis.

    python -m bot.soak [--conversations 32] [--turns 20]        # starts bot.stack.Stack + bot.proxy.Proxy
    python -m bot.soak --proxy-url https://127.0.0.1:8443 --cafile build/scale/nginx/cert.pem \\
        --tracker-db-url postgresql://…                        # against servers that already run

Each conversation talks from its own client address (127.0.0.10, .11, …) so nginx's per-client rate limit
applies as it does to real users; it gives a different municipality profile early (Land, type, size) and
then asks realistic questions – funding, follow-ups such as "und die Förderquote?", procurement, examples –
one after the other, like a person. Recorded per turn: latency and errors (not HTTP 200, an empty reply,
the channel's German fault notes, exceptions and timeouts). At the end every conversation's profile is read
back from the tracker store (the database, not the bot's answer): a lost or changed profile is a failure.

Output: a summary on stdout, reports/soak.md and reports/soak.json; exit code 1 if any turn failed or any
profile is lost or wrong. Everything is bounded: a timeout per request and one for the whole run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import signal
import ssl
import statistics
import sys
import time
import uuid
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

import aiohttp

from bot.bench.load import run_bounded
from bot.sample_questions import QUESTIONS
from bot.stack import rss_mb

ROOT = Path(__file__).resolve().parents[1]
WEBHOOK = "/webhooks/rest/webhook"
MAX_CONVERSATIONS = 240  # client addresses 127.0.0.10 … 127.0.0.249

# (what the user says, federal_state, municipality_type, population) – slot values as the bot stores them.
PROFILES = [
    ("Wir sind eine Gemeinde in Bayern mit {n} Einwohnern.", "Bayern", "gemeinde", 4000),
    ("Wir sind eine Stadt in Hessen mit {n} Einwohnern.", "Hessen", "stadt", 45000),
    ("Ich arbeite für einen Landkreis in Niedersachsen mit {n} Einwohnern.", "Niedersachsen", "landkreis", 180000),
    ("Guten Tag, wir sind eine kleine Gemeinde in Sachsen, etwa {n} Einwohner.", "Sachsen", "gemeinde", 2500),
    ("Wir sind eine Stadt in Nordrhein-Westfalen mit {n} Einwohnern.", "Nordrhein-Westfalen", "stadt", 120000),
    ("Gemeinde in Baden-Württemberg, {n} Einwohner.", "Baden-Württemberg", "gemeinde", 7800),
    ("Wir sind ein Landkreis in Brandenburg mit {n} Einwohnern.", "Brandenburg", "landkreis", 95000),
    ("Wir sind eine Stadt in Thüringen mit {n} Einwohnern.", "Thüringen", "stadt", 30000),
    ("Wir sind eine Gemeinde in Schleswig-Holstein mit {n} Einwohnern.", "Schleswig-Holstein", "gemeinde", 1200),
    ("Ich bin von einer Stadt in Rheinland-Pfalz mit {n} Einwohnern.", "Rheinland-Pfalz", "stadt", 18000),
    ("Wir sind eine Gemeinde im Saarland mit {n} Einwohnern.", "Saarland", "gemeinde", 9000),
    (
        "Wir sind ein Landkreis in Mecklenburg-Vorpommern mit {n} Einwohnern.",
        "Mecklenburg-Vorpommern",
        "landkreis",
        200000,
    ),
    ("Wir sind eine Stadt in Sachsen-Anhalt mit {n} Einwohnern.", "Sachsen-Anhalt", "stadt", 60000),
    ("Wir sind ein Landkreis in Bayern mit {n} Einwohnern.", "Bayern", "landkreis", 130000),
    ("Wir sind eine Gemeinde in Niedersachsen mit {n} Einwohnern.", "Niedersachsen", "gemeinde", 6300),
    ("Wir sind eine Stadt in Brandenburg mit {n} Einwohnern.", "Brandenburg", "stadt", 25000),
]

LAST_QUESTION = "Was weißt du über mein Profil?"


def fault_texts() -> List[str]:
    """The channel's German notes for a failed turn (HTTP 200 or 503 with a reply): a turn that gets one failed."""
    try:
        from bot import channels
    except Exception:  # noqa: BLE001 - the soak run still works without the channel module's notes
        return []
    return [text for text in (getattr(channels, "UNAVAILABLE", None), getattr(channels, "DISRUPTED", None)) if text]


def thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@dataclass
class Conversation:
    index: int
    sender: str
    client: str
    federal_state: str
    municipality_type: str
    population: float
    messages: List[str]
    latencies: List[float] = field(default_factory=list)
    errors: List[str] = field(default_factory=list)
    profile: Optional[Dict[str, Any]] = None
    profile_ok: Optional[bool] = None


def plan(count: int, turns: int, run_id: str) -> List[Conversation]:
    """``count`` conversations of ``turns`` messages: greeting, profile, questions (rotated), profile question."""
    conversations = []
    for i in range(count):
        text, land, kind, base = PROFILES[i % len(PROFILES)]
        # A different size for each repetition of a profile, so no two conversations are identical.
        population = base + 100 * (i // len(PROFILES))
        questions = [QUESTIONS[(i + k) % len(QUESTIONS)] for k in range(max(turns - 3, 0))]
        messages = (["Hallo", text.format(n=thousands(population)), *questions, LAST_QUESTION])[:turns]
        conversations.append(
            Conversation(i, f"soak-{run_id}-{i:03d}", f"127.0.0.{10 + i}", land, kind, float(population), messages)
        )
    return conversations


async def converse(
    conversation: Conversation,
    url: str,
    context: ssl.SSLContext | bool,
    request_timeout: float,
    think: float,
    faults: Sequence[str],
) -> None:
    """All turns of one conversation, one after the other, from its own client address."""
    connector = aiohttp.TCPConnector(ssl=context, local_addr=(conversation.client, 0), limit=2)
    timeout = aiohttp.ClientTimeout(total=request_timeout, sock_connect=10)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        for turn, message in enumerate(conversation.messages):
            start = time.monotonic()
            problem = None
            try:
                async with session.post(
                    url + WEBHOOK, json={"sender": conversation.sender, "message": message}
                ) as response:
                    body = await response.read()
                    if response.status != 200:
                        problem = f"HTTP {response.status}: {body[:120].decode('utf-8', 'replace')}"
                    else:
                        replies = json.loads(body.decode("utf-8"))
                        texts = [r.get("text") or "" for r in replies if isinstance(r, dict)]
                        if not any(text.strip() for text in texts):
                            problem = "leere Antwort"
                        elif any(fault in text for text in texts for fault in faults):
                            problem = "Störungshinweis des Kanals"
            except asyncio.TimeoutError:
                problem = f"Zeitüberschreitung nach {request_timeout:.0f} s"
            except (aiohttp.ClientError, OSError, ValueError) as error:
                problem = f"{type(error).__name__}: {error}"[:200]
            conversation.latencies.append(time.monotonic() - start)
            if problem:
                conversation.errors.append(f"Zug {turn + 1}: {problem}")
            if think:
                await asyncio.sleep(think)


async def read_profiles(conversations: Sequence[Conversation], db_url: str) -> None:
    """Each conversation's profile slots from the tracker store (the shared database)."""
    os.environ["TRACKER_DB_URL"] = db_url
    # Rasa's import and domain loading warn about things that concern training, not this read.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from rasa.shared.core.domain import Domain

        from bot.tracker_store import DigitallotseTrackerStore

        store = DigitallotseTrackerStore(domain=Domain.load(str(ROOT / "domain.yml")))
    for conversation in conversations:
        tracker = await store.retrieve(conversation.sender)
        slots = tracker.current_slot_values() if tracker is not None else {}
        conversation.profile = {key: slots.get(key) for key in ("federal_state", "municipality_type", "population")}
        conversation.profile_ok = conversation.profile == {
            "federal_state": conversation.federal_state,
            "municipality_type": conversation.municipality_type,
            "population": conversation.population,
        }


def upstream_counts(access_log: Path, offset: int) -> Dict[str, int]:
    """Webhook requests per Rasa server from nginx's access log (format "digitallotse"), after ``offset``."""
    counts: Dict[str, int] = {}
    with open(access_log, encoding="utf-8", errors="replace") as file:
        file.seek(offset)
        for line in file:
            match = re.search(r'"POST /webhooks/rest/webhook" \d+ \d+ \S+ (.+) \S+$', line.rstrip("\n"))
            if match:
                upstream = match.group(1).split(", ")[-1]  # after a retry the last one answered
                counts[upstream] = counts.get(upstream, 0) + 1
    return counts


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (no interpolation: the value some turn really took)."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = max(1, int(round(fraction * len(ordered) + 0.5)))
    return ordered[min(rank, len(ordered)) - 1]


def summarize(
    conversations: Sequence[Conversation],
    wall: float,
    rss_before: Dict[str, float],
    rss_after: Dict[str, float],
    settings: Dict[str, Any],
    timed_out: bool,
) -> Dict[str, Any]:
    latencies = [value for c in conversations for value in c.latencies]
    errors = [f"{c.sender}: {e}" for c in conversations for e in c.errors]
    planned = sum(len(c.messages) for c in conversations)
    unfinished = planned - len(latencies)
    checked = [c for c in conversations if c.profile_ok is not None]
    return {
        "settings": settings,
        "turns": len(latencies),
        "turns_planned": planned,
        "errors": len(errors) + unfinished,
        "error_examples": errors[:20]
        + ([f"{unfinished} Züge nicht gesendet (Gesamtzeit überschritten)"] if unfinished else []),
        "timed_out": timed_out,
        "latency_s": {
            "p50": round(percentile(latencies, 0.50), 3),
            "p95": round(percentile(latencies, 0.95), 3),
            "max": round(max(latencies, default=0.0), 3),
            "mean": round(statistics.fmean(latencies), 3) if latencies else 0.0,
        },
        "wall_s": round(wall, 1),
        "throughput_turns_per_s": round(len(latencies) / wall, 2) if wall else 0.0,
        "rss_mb_before": rss_before,
        "rss_mb_after": rss_after,
        "profiles_checked": len(checked),
        # Only conversations whose tracker was read count (without a database nothing is checked).
        "profiles_lost_or_wrong": sum(1 for c in conversations if c.profile_ok is False),
        "profile_problems": [
            {"sender": c.sender, "expected": [c.federal_state, c.municipality_type, c.population], "found": c.profile}
            for c in conversations
            if c.profile_ok is False
        ][:20],
    }


def markdown(summary: Dict[str, Any]) -> str:
    s, lat = summary["settings"], summary["latency_s"]
    ok = summary["errors"] == 0 and summary["profiles_lost_or_wrong"] == 0
    lines = [
        "# Dauertest (Soak) über nginx",
        "",
        f"Ergebnis: **{'bestanden' if ok else 'FEHLGESCHLAGEN'}** – {time.strftime('%Y-%m-%d %H:%M %Z')}",
        "",
        f"{s['conversations']} gleichzeitige Gespräche × {s['turns']} Züge über {s['proxy']} "
        f"(je Gespräch eine eigene Client-Adresse, Rasa-Server: {s['rasa_servers']}; vorher "
        f"{s.get('warmup', 0)} Aufwärm-Anfragen, nicht gezählt). Rechner: {os.cpu_count()} Kerne, "
        f"Last (1 min) vorher/nachher {summary['loadavg'][0]:.1f}/{summary['loadavg'][1]:.1f}.",
        "",
        "| Kennzahl | Wert |",
        "|---|---|",
        f"| Züge (gesendet/geplant) | {summary['turns']}/{summary['turns_planned']} |",
        f"| Fehler | {summary['errors']} |",
        f"| Latenz p50 / p95 / max | {lat['p50']:.2f} s / {lat['p95']:.2f} s / {lat['max']:.2f} s |",
        f"| Dauer | {summary['wall_s']:.0f} s |",
        f"| Durchsatz | {summary['throughput_turns_per_s']:.2f} Züge/s |",
        f"| Profile geprüft (Datenbank) | {summary['profiles_checked']} |",
        f"| Profile verloren oder falsch | {summary['profiles_lost_or_wrong']} |",
        "",
    ]
    if summary.get("turns_per_upstream"):
        shares = ", ".join(f"{name}: {count}" for name, count in sorted(summary["turns_per_upstream"].items()))
        lines += [f"Anfragen je Rasa-Server (nginx-Zugriffsprotokoll): {shares}", ""]
    if summary["rss_mb_before"]:
        lines += ["| Prozess | RSS vorher | RSS nachher |", "|---|---|---|"]
        for name, before in summary["rss_mb_before"].items():
            lines.append(f"| {name} | {before:.0f} MB | {summary['rss_mb_after'].get(name, 0):.0f} MB |")
        lines.append("")
    if summary["error_examples"]:
        lines += ["Fehler (Auszug):", ""] + [f"- {e}" for e in summary["error_examples"]] + [""]
    if summary["profile_problems"]:
        lines += ["Profile (Auszug):", ""]
        lines += [
            f"- {p['sender']}: erwartet {p['expected']}, gefunden {p['found']}" for p in summary["profile_problems"]
        ]
        lines.append("")
    return "\n".join(lines)


async def warm_up(url: str, context: ssl.SSLContext | bool, requests: int, request_timeout: float) -> None:
    """A few turns, one after the other, before the measurement (not counted).

    The first turns of a freshly started Rasa process (and of each Sanic worker) are several times
    slower (model graphs are built on first use); a server in production has long passed that. The
    requests come from 127.0.0.9, an address of its own, so they do not use up a conversation's rate limit."""
    connector = aiohttp.TCPConnector(ssl=context, local_addr=("127.0.0.9", 0), force_close=True)
    timeout = aiohttp.ClientTimeout(total=request_timeout)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        for i in range(requests):
            message = ("Hallo", "Welche Förderprogramme gibt es?", "Was ist ein Direktauftrag?")[i % 3]
            try:
                async with session.post(url + WEBHOOK, json={"sender": f"soak-warmup-{i}", "message": message}) as r:
                    await r.read()
            except (aiohttp.ClientError, OSError, asyncio.TimeoutError):
                pass  # the measurement that follows reports problems


async def run(
    url: str,
    context: ssl.SSLContext | bool,
    conversations: List[Conversation],
    overall_timeout: float,
    request_timeout: float,
    think: float,
    warmup: int = 0,
) -> tuple[float, bool]:
    faults = fault_texts()
    if warmup:
        await warm_up(url, context, warmup, request_timeout)
    start = time.monotonic()
    tasks = [asyncio.ensure_future(converse(c, url, context, request_timeout, think, faults)) for c in conversations]
    finished = await run_bounded(tasks, overall_timeout)
    return time.monotonic() - start, not finished


def ssl_context(cafile: Optional[str], insecure: bool) -> ssl.SSLContext | bool:
    if insecure:
        return False
    return ssl.create_default_context(cafile=cafile) if cafile else ssl.create_default_context()


def soak(args: argparse.Namespace) -> Dict[str, Any]:
    conversations = plan(args.conversations, args.turns, uuid.uuid4().hex[:8])
    settings = {"conversations": args.conversations, "turns": args.turns, "think_s": args.think, "warmup": args.warmup}

    def measure(processes: Dict[str, List[int]]) -> Dict[str, float]:
        return {name: round(rss_mb(pids), 1) for name, pids in processes.items()}

    def go(
        url: str, context: ssl.SSLContext | bool, db_url: str, processes: Any, access_log: Optional[Path] = None
    ) -> Dict[str, Any]:
        offset = access_log.stat().st_size if access_log and access_log.exists() else 0
        before = measure(processes())
        load_before = os.getloadavg()[0]
        wall, timed_out = asyncio.run(
            run(url, context, conversations, args.timeout, args.request_timeout, args.think, args.warmup)
        )
        after = measure(processes())
        if db_url:
            asyncio.run(asyncio.wait_for(read_profiles(conversations, db_url), timeout=300))
        summary = summarize(conversations, wall, before, after, {**settings, "proxy": url}, timed_out)
        summary["turns_per_upstream"] = upstream_counts(access_log, offset) if access_log else {}
        # Other work on the machine (a training run, a second test) slows the turns: say so in the report.
        summary["loadavg"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
        return summary

    if args.proxy_url:
        pids = {}
        for item in args.rss_pid:
            name, _, pid = item.partition("=")
            pids.setdefault(name, []).append(int(pid))
        settings["rasa_servers"] = "vorhanden"
        db_url = args.tracker_db_url or os.environ.get("TRACKER_DB_URL", "")
        context = ssl_context(args.cafile, args.insecure)
        return go(args.proxy_url.rstrip("/"), context, db_url, lambda: pids, args.access_log)

    from bot.proxy import Proxy
    from bot.stack import Stack, ensure_packages

    ensure_packages("postgresql", "redis-server", "nginx")
    with Stack() as stack:
        ports = [server.port for server in stack.rasa]
        settings["rasa_servers"] = ", ".join(str(port) for port in ports)
        with Proxy(upstream_ports=ports) as proxy:

            def processes() -> Dict[str, List[int]]:
                found = {f"Rasa :{server.port}": server.pids() for server in stack.rasa}
                found[f"Action-Server :{stack.actions.port}"] = stack.actions.pids()
                found["nginx"] = proxy.pids()
                return found

            return go(proxy.url, ssl_context(str(proxy.cert), False), stack.postgres.url, processes, proxy.access_log)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Dauertest: gleichzeitige Gespräche über nginx und zwei Rasa-Server.")
    parser.add_argument(
        "--conversations", type=int, default=32, help=f"gleichzeitige Gespräche (1–{MAX_CONVERSATIONS})"
    )
    parser.add_argument("--turns", type=int, default=20, help="Nachrichten je Gespräch (mindestens 3)")
    parser.add_argument("--think", type=float, default=0.0, help="Pause nach jeder Antwort in Sekunden")
    parser.add_argument("--warmup", type=int, default=12, help="Aufwärm-Anfragen vor der Messung (0: keine)")
    parser.add_argument("--timeout", type=float, default=1800, help="Höchstdauer des ganzen Laufs in Sekunden")
    parser.add_argument("--request-timeout", type=float, default=60, help="Höchstdauer einer Anfrage in Sekunden")
    parser.add_argument("--proxy-url", help="laufenden Proxy nutzen statt Stack und Proxy zu starten")
    parser.add_argument("--cafile", help="Zertifikat (CA) des Proxys, z. B. build/scale/nginx/cert.pem")
    parser.add_argument("--insecure", action="store_true", help="Zertifikat des Proxys nicht prüfen")
    parser.add_argument("--tracker-db-url", help="Datenbank für die Profilprüfung (Standard: TRACKER_DB_URL)")
    parser.add_argument("--access-log", type=Path, help="Zugriffsprotokoll des Proxys (Anfragen je Rasa-Server)")
    parser.add_argument("--rss-pid", action="append", default=[], metavar="NAME=PID", help="Prozess für RSS-Werte")
    parser.add_argument("--report", type=Path, default=ROOT / "reports" / "soak.md")
    args = parser.parse_args(argv)
    if not 1 <= args.conversations <= MAX_CONVERSATIONS:
        parser.error(f"--conversations: 1 bis {MAX_CONVERSATIONS}")
    if args.turns < 3:
        parser.error("--turns: mindestens 3 (Gruß, Profil, Frage)")
    if args.proxy_url and not (args.tracker_db_url or os.environ.get("TRACKER_DB_URL")):
        print("Hinweis: ohne --tracker-db-url/TRACKER_DB_URL werden die Profile nicht geprüft.", file=sys.stderr)

    # SIGTERM (e.g. from `timeout`) as SystemExit, so the with-blocks stop the stack and the proxy.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    summary = soak(args)
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(markdown(summary), encoding="utf-8")
    args.report.with_suffix(".json").write_text(
        json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    lat = summary["latency_s"]
    print(
        f"Züge {summary['turns']}/{summary['turns_planned']}, Fehler {summary['errors']}, "
        f"Latenz p50 {lat['p50']:.2f} s / p95 {lat['p95']:.2f} s / max {lat['max']:.2f} s, "
        f"{summary['throughput_turns_per_s']:.2f} Züge/s in {summary['wall_s']:.0f} s, "
        f"Profile verloren/falsch {summary['profiles_lost_or_wrong']} von {summary['profiles_checked']} geprüften"
    )
    for name, before in summary["rss_mb_before"].items():
        print(f"RSS {name}: {before:.0f} MB → {summary['rss_mb_after'].get(name, 0):.0f} MB")
    for line in summary["error_examples"][:10]:
        print(f"  Fehler: {line}")
    print(f"Bericht: {args.report} (+ .json)")
    failed = summary["errors"] > 0 or summary["profiles_lost_or_wrong"] > 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
