"""Markdown for reports/eval.md: one summary table first, details after it."""

from __future__ import annotations

from typing import Any, Dict, List

SETS = (("held_out", "zurückgehalten"), ("real_questions", "echte Fragen"), ("cross_validation", "Kreuzvalidierung"))


def _num(value: Any) -> str:
    return "–" if value is None else f"{value:.3f}".replace(".", ",") if isinstance(value, float) else str(value)


def _one(value: float) -> str:
    """Milliseconds and seconds: one decimal, German comma."""
    return f"{value:.1f}".replace(".", ",")


def _summary(systems: Dict[str, Any]) -> List[str]:
    head = ["System"]
    for _, label in SETS:
        head += [f"{label}: Genauigkeit", f"{label}: Makro-F1", f"{label}: Entitäten-F1"]
    head += ["Parse p50/p95 (ms)", "Training (s)"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for result in systems.values():
        row = [result["name"]]
        for key, _ in SETS:
            part = result.get(key)
            row += [_num(part["intents"]["accuracy"]), _num(part["intents"]["macro_f1"]),
                    _num(part["entities"]["micro"]["f1"])] if part else ["–"] * 3  # fmt: skip
        row += [f"{_one(result['parse_ms']['p50'])} / {_one(result['parse_ms']['p95'])}",
                _one(result["training_seconds"])]  # fmt: skip
        lines.append("| " + " | ".join(row) + " |")
    return lines


def _per_intent(systems: Dict[str, Any], key: str) -> List[str]:
    intents = sorted({i for r in systems.values() if r.get(key) for i in r[key]["intents"]["per_intent"]})
    lines = ["| Intent | " + " | ".join(r["name"] for r in systems.values()) + " |",
             "|---|" + "---|" * len(systems)]  # fmt: skip
    for intent in intents:
        cells = [_num(r[key]["intents"]["per_intent"].get(intent, {}).get("f1")) if r.get(key) else "–"
                 for r in systems.values()]  # fmt: skip
        lines.append(f"| {intent} | " + " | ".join(cells) + " |")
    return lines


def _per_entity(systems: Dict[str, Any], key: str) -> List[str]:
    names = sorted({e for r in systems.values() if r.get(key) for e in r[key]["entities"]["per_entity"]})
    lines = ["| Entität | " + " | ".join(f"{r['name']} (P/R/F1)" for r in systems.values()) + " |",
             "|---|" + "---|" * len(systems)]  # fmt: skip
    for name in names:
        cells = []
        for r in systems.values():
            e = r[key]["entities"]["per_entity"].get(name) if r.get(key) else None
            cells.append(f"{_num(e['precision'])} / {_num(e['recall'])} / {_num(e['f1'])}" if e else "–")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def render(report: Dict[str, Any]) -> str:
    m = report["machine"]
    systems = report["systems"]
    out = [
        "# NLU- und Suchqualität (`make eval`)",
        "",
        f"{report['date']}, Commit {m['commit']}, {m['cores']} Kerne, {m['ram_gb']} GB RAM, Python {m['python']}, "
        f"Laufzeit {report['minutes']} min.",
        "",
        *_summary(systems),
    ]
    for key, label in SETS:
        if not any(r.get(key) for r in systems.values()):
            continue
        out += ["", f"## {label}: F1 je Intent", "", *_per_intent(systems, key), "",
                f"## {label}: Entitäten", "", *_per_entity(systems, key), "", f"## {label}: häufigste Verwechslungen", ""]  # fmt: skip
        for r in systems.values():
            if r.get(key):
                out.append(f"- {r['name']}: " + ("; ".join(r[key]["intents"]["confusions"]) or "keine"))
    retrieval = report.get("retrieval")
    if retrieval:
        out += ["", f"## Freitextsuche ({retrieval['needs']} Bedarfe, Recall@{retrieval['top']})", "",
                "| Verfahren | Recall@5 | Bedarfe vollständig gefunden |", "|---|---|---|"]  # fmt: skip
        for mode, label in (("bm25", "BM25"), ("embedding", "Satzvektoren"), ("hybrid", "hybrid")):
            out.append(
                f"| {label} | {_num(retrieval[mode]['recall_at_5'])} | {_num(retrieval[mode]['needs_fully_found'])} |"
            )
        if not retrieval["embeddings"]:
            out.append("\nSatzvektoren waren nicht verfügbar: Zeilen „Satzvektoren“ und „hybrid“ sind nur BM25.")
    return "\n".join(out) + "\n"
