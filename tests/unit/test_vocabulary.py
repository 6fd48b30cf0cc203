"""The generated NLU vocabulary (data/nlu/vocabulary.yml) is in sync with knowledge/vocabulary.py and needs.py."""

from collections import defaultdict
from pathlib import Path

import pytest
import yaml
from rasa.shared.nlu.training_data.loading import load_data

from knowledge import nlu_vocabulary
from knowledge.needs import NEEDS
from knowledge.parsing import normalize_municipality_type, normalize_task_area
from knowledge.vocabulary import (
    FEDERAL_STATES,
    MUNICIPALITY_TYPE_FORMS,
    MUNICIPALITY_TYPES,
    PROCUREMENT_TOPICS,
    STATE_FORMS,
    TASK_AREA_FORMS,
    TASK_AREAS,
)

NLU_DIR = Path(__file__).resolve().parents[2] / "data" / "nlu"
GENERATED = yaml.safe_load(nlu_vocabulary.TARGET.read_text(encoding="utf-8"))["nlu"]
SYNONYMS = {
    block["synonym"]: [line[2:].strip() for line in block["examples"].splitlines() if line.strip()]
    for block in GENERATED
    if "synonym" in block
}
LOOKUPS = {
    block["lookup"]: [line[2:].strip() for line in block["examples"].splitlines() if line.strip()]
    for block in GENERATED
    if "lookup" in block
}
CANONICAL = set(FEDERAL_STATES) | set(MUNICIPALITY_TYPES) | set(TASK_AREAS) | set(PROCUREMENT_TOPICS)


def test_generated_file_is_in_sync():
    assert nlu_vocabulary.TARGET == NLU_DIR / "vocabulary.yml"
    assert nlu_vocabulary.TARGET.read_text(encoding="utf-8") == nlu_vocabulary.render(), (
        "data/nlu/vocabulary.yml is outdated: run `python -m knowledge nlu`"
    )


def test_write_reports_whether_the_file_changed(tmp_path):
    target = tmp_path / "vocabulary.yml"
    assert nlu_vocabulary.write(target) is True
    assert nlu_vocabulary.write(target) is False
    assert target.read_text(encoding="utf-8") == nlu_vocabulary.render()


def test_no_form_maps_to_two_values_in_the_generated_file():
    values = defaultdict(set)
    for value, forms in SYNONYMS.items():
        for form in forms:
            values[form].add(value)
    assert {form: v for form, v in values.items() if len(v) > 1} == {}


def test_no_form_maps_to_two_values_across_all_nlu_files():
    """Inline annotations ([NRW]{"entity": …, "value": …}) and synonym blocks of every file must agree."""
    values = defaultdict(set)
    for path in sorted(NLU_DIR.glob("*.yml")):
        for form, value in load_data(str(path)).entity_synonyms.items():
            values[form.lower()].add(value)
    assert {form: v for form, v in values.items() if len(v) > 1} == {}


def test_forms_are_lower_case_and_never_the_value_itself():
    for value, forms in SYNONYMS.items():
        assert forms, value
        assert all(form == form.lower() and form != value for form in forms), value
        assert len(forms) == len(set(forms)), value


def test_every_synonym_points_to_a_canonical_value():
    assert set(SYNONYMS) <= CANONICAL


@pytest.mark.parametrize(
    "values",
    [FEDERAL_STATES, MUNICIPALITY_TYPES, TASK_AREAS, PROCUREMENT_TOPICS],
    ids=["states", "types", "areas", "topics"],
)
def test_every_canonical_value_appears(values):
    assert set(values) <= set(SYNONYMS)


def test_every_form_of_the_vocabulary_appears():
    for table in (STATE_FORMS, MUNICIPALITY_TYPE_FORMS, TASK_AREA_FORMS):
        for value, forms in table.items():
            missing = {f.lower() for f in forms} - set(SYNONYMS[value]) - {value}
            assert not missing, (value, missing)


def test_need_words_map_to_the_need_s_main_task_area():
    for need in NEEDS:
        for phrase in need.phrases:
            if " " not in phrase:
                assert phrase in SYNONYMS[need.task_areas[0]], (need.key, phrase)


def test_lookup_tables_for_states_and_types():
    assert set(LOOKUPS) == {"federal_state", "municipality_type"}
    assert set(FEDERAL_STATES) <= set(LOOKUPS["federal_state"])
    assert "BY" not in LOOKUPS["federal_state"], "two-letter codes are too ambiguous for a lookup table"


@pytest.mark.parametrize("value, forms", sorted(MUNICIPALITY_TYPE_FORMS.items()))
def test_nlu_and_parser_agree_on_types(value, forms):
    assert {f: normalize_municipality_type(f) for f in forms} == {f: value for f in forms}


@pytest.mark.parametrize("value, forms", sorted(TASK_AREA_FORMS.items()))
def test_nlu_and_parser_agree_on_task_areas(value, forms):
    assert {f: normalize_task_area(f) for f in forms} == {f: value for f in forms}
