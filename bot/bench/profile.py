"""Where a loaded server spends its time: py-spy samples of the Rasa and the action server.

py-spy (pinned in requirements.txt) reads the stacks of a running Python process from outside, so the
servers run unchanged. The benchmark's phase ``profile`` runs a closed load (16 conversations × 10 turns)
while py-spy records each server twice: an SVG flame graph to look at, and the collapsed stacks
("a;b;c 12") from which ``summary`` computes the inclusive share of the frames that matter, for
reports/bench.md. The profile is a phase of its own, after the measured phases, so the sampling never
touches the figures.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Dict, List, Sequence, Tuple

RATE = 100  # samples per second: enough for shares of a few per cent, little overhead
# The parts of a turn, by a frame that marks them (first match wins; order from specific to general).
PARTS: Sequence[Tuple[str, str]] = (
    ("Schema-Prüfung der Aktionsantworten", r"_validate_action_result \("),
    ("NLU (parse_message)", r"parse_message \("),
    ("Policies (_predict_next_with_tracker)", r"_predict_next_with_tracker \("),
    ("Aktionen: Aufruf des Action-Servers", r"run \(rasa/core/actions/action\.py"),
    ("Gesprächsspeicher laden", r"retrieve \(.*tracker_store"),
    ("Gesprächsspeicher sichern", r"save \(.*tracker_store"),
    ("Aktionen (rasa_sdk: run)", r"run \(rasa_sdk/executor\.py"),
)


def available() -> bool:
    return _py_spy() is not None


def _py_spy() -> str | None:
    beside = Path(sys.executable).with_name("py-spy")
    return str(beside) if beside.exists() else shutil.which("py-spy")


class Recording:
    """py-spy on ``pid`` (and its children) into ``<stem>.svg`` and ``<stem>.txt`` until ``stop``."""

    def __init__(self, pid: int, stem: Path) -> None:
        self.pid, self.stem = pid, stem
        self.processes: List[subprocess.Popen[bytes]] = []

    def start(self) -> None:
        binary = _py_spy()
        if binary is None:
            raise RuntimeError("py-spy fehlt (requirements.txt)")
        self.stem.parent.mkdir(parents=True, exist_ok=True)
        for fmt, suffix in (("flamegraph", ".svg"), ("raw", ".txt")):
            command = [binary, "record", "--pid", str(self.pid), "--rate", str(RATE), "--subprocesses"]
            command += ["--nonblocking", "--format", fmt, "--output", str(self.stem.with_suffix(suffix))]
            with open(self.stem.with_suffix(f".{fmt}.log"), "wb") as log:  # the child keeps its own handle
                self.processes.append(subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT))

    def stop(self) -> None:
        # SIGINT makes py-spy write its output and end
        for process in self.processes:
            process.send_signal(signal.SIGINT)
        for process in self.processes:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()


def _short(frame: str) -> str:
    """'handle_message (rasa/core/processor.py:123)' without the line number, paths from site-packages on."""
    if "site-packages/" in frame:
        frame = re.sub(r"\s*\([^()]*site-packages/", " (", frame)
    else:
        # py-spy already shortens most paths; an absolute one is cut before the project's own folders
        frame = re.sub(r"\s*\(/[^()]*?/(?=(?:bot|actions|knowledge)/)", " (", frame)
    return re.sub(r":\d+\)$", ")", frame)


def read_collapsed(path: Path) -> Counter[Tuple[str, ...]]:
    stacks: Counter[Tuple[str, ...]] = Counter()
    for line in path.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            # with --subprocesses the first frame names the process ('process 123:"cmd"'): not a function
            frames = [f for f in stack.split(";") if not f.startswith("process ")]
            stacks[tuple(_short(f) for f in frames)] += int(count)
    return stacks


def summary(path: Path, top: int = 12) -> Dict[str, object]:
    """Samples, the share of each part of a turn (%) and the functions that ran most themselves (self time, %)."""
    stacks = read_collapsed(path)
    total = sum(stacks.values())
    if not total:
        return {"samples": 0, "parts": {}, "top": []}
    parts: Counter[str] = Counter()
    own: Counter[str] = Counter()
    for stack, count in stacks.items():
        joined = ";".join(stack)
        for name, pattern in PARTS:
            if re.search(pattern, joined):
                parts[name] += count
                break
        if stack:
            own[stack[-1]] += count  # the frame that was running: where the time itself goes

    def pct(n: int) -> float:
        return round(100.0 * n / total, 1)

    return {
        "samples": total,
        "parts": {name: pct(parts[name]) for name, _ in PARTS if parts[name]},
        "top": [(frame, pct(n)) for frame, n in own.most_common(top)],
    }


def under_load(tag: str, pids: Dict[str, int], run_load: Callable[[], Any], out: Path) -> Dict[str, Any]:
    """Record every server in ``pids`` while ``run_load()`` runs; per server the summary and the files."""
    if not available():
        return {"skipped": "py-spy ist nicht installiert"}
    recordings = {name: Recording(pid, out / f"profile-{tag}-{name}") for name, pid in pids.items()}
    for recording in recordings.values():
        recording.start()
    time.sleep(1.0)  # py-spy attaches before the first request
    try:
        run_load()
    finally:
        for recording in recordings.values():
            recording.stop()
    found: Dict[str, Any] = {}
    for name, recording in recordings.items():
        raw = recording.stem.with_suffix(".txt")
        found[name] = summary(raw) if raw.exists() else {"samples": 0, "parts": {}, "top": []}
        found[name]["flamegraph"] = os.path.relpath(recording.stem.with_suffix(".svg"), out.parent)
    return found


def markdown(config: Dict[str, Any]) -> List[str]:
    """Lines for reports/bench.md: where the servers spent their time under load."""
    profile = config.get("profile")
    if not isinstance(profile, dict) or "skipped" in profile:
        return []
    lines = ["", f"### Profil unter Last: {config.get('label', '')}", ""]
    for name, found in profile.items():
        lines.append(f"**{name}** ({found.get('samples', 0)} Stichproben, `{found.get('flamegraph', '')}`)")
        lines += [f"- {part}: {share} %" for part, share in found.get("parts", {}).items()]
        if found.get("top"):
            lines.append("- am meisten Zeit selbst verbraucht:")
            lines += [f"  - `{frame}`: {share} %" for frame, share in found["top"]]
        lines.append("")
    return lines
