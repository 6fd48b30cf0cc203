"""Contract values in what people type (knowledge/amounts.py): the euro amount, never a count; periods × term."""

import pytest

from knowledge.amounts import contract_value, find_amount


@pytest.mark.parametrize(
    "text, euros",
    [
        ("12 Tablets für 18.000 €", 18000),
        ("Wir brauchen 12 Tablets für 18.000 Euro", 18000),
        ("ca. 40k", 40000),
        ("ca. 40k Euro", 40000),
        ("80 Tsd.", 80000),
        ("1,2 Mio. €", 1_200_000),
        ("80 000 Euro", 80000),
        ("EUR 50.000", 50000),
        ("€ 50.000", 50000),
        ("500€", 500),
        ("1.000.000 €", 1_000_000),
        ("80.000,50 €", 80000.5),
        ("10 Stück à 500 €", 500),
        ("Sanierung der Schule für 1,2 Mio. €", 1_200_000),
    ],
)
def test_the_euro_amount_not_the_count(text, euros):
    value = contract_value(text)
    assert value is not None and value.euros == pytest.approx(euros)
    assert value.calculation is None and not value.periodic_without_term


@pytest.mark.parametrize("text", ["12 Tablets", "Schritt 3", "und bei 60.000?", "", "Software kaufen"])
def test_no_amount_without_currency_or_unit(text):
    assert contract_value(text) is None


@pytest.mark.parametrize("text, euros", [("und bei 60.000?", 60000), ("60 000", 60000), ("und 250000", 250000)])
def test_a_bare_number_counts_only_when_allowed(text, euros):
    assert find_amount(text) is None
    assert find_amount(text, allow_bare=True) == pytest.approx(euros)
    assert contract_value(text, allow_bare=True).euros == pytest.approx(euros)


@pytest.mark.parametrize(
    "text, total, calculation",
    [
        ("monatlich 2.500 € über 3 Jahre", 90000, "2.500 € × 36 Monate = 90.000 €"),
        ("2.500 € pro Monat für 24 Monate", 60000, "2.500 € × 24 Monate = 60.000 €"),
        ("2.500 € mtl. über 2 Jahre", 60000, "2.500 € × 24 Monate = 60.000 €"),
        ("jährlich 30.000 € über 4 Jahre", 120000, "30.000 € × 4 Jahre = 120.000 €"),
        ("30.000 € pro Jahr über vier Jahre", 120000, "30.000 € × 4 Jahre = 120.000 €"),
        ("Wartung 1.000 € im Monat, Laufzeit 12 Monate", 12000, "1.000 € × 12 Monate = 12.000 €"),
    ],
)
def test_periodic_amount_over_the_term(text, total, calculation):
    value = contract_value(text)
    assert value.euros == pytest.approx(total)
    assert value.calculation == calculation
    assert "×" in value.calculation and "=" in value.calculation
    assert not value.periodic_without_term


@pytest.mark.parametrize("text", ["monatlich 2.500 €", "2.500 € im Monat", "jährlich 30.000 €", "5.000 € p. a."])
def test_periodic_amount_without_term_is_flagged(text):
    value = contract_value(text)
    assert value.periodic_without_term and value.calculation is None


@pytest.mark.parametrize(
    "text, gross",
    [
        ("100.000 Euro brutto", True),
        ("80.000 € inkl. MwSt", True),
        ("80.000 € inklusive Umsatzsteuer", True),
        ("216.000 € netto", False),
        ("50.000 € zzgl. MwSt", False),
        ("50.000 € ohne USt", False),
        ("80.000 €", None),
    ],
)
def test_net_or_gross(text, gross):
    assert contract_value(text).gross is gross
