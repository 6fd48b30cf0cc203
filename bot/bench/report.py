"""The benchmark's output: a compact table (terminal and Markdown, German) and the raw figures as JSON.

A result is a plain dict (so JSON round-trips it):

    {"meta": {"date", "commit", "dirty", "machine": {...}, "mode", "settings", "notes"},
     "configs": {"projekt": {"label", "config", "model", "training", "start", "rss_mb", "parse",
                             "turns": {"new", "20", …}, "closed": {"1", "4", …}, "open", "notes"},
                 "standard": {…}}}

Every part may be missing (a phase not selected, skipped, or failed): its row then shows "–".
The ratio column is the first configuration divided by the second (project ÷ Rasa's default); for a
latency row it compares the p95, for throughput the turns per second.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from bot.bench import profile

Cell = Optional[Tuple[Optional[float], str]]  # (value the ratio uses, text) or None for "not measured"
DASH = "–"


def number(value: Optional[float], digits: int = 1) -> str:
    """German decimal comma; missing or NaN as a dash."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return DASH
    return f"{value:.{digits}f}".replace(".", ",")


def ratio(first: Optional[float], second: Optional[float]) -> str:
    if first is None or second is None or second == 0 or math.isnan(first) or math.isnan(second):
        return DASH
    return f"{number(first / second, 2)}×"


def _get(data: Dict[str, Any], *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _seconds(*keys: str) -> Callable[[Dict[str, Any]], Cell]:
    def cell(config: Dict[str, Any]) -> Cell:
        value = _get(config, *keys)
        return None if value is None else (float(value), number(value))

    return cell


def _mb(*keys: str) -> Callable[[Dict[str, Any]], Cell]:
    def cell(config: Dict[str, Any]) -> Cell:
        value = _get(config, *keys)
        return None if value is None else (float(value), number(value, 0))

    return cell


def _latency(*keys: str, with_max: bool = False, errors: bool = False) -> Callable[[Dict[str, Any]], Cell]:
    """ "p50 / p95 [/ max]" in ms (ratio on p95), "übersprungen" for a skipped phase, errors appended."""

    def cell(config: Dict[str, Any]) -> Cell:
        stats = _get(config, *keys)
        if not isinstance(stats, dict):
            return None
        if "skipped" in stats:
            return (None, "übersprungen")
        parts = [stats.get("p50_ms"), stats.get("p95_ms")] + ([stats.get("max_ms")] if with_max else [])
        text = " / ".join(number(p, 0 if p is not None and p >= 100 else 1) for p in parts)
        if errors or stats.get("errors"):
            text += f" · {stats.get('errors', 0)} F."
        p95 = stats.get("p95_ms")
        return (None if p95 is None else float(p95), text)

    return cell


def _throughput(*keys: str) -> Callable[[Dict[str, Any]], Cell]:
    def cell(config: Dict[str, Any]) -> Cell:
        stats = _get(config, *keys)
        if not isinstance(stats, dict) or "throughput" not in stats:
            return None
        return (float(stats["throughput"]), number(stats["throughput"]))

    return cell


def _open_rate(config: Dict[str, Any]) -> Cell:
    stats = _get(config, "open")
    if not isinstance(stats, dict) or "extra" not in stats:
        return None
    extra = stats["extra"]
    return (float(stats["throughput"]), f"{number(stats['throughput'])} von {number(extra.get('offered_per_s'))}")


def _open_due(config: Dict[str, Any]) -> Cell:
    value = _get(config, "open", "extra", "p95_from_due_ms")
    late = _get(config, "open", "extra", "late_sends")
    if value is None:
        return None
    return (float(value), f"{number(value, 0)} · {late or 0} verspätet")


def rows(result: Dict[str, Any]) -> List[Tuple[str, Callable[[Dict[str, Any]], Cell]]]:
    """The table's rows (label, cell function), only those some configuration has figures for."""
    settings = result.get("meta", {}).get("settings", {})
    specs: List[Tuple[str, Callable[[Dict[str, Any]], Cell]]] = [
        ("Training kalt (s)", _seconds("training", "cold_s")),
        ("Training nach NLU-Änderung (s)", _seconds("training", "nlu_change_s")),
        ("Start bis bereit: Action-Server (s)", _seconds("start", "actions_s")),
        ("Start bis bereit: Rasa-Server (s)", _seconds("start", "rasa_s")),
        ("RSS nach Last: Rasa-Server (MB)", _mb("rss_mb", "rasa")),
        ("RSS nach Last: Action-Server (MB)", _mb("rss_mb", "actions")),
        ("/model/parse p50 / p95 (ms)", _latency("parse")),
        ("Zug, neues Gespräch p50 / p95 (ms)", _latency("turns", "new")),
    ]
    depths = sorted({int(d) for c in result.get("configs", {}).values() for d in (c.get("turns") or {}) if d != "new"})
    specs += [(f"Zug {d} eines Gesprächs p50 / p95 (ms)", _latency("turns", str(d))) for d in depths]
    levels = sorted({int(n) for c in result.get("configs", {}).values() for n in (c.get("closed") or {})})
    turns = settings.get("load_turns", "?")
    for n in levels:
        specs += [
            (f"Last {n} × {turns} Züge: Durchsatz (Züge/s)", _throughput("closed", str(n))),
            (f"Last {n} × {turns} Züge: p50 / p95 / max (ms)", _latency("closed", str(n), with_max=True, errors=True)),
        ]
    users, think = settings.get("open_users", "?"), settings.get("open_think_s", "?")
    specs += [
        (f"Offen {users} Nutzer, {number(think)} s Denkzeit: Züge/s (erreicht von Ziel)", _open_rate),
        ("Offen: p50 / p95 / max (ms)", _latency("open", with_max=True, errors=True)),
        ("Offen: p95 ab geplantem Zeitpunkt (ms)", _open_due),
    ]
    configs = list(result.get("configs", {}).values())
    return [(label, fn) for label, fn in specs if any(fn(c) is not None for c in configs)]


def table(result: Dict[str, Any]) -> Tuple[List[str], List[List[str]]]:
    """Header and body rows; with two configurations a ratio column (first ÷ second)."""
    configs = result.get("configs", {})
    names = list(configs)
    header = ["Kennzahl"] + [configs[name].get("label", name) for name in names]
    if len(names) == 2:
        header.append("Verhältnis")
    body = []
    for label, fn in rows(result):
        cells = [fn(configs[name]) for name in names]
        line = [label] + [cell[1] if cell else DASH for cell in cells]
        if len(names) == 2:
            first, second = (cell[0] if cell else None for cell in cells)
            line.append(ratio(first, second))
        body.append(line)
    return header, body


def terminal(result: Dict[str, Any]) -> str:
    header, body = table(result)
    widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]

    def line(row: Sequence[str]) -> str:
        return "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )

    out = [line(header), "  ".join("-" * w for w in widths)] + [line(row) for row in body]
    return "\n".join(out + [""] + notes(result))


