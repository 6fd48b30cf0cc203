"""Cues in short follow-ups: "und die Förderquote?", "das zweite", "ist auch was von der EU dabei?".

Pure functions over the message text; the actions combine them with what was shown last.
"""

from __future__ import annotations

import re
from typing import Optional

# Which field of a programme a follow-up asks for (first match wins, most specific first).
ASPECTS = (
    ("own_share", re.compile(r"eigenanteil|eigenmittel|selbst (?:tragen|zahlen)|kofinanz", re.I)),
    (
        "rate",
        re.compile(
            r"förderquote|foerderquote|\bquote\b|wie viel|wieviel|wie hoch|förderhöhe|höhe der förder"
            r"|maximal|am meisten|höchste|meiste geld|fördersatz|zuschuss",
            re.I,
        ),
    ),
    (
        "deadline",
        re.compile(
            r"\bfrist|bis wann|stichtag|deadline|antragsschluss|einreichungs|wann .*einreichen"
            # "wie lange läuft das noch" – also typed "leuft"/"lauft"
            r"|wie lange? (?:l(?:ä|ae|a|e)uft|gilt|geht)"
            # "welches davon läuft am längsten?", "was läuft bald aus?"
            r"|am l(?:ä|ae|a)ngsten|l(?:ä|ae|a|e)uf(?:t|en) .*\baus\b",
            re.I,
        ),
    ),
    ("contact", re.compile(r"kontakt|ansprechp|wen (?:frage|wende)|telefon|e-mail", re.I)),
    (
        "applicants",
        re.compile(
            r"wer (?:darf|kann|ist)|antragsberechtigt|antragsteller|für wen|\bauch für\b"
            r"|gilt (?:das|dies)",
            re.I,
        ),
    ),
    (
        "status",
        re.compile(
            r"noch offen|läuft .*noch|noch möglich|noch aktuell|gibt es .*noch|noch beantragen"
            r"|beendet|ausgelaufen",
            re.I,
        ),
    ),
    ("how_to_apply", re.compile(r"wie (?:beantrag|stell)|antrag stellen|wo beantrag|antragsverfahren", re.I)),
    # last: "Quelle?" after a list asks where the facts come from
    (
        "source",
        re.compile(r"\bquellen?\b|\bbelege?\b|woher (?:haben|stammt|stammen|kommt|kommen|wissen)|\blinks?\b", re.I),
    ),
)
_ORDINALS = {
    "erste": 0,
    "ersten": 0,
    "zweite": 1,
    "zweiten": 1,
    "dritte": 2,
    "dritten": 2,
    "vierte": 3,
    "vierten": 3,
    "fünfte": 4,
    "fünften": 4,
    "letzte": -1,
    "letzten": -1,
}
_ORDINAL = re.compile(r"\b(" + "|".join(_ORDINALS) + r")\b", re.I)
_NUMBERED = re.compile(r"(?:\bnr\.?|\bnummer|\bprogramm)\s*([1-9])\b|^\s*([1-9])\s*[.)]?\s*$", re.I)
_STEP = re.compile(r"\bschritt\s*(\d{1,2})\b|\b(\d{1,2})\.\s*schritt\b", re.I)
_ALL_STEPS = re.compile(
    r"\balle\s+schritte\b|\bganze[nr]?\s+(?:fahrplan|leitfaden|ablauf)\b|\bausführlich\b"
    r"|\bvollständig\b|\bdetails\b",
    re.I,
)
_EU = re.compile(r"\beu\b|europ|\befre\b|\beler\b|\besf\b|interreg|horizon", re.I)
_BUND = re.compile(r"\bbund\b|bundes|\bbmi\b|\bkfw\b", re.I)
_LAND = re.compile(r"\blandes\w*|\b(?:vom|das|des|unser(?:em)?) land\b", re.I)  # not "auf dem Land"
_MORE = re.compile(r"\bweitere[ns]?\b|\bmehr\b|\bnoch andere|\bandere programme|\bnächsten?\b|\bweiter\b", re.I)
# Construction (Bauleistung) only for words that name building work: "Software für das Bauamt" is a supply.
_WORKS = re.compile(
    r"\b(?:bau\b|bauleistung\w*|bauauftr\w*|bauarbeit\w*|bauvorhaben|bauma(?:ss|ß)nahme\w*|bauen|baut|gebaut|\w*neubau\w*"
    r"|\w*umbau\w*|\w*anbau\w*|\w*ausbau\w*|tiefbau\w*|hochbau\w*|straßenbau\w*|\w*sanierung\w*|errichtung\w*"
    r"|\w*verlegung|verlegen|verlegt|vob\b|feuerwehrhaus\w*|gebäude\w*|turnhalle\w*|kita-neubau)",
    re.I,
)
_SUPPLIES = re.compile(r"liefer|dienstleist|software|hardware|\bit\b|lizenz|beratung|tablets?|laptops?|server", re.I)
_NET_GROSS = re.compile(r"\bnetto\b|\bbrutto\b|mehrwertsteuer|umsatzsteuer|\bmwst\b|\bust\b", re.I)


