"""Benchmark of the Digitallotse stack: ``make bench`` (full) and ``make bench-smoke`` (seconds, for CI).

    python -m bot.bench                                  # full: trains/starts its own servers, both configs
    python -m bot.bench --only parse,turns --configs projekt --new 10 --depths 20 # a partial run
    python -m bot.bench --smoke --url http://localhost:5005 [--token …]          # against running servers

Full run: for the project's configuration (config.yml) and Rasa's default configuration
(bot/bench/default_config.yml), trained on the same data/ and domain.yml, one after the other:
training (phase ``train``: cold, and after an NLU-only change; see bot/bench/training.py), then an action
server and a Rasa server of its own on loopback (project 5455/5405, default 5456/5406; HTTP API on with a
random token), start time until ready, and the phases ``parse`` (/model/parse), ``turns`` (new
conversation; turns 20, 50, 200 of one conversation), ``load`` (closed loop, 1/4/16/64 conversations ×
10 turns) and ``open`` (open loop, fixed arrival rate); the RSS of each server after the load; last
``profile``: py-spy records both servers under one more closed load (reports/profile-*.svg, shares in
reports/bench.md; bot/bench/profile.py). The servers
are stopped before the next configuration starts, so the two never compete for the CPU.

Smoke run (``--smoke --url``): the same client code, tiny sizes, against servers that already run (the
ones ``make test`` starts). /model/parse needs the HTTP API with a token (``--token`` or RASA_AUTH_TOKEN);
an answer 401/403/404 skips it with a note. It asserts nothing about speed: the exit code is 0 unless the
client crashed or every request failed.

Output: a compact table on stdout, reports/bench.md + reports/bench.json (smoke: reports/bench-smoke.*).
Only loopback addresses are loaded; every request has a timeout and every phase a deadline.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import importlib.metadata
import os
import platform
import re
import signal
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

from bot.bench import load, profile, report
from bot.bench.cli import FULL, PHASES, SERVING, SMOKE, parser, phases_from, settings_from
from bot.bench.inputs import fault_texts, parse_texts

__all__ = [
    "FULL",
    "PHASES",
    "SERVING",
    "SMOKE",
    "fault_texts",
    "main",
    "parse_texts",
    "parser",
    "phases_from",
    "settings_from",
]

ROOT = Path(__file__).resolve().parents[2]
PROFILE_LOAD = {"levels": [16], "load_turns": 10}  # the closed load the profile records (bot/bench/profile.py)
# (rasa port, action port) per configuration: away from 5005/5055 (make run/test) and 5105/5106/5155 (scale).
PORTS = {"projekt": (5405, 5455), "standard": (5406, 5456)}


def git(*command: str) -> str:
    try:
        return subprocess.run(["git", *command], cwd=ROOT, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def machine() -> Dict[str, Any]:
    info: Dict[str, Any] = {"cores": os.cpu_count(), "platform": platform.platform()}
    try:
        meminfo = Path("/proc/meminfo").read_text()
        info["ram_gb"] = round(int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1)) / 1024 / 1024, 1)  # type: ignore[union-attr]
    except (OSError, AttributeError):
        info["ram_gb"] = None
    try:
        cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        info["cpu"] = cpu.group(1).strip() if cpu else None
    except OSError:
        info["cpu"] = None
    info["load"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return info


def meta(args: argparse.Namespace, settings: Dict[str, Any], phases: Sequence[str]) -> Dict[str, Any]:
    try:
        rasa_version = importlib.metadata.version("rasa")
    except importlib.metadata.PackageNotFoundError:
        rasa_version = "?"
    return {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "commit": git("rev-parse", "--short", "HEAD") or "?",
        "dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
        "machine": machine(),
        "python": platform.python_version(),
        "rasa": rasa_version,
        "mode": "smoke" if args.smoke else "full",
        "phases": list(phases),
        "settings": {
            **{k: v for k, v in settings.items() if k not in ("open_think",)},
            "open_think_s": settings["open_think"],
            "request_timeout_s": args.request_timeout,
        },
        "notes": [],
    }


async def measure(
    url: str, token: Optional[str], phases: Sequence[str], settings: Dict[str, Any], args: argparse.Namespace
) -> Dict[str, Any]:
    """The HTTP phases against one running Rasa server; a dict of the config's figures.

    Each sequential phase ends after ``--phase-timeout`` seconds at the latest (a note says so, the run
    goes on); the load phases have their own deadline and count what was not sent as errors.
    """
    figures: Dict[str, Any] = {"notes": []}
    run_id = uuid.uuid4().hex[:8]  # new sender ids each run: no conversation continues an earlier one

    async def bounded(name: str, coroutine: Any) -> Optional[Dict[str, Any]]:
        try:
            return await asyncio.wait_for(coroutine, timeout=args.phase_timeout)
        except asyncio.TimeoutError:
            figures["notes"].append(f"{name} nach {args.phase_timeout:.0f} s abgebrochen (--phase-timeout)")
            return None

    async with load.Client(url, token, args.request_timeout, fault_texts()) as client:
        if "parse" in phases and settings["parse"] > 0:
            print("  /model/parse …", flush=True)
            texts = parse_texts()
            parsed = await bounded(
                "/model/parse", load.parses(client, texts, settings["parse"], settings["parse_warmup"])
            )
            if parsed is not None:
                figures["parse"] = parsed
                if "skipped" in parsed:
                    figures["notes"].append(f"/model/parse übersprungen: {parsed['skipped']}")
        if "turns" in phases:
            print("  Zuglatenz (neues Gespräch, Tiefe) …", flush=True)
            turns: Dict[str, Any] = {}
            if settings["new"] > 0:
                new = await bounded("Neue Gespräche", load.new_conversations(client, run_id, settings["new"]))
                if new is not None:
                    turns["new"] = new
            deep = await bounded(
                "Lange Gespräche",
                load.deep_conversations(
                    client, run_id, settings["depths"], settings["depth_window"], settings["depth_conversations"]
                ),
            )
            turns.update(deep or {})
            figures["turns"] = turns
        if "load" in phases:
            figures["closed"] = {}
            for level in settings["levels"]:
                print(f"  geschlossene Last: {level} × {settings['load_turns']} Züge …", flush=True)
                figures["closed"][str(level)] = await load.closed_loop(
                    client, run_id, level, settings["load_turns"], args.phase_timeout
                )
        if "open" in phases:
            rate = settings["open_users"] / settings["open_think"]
            print(f"  offene Last: {rate:.1f} Nachrichten/s für {settings['open_duration']:.0f} s …", flush=True)
            figures["open"] = await load.open_loop(
                client, run_id, settings["open_users"], settings["open_think"], settings["open_duration"]
            )
    return figures


def against_url(args: argparse.Namespace, settings: Dict[str, Any], phases: Sequence[str]) -> Dict[str, Any]:
    url = args.url.rstrip("/")
    result = {"meta": meta(args, settings, phases), "configs": {}}
    result["meta"]["url"] = url
    token = args.token if args.token is not None else os.environ.get("RASA_AUTH_TOKEN") or None
    if token is None and "parse" in phases:
        result["meta"]["notes"].append("kein Token (--token/RASA_AUTH_TOKEN): /model/parse wird ohne versucht")
    figures = asyncio.run(measure(url, token, [p for p in phases if p in SERVING], settings, args))
    result["configs"]["laufend"] = {"label": f"laufender Server {url}", "config": "?", "model": None, **figures}
    return result


def full(args: argparse.Namespace, settings: Dict[str, Any], phases: Sequence[str]) -> Dict[str, Any]:
    from bot.bench import servers, training

    result: Dict[str, Any] = {"meta": meta(args, settings, phases), "configs": {}}
    tags = [t.strip() for t in args.configs.split(",") if t.strip()]
    unknown = [t for t in tags if t not in training.SETUPS]
    if unknown or not tags:
        raise SystemExit(f"Unbekannte Konfiguration(en): {', '.join(unknown)} – möglich: projekt,standard")
    result["meta"]["notes"].append(
        "Beide Konfigurationen mit denselben Daten, derselben Domain, denselben Aktionen und demselben "
        "Kanal; Gesprächsspeicher SQLite je Lauf neu (build/bench/), Sperren im Speicher, 1 Sanic-Worker."
    )
    given: Dict[str, Path] = {}
    for item in args.model:
        tag, _, path = item.partition("=")
        if tag not in training.SETUPS or not path or not Path(path).is_file():
            raise SystemExit(f"--model erwartet KONFIG=PFAD zu einem vorhandenen Modell, nicht {item!r}")
        given[tag] = Path(path).resolve()
    for tag in tags:
        setup = training.SETUPS[tag]
        config: Dict[str, Any] = {"label": setup.label, "config": os.path.relpath(setup.config, ROOT), "notes": []}
        result["configs"][tag] = config
        try:
            if "train" in phases and tag not in given:  # a model given with --model is served, not trained
                config["training"] = training.cold_and_nlu_change(setup, args.train_timeout)
                model = setup.model
            if tag in given:
                model = given[tag]
                config["notes"].append("Modell mit --model vorgegeben, nicht auf Aktualität geprüft")
            elif "train" not in phases:
                model, seconds = training.ensure_model(setup, args.train_timeout)
                if seconds is not None:
                    config["training"] = {"cold_s": seconds}
                    config["notes"].append("kein aktuelles Modell: kalt trainiert (Phase train war nicht gewählt)")
            config["model"] = os.path.relpath(model, ROOT)
            serving = [p for p in phases if p in SERVING]
            if serving:
                figures = serve(setup.tag, model, serving, settings, args, servers)
                config["notes"] += figures.pop("notes", [])
                config.update(figures)
        except (RuntimeError, asyncio.TimeoutError) as problem:
            config["notes"].append(f"abgebrochen: {problem}")
            print(f"FEHLER ({setup.label}): {problem}", file=sys.stderr, flush=True)
    return result


def serve(
    tag: str, model: Path, phases: Sequence[str], settings: Dict[str, Any], args: argparse.Namespace, servers: Any
) -> Dict[str, Any]:
    """Start this configuration's servers, measure, stop them (always)."""
    rasa_port, action_port = PORTS[tag]
    busy = [port for port in (rasa_port, action_port) if not servers.port_free(port)]
    if busy:
        raise RuntimeError(f"Port(s) {', '.join(map(str, busy))} belegt – läuft noch ein Benchmark?")
    secret = servers.token()
    actions = servers.BenchActionServer(action_port, tag)
    rasa = servers.BenchRasaServer(rasa_port, tag, model, secret, action_port, servers.BENCH_DIR / f"tracker-{tag}.db")
    figures: Dict[str, Any] = {}
    try:
        print(f"==> {tag}: Action-Server und Rasa-Server starten …", flush=True)
        # one after the other: the Rasa start is timed without the action server competing for the CPU
        figures["start"] = {"actions_s": servers.timed_start(actions, 120)}
        figures["start"]["rasa_s"] = servers.timed_start(rasa, args.start_timeout)
        processes = {"rasa": rasa, "actions": actions}
        figures["rss_mb_ready"] = servers.memory(processes)
        measured = asyncio.run(measure(rasa.url, secret, phases, settings, args))
        figures["rss_mb"] = servers.memory(processes)
        figures["notes"] = measured.pop("notes")
        figures.update(measured)
        if "profile" in phases:
            print(f"  Profil (py-spy) unter Last {PROFILE_LOAD['levels'][0]} × {PROFILE_LOAD['load_turns']} …")
            pids = {name: server.process.pid for name, server in processes.items()}
            profile_settings = {**settings, **PROFILE_LOAD}
            figures["profile"] = profile.under_load(
                tag,
                pids,
                lambda: asyncio.run(measure(rasa.url, secret, ["load"], profile_settings, args)),
                Path(args.out),
            )
    finally:
        rasa.stop()
        actions.stop()
    return figures


