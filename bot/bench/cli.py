"""The benchmark's command line: phases, sizes of the full and the smoke run, limits (``python -m bot.bench --help``)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, Dict, List

from bot.bench import load

ROOT = Path(__file__).resolve().parents[2]
PHASES = ("train", "parse", "turns", "load", "open", "profile")
SERVING = ("parse", "turns", "load", "open", "profile")

FULL: Dict[str, Any] = {
    "parse": 200,
    "parse_warmup": 10,
    "new": 30,
    "depths": "20,50,200",
    "depth_window": 10,
    "depth_conversations": 2,
    "levels": "1,4,16,64",
    "load_turns": 10,
    "open_users": 100,
    "open_think": 5.0,
    "open_duration": 60.0,
}
SMOKE: Dict[str, Any] = {
    "parse": 5,
    "parse_warmup": 1,
    "new": 2,
    "depths": "3",
    "depth_window": 1,
    "depth_conversations": 1,
    "levels": "2",
    "load_turns": 3,
    "open_users": 2,
    "open_think": 0.5,
    "open_duration": 1.0,
}


def ints(text: str) -> List[int]:
    values = [int(part) for part in text.split(",") if part.strip()]
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError(f"erwartet positive ganze Zahlen, durch Komma getrennt: {text!r}")
    return values


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m bot.bench",
        description="Benchmark: Training, Start, Speicher, /model/parse, Zuglatenz, Last (geschlossen und offen).",
    )
    p.add_argument("--smoke", action="store_true", help="Kurzlauf gegen laufende Server (--url), winzige Größen")
    p.add_argument("--url", help="laufenden Rasa-Server nutzen (nur Loopback), z. B. http://localhost:5005")
    p.add_argument("--token", help="Token der Rasa-HTTP-API für /model/parse (Standard: RASA_AUTH_TOKEN)")
    p.add_argument("--only", help=f"nur diese Phasen, durch Komma getrennt: {','.join(PHASES)}")
    p.add_argument("--skip", help="diese Phasen auslassen, durch Komma getrennt")
    p.add_argument("--configs", default="projekt,standard", help="Konfigurationen des vollen Laufs: projekt,standard")
    p.add_argument(
        "--model",
        action="append",
        default=[],
        metavar="KONFIG=PFAD",
        help="dieses Modell ausliefern, ohne Aktualitätsprüfung und ohne Training (z. B. projekt=models/digitallotse.tar.gz)",
    )
    p.add_argument("--out", default=str(ROOT / "reports"), help="Verzeichnis der Berichte (Standard: reports/)")
    sizes = p.add_argument_group("Größen (Standard: voller Lauf / Kurzlauf)")
    sizes.add_argument("--parse", type=int, help=f"Anzahl /model/parse ({FULL['parse']} / {SMOKE['parse']})")
    sizes.add_argument("--parse-warmup", type=int, help="ungemessene Aufwärmanfragen vor den Parses")
    sizes.add_argument(
        "--new", type=int, help=f"neue Gespräche für die erste Zuglatenz ({FULL['new']} / {SMOKE['new']})"
    )
    sizes.add_argument("--depths", help=f"Zugtiefen eines Gesprächs ({FULL['depths']} / {SMOKE['depths']})")
    sizes.add_argument("--depth-window", type=int, help="gemessene Züge ab jeder Tiefe (10 / 1)")
    sizes.add_argument("--depth-conversations", type=int, help="lange Gespräche nacheinander (2 / 1)")
    sizes.add_argument(
        "--levels", help=f"gleichzeitige Gespräche im geschlossenen Lauf ({FULL['levels']} / {SMOKE['levels']})"
    )
    sizes.add_argument("--load-turns", type=int, help="Züge je Gespräch im geschlossenen Lauf (10 / 3)")
    sizes.add_argument("--open-users", type=int, help="Nutzer im offenen Lauf (100 / 2)")
    sizes.add_argument("--open-think", type=float, help="Sekunden zwischen den Nachrichten eines Nutzers (5 / 0,5)")
    sizes.add_argument("--open-duration", type=float, help="Dauer des offenen Laufs in Sekunden (60 / 1)")
    limits = p.add_argument_group("Grenzen")
    limits.add_argument("--request-timeout", type=float, default=30, help="Höchstdauer einer Anfrage (s)")
    limits.add_argument("--phase-timeout", type=float, default=900, help="Höchstdauer eines Lastlaufs (s)")
    limits.add_argument("--train-timeout", type=float, default=3600, help="Höchstdauer eines Trainings (s)")
    limits.add_argument("--start-timeout", type=float, default=600, help="Höchstdauer eines Serverstarts (s)")
    return p


def settings_from(args: argparse.Namespace) -> Dict[str, Any]:
    defaults = SMOKE if args.smoke else FULL
    chosen = {key: getattr(args, key) if getattr(args, key) is not None else value for key, value in defaults.items()}
    chosen["depths"], chosen["levels"] = ints(str(chosen["depths"])), ints(str(chosen["levels"]))
    for key in ("parse", "new", "depth_window", "depth_conversations", "load_turns", "open_users"):
        if chosen[key] < (0 if key in ("parse", "new") else 1):
            raise SystemExit(f"--{key.replace('_', '-')} ist zu klein: {chosen[key]}")
    if max(chosen["levels"]) > load.MAX_CONCURRENCY or chosen["open_users"] > load.MAX_CONCURRENCY:
        raise SystemExit(f"Höchstens {load.MAX_CONCURRENCY} gleichzeitige Gespräche/Nutzer.")
    if chosen["open_think"] <= 0 or chosen["open_duration"] <= 0:
        raise SystemExit("--open-think und --open-duration müssen größer als 0 sein.")
    return chosen


def phases_from(args: argparse.Namespace) -> List[str]:
    wanted = [p.strip() for p in args.only.split(",")] if args.only else list(PHASES)
    skipped = [p.strip() for p in args.skip.split(",")] if args.skip else []
    unknown = [p for p in wanted + skipped if p not in PHASES]
    if unknown:
        raise SystemExit(f"Unbekannte Phase(n): {', '.join(unknown)} – möglich: {', '.join(PHASES)}")
    chosen = [p for p in PHASES if p in wanted and p not in skipped]
    if args.smoke:
        chosen = [p for p in chosen if p not in ("train", "profile")]  # the smoke run never trains nor profiles
    return chosen
