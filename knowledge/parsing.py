"""Turns what users type into canonical values: German numbers, Länder, types, task areas.

Pure Python, built from the one vocabulary (``knowledge/vocabulary.py``). The NLU's
synonyms do most of the mapping; this is the safety net for what slips through
(typos, free-text answers, odd number formats). Typos are matched with rapidfuzz.
Numbers are parsed here rather than with babel's parse_decimal, which reads
"12.500" but not "12 500", "8 Tsd." or "1,2 Mio." – the forms municipal staff type.
Contract values and periodic amounts live in ``knowledge/amounts.py``.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Callable, Dict, Iterable, List, Mapping, Optional, Tuple

from rapidfuzz import fuzz, process

from knowledge.vocabulary import (
    FEDERAL_STATES,
    MUNICIPALITY_TYPE_ANSWERS,
    MUNICIPALITY_TYPE_FORMS,
    MUNICIPALITY_TYPES,
    PROCUREMENT_TOPIC_FORMS,
    PROCUREMENT_TOPICS,
    STATE_CODES,
    STATE_FORMS,
    STATE_REGIONS,
    TASK_AREA_FORMS,
    TASK_AREAS,
)

# "8 Tsd.", "1,2 Mio.", "3 Millionen", "500k"
MULTIPLIERS: Dict[str, int] = {
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
UNIT_PATTERN = r"tsd|tausend|k|mio|millionen|million|mrd|milliarden|milliarde"
NUMBER_PATTERN = r"\d{1,3}(?:[.\s\u00a0\u202f']\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
_GROUPED = re.compile(r"\d{1,3}(?:[.\s\u00a0\u202f']\d{3})+(?:,\d+)?")
NUMBER = re.compile(
    rf"(?<![\d.,\-−])(?P<number>{NUMBER_PATTERN})\s*(?P<unit>{UNIT_PATTERN})?\.?(?![a-zäöüß\d])",
    re.IGNORECASE,
)


def number_value(raw: str, unit: Optional[str] = None) -> float:
    """The value of one matched German number ("12.500" → 12500, "1,2" + "Mio" → 1200000)."""
    if _GROUPED.fullmatch(raw):
        raw = re.sub(r"[.\s\u00a0\u202f']", "", raw).replace(",", ".")
    else:
        raw = raw.replace(",", ".")  # decimal comma: "1,2"; a "." not in groups of three is a decimal point
    return float(raw) * MULTIPLIERS.get((unit or "").lower(), 1)


def parse_german_number(text: object) -> Optional[float]:
    """The first number in ``text``, read the German way, or None.

    "12.500" → 12500, "12 500" → 12500, "ca. 8 Tsd." → 8000, "1,2 Mio." → 1200000,
    "rund 12.000" → 12000, "knapp 5000 EW" → 5000, "80.000,50 €" → 80000.5.
    """
    if text is None or isinstance(text, bool):
        return None
    if isinstance(text, (int, float)):
        return float(text)
    match = NUMBER.search(str(text))
    if not match:
        return None
    return number_value(match.group("number"), match.group("unit"))


# "mit 2.000 Einwohnern", "3.500 EW", "knapp 12 Tsd. Menschen", "Einwohnerzahl: 2 750"
_POPULATION_AFTER = re.compile(
    rf"(?P<number>{NUMBER_PATTERN})\s*(?P<unit>{UNIT_PATTERN})?\.?\s*"
    r"(?:einwohner\w*|ew\b|menschen|bürger\w*|buerger\w*|leute|seelen)",
    re.IGNORECASE,
)
_POPULATION_BEFORE = re.compile(
    rf"(?:einwohnerzahl|einwohner)\w*\s*(?:von|:|liegt bei|sind|beträgt|ca\.?|rund|etwa|knapp|gut|\s)*"
    rf"(?P<number>{NUMBER_PATTERN})\s*(?P<unit>{UNIT_PATTERN})?",
    re.IGNORECASE,
)


def find_population(text: str) -> Optional[float]:
    """A population stated with its word ("2.000 Einwohner", "Einwohnerzahl 2 750"), else None."""
    for pattern in (_POPULATION_AFTER, _POPULATION_BEFORE):
        match = pattern.search(text or "")
        if match:
            return number_value(match.group("number"), match.group("unit"))
    return None


def fold(text: str) -> str:
    """Lower-case, umlauts spelled out, punctuation to spaces: "Thüringen" → "thueringen"."""
    text = str(text).strip().lower()
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, spelled)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _table(forms: Mapping[str, Iterable[str]], canonical_labels: Iterable[Tuple[str, str]] = ()) -> Dict[str, str]:
    table = {fold(label): value for value, label in canonical_labels}
    for value, variants in forms.items():
        table[fold(value)] = value
        table.update({fold(v): value for v in variants})
    return table


STATE_VARIANTS: Dict[str, str] = _table({state: STATE_FORMS.get(state, ()) for state in FEDERAL_STATES})
STATE_CODE_VARIANTS: Dict[str, str] = _table(STATE_CODES)
REGION_VARIANTS: Dict[str, str] = {fold(region): state for region, state in STATE_REGIONS.items()}
TYPE_VARIANTS: Dict[str, str] = _table(MUNICIPALITY_TYPE_FORMS, MUNICIPALITY_TYPES.items())
TYPE_ANSWER_VARIANTS: Dict[str, str] = {fold(word): value for word, value in MUNICIPALITY_TYPE_ANSWERS.items()}
AREA_VARIANTS: Dict[str, str] = _table(TASK_AREA_FORMS, TASK_AREAS.items())
TOPIC_VARIANTS: Dict[str, str] = _table(PROCUREMENT_TOPIC_FORMS, PROCUREMENT_TOPICS.items())


def _lookup(folded: str, variants: Dict[str, str]) -> Optional[str]:
    """Exact variant, else a close typo (ratio ≥ 85) of one."""
    if folded in variants:
        return variants[folded]
    match = process.extractOne(folded, variants.keys(), scorer=fuzz.ratio, score_cutoff=85)
    return variants[match[0]] if match else None


def normalize_state(text: object) -> Optional[str]:
    """The canonical Land name for ``text`` (abbreviation, adjective, region, typo), or None."""
    if not text or not isinstance(text, str):
        return None
    folded = fold(text)
    for table in (STATE_VARIANTS, STATE_CODE_VARIANTS, REGION_VARIANTS):
        if folded in table:
            return table[folded]
    # Typos only for longer words (a two-letter typo would hit an abbreviation) and with the same first
    # letter: "Bayren" is Bayern, but the town of "Essen" is not Hessen.
    candidate = _lookup(folded, STATE_VARIANTS) if len(folded) > 3 else None
    return candidate if candidate and fold(candidate)[:1] == folded[:1] else None


def normalize_municipality_type(text: object, answer: bool = False) -> Optional[str]:
    """The canonical municipality_type ("Große Kreisstadt" → "stadt"), or None.

    ``answer``: the text answers "Welche Art von Kommune?", so vaguer words ("Dorf") count too.
    """
    if not text or not isinstance(text, str):
        return None
    table = {**TYPE_VARIANTS, **TYPE_ANSWER_VARIANTS} if answer else TYPE_VARIANTS
    return _lookup(fold(text), table)


def normalize_task_area(text: object) -> Optional[str]:
    """The canonical task_area for ``text`` ("ÖPNV" → "mobilitaet"), or None."""
    if not text or not isinstance(text, str):
        return None
    return _lookup(fold(text), AREA_VARIANTS)


Mention = Tuple[str, str]  # (the folded text before the mention, canonical value)


def _scan(text: str, table: Dict[str, str], min_len: int = 2) -> List[Mention]:
    """Every mention of a variant of ``table`` as whole words in ``text``, in order."""
    folded = f" {fold(text)} "
    found: List[Tuple[int, int, str]] = []
    for variant, value in table.items():
        if len(variant) < min_len:
            continue
        for match in re.finditer(rf"(?<= ){re.escape(variant)}(?= )", folded):
            found.append((match.start(), match.end(), value))
    # The longest variant wins where mentions overlap: "Sachsen-Anhalt" is not also "Sachsen".
    mentions: List[Mention] = []
    taken_until = -1
    for start, end, value in sorted(found, key=lambda m: (m[0], -(m[1] - m[0]))):
        if start >= taken_until:
            mentions.append((folded[:start], value))
            taken_until = end
    return mentions


def entity_mentions(
    text: str, entities: Iterable[Dict], name: str, normalize: Callable[[object], Optional[str]]
) -> List[Mention]:
    """The NLU's entities of one type as mentions, canonicalised; unusable values are dropped."""
    mentions: List[Mention] = []
    for entity in entities:
        if entity.get("entity") != name:
            continue
        value = normalize(entity.get("value"))
        if value is None:
            continue
        start = entity.get("start")
        prefix = text[:start] if isinstance(start, int) else ""
        mentions.append((f" {fold(prefix)} ", value))
    return mentions


