"""The one vocabulary of Digitallotse: canonical values and the words people use for them.

Canonical values are what the NLU produces and the knowledge base stores. The surface
forms below are the single source for the NLU synonyms and lookup tables
(``data/nlu/vocabulary.yml``, written by ``python -m knowledge nlu``) and for the
parsing tables in ``knowledge/parsing.py``. Everyday need words live in
``knowledge/needs.py`` and feed the same generated file.
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

# Names, spellings and adjectives of each Land: NLU synonyms + lookup table.
STATE_FORMS: Dict[str, Tuple[str, ...]] = {
    "Baden-Württemberg": (
        "Baden-Wurttemberg",
        "Baden Württemberg",
        "BW",
        "BaWü",
        "BaWue",
        "Ba-Wü",
        "baden-württembergische",
        "baden-württembergischen",
    ),
    "Bayern": ("Freistaat Bayern", "bayerische", "bayerischen", "bayerischer", "bayrische", "bayrischen"),
    "Berlin": ("Berliner", "Land Berlin"),
    "Brandenburg": ("brandenburgische", "brandenburgischen", "brandenburgischer", "Brandenburger"),
    "Bremen": ("Freie Hansestadt Bremen", "bremische", "bremischen", "Bremer"),
    "Hamburg": ("Freie und Hansestadt Hamburg", "Hamburger", "hamburgische", "hamburgischen"),
    "Hessen": ("hessische", "hessischen", "hessischer"),
    "Mecklenburg-Vorpommern": (
        "Mecklenburg Vorpommern",
        "MV",
        "M-V",
        "Meck-Pomm",
        "MeckPomm",
        "Meckpomm",
        "mecklenburgische",
        "mecklenburgischen",
    ),
    "Niedersachsen": (
        "Nds",
        "Nds.",
        "niedersächsisch",
        "niedersächsische",
        "niedersächsischen",
        "niedersächsischer",
        "Niedersachen",
    ),
    "Nordrhein-Westfalen": ("Nordrhein Westfalen", "NRW", "nordrhein-westfälische", "nordrhein-westfälischen"),
    "Rheinland-Pfalz": ("Rheinland Pfalz", "Rheinlandpfalz", "RLP", "rheinland-pfälzische", "rheinland-pfälzischen"),
    "Saarland": ("saarländische", "saarländischen", "saarländischer"),
    "Sachsen": (
        "Freistaat Sachsen",
        "sächsisch",
        "sächsische",
        "sächsischen",
        "sächsischer",
        "saechsische",
        "saechsischen",
    ),
    "Sachsen-Anhalt": ("Sachsen Anhalt", "SachsenAnhalt", "LSA", "sachsen-anhaltische", "sachsen-anhaltischen"),
    "Schleswig-Holstein": ("Schleswig Holstein", "SH", "S-H", "schleswig-holsteinische", "schleswig-holsteinischen"),
    "Thüringen": ("Thuringen", "Thüringer", "thueringer", "thüringische", "thüringischen", "Freistaat Thüringen"),
}

# Two-letter codes: synonyms for what the NLU tags, but no lookup entries (as words they are too ambiguous).
STATE_CODES: Dict[str, Tuple[str, ...]] = {
    "Bayern": ("BY",),
    "Brandenburg": ("BB",),
    "Bremen": ("HB",),
    "Hamburg": ("HH",),
    "Hessen": ("HE",),
    "Mecklenburg-Vorpommern": ("MVP",),
    "Niedersachsen": ("NI",),
    "Nordrhein-Westfalen": ("NW",),
    "Rheinland-Pfalz": ("RP",),
    "Saarland": ("SL",),
    "Sachsen": ("SN",),
    "Sachsen-Anhalt": ("ST",),
}

# Regions that lie in exactly one Land ("Oberbayern" → Bayern); regions spanning Länder are left out.
STATE_REGIONS: Dict[str, str] = {
    **{
        region: "Bayern"
        for region in ("Oberbayern", "Niederbayern", "Oberpfalz", "Oberfranken", "Mittelfranken", "Unterfranken")
    },
    "Schwarzwald": "Baden-Württemberg",
    "Breisgau": "Baden-Württemberg",
    "Hohenlohe": "Baden-Württemberg",
    "Münsterland": "Nordrhein-Westfalen",
    "Ruhrgebiet": "Nordrhein-Westfalen",
    "Sauerland": "Nordrhein-Westfalen",
    "Ostwestfalen": "Nordrhein-Westfalen",
    "Niederrhein": "Nordrhein-Westfalen",
    "Siegerland": "Nordrhein-Westfalen",
    "Ostfriesland": "Niedersachsen",
    "Emsland": "Niedersachsen",
    "Lüneburger Heide": "Niedersachsen",
    "Nordfriesland": "Schleswig-Holstein",
    "Dithmarschen": "Schleswig-Holstein",
    "Vorpommern": "Mecklenburg-Vorpommern",
    "Mecklenburg": "Mecklenburg-Vorpommern",
    "Uckermark": "Brandenburg",
    "Prignitz": "Brandenburg",
    "Havelland": "Brandenburg",
    "Erzgebirge": "Sachsen",
    "Altmark": "Sachsen-Anhalt",
    "Taunus": "Hessen",
    "Wetterau": "Hessen",
    "Pfalz": "Rheinland-Pfalz",
    "Hunsrück": "Rheinland-Pfalz",
    "Westerwald": "Rheinland-Pfalz",
}

MUNICIPALITY_TYPES: Dict[str, str] = {
    "gemeinde": "Gemeinde",
    "stadt": "Stadt",
    "landkreis": "Landkreis",
    "amt": "Amt",
    "verbandsgemeinde": "Verbandsgemeinde",
    "samtgemeinde": "Samtgemeinde",
    "zweckverband": "Zweckverband",
}

# Plural labels ("gilt das auch für Landkreise?", "Gemeinden in Bayern antragsberechtigt").
MUNICIPALITY_TYPE_PLURALS: Dict[str, str] = {
    "gemeinde": "Gemeinden",
    "stadt": "Städte",
    "landkreis": "Landkreise",
    "amt": "Ämter",
    "verbandsgemeinde": "Verbandsgemeinden",
    "samtgemeinde": "Samtgemeinden",
    "zweckverband": "Zweckverbände",
}

# Länder named with their article: "im Saarland", never "in Saarland".
_WITH_ARTICLE = {"Saarland": "im Saarland"}


def in_land(name: str) -> str:
    """ "in Bayern", "im Saarland", "beim Bund": the place phrase for a Land (or the Bund) in a sentence."""
    if name == "Bund":
        return "beim Bund"
    return _WITH_ARTICLE.get(name, f"in {name}")


# Words that count as a type only as the answer to "Welche Art von Kommune?" (too vague inside a sentence).
MUNICIPALITY_TYPE_ANSWERS: Dict[str, str] = {"Dorf": "gemeinde", "Ort": "gemeinde", "Landkreisverwaltung": "landkreis"}

MUNICIPALITY_TYPE_FORMS: Dict[str, Tuple[str, ...]] = {
    "gemeinde": (
        "Gemeinde",
        "Gemeinden",
        "Ortsgemeinde",
        "Ortsgemeinden",
        "Marktgemeinde",
        "Marktgemeinden",
        "Markt",
        "Einheitsgemeinde",
        "kreisangehörige Gemeinde",
        "amtsangehörige Gemeinde",
    ),
    "stadt": (
        "Stadt",
        "Städte",
        "Kreisstadt",
        "Große Kreisstadt",
        "kreisfreie Stadt",
        "kreisangehörige Stadt",
        "Große kreisangehörige Stadt",
        "Große selbständige Stadt",
        "Stadtkreis",
        "Hansestadt",
        "Kleinstadt",
        "Mittelstadt",
        "Großstadt",
        "Stadtgemeinde",
    ),
    "landkreis": ("Landkreis", "Landkreise", "Kreis", "Kreise", "Landratsamt", "Kreisverwaltung"),
    "amt": ("Amt", "Ämter", "Amtsverwaltung"),
    "verbandsgemeinde": ("Verbandsgemeinde", "Verbandsgemeinden", "Verwaltungsgemeinschaft", "VG"),
    "samtgemeinde": ("Samtgemeinde", "Samtgemeinden"),
    "zweckverband": ("Zweckverband", "Zweckverbände", "Zweckverbandes"),
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

TASK_AREA_FORMS: Dict[str, Tuple[str, ...]] = {
    "verwaltung": (
        "Verwaltung",
        "Verwaltungsdigitalisierung",
        "Online-Dienste",
        "Onlinedienste",
        "Bürgerdienste",
        "Bürgerservice",
        "E-Government",
        "eGovernment",
        "OZG",
        "Rathaus",
    ),
    "mobilitaet": (
        "Mobilität",
        "Mobilitaet",
        "ÖPNV",
        "OEPNV",
        "Nahverkehr",
        "Verkehr",
        "Radverkehr",
        "Radwege",
        "E-Mobilität",
        "Smart Parking",
        "Parkleitsystem",
        "On-Demand-Verkehr",
        "Bürgerbus",
        "Carsharing",
    ),
    "energie": (
        "Energie",
        "Klimaschutz",
        "Klima",
        "Straßenbeleuchtung",
        "Strassenbeleuchtung",
        "Energiemanagement",
        "Energiemonitoring",
        "Photovoltaik",
        "Energiewende",
        "Wärmeplanung",
    ),
    "umwelt": (
        "Umwelt",
        "Umweltschutz",
        "Umweltmonitoring",
        "Abfallwirtschaft",
        "Abfall",
        "Abwasser",
        "Klimaanpassung",
        "Naturschutz",
        "Luftqualität",
    ),
    "gesundheit": (
        "Gesundheit",
        "Telemedizin",
        "ärztliche Versorgung",
        "Gesundheitsversorgung",
        "Arztpraxen",
        "Medizin",
    ),
    "pflege": ("Pflege", "Altenpflege", "Pflegeeinrichtungen", "Seniorenbetreuung"),
    "bildung": ("Bildung", "Schulen", "Schule", "Kitas", "Kita", "Volkshochschule"),
    "tourismus": ("Tourismus", "Touristik", "Fremdenverkehr", "Gästeinformation"),
    "wirtschaft": ("Wirtschaft", "Wirtschaftsförderung", "Einzelhandel", "Gewerbe"),
    "sicherheit": ("Sicherheit", "öffentliche Sicherheit", "Feuerwehr", "Katastrophenschutz", "Bevölkerungsschutz"),
    "breitband": (
        "Breitband",
        "Breitbandausbau",
        "Glasfaser",
        "Glasfasernetz",
        "Glasfaserausbau",
        "Mobilfunk",
        "5G",
        "Internet",
    ),
    "kultur": ("Kultur", "Museum", "Museums", "Museen", "Bibliothek", "Bibliotheken", "Stadtbibliothek", "Bücherei"),
    "landwirtschaft": ("Landwirtschaft", "Smart Farming", "Agrarwirtschaft"),
    "wohnen": ("Wohnen", "Wohnungsbau", "Wohnraum", "Leerstand", "Stadtentwicklung", "Bauen"),
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

PROCUREMENT_TOPIC_FORMS: Dict[str, Tuple[str, ...]] = {
    "schwellenwerte": (
        "Schwellenwert",
        "Schwellenwerte",
        "EU-Schwellenwert",
        "EU-Schwellenwerte",
        "EU-weit ausschreiben",
        "europaweit ausschreiben",
        "EU-weite Ausschreibung",
        "europaweite Ausschreibung",
        "Wertgrenze",
        "Wertgrenzen",
        "Oberschwellenbereich",
        "Unterschwellenbereich",
    ),
    "direktauftrag": (
        "Direktauftrag",
        "Direktaufträge",
        "Direktvergabe",
        "Direktkauf",
        "Direktbeauftragung",
        "ohne Ausschreibung",
    ),
    "verfahrensarten": (
        "Verfahrensarten",
        "Verfahrensart",
        "Vergabeverfahren",
        "Vergabearten",
        "offenes Verfahren",
        "offenem Verfahren",
        "nicht offenes Verfahren",
        "Verhandlungsvergabe",
        "Verhandlungsverfahren",
        "beschränkte Ausschreibung",
        "öffentliche Ausschreibung",
        "freihändige Vergabe",
        "wettbewerblicher Dialog",
    ),
    "innovationspartnerschaft": ("Innovationspartnerschaft", "Innovationspartnerschaften"),
    "markterkundung": (
        "Markterkundung",
        "Marktrecherche",
        "Marktanalyse",
        "Markterkundungsverfahren",
        "Marktsondierung",
    ),
    "leistungsbeschreibung": (
        "Leistungsbeschreibung",
        "funktionale Leistungsbeschreibung",
        "Leistungsverzeichnis",
        "Lastenheft",
        "Pflichtenheft",
    ),
    "zuschlagskriterien": (
        "Zuschlagskriterien",
        "Zuschlagskriterium",
        "Wertungskriterien",
        "Bewertungskriterien",
        "Bewertungsmatrix",
        "wirtschaftlichstes Angebot",
    ),
    "rahmenvereinbarung": ("Rahmenvereinbarung", "Rahmenvereinbarungen", "Rahmenvertrag", "Rahmenverträge"),
    "evb_it": (
        "EVB-IT",
        "EVB IT",
        "EVBIT",
        "EVB-IT Cloud",
        "EVB-IT System",
        "EVB-IT Kauf",
        "EVB-IT Dienstleistung",
        "EVB-IT Überlassung",
    ),
    "foerdermittel_vergabe": (
        "Zuwendungsbescheid",
        "ANBest-K",
        "ANBest-P",
        "Nebenbestimmungen",
        "geförderten Projekt",
        "gefördertes Projekt",
        "geförderten Projekten",
        "Vergabe mit Fördermitteln",
    ),
    "vorkommerzielle_auftragsvergabe": (
        "PCP",
        "vorkommerzielle Auftragsvergabe",
        "vorkommerzielle Beschaffung",
        "vorkommerzielle Vergabe",
        "Pre-Commercial Procurement",
    ),
}
