"""Contract values in what people type: "12 Tablets für 18.000 €", "ca. 40k", "monatlich 2.500 € über 3 Jahre".

The contract value is the number next to €/Euro/EUR or a thousands word (k, Tsd., Mio.),
never a count of items. A periodic amount ("je 2.500 € pro Monat über 3 Jahre") is
multiplied over the term, and the calculation is kept so the answer can show it.
Net vs gross is read from the words "netto"/"brutto".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from knowledge.parsing import NUMBER_PATTERN, UNIT_PATTERN, format_number, number_value

_CURRENCY = r"(?:€|euro\b|eur\b)"
# "18.000 €", "40k", "1,2 Mio. Euro", "80 Tsd.", "EUR 50.000", "€ 50.000"
_AMOUNT = re.compile(
    rf"(?:(?P<pre>€|eur\b|euro\b)\s*(?P<n1>{NUMBER_PATTERN})\s*(?P<u1>{UNIT_PATTERN})?\.?(?![\w])"
    rf"|(?<![\d.,])(?P<n2>{NUMBER_PATTERN})\s*(?:(?P<u2>{UNIT_PATTERN})\.?(?![a-zäöüß])\s*(?:{_CURRENCY})?"
    rf"|(?P<cur>{_CURRENCY})))",
    re.IGNORECASE,
)
_BARE_NUMBER = re.compile(rf"(?<![\d.,])(?P<n>{NUMBER_PATTERN})(?![\d])", re.IGNORECASE)
_PERIOD = re.compile(
    r"(?P<per>monatlich|jährlich|jaehrlich|pro\s+monat|pro\s+jahr|im\s+monat|im\s+jahr|je\s+monat|je\s+jahr"
    r"|/\s*monat|/\s*jahr|p\.\s*a\.|mtl\.)",
    re.IGNORECASE,
)
_TERM = re.compile(
    r"(?:über|ueber|für|fuer|laufzeit(?:\s+von)?|auf|dauer(?:\s+von)?)\s+(?P<n>\d+|zwei|drei|vier|fünf|fuenf|sechs)\s*"
    r"(?P<unit>jahre?n?|monate?n?)",
    re.IGNORECASE,
)
_WORD_NUMBERS = {"zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "fuenf": 5, "sechs": 6}


@dataclass(frozen=True)
class ContractValue:
    euros: float  # the total the procedure depends on
    gross: Optional[bool]  # True "brutto", False "netto", None when the user did not say
    calculation: Optional[str] = None  # "2.500 € × 36 Monate = 90.000 €" for periodic amounts
    periodic_without_term: bool = False  # "2.500 € im Monat" with no term: the total is unknown
    period: Optional[str] = None  # "Monat" or "Jahr" for a periodic amount


def _gross(text: str) -> Optional[bool]:
    if re.search(r"\bbrutto\b|inkl(?:\.|usive)?\s+(?:mwst|ust|umsatzsteuer)", text, re.IGNORECASE):
        return True
    if re.search(r"\bnetto\b|ohne\s+(?:mwst|ust|umsatzsteuer)|zzgl", text, re.IGNORECASE):
        return False
    return None


_THOUSAND_EURO = re.compile(r"(\d)\s*(?:t€|teur\b|t eur\b)", re.IGNORECASE)


def find_amount(text: str, allow_bare: bool = False) -> Optional[float]:
    """The first euro amount in ``text``; with ``allow_bare`` a bare number counts too ("und bei 60.000?")."""
    text = _THOUSAND_EURO.sub(r"\1 Tsd. €", text or "")  # "40 T€", "40 TEUR" (Kämmerei shorthand)
    match = _AMOUNT.search(text)
    if match:
        if match.group("n1"):
            return number_value(match.group("n1"), match.group("u1"))
        return number_value(match.group("n2"), match.group("u2"))
    if allow_bare:
        bare = _BARE_NUMBER.search(text or "")
        if bare:
            return number_value(bare.group("n"))
    return None


def contract_value(text: str, allow_bare: bool = False) -> Optional[ContractValue]:
    """The contract value a message states, with the calculation for periodic amounts."""
    amount = find_amount(text, allow_bare)
    if amount is None:
        return None
    gross = _gross(text)
    period = _PERIOD.search(text)
    if not period:
        return ContractValue(amount, gross)
    monthly = "monat" in period.group("per").lower() or "mtl" in period.group("per").lower()
    term = _TERM.search(text)
    if not term:
        return ContractValue(amount, gross, periodic_without_term=True, period="Monat" if monthly else "Jahr")
    count = int(term.group("n")) if term.group("n").isdigit() else _WORD_NUMBERS[term.group("n").lower()]
    term_in_months = count if term.group("unit").lower().startswith("monat") else count * 12
    periods = term_in_months if monthly else term_in_months / 12
    label = "Monate" if monthly else "Jahre"
    total = amount * periods
    calculation = f"{format_number(amount)} € × {format_number(periods)} {label} = {format_number(total)} €"
    return ContractValue(total, gross, calculation, period="Monat" if monthly else "Jahr")


def has_term(text: str) -> bool:
    """True when the text names a contract term ("über 3 Jahre", "Laufzeit 24 Monate")."""
    return _TERM.search(text or "") is not None


def with_term(amount: float, period: str, text: str) -> Optional[ContractValue]:
    """The answer to "Wie lange soll der Vertrag laufen?": the periodic amount asked about, over the term named."""
    return contract_value(f"{format_number(amount)} € pro {period} {text}") if has_term(text) else None