def notes(result: Dict[str, Any]) -> List[str]:
    found = [f"Hinweis: {note}" for note in result.get("meta", {}).get("notes", [])]
    for name, config in result.get("configs", {}).items():
        found += [f"Hinweis ({config.get('label', name)}): {note}" for note in config.get("notes", [])]
        for where, stats in phase_stats(config):
            for example in stats.get("error_examples", [])[:3]:
                found.append(f"Fehler ({config.get('label', name)}, {where}): {example}")
    return found


def phase_stats(config: Dict[str, Any]) -> List[Tuple[str, Dict[str, Any]]]:
    found = []
    for phase in ("parse", "open"):
        if isinstance(config.get(phase), dict):
            found.append((phase, config[phase]))
    for group in ("turns", "closed"):
        for key, stats in (config.get(group) or {}).items():
            found.append((f"{group} {key}", stats))
    return found


def markdown(result: Dict[str, Any]) -> str:
    meta = result.get("meta", {})
    machine = meta.get("machine", {})
    header, body = table(result)
    title = "Benchmark (Kurzlauf)" if meta.get("mode") == "smoke" else "Benchmark"
    lines = [
        f"# {title}",
        "",
        f"- Datum: {meta.get('date', DASH)}",
        f"- Maschine: {machine.get('cores', '?')} Kerne, {number(machine.get('ram_gb'))} GB RAM"
        + (f", {machine['cpu']}" if machine.get("cpu") else "")
        + (f", Last beim Start {machine['load']}" if machine.get("load") else ""),
        f"- Commit: {meta.get('commit', DASH)}" + (" (mit lokalen Änderungen)" if meta.get("dirty") else ""),
        f"- Python {meta.get('python', '?')}, Rasa {meta.get('rasa', '?')}",
    ]
    for name, config in result.get("configs", {}).items():
        model = config.get("model") or DASH
        lines.append(f"- {config.get('label', name)}: `{config.get('config', '?')}`, Modell `{model}`")
    if meta.get("settings"):
        shown = ", ".join(f"{key}={value}" for key, value in meta["settings"].items())
        lines.append(f"- Einstellungen: {shown}")
    lines += ["", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in body]
    lines += [
        "",
        "Latenzen: vom Senden bis zur vollständigen Antwort, über Loopback, Perzentile nach nächstem Rang; "
        "„F.“ = Fehler (Ausnahme, Zeitüberschreitung, HTTP ≠ 200, Störungshinweis des Kanals). "
        "Verhältnis = erste ÷ zweite Konfiguration (bei Latenzen der p95-Wert).",
    ]
    extra = notes(result)
    if extra:
        lines += [""] + [f"- {note}" for note in extra]
    for config in result.get("configs", {}).values():
        lines += profile.markdown(config)
    return "\n".join(lines) + "\n"


def write(result: Dict[str, Any], directory: Path, stem: str) -> Tuple[Path, Path]:
    """``<stem>.md`` and ``<stem>.json`` in ``directory`` (created)."""
    directory.mkdir(parents=True, exist_ok=True)
    md, js = directory / f"{stem}.md", directory / f"{stem}.json"
    md.write_text(markdown(result), encoding="utf-8")
    js.write_text(json.dumps(result, ensure_ascii=False, indent=2, allow_nan=False) + "\n", encoding="utf-8")
    return md, js
