"""What a simulated municipal user asks after giving a profile – one list for the soak run (bot/soak.py)
and the benchmark (bot/bench/), so both measure the same kind of conversation. German on purpose; the
follow-ups ("und die Förderquote?", "Beispiele dazu?") depend on the answer before them.
"""

# None names a place or a size, so none may change the profile (the soak run checks it).
QUESTIONS = [
    "Welche Förderprogramme passen zu uns?",
    "und die Förderquote?",
    "Details zum zweiten",
    "Gibt es Praxisbeispiele für digitale Bürgerdienste?",
    "Wie vergeben wir einen Auftrag über 18.000 € für Tablets?",
    "Was gilt bei einem Auftragswert von 250.000 € für Software?",
    "Was ist eine Innovationspartnerschaft?",
    "Wie stelle ich einen Förderantrag?",
    "Gibt es Förderung für WLAN im Rathaus?",
    "Wir wollen ein Bürgerportal einführen. Wo fangen wir an?",
    "Gibt es dafür Geld oder Vorbilder?",
    "Bürger sollen Schlaglöcher per Handy melden",
    "Was ist der EU-Schwellenwert für Liefer- und Dienstleistungen?",
    "Danke, das hilft.",
    "Gibt es Förderung für den Breitbandausbau?",
    "Was ist EVB-IT?",
    "Fahrplan zur digitalen Kommune",
    "Welche Programme gibt es für Tourismus-Digitalisierung?",
    "Beispiele dazu?",
    "Welches davon fördert am meisten?",
]
