"""Turns what users type into canonical values: German numbers, Länder, types, task areas.

Used by the form validation (population, Land, type) and by the threshold check
(contract values). Pure Python; the NLU's synonyms do most of the mapping, this
is the safety net for what slips through (typos, free text, odd number formats).
Typos are matched with rapidfuzz. Numbers are parsed here rather than with
babel's parse_decimal, which reads "12.500" but not "12 500", "8 Tsd." or
"1,2 Mio." – the forms municipal staff actually type.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Dict, Optional

from rapidfuzz import fuzz, process

from knowledge.vocabulary import FEDERAL_STATES, MUNICIPALITY_TYPES, TASK_AREAS

# "8 Tsd.", "1,2 Mio.", "3 Millionen", "500k"
_MULTIPLIERS: Dict[str, int] = {
    "tsd": 1_000,
    "tausend": 1_000,
    "k": 1_000,
    "mio": 1_000_000,
    "million": 1_000_000,
    "millionen": 1_000_000,
    "mrd": 1_000_000_000,
    "milliarde": 1_000_000_000,
    "milliarden": 1_000_000_000,
}
_NUMBER = re.compile(
    r"(?P<number>\d{1,3}(?:[.\s\u00a0\u202f']\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)"
    r"\s*(?P<unit>tsd|tausend|k|mio|millionen|million|mrd|milliarden|milliarde)?\.?(?![a-zäöüß])",
    re.IGNORECASE,
)


def parse_german_number(text: str) -> Optional[float]:
    """The first number in ``text``, read the German way, or None.

    "12.500" → 12500, "12 500" → 12500, "ca. 8 Tsd." → 8000, "1,2 Mio." → 1200000,
    "rund 12.000" → 12000, "knapp 5000 EW" → 5000, "80.000,50 €" → 80000.5.
    """
    if text is None:
        return None
    match = _NUMBER.search(str(text))
    if not match:
        return None
    raw = match.group("number")
    if re.fullmatch(r"\d{1,3}(?:[.\s\u00a0\u202f']\d{3})+(?:,\d+)?", raw):
        # thousands separators ("12.500", "12 500"), optional decimal comma
        raw = re.sub(r"[.\s\u00a0\u202f']", "", raw).replace(",", ".")
    else:
        raw = raw.replace(",", ".")  # decimal comma: "1,2"; a "." not in groups of three is a decimal point
    value = float(raw)
    unit = (match.group("unit") or "").lower()
    value *= _MULTIPLIERS.get(unit, 1)
    return value


@dataclass(frozen=True)
class Amount:
    euros: float
    gross: bool  # True when the user said "brutto"


def parse_amount(text: str) -> Optional[Amount]:
    """A contract value such as "80.000 €", "80 Tsd. Euro", "1,2 Mio. € brutto"."""
    value = parse_german_number(text)
    if value is None:
        return None
    return Amount(euros=value, gross=bool(re.search(r"\bbrutto\b", str(text), re.IGNORECASE)))


def _fold(text: str) -> str:
    """Lower-case, umlauts spelled out, punctuation to spaces: "Thüringen" → "thueringen"."""
    text = text.strip().lower()
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, spelled)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


_STATE_VARIANTS: Dict[str, str] = {
    **{_fold(state): state for state in FEDERAL_STATES},
    "nrw": "Nordrhein-Westfalen",
    "nordrhein westfalen": "Nordrhein-Westfalen",
    "bw": "Baden-Württemberg",
    "bawue": "Baden-Württemberg",
    "by": "Bayern",
    "rlp": "Rheinland-Pfalz",
    "rp": "Rheinland-Pfalz",
    "mv": "Mecklenburg-Vorpommern",
    "meck pomm": "Mecklenburg-Vorpommern",
    "meckpomm": "Mecklenburg-Vorpommern",
    "sh": "Schleswig-Holstein",
    "s h": "Schleswig-Holstein",
    "lsa": "Sachsen-Anhalt",
    "st": "Sachsen-Anhalt",
    "nds": "Niedersachsen",
    "ni": "Niedersachsen",
    "bb": "Brandenburg",
    "he": "Hessen",
    "hb": "Bremen",
    "hh": "Hamburg",
    "sl": "Saarland",
    "sn": "Sachsen",
    "th": "Thüringen",
    "be": "Berlin",
}
# Regions that lie in exactly one Land ("Oberbayern" → Bayern); regions spanning Länder are left out.
_STATE_REGIONS: Dict[str, str] = {
    **{region: "Bayern" for region in (
        "oberbayern", "niederbayern", "oberpfalz", "oberfranken", "mittelfranken", "unterfranken")},
    "schwarzwald": "Baden-Württemberg", "breisgau": "Baden-Württemberg", "hohenlohe": "Baden-Württemberg",
    "muensterland": "Nordrhein-Westfalen", "ruhrgebiet": "Nordrhein-Westfalen", "sauerland": "Nordrhein-Westfalen",
    "ostwestfalen": "Nordrhein-Westfalen", "niederrhein": "Nordrhein-Westfalen", "siegerland": "Nordrhein-Westfalen",
    "ostfriesland": "Niedersachsen", "emsland": "Niedersachsen", "lueneburger heide": "Niedersachsen",
    "nordfriesland": "Schleswig-Holstein", "dithmarschen": "Schleswig-Holstein",
    "vorpommern": "Mecklenburg-Vorpommern", "mecklenburg": "Mecklenburg-Vorpommern",
    "uckermark": "Brandenburg", "prignitz": "Brandenburg", "havelland": "Brandenburg",
    "erzgebirge": "Sachsen", "altmark": "Sachsen-Anhalt", "taunus": "Hessen", "wetterau": "Hessen",
    "pfalz": "Rheinland-Pfalz", "hunsrueck": "Rheinland-Pfalz", "westerwald": "Rheinland-Pfalz",
}
# Adjective stems ("bayerische", "hessischen", "sächsischen" …) → Land.
_STATE_ADJECTIVES: Dict[str, str] = {
    "baden wuerttembergisch": "Baden-Württemberg",
    "bayerisch": "Bayern",
    "berliner": "Berlin",
    "brandenburgisch": "Brandenburg",
    "bremisch": "Bremen",
    "bremer": "Bremen",
    "hamburgisch": "Hamburg",
    "hamburger": "Hamburg",
    "hessisch": "Hessen",
    "mecklenburgisch": "Mecklenburg-Vorpommern",
    "niedersaechsisch": "Niedersachsen",
    "nordrhein westfaelisch": "Nordrhein-Westfalen",
    "rheinland pfaelzisch": "Rheinland-Pfalz",
    "saarlaendisch": "Saarland",
    "saechsisch": "Sachsen",
    "sachsen anhaltisch": "Sachsen-Anhalt",
    "schleswig holsteinisch": "Schleswig-Holstein",
    "thueringisch": "Thüringen",
    "thueringer": "Thüringen",
}


def normalize_state(text: Optional[str]) -> Optional[str]:
    """The canonical Land name for ``text`` (abbreviation, adjective, typo), or None."""
    if not text:
        return None
    folded = _fold(str(text))
    if folded in _STATE_VARIANTS:
        return _STATE_VARIANTS[folded]
    if folded in _STATE_REGIONS:
        return _STATE_REGIONS[folded]
    for stem, state in _STATE_ADJECTIVES.items():
        if folded.startswith(stem):
            return state
    # Typos only for longer words: a two-letter typo would hit an abbreviation.
    return _lookup(folded, _STATE_VARIANTS) if len(folded) > 3 else None


_TYPE_VARIANTS: Dict[str, str] = {
    **{key: key for key in MUNICIPALITY_TYPES},
    "markt": "gemeinde",
    "marktgemeinde": "gemeinde",
    "ortsgemeinde": "gemeinde",
    "einheitsgemeinde": "gemeinde",
    "dorf": "gemeinde",
    "kommune": "gemeinde",
    "stadtgemeinde": "stadt",
    "kleinstadt": "stadt",
    "kreisstadt": "stadt",
    "grosse kreisstadt": "stadt",
    "kreisfreie stadt": "stadt",
    "kreisangehoerige stadt": "stadt",
    "grossstadt": "stadt",
    "mittelstadt": "stadt",
    "hansestadt": "stadt",
    "kreis": "landkreis",
    "kreisverwaltung": "landkreis",
    "amt": "amt",
    "amtsverwaltung": "amt",
    "vg": "verbandsgemeinde",
    "verbandsgemeinde": "verbandsgemeinde",
    "samtgemeinde": "samtgemeinde",
    "zweckverband": "zweckverband",
}


def _lookup(folded: str, variants: Dict[str, str]) -> Optional[str]:
    """Exact variant, else a close typo (ratio ≥ 85) of one."""
    if folded in variants:
        return variants[folded]
    match = process.extractOne(folded, variants.keys(), scorer=fuzz.ratio, score_cutoff=85)
    return variants[match[0]] if match else None


def normalize_municipality_type(text: Optional[str]) -> Optional[str]:
    """The canonical municipality_type for ``text`` ("Große Kreisstadt" → "stadt"), or None."""
    return _lookup(_fold(str(text)), _TYPE_VARIANTS) if text else None


_AREA_VARIANTS: Dict[str, str] = {
    **{_fold(label): key for key, label in TASK_AREAS.items()},
    **{key: key for key in TASK_AREAS},
    "e government": "verwaltung",
    "egovernment": "verwaltung",
    "ozg": "verwaltung",
    "rathaus": "verwaltung",
    "buergerservice": "verwaltung",
    "oepnv": "mobilitaet",
    "verkehr": "mobilitaet",
    "klimaschutz": "energie",
    "klima": "energie",
    "schule": "bildung",
    "schulen": "bildung",
    "glasfaser": "breitband",
    "internet": "breitband",
    "digitalisierung der schulen": "bildung",
    "medizin": "gesundheit",
    "wirtschaftsfoerderung": "wirtschaft",
    "bevoelkerungsschutz": "sicherheit",
    "katastrophenschutz": "sicherheit",
    "feuerwehr": "sicherheit",
    "bauen": "wohnen",
    "stadtentwicklung": "wohnen",
    "landwirtschaft": "landwirtschaft",
    "kultur": "kultur",
}


def normalize_task_area(text: Optional[str]) -> Optional[str]:
    """The canonical task_area for ``text`` ("ÖPNV" → "mobilitaet"), or None."""
    return _lookup(_fold(str(text)), _AREA_VARIANTS) if text else None


def format_number(value: float) -> str:
    """12500 → "12.500" (German thousands separator), 1.5 → "1,5"."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
