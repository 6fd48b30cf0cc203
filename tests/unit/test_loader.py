"""The loader reports every bad entry with file, entry id and field, and refuses the whole knowledge base."""

import pytest

from knowledge.loader import KnowledgeBaseError, load

GOOD = """\
  - id: BY-07
    name: Testprogramm
    funder: Land Bayern
    level: Land
    states: [Bayern]
    applicants: [gemeinde]
    applicants_text: Gemeinden
    task_areas: [verwaltung]
    funding_type: Zuschuss
    rate_text: unbekannt
    own_share_text: unbekannt
    deadline_text: unbekannt
    status: offen
    how_to_apply: unbekannt
    contact: unbekannt
    description: Ein Test.
    source_url: https://example.org/p
    stand: 2026-01-01
"""


def write(tmp_path, text, name="bayern.yml"):
    folder = tmp_path / "knowledge" / "data" / "programmes"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return tmp_path / "knowledge" / "data"


def errors_for(tmp_path, text):
    with pytest.raises(KnowledgeBaseError) as info:
        load(write(tmp_path, text))
    return info.value.errors


def test_good_entry_loads(tmp_path):
    kb = load(write(tmp_path, "programmes:\n" + GOOD))
    assert [p.id for p in kb.programmes] == ["BY-07"]


BAD = [
    (
        "status: offen",
        "status: offfen",
        "knowledge/data/programmes/bayern.yml: BY-07.status: 'offfen' is not one of 'offen', 'laufend_mit_stichtagen', 'geschlossen', 'unbekannt'",
    ),
    (
        "    source_url: https://example.org/p\n",
        "",
        "knowledge/data/programmes/bayern.yml: BY-07.source_url: Pflichtfeld fehlt",
    ),
    (
        "stand: 2026-01-01",
        "stand: letzte Woche",
        "knowledge/data/programmes/bayern.yml: BY-07.stand: invalid date format",
    ),
    (
        "states: [Bayern]",
        "states: [Bayernland]",
        "knowledge/data/programmes/bayern.yml: BY-07.states: 'Bayernland' ist kein Bundesland",
    ),
    (
        "applicants: [gemeinde]",
        "applicants: [dorf]",
        "knowledge/data/programmes/bayern.yml: BY-07.applicants: 'dorf' ist kein Gemeindetyp",
    ),
    (
        "task_areas: [verwaltung]",
        "task_areas: [raumfahrt]",
        "knowledge/data/programmes/bayern.yml: BY-07.task_areas: 'raumfahrt' ist kein Aufgabenfeld",
    ),
    (
        "source_url: https://example.org/p",
        "source_url: keine",
        "knowledge/data/programmes/bayern.yml: BY-07.source_url: invalid or missing URL scheme",
    ),
    (
        "    contact: unbekannt\n",
        "    contact: unbekannt\n    kontakt: x\n",
        "knowledge/data/programmes/bayern.yml: BY-07.kontakt: extra fields not permitted",
    ),
]


@pytest.mark.parametrize("old, new, message", BAD, ids=[b[2].split(": ")[1] for b in BAD])
def test_bad_entry_is_reported_exactly(tmp_path, old, new, message):
    assert old in GOOD
    errors = errors_for(tmp_path, "programmes:\n" + GOOD.replace(old, new))
    assert any(error.startswith(message) for error in errors), errors


def test_duplicate_ids_and_all_errors_at_once(tmp_path):
    broken = GOOD.replace("status: offen", "status: zu")
    errors = errors_for(tmp_path, "programmes:\n" + GOOD + GOOD + broken)
    assert any("BY-07: id doppelt" in e for e in errors)
    assert any("BY-07.status" in e for e in errors)


@pytest.mark.parametrize(
    "text, message",
    [
        ("programmes: [\n", "kein gültiges YAML"),
        ("- a\n- b\n", "erwartet Abschnitte"),
        ("programme:\n" + GOOD, "unbekannter Abschnitt 'programme'"),
        ("programmes: nix\n", "programmes muss eine Liste"),
    ],
)
def test_broken_files(tmp_path, text, message):
    assert any(message in e for e in errors_for(tmp_path, text))


def test_empty_folder_is_refused(tmp_path):
    (tmp_path / "data").mkdir()
    with pytest.raises(KnowledgeBaseError):
        load(tmp_path / "data")


def test_land_programme_needs_a_state(tmp_path):
    errors = errors_for(tmp_path, "programmes:\n" + GOOD.replace("states: [Bayern]", "states: []"))
    assert any("BY-07.states: ein Landesprogramm braucht mindestens ein Bundesland" in e for e in errors)
