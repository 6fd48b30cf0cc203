"""Command line for editors and tests.

python -m knowledge validate
python -m knowledge search --land Bayern --type gemeinde --population 3500 --area verwaltung
python -m knowledge programme "Digitales Rathaus"
python -m knowledge threshold 250000 --kind dienstleistung [--land Bayern]
python -m knowledge stats --json
python -m knowledge review [--json] [--days 60] [--today 2026-11-25]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import List, Optional

from knowledge.amounts import contract_value
from knowledge.coverage import coverage_figures
from knowledge.examples import examples
from knowledge.freshness import SOON_DAYS, freshness_by_kind
from knowledge.funding import find_programme, match_funding
from knowledge.loader import KnowledgeBase, KnowledgeBaseError, load
from knowledge.parsing import format_number, normalize_state
from knowledge.procurement import KINDS, limit_text, threshold_check
from knowledge.profile import Profile
from knowledge.review import render, review
from knowledge.schema import Status
from knowledge.vocabulary import FEDERAL_STATES


def stats(kb: KnowledgeBase, today: dt.date) -> dict:
    entries = list(kb.all_entries())
    freshness = freshness_by_kind(kb, today)
    open_states = {state for p in kb.programmes if p.status != Status.geschlossen.value for state in p.states}
    return {
        "programmes": len(kb.programmes),
        "programmes_open_or_unknown": sum(p.status != Status.geschlossen.value for p in kb.programmes),
        "examples": len(kb.examples),
        "contacts": len(kb.contacts),
        "procurement_topics": len(kb.topics),
        "laender_with_programmes": len(open_states & set(FEDERAL_STATES)),
        "laender_with_examples": len({e.state for e in kb.examples}),
        "entries_without_source": sum(not getattr(e, "source_url", None) for e in entries),
        "stale_entries": sum(int(kind["stale"]) for kind in freshness.values()),
        "freshness": freshness,  # per section: entries, stale, stale_share, expiring_soon, archived
        **coverage_figures(kb),
    }


def _print_figure(key: str, value: object, indent: str = "") -> None:
    """One line per figure; nested figures (coverage per Land …) indented below their key."""
    if isinstance(value, dict):
        print(f"{indent}{key}:")
        for inner_key, inner_value in value.items():
            _print_figure(str(inner_key), inner_value, indent + "  ")
    elif isinstance(value, list):
        print(f"{indent}{key}: {'; '.join(str(v) for v in value) if value else '–'}")
    else:
        print(f"{indent}{key}: {value}")


def _cmd_search(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    profile = Profile(
        federal_state=normalize_state(args.land) if args.land else None,
        municipality_type=args.type,
        population=args.population,
        task_area=args.area,
    )
    hits = match_funding(profile, kb.programmes)
    print(f"{len(hits)} passende Programme für: {profile.describe()}")
    for hit in hits[: args.limit]:
        p = hit.programme
        print(f"- [{p.id}] {p.name} ({p.status}) – {hit.reason_text} – Stand {p.stand:%m/%Y} – {p.source_url}")
    if args.area:
        for example in examples(args.area, args.population, profile.federal_state, kb.examples)[:3]:
            print(f"  Beispiel: {example.municipality} ({example.state}): {example.title}")
    return 0


def _cmd_programme(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    lookup = find_programme(args.name, kb.programmes)
    if lookup.match:
        print(json.dumps(json.loads(lookup.match.json()), ensure_ascii=False, indent=2))
        return 0
    if lookup.candidates:
        print("Meinten Sie: " + " / ".join(p.name for p in lookup.candidates))
        return 0
    print(f"Kein Programm zu {args.name!r} gefunden.")
    return 1


def _cmd_threshold(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    amount = contract_value(args.amount, allow_bare=True)
    if amount is None:
        print(f"{args.amount!r} ist kein Betrag.", file=sys.stderr)
        return 2
    land = normalize_state(args.land) if args.land else None
    result = threshold_check(amount.euros, args.kind, kb.eu_thresholds, kb.value_limits, land, bool(amount.gross))
    print(
        f"Auftragswert {format_number(result.amount_eur)} € ({result.kind}); EU-Schwellenwert "
        f"{format_number(result.threshold)} € (gültig {result.thresholds.valid_from:%d.%m.%Y}–"
        f"{result.thresholds.valid_until:%d.%m.%Y}): {'erreicht' if result.eu_wide else 'nicht erreicht'}"
    )
    print("In Frage kommen: " + "; ".join(result.procedures))
    for line in result.limit_lines:
        print(f"  {line.label}: {limit_text(line.limit)}{' ✓' if line.applies else ''}")
    if result.limits:
        print(f"  Wertgrenzen: {result.limits.id}, Stand {result.limits.stand:%m/%Y}, {result.limits.source_url}")
    for note in result.notes:
        print(f"Hinweis: {note}")
    return 0


def _cmd_review(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    today = args.today or dt.date.today()
    items = review(kb, today, args.days)
    if args.json:
        document = {"today": today.isoformat(), "days": args.days, "count": len(items)}
        document["items"] = [item.as_dict() for item in items]
        print(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        print(render(items, today, args.days))
    return 0


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m knowledge", description="Digitallotse-Wissensbasis")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", help="alle Einträge prüfen")
    search = sub.add_parser("search", help="passende Förderprogramme für ein Profil")
    search.add_argument("--land")
    search.add_argument("--type", dest="type")
    search.add_argument("--population", type=int)
    search.add_argument("--area")
    search.add_argument("--limit", type=int, default=10)
    programme = sub.add_parser("programme", help="ein Programm nach Name oder Abkürzung")
    programme.add_argument("name")
    threshold = sub.add_parser("threshold", help="welches Vergabeverfahren bei einem Auftragswert")
    threshold.add_argument("amount", help='z. B. 250000, "80 Tsd.", "1,2 Mio. €"')
    threshold.add_argument("--kind", choices=KINDS, default=KINDS[0])
    threshold.add_argument("--land")
    stats_parser = sub.add_parser("stats", help="Kennzahlen der Wissensbasis")
    stats_parser.add_argument("--json", action="store_true")
    review_parser = sub.add_parser("review", help="was die Redaktion jetzt prüfen sollte, Wichtiges zuerst")
    review_parser.add_argument("--json", action="store_true", help="maschinenlesbar")
    review_parser.add_argument("--days", type=int, default=SOON_DAYS, help="Vorlauf für bald ablaufende Angaben")
    review_parser.add_argument("--today", type=dt.date.fromisoformat, help="Stichtag JJJJ-MM-TT (Standard: heute)")
    nlu = sub.add_parser(
        "nlu", help="NLU-Synonyme und Lookup-Tabellen (data/nlu/vocabulary.yml) aus dem Vokabular schreiben"
    )
    nlu.add_argument("--check", action="store_true", help="nur prüfen, ob die Datei aktuell ist")
    args = parser.parse_args(argv)
    if args.command == "nlu":
        from knowledge.nlu_vocabulary import TARGET, render, write

        if args.check:
            current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
            if current != render():
                print(f"{TARGET.name} ist nicht aktuell: python -m knowledge nlu ausführen.", file=sys.stderr)
                return 1
            print(f"{TARGET.name} ist aktuell.")
            return 0
        print(f"{TARGET.name}: {'neu geschrieben' if write() else 'unverändert'}")
        return 0

    try:
        kb = load()
    except KnowledgeBaseError as exc:
        print(exc, file=sys.stderr)
        return 1
    if args.command == "validate":
        figures = stats(kb, dt.date.today())
        print(
            f"Wissensbasis gültig: {figures['programmes']} Programme, {figures['examples']} Praxisbeispiele, "
            f"{figures['contacts']} Kontaktstellen, {figures['procurement_topics']} Vergabethemen."
        )
        due = len(review(kb, dt.date.today()))
        print(f"{due} Einträge sollten geprüft werden: python -m knowledge review")
        return 0
    if args.command == "stats":
        figures = stats(kb, dt.date.today())
        if args.json:
            print(json.dumps(figures, ensure_ascii=False))
        else:
            for key, value in figures.items():
                _print_figure(key, value)
        return 0
    commands = {"search": _cmd_search, "programme": _cmd_programme, "threshold": _cmd_threshold, "review": _cmd_review}
    return commands[args.command](kb, args)


if __name__ == "__main__":
    sys.exit(main())