def count(result: Dict[str, Any]) -> tuple[int, int]:
    """(requests measured, requests failed) over all configurations."""
    total = failed = 0
    for config in result["configs"].values():
        for _, stats in report.phase_stats(config):
            if "skipped" in stats:
                continue
            total += int(stats.get("count") or 0)
            failed += int(stats.get("errors") or 0)
    return total, failed


def main(argv: Optional[List[str]] = None) -> int:
    args = parser().parse_args(argv)
    if args.smoke and not args.url:
        raise SystemExit("--smoke braucht --url (laufender Rasa-Server, z. B. http://localhost:5005).")
    if args.url and not load.is_loopback(args.url):
        raise SystemExit(f"Der Benchmark lädt nur Server auf diesem Rechner (Loopback), nicht {args.url}.")
    # SIGTERM (CI cancelling a job) ends like Ctrl+C: the finally blocks stop the bench's servers.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    settings, phases = settings_from(args), phases_from(args)
    if args.url:
        result = against_url(args, settings, phases)
    else:
        result = full(args, settings, phases)
    stem = "bench-smoke" if args.smoke else "bench"
    md, js = report.write(result, Path(args.out), stem)
    print()
    print(report.terminal(result))
    print(f"Berichte: {os.path.relpath(md, ROOT)}, {os.path.relpath(js, ROOT)}")
    total, failed = count(result)
    aborted = any(note.startswith("abgebrochen") for c in result["configs"].values() for note in c.get("notes", []))
    if total and failed >= total:
        print("Alle Anfragen sind fehlgeschlagen.", file=sys.stderr)
        return 1
    if not total and any(p in SERVING for p in phases) and not all_skipped(result):
        print("Keine Anfrage gemessen.", file=sys.stderr)
        return 1
    return 1 if aborted else 0


def all_skipped(result: Dict[str, Any]) -> bool:
    stats = [s for c in result["configs"].values() for _, s in report.phase_stats(c)]
    return bool(stats) and all("skipped" in s for s in stats)


if __name__ == "__main__":
    sys.exit(main())