# "nicht Bayern, sondern Hessen", "Hessen statt Bayern", "kein Landkreis": the negated mention is the old value.
_NEGATED = re.compile(
    r" (?:nicht|kein\w*|statt|anstatt|anstelle|vorher|falsch|frueher)(?: (?:in|im|aus|ein|eine|einen|der|die|das|von))? $"
)


def preferred_value(mentions: List[Mention], anchor: Optional[re.Pattern] = None) -> Optional[str]:
    """Of several mentions, the one the user means: the first that is not negated (and, with ``anchor``,
    the first right after an anchor such as "in"/"aus" if there is one), else None."""
    kept = [(p, v) for p, v in mentions if not _NEGATED.search(p if p.endswith(" ") else p + " ")]
    if anchor is not None:
        anchored = [(p, v) for p, v in kept if anchor.search(p if p.endswith(" ") else p + " ")]
        kept = anchored or kept
    return kept[0][1] if kept else None


# "in Niedersachsen", "aus Hessen", "im Saarland", "Bundesland Bayern": the Land of the Kommune,
# unlike "Hamburger Straße 3" in a letterhead.
STATE_ANCHOR = re.compile(r" (?:in|aus|im|bundesland|land|freistaat|liegt in|sitzen in) $")


# "wir sind in Sachsn-Anhalt": the one or two words after "in/aus/im" are tried as a misspelt Land name
_AFTER_STATE_WORD = re.compile(r"\b(?:in|aus|im)\s+([^\W\d][\w-]*)(?:\s+([^\W\d][\w-]*))?", re.IGNORECASE)