def aspect(text: str) -> Optional[str]:
    """The programme field a follow-up asks for, or None."""
    return next((name for name, pattern in ASPECTS if pattern.search(text or "")), None)


def ordinal(text: str) -> Optional[int]:
    """Index of "das zweite", "Nr. 3", "3" in the last list (0-based; -1 for "das letzte")."""
    match = _ORDINAL.search(text or "")
    if match:
        return _ORDINALS[match.group(1).lower()]
    match = _NUMBERED.search(text or "")
    if match:
        return int(match.group(1) or match.group(2)) - 1
    return None


def step_number(text: str) -> Optional[int]:
    """The step asked for ("Schritt 3", "3. Schritt"), 1-based."""
    match = _STEP.search(text or "")
    return int(match.group(1) or match.group(2)) if match else None


def wants_all_steps(text: str) -> bool:
    return bool(_ALL_STEPS.search(text or ""))


def funding_level(text: str) -> Optional[str]:
    """ "EU", "Bund" or "Land" when a follow-up asks for programmes of one level."""
    if _EU.search(text or ""):
        return "EU"
    if _BUND.search(text or ""):
        return "Bund"
    if _LAND.search(text or "") and not re.search(r"landkreis|landwirt|ländlich", text or "", re.I):
        return "Land"
    return None


def wants_more(text: str) -> bool:
    return bool(_MORE.search(text or ""))


def contract_kind(text: str) -> Optional[str]:
    """ "bauleistung" or "dienstleistung" when the text says which kind of contract; None when it does not."""
    if _WORKS.search(text or ""):
        return "bauleistung"
    if _SUPPLIES.search(text or ""):
        return "dienstleistung"
    return None


def asks_net_or_gross(text: str) -> bool:
    return bool(_NET_GROSS.search(text or ""))


_ALTERNATIVES = re.compile(
    r"stattdessen|statt dessen|alternativ|ersatz|etwas anderes|andere[ns]? programm"
    r"|was kommt (?:danach|jetzt|stattdessen)|nachfolge",  # after an ended programme
    re.I,
)


def wants_alternatives(text: str) -> bool:
    """ "Was könnten wir stattdessen beantragen?" after an ended programme."""
    return bool(_ALTERNATIVES.search(text or ""))


_HIGHEST = re.compile(
    r"am meisten|am höchsten|höchste[nrs]? (?:förder|quote|satz|zuschuss|betrag)|meiste[ns]? geld"
    r"|\b100 ?(?:%|prozent)|vollfinanz|voll (?:ge)?förder|komplett (?:ge)?förder",
    re.I,
)


def asks_for_highest(text: str) -> bool:
    """ "Welches davon fördert am meisten?", "Gibt es Programme mit 100 Prozent Förderung?"."""
    return bool(_HIGHEST.search(text or ""))


# Questions about the assistant itself: what happens to the data, who is behind it.
_PRIVACY = re.compile(
    r"datenschutz|dsgvo|meine[nr]? daten|unsere[nr]? daten|(?:daten|angaben|nachrichten) (?:gespeichert|speicher)"
    r"|speicher\w* (?:sie|ihr|du) .*(?:daten|angaben|nachrichten)|was passiert mit .*(?:daten|angaben|nachrichten)"
    r"|wie lange .*gespeichert|cookies?|tracking",
    re.I,
)
_ABOUT_BOT = re.compile(
    r"wer hat (?:dich|sie|euch|diese[nm]? (?:bot|assistenten|chatbot)) (?:\w+ )?"
    r"(?:gemacht|gebaut|entwickelt|programmiert|erstellt|geschrieben|trainiert)"
    r"|von wem (?:stamm|komm|bist|sind|wurde)|wer (?:ist|sind) (?:ihr|dein) (?:entwickler|hersteller|anbieter|betreiber)"
    r"|wer steckt hinter|wer betreibt"
    r"|bist du (?:ein )?(?:mensch|bot|ki)|sind sie (?:ein )?(?:mensch|bot|ki)|künstliche intelligenz",
    re.I,
)


def asks_about_privacy(text: str) -> bool:
    """ "Was passiert mit meinen Daten?", "Ist das datenschutzkonform?"."""
    return bool(_PRIVACY.search(text or ""))


def asks_about_bot(text: str) -> bool:
    """ "Wer hat dich gemacht?", "Bist du ein Mensch?"."""
    return bool(_ABOUT_BOT.search(text or ""))


_FUNDING = re.compile(r"förder|foerder|zusch[uü]|geld|finanzier|funding|programm", re.I)
_EXAMPLES = re.compile(
    r"beispiel|vorbild|andere kommunen|gibt es kommunen|schon irgendwo|umgesetzt|erfahrung"
    r"|wer hat|machen (?:das )?andere"
    # "Was lohnt sich für uns digital?", "welche Anwendungen sind sinnvoll?": what others of this size use
    r"|lohn(?:t|en) sich|welche (?:digitalen )?anwendungen|was bringt .*digital|digital\w* .*sinnvoll",
    re.I,
)
_GUIDE = re.compile(r"fahrplan|schritt|anfangen|beginnen|vorgehen|antrag|\bfangen?\b.*\ban\b", re.I)
# "Womit fange ich an?", "Wo fangen wir an?": the separable verb stands apart
_ROADMAP = re.compile(
    r"fahrplan|anfangen|\bfangen?\b.*\ban\b|beginnen|einstieg|erste[nr]? schritt|wo starten|wie starten", re.I
)


