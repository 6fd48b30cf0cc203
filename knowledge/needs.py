"""Everyday need words → task areas and example keywords.

"Terminbuchung", "WLAN in der Schule", "Parkplatzsuche": what municipal staff type
when they look for examples or funding. Each need names the task areas it belongs to
(first = main one) and the word stems that mark a fitting practice example. This is
part of the one vocabulary: the NLU synonyms in ``data/nlu/vocabulary.yml`` are
generated from it, and ``find_needs`` reads free text with it.

``cues`` are read at runtime only and never become NLU synonyms: a word combination
("Schlaglöcher … melden") or a technology that serves many task areas ("Sensorik") must not
be tagged as one task area. ``rank`` lets a need about *how* something is done (citizens
report damage, a sensor network) outrank the things the sentence names along the way
("Laternen", "Parkplätze", "Pegel").
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
    cues: Tuple[str, ...] = ()  # regular expressions (lower-case text), runtime only, see above
    rank: int = 0  # higher first; among equal ranks the longest phrase wins


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
        "sensornetz",
        "LoRaWAN und Sensornetze",
        ("internet der dinge",),
        # a sensor network serves many fields; the main one (Breitband) is the network itself
        ("breitband", "umwelt", "energie", "sicherheit", "mobilitaet", "landwirtschaft"),
        ("lorawan", "funknetz", "sensor", "internet der dinge"),
        cues=(
            r"lora-?wan",
            r"(?<![a-zäöüß])lora(?![a-zäöüß])",
            r"sensorik",
            r"sensornetz",
            r"funksensor",
            r"(?<![a-zäöüß])iot(?![a-zäöüß])",
        ),
        rank=1,
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
        "maengelmelder",
        "Mängelmelder",
        ("mängel melden", "schäden melden", "schaden melden"),
        ("verwaltung",),
        ("anliegen", "mängel", "schadensmeld"),
        # what is reported ("kaputte Laternen", "Schlaglöcher") must not make this a lighting or roads need
        cues=(
            r"mängelmelder|maengelmelder|schadensmeld|mängelmeld",
            r"(?:schlagl|schäden|schaden|kaputt|defekt|mängel|graffiti|wilde[nr]? müll)[^.?!]{0,80}(?<![a-zäöüß])meld",
            r"(?<![a-zäöüß])meld[^.?!]{0,60}(?:schlagl|schäden|schaden|kaputt|defekt|mängel)",
        ),
        rank=1,
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
    """The needs whose phrases start a word in ``text`` or whose cues match it: highest rank first, then
    the longest phrase or cue match (case-insensitive)."""
    lowered = (text or "").lower()
    found = []
    for need in NEEDS:
        hits = [len(p) for p in need.phrases if _starts_word(p, lowered)]
        hits += [len(m.group(0)) for m in (re.search(cue, lowered) for cue in need.cues) if m]
        if hits:
            found.append((need.rank, max(hits), need))
    return [need for _, _, need in sorted(found, key=lambda found_need: (-found_need[0], -found_need[1]))]


def fit_strength(text: str, need: Need) -> int:
    """How many of ``need``'s example stems an example's text (title and description) shows; 0: it does not fit."""
    lowered = text.lower()
    return sum(1 for stem in need.example_stems if _starts_word(stem, lowered))


def fits_need(text: str, need: Need) -> bool:
    """True when an example's text (title and description) shows it serves ``need``."""
    return fit_strength(text, need) > 0