def find_state(text: str) -> Optional[str]:
    """The Land a sentence names (full names, forms, regions; not the ambiguous two-letter codes).

    A misspelt name counts only right after "in/aus/im", from seven letters on and with the guards of
    ``normalize_state`` (same first letter), so "in Essen" stays a town and never becomes Hessen."""
    written = preferred_value(_scan(text, {**STATE_VARIANTS, **REGION_VARIANTS}, min_len=3), STATE_ANCHOR)
    if written:
        return written
    for match in _AFTER_STATE_WORD.finditer(text or ""):
        first, second = match.group(1), match.group(2)
        for candidate in ([f"{first} {second}"] if second else []) + [first]:
            # seven letters at least: "in Sachen Digitalisierung" is a phrase, not a misspelt Sachsen
            found = normalize_state(candidate) if len(candidate) >= 7 else None
            if found:
                return found
    return None


def state_in(text: str, entities: Iterable[Dict]) -> Optional[str]:
    """The Land a message names, from the NLU's entities and the text together: "in/aus …" first.

    Where the text spells out a longer name that starts with the entity's value, the text wins:
    DIET may tag only "sachsen" in "in sachsen anhalt", and that user is in Sachsen-Anhalt."""
    tagged = preferred_value(entity_mentions(text, entities, "federal_state", normalize_state), STATE_ANCHOR)
    written = find_state(text)
    if tagged and written and written != tagged and written.startswith(tagged):
        return written
    return tagged or written