def asks_for_funding(text: str) -> bool:
    """The message asks for money ("Wir suchen Fördermittel für Mobilität", "welche Förderung passt?")."""
    return bool(_FUNDING.search(text or ""))


def asks_for_examples(text: str) -> bool:
    """The message asks what other Kommunen did ("Gibt es Kommunen mit …?", "Vorbilder?")."""
    return bool(_EXAMPLES.search(text or ""))


def asks_for_guide(text: str) -> bool:
    return bool(_GUIDE.search(text or ""))


def asks_for_roadmap(text: str) -> bool:
    """How to start at all ("Womit fange ich an?"), not how to apply for money."""
    return bool(_ROADMAP.search(text or "")) and "antrag" not in (text or "").lower()


# A procurement word standing on its own, not inside a compound such as "Kitaplatzvergabe".
_PROCUREMENT = re.compile(
    r"\b(?:vergabe\w*|vergeben|ausschreib\w*|beschaff\w*|auftrag\w*|verfahren\w*|schwellenwert\w*|wertgrenze\w*"
    r"|direktauftr\w*|direktvergabe|vob|uvgo|vgv|gwb|evb-it|einkauf\w*|kaufen|angebot\w*)\b",
    re.IGNORECASE,
)
_CONTACT = re.compile(r"berat|ansprechp|kontakt|persönlich|persoenlich|\bmensch|telefon|anrufen", re.I)
_GROSS = re.compile(r"\bbrutto\b|inkl(?:\.|usive)?\s+(?:mwst|ust|umsatzsteuer)", re.I)


def asks_about_procurement(text: str) -> bool:
    return bool(_PROCUREMENT.search(text or ""))


def asks_for_contact(text: str) -> bool:
    """ "Wer kann mich persönlich beraten?", "Ansprechpartner?"."""
    return bool(_CONTACT.search(text or ""))


def gross_stated(text: str) -> bool:
    """ "brutto übrigens": the amount includes VAT ("netto oder brutto?" asks and states nothing)."""
    return bool(_GROSS.search(text or "")) and not re.search(r"\bnetto\b|\boder\b", text or "", re.I)


_OPEN_ENDED = re.compile(r"unbefristet|ohne (?:feste )?laufzeit|unbegrenzt|ohne ende", re.I)


def open_ended(text: str) -> bool:
    """ "und wenn wir das unbefristet machen?" – a contract without a term."""
    return bool(_OPEN_ENDED.search(text or ""))


# Cost and duration of a project: the knowledge base has no general figures, so these get an honest answer
# that points to what it does have, never the out-of-scope reply.
_COST = re.compile(
    r"was kostet|was kosten|wie teuer|wie viel kostet|wieviel kostet|kostet (?:das|sowas|so etwas|so was)"
    r"|kosten(?:punkt|rahmen|schätzung)|mit welchen kosten|\bpreise?\b|was müssen wir (?:dafür )?(?:zahlen|bezahlen)",
    re.I,
)
_DURATION = re.compile(
    r"wie lange? (?:dauert|brauch|benötig)|wie viel zeit|wieviel zeit|zeitaufwand|zeitrahmen|wie schnell geht"
    r"|\bdauert (?:das|es|so etwas|sowas)",
    re.I,
)


def asks_about_cost(text: str) -> bool:
    """ "Was kostet sowas ungefähr?" – the price of a project, not a programme's rate."""
    return bool(_COST.search(text or ""))


def asks_about_duration(text: str) -> bool:
    """ "Wie lange dauert das alles?" – how long a project takes, not a programme's deadline."""
    return bool(_DURATION.search(text or ""))


_ENGLISH_WORDS = frozenset(
    [
        "hello",
        "hi",
        "do",
        "you",
        "speak",
        "english",
        "please",
        "what",
        "how",
        "can",
        "is",
        "are",
        "the",
        "there",
        "funding",
        "help",
        "we",
        "our",
        "need",
        "which",
        "programs",
        "grants",
        "does",
        "any",
        "thanks",
        "thank",
    ]
)
_GERMAN_WORDS = frozenset(
    [
        "ich",
        "wir",
        "sie",
        "und",
        "der",
        "die",
        "das",
        "ist",
        "sind",
        "gibt",
        "es",
        "für",
        "mit",
        "nicht",
        "kann",
        "können",
        "bitte",
        "was",
        "wie",
        "hallo",
        "guten",
        "tag",
        "unsere",
        "förderung",
        "auf",
    ]
)


def looks_english(text: str) -> bool:
    """ "Hello, do you speak English?": at least two English words and no German one (cheap, errs to German)."""
    words = set(re.findall(r"[a-zäöüß]+", (text or "").lower()))
    return len(words & _ENGLISH_WORDS) >= 2 and not words & _GERMAN_WORDS
