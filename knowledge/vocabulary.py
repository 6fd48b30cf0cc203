"""Canonical values shared by the knowledge base and the NLU contract.

These strings are the canonical entity values the assistant's NLU produces
(see domain.yml); the knowledge base uses exactly the same ones so that a slot
value can be passed to a query without translation.
"""
from __future__ import annotations

from typing import Dict, Tuple

FEDERAL_STATES: Tuple[str, ...] = (
    "Baden-Württemberg",
    "Bayern",
    "Berlin",
    "Brandenburg",
    "Bremen",
    "Hamburg",
    "Hessen",
    "Mecklenburg-Vorpommern",
    "Niedersachsen",
    "Nordrhein-Westfalen",
    "Rheinland-Pfalz",
    "Saarland",
    "Sachsen",
    "Sachsen-Anhalt",
    "Schleswig-Holstein",
    "Thüringen",
)

MUNICIPALITY_TYPES: Dict[str, str] = {
    "gemeinde": "Gemeinde",
    "stadt": "Stadt",
    "landkreis": "Landkreis",
    "amt": "Amt",
    "verbandsgemeinde": "Verbandsgemeinde",
    "samtgemeinde": "Samtgemeinde",
    "zweckverband": "Zweckverband",
}

TASK_AREAS: Dict[str, str] = {
    "verwaltung": "Verwaltung",
    "mobilitaet": "Mobilität",
    "energie": "Energie",
    "umwelt": "Umwelt",
    "gesundheit": "Gesundheit",
    "pflege": "Pflege",
    "bildung": "Bildung",
    "tourismus": "Tourismus",
    "wirtschaft": "Wirtschaft",
    "sicherheit": "Sicherheit",
    "breitband": "Breitband",
    "kultur": "Kultur",
    "landwirtschaft": "Landwirtschaft",
    "wohnen": "Wohnen",
}

PROCUREMENT_TOPICS: Dict[str, str] = {
    "schwellenwerte": "Schwellenwerte",
    "direktauftrag": "Direktauftrag",
    "verfahrensarten": "Verfahrensarten",
    "innovationspartnerschaft": "Innovationspartnerschaft",
    "markterkundung": "Markterkundung",
    "leistungsbeschreibung": "Funktionale Leistungsbeschreibung",
    "zuschlagskriterien": "Zuschlagskriterien",
    "rahmenvereinbarung": "Rahmenvereinbarung",
    "evb_it": "EVB-IT",
    "foerdermittel_vergabe": "Vergabepflichten aus dem Zuwendungsbescheid",
    "vorkommerzielle_auftragsvergabe": "Vorkommerzielle Auftragsvergabe (PCP)",
}