def find_municipality_type(text: str) -> Optional[str]:
    """The type of Kommune a sentence names ("eigentlich sind wir eine Stadt" → "stadt")."""
    return preferred_value(_scan(text, TYPE_VARIANTS, min_len=3))


# "Dürfen wir direkt bei einem Start-up kaufen?", "ohne Ausschreibung beauftragen": a Direktauftrag in other words
_DIRECT_PURCHASE = re.compile(
    r"\bdirekt\w*\s+(?:[\w-]+\s+){0,4}?(?:kaufen|einkaufen|beauftragen|bestellen|vergeben|beschaffen)\b"
    r"|\bohne\s+(?:ausschreibung|vergabeverfahren)\b",
    re.IGNORECASE,
)


def find_procurement_topic(text: str) -> Optional[str]:
    """The procurement topic a sentence names ("welche Vertragsmuster, EVB-IT?" → "evb_it")."""
    named = preferred_value(_scan(text, TOPIC_VARIANTS, min_len=3))
    return named or ("direktauftrag" if _DIRECT_PURCHASE.search(text or "") else None)


def find_task_area(text: str) -> Optional[str]:
    """The task area a sentence names ("eher Mobilität" → "mobilitaet")."""
    return preferred_value(_scan(text, AREA_VARIANTS, min_len=3))


_WHAT_IF_PHRASE = re.compile(
    r"\bauch\s+f(?:ü|ue)r\b|\b(?:gilt|gelten|geht|ginge|klappt)\s+(?:das|dies|es|die|diese)\b"
    # "Was wäre, wenn wir in Sachsen wären?" – a hypothesis, not a correction ("wären wir dankbar" is not one)
    r"|\bwas\s+w(?:ä|ae)re\b|\bangenommen\b|\b(?:wenn|falls)\s+wir\b.{0,60}\b(?:w(?:ä|ae)ren|h(?:ä|ae)tten)\b",
    re.IGNORECASE,
)
_QUESTION_START = re.compile(
    r"^\s*(?:und|was ist mit|wie ist es mit|wie sieht es|gibt es|dürfen|duerfen|können|koennen)\b", re.IGNORECASE
)
_OTHER_APPLICANTS = re.compile(
    r"\b(?:landkreise\w*|kreise\w*|ämter\w*|aemter\w*|städte\w*|staedte\w*|gemeinden|zweckverbände\w*"
    r"|zweckverbaende\w*|verbandsgemeinden|samtgemeinden|einen? (?:landkreis|stadt|gemeinde|amt|zweckverband)"
    r"|einem (?:landkreis|amt|zweckverband))\b",
    re.IGNORECASE,
)
_ABOUT_US = re.compile(r"\b(?:wir|uns|unser\w*)\b", re.IGNORECASE)


def is_what_if(text: str) -> bool:
    """A question about another applicant type or Land ("gilt das auch für Landkreise?", "und für Ämter?"),
    not a statement about the user's own Kommune: it must not change the profile."""
    text = text or ""
    if _WHAT_IF_PHRASE.search(text):
        return True
    asks = "?" in text or bool(_QUESTION_START.search(text))
    return asks and bool(_OTHER_APPLICANTS.search(text)) and not _ABOUT_US.search(text)


def clean_name(name: str, municipality_type: Optional[str] = None) -> str:
    """The bare place name: "Stadt Olfen" → "Olfen", "Gemeinde Wutach." → "Wutach"."""
    words = str(name or "").strip().strip(".!?,;:").split()
    while words and normalize_municipality_type(words[0]) and fold(words[0]) in TYPE_VARIANTS:
        words = words[1:]
    return " ".join(words)


def format_number(value: float) -> str:
    """12500 → "12.500" (German thousands separator), 1.5 → "1,5"."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
