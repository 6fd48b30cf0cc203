"""Everyday need words → task areas and example keywords.

"Terminbuchung", "WLAN in der Schule", "Parkplatzsuche": what municipal staff type
when they look for examples or funding. Each need names the task areas it belongs to
(first = main one) and the word stems that mark a fitting practice example. This is
part of the one vocabulary: the NLU synonyms in ``data/nlu/vocabulary.yml`` are
generated from it, and ``find_needs`` reads free text with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Tuple


@dataclass(frozen=True)
class Need:
    key: str
    label: str  # German, for answers ("Bürgerbeteiligung")
    phrases: Tuple[str, ...]  # lower-case stems found in user text
    task_areas: Tuple[str, ...]
    example_stems: Tuple[str, ...]  # stems in an example's title/description that show it fits


NEEDS: Tuple[Need, ...] = (
    Need(
        "beteiligung",
        "Bürgerbeteiligung",
        ("bürgerbeteiligung", "beteiligungsplattform", "bürgerhaushalt", "ideenplattform", "beteiligung"),
        ("verwaltung",),
        ("beteiligung",),
    ),
    Need(
        "termin",
        "Online-Terminbuchung",
        ("terminbuchung", "terminvereinbarung", "online-termin", "termine online", "terminvergabe", "termin buchen"),
        ("verwaltung",),
        ("terminbuch", "terminvereinbar", "online-termin", "terminvergabe"),
    ),
    Need(
        "schul_digital",
        "Digitale Schule",
        (
            "wlan in der schule",
            "wlan an schulen",
            "schul-wlan",
            "schulwlan",
            "tablets für schüler",
            "tablets für die schule",
            "digitale schule",
            "digitalpakt",
            "schulbus",
            "an unseren schulen",
            "für unsere schulen",
            "in unseren schulen",
            "schulträger",
            "lehrkräfte",
        ),
        ("bildung",),
        ("schul", "schüler", "klassensätze", "lehrkr"),
    ),
    Need(
        "parken",
        "Parkplatzsuche",
        ("parkplatz", "parkplätze", "parken", "parkleitsystem", "smart parking", "parkraum"),
        ("mobilitaet",),
        ("park",),
    ),
    Need(
        "rufbus",
        "Rufbus und On-Demand-Verkehr",
        ("rufbus", "anrufbus", "on-demand", "bürgerbus", "ländlicher nahverkehr"),
        ("mobilitaet",),
        ("rufbus", "anrufbus", "bus"),
    ),
    Need(
        "dorfapp",
        "Dorf- und Bürger-App",
        ("dorf-app", "dorfapp", "bürger-app", "bürgerapp", "gemeinde-app", "dorffunk", "stadt-app", "kommunale app"),
        ("verwaltung",),
        ("app", "dorffunk"),
    ),
    Need(
        "online_dienste",
        "Online-Dienste im Rathaus",
        (
            "online-dienst",
            "onlinedienst",
            "online-antrag",
            "bauantrag",
            "baugenehmigung",
            "bürgerkonto",
            "e-akte",
            "dokumentenmanagement",
            "elektronische akte",
            "digitale akte",
            "chatbot",
            "bürgeramt",
        ),
        ("verwaltung",),
        ("online", "bürgeramt", "chatbot", "verwaltung"),
    ),
    Need(
        "wlan",
        "Öffentliches WLAN und Netze",
        ("freies wlan", "öffentliches wlan", "hotspot", "lorawan", "funknetz"),
        ("breitband",),
        ("wlan", "lorawan", "funk"),
    ),
    Need(
        "glasfaser",
        "Glasfaser und Breitband",
        ("glasfaser", "breitbandausbau", "schnelles internet", "weiße flecken"),
        ("breitband",),
        ("glasfaser", "breitband"),
    ),
    Need(
        "telemedizin",
        "Telemedizin",
        ("telemedizin", "videosprechstunde", "arzt fehlt", "hausarzt", "ärztemangel"),
        ("gesundheit",),
        ("telemed", "sprechstunde", "versorgung"),
    ),
    Need(
        "pflegeplatz", "Pflegeplätze finden", ("pflegeplatz", "pflegeplätze", "pflegebörse"), ("pflege",), ("pflege",)
    ),
    Need(
        "hochwasser",
        "Hochwasser- und Starkregenwarnung",
        ("hochwasser", "starkregen", "pegel", "frühwarn", "unwetter"),
        ("sicherheit", "umwelt"),
        ("hochwasser", "starkregen", "pegel"),
    ),
    Need(
        "muell",
        "Abfall und smarte Mülleimer",
        ("mülleimer", "müll", "abfall", "papierkorb", "papierkörbe"),
        ("umwelt",),
        ("müll", "abfall", "papierk"),
    ),
    Need(
        "beleuchtung",
        "Smarte Straßenbeleuchtung",
        ("straßenbeleuchtung", "strassenbeleuchtung", "laternen", "beleuchtung"),
        ("energie",),
        ("beleuchtung",),
    ),
    Need(
        "leerstand",
        "Leerstand und Innenstadt",
        ("leerstand", "leerstände", "innenstadt", "ladenleerstand"),
        ("wohnen", "wirtschaft"),
        ("leerstand",),
    ),
    Need(
        "bibliothek",
        "Open Library und Bibliothek",
        ("bibliothek", "bücherei", "open library", "onleihe"),
        ("kultur",),
        ("bibliothek", "library"),
    ),
    Need(
        "besucherlenkung",
        "Besucherlenkung im Tourismus",
        ("besucherlenkung", "besucherzählung", "gäste", "strand", "touristen"),
        ("tourismus",),
        ("besucher", "strand", "gäste"),
    ),
    Need(
        "digitalkompetenz",
        "Digitale Kompetenzen",
        ("senioren", "digitalkompetenz", "digitale kompetenz", "medienkompetenz"),
        ("bildung",),
        ("kompetenz", "senior"),
    ),
    Need(
        "smart_city",
        "Smart City und Sensorik",
        ("smart city", "smart-city", "smarte stadt", "sensor", "digitaler zwilling", "datenplattform"),
        ("verwaltung", "umwelt", "mobilitaet"),
        ("smart", "sensor"),
    ),
    Need(
        "kita",
        "Kita-Platzvergabe und Anmeldung",
        (
            "kitaplatz",
            "kita-platz",
            "kitaplatzvergabe",
            "kita-platzvergabe",
            "kita-anmeldung",
            "kitaanmeldung",
            "kita-portal",
        ),
        ("bildung",),
        ("kita",),
    ),
    Need(
        "marktplatz",
        "Lokaler Online-Marktplatz",
        ("online-marktplatz", "marktplatz", "einzelhandel", "lokaler handel"),
        ("wirtschaft",),
        ("markt", "handel"),
    ),
    Need(
        "landwirtschaft",
        "Digitale Landwirtschaft",
        ("feldbewässerung", "smart farming", "landwirte"),
        ("landwirtschaft",),
        ("feld", "landwirt"),
    ),
)


def _starts_word(stem: str, text: str) -> bool:
    """``stem`` at the start of a word: "Beteiligung" is found in "Bürger-Beteiligung", not in "Kostenbeteiligung"."""
    return re.search(rf"(?<![a-zäöüß]){re.escape(stem)}", text) is not None


def find_needs(text: str) -> List[Need]:
    """The needs whose phrases start a word in ``text``, longest phrase first (case-insensitive)."""
    lowered = (text or "").lower()
    found = []
    for need in NEEDS:
        hits = [len(p) for p in need.phrases if _starts_word(p, lowered)]
        if hits:
            found.append((max(hits), need))
    return [need for _, need in sorted(found, key=lambda pair: -pair[0])]


def fits_need(text: str, need: Need) -> bool:
    """True when an example's text (title and description) shows it serves ``need``."""
    lowered = text.lower()
    return any(_starts_word(stem, lowered) for stem in need.example_stems)
