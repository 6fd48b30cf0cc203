"""The setup's own logic: which spaCy pipeline, when to train, the NLU quality floor."""

import json
import os
import subprocess
import time
from pathlib import Path

import pytest

from bot import nlu_floor, spacy_model, train
from bot.spacy_model import FALLBACK, FULL, RELEASE_URL, Decision, decide

NOW = 1_800_000_000.0


@pytest.mark.parametrize(
    "installed, env, failed_at, expected",
    [
        (True, {}, None, Decision(FULL, None, "de_core_news_sm ist installiert")),
        (True, {"SPACY_DE_MODEL": "/x.whl"}, None, Decision(FULL, None, "de_core_news_sm ist installiert")),
        (False, {"SPACY_DE_MODEL": "/m/de.whl"}, None, Decision(FULL, "/m/de.whl", "SPACY_DE_MODEL=/m/de.whl")),
        (False, {"SPACY_DE_MODEL": "/m/de.whl"}, NOW - 60, Decision(FULL, "/m/de.whl", "SPACY_DE_MODEL=/m/de.whl")),
        (False, {}, None, Decision(FULL, RELEASE_URL, "Versuch: offizielles spaCy-Release")),
        (
            False,
            {},
            NOW - 3600,
            Decision(FALLBACK, None, "Download von de_core_news_sm schlug vor weniger als 24 h fehl"),
        ),
        (False, {}, NOW - 25 * 3600, Decision(FULL, RELEASE_URL, "Versuch: offizielles spaCy-Release")),
        (
            False,
            {"DIGITALLOTSE_OFFLINE": "1"},
            None,
            Decision(FALLBACK, None, "DIGITALLOTSE_OFFLINE=1: kein Download versucht"),
        ),
    ],
)
def test_decide(installed, env, failed_at, expected):
    assert decide(installed, env, failed_at, NOW) == expected


class Fakes:
    def __init__(self, installed=False, install_ok=False):
        self.installed = installed
        self.install_ok = install_ok
        self.installs, self.written = [], []

    def pip_install(self, source):
        self.installs.append(source)
        return self.install_ok

    def write(self, kind):
        def _write(target):
            self.written.append(kind)
            target.mkdir(parents=True, exist_ok=True)
            name = "core_news_sm" if kind == FULL else spacy_model.FALLBACK_NAME
            (target / "meta.json").write_text(json.dumps({"lang": "de", "name": name}))

        return _write


def run_ensure(tmp_path, fakes, env=None, now=NOW):
    return spacy_model.ensure(
        target=tmp_path / "spacy-de",
        state_file=tmp_path / "state.json",
        env=env or {},
        full_importable=lambda: fakes.installed,
        pip_install=fakes.pip_install,
        write_full=fakes.write(FULL),
        write_fallback=fakes.write(FALLBACK),
        now=now,
    )


def test_offline_builds_fallback_once_and_remembers_the_failed_download(tmp_path):
    fakes = Fakes()
    assert run_ensure(tmp_path, fakes) == FALLBACK
    assert fakes.installs == [RELEASE_URL] and fakes.written == [FALLBACK]
    # a second run within a day neither downloads nor rebuilds
    assert run_ensure(tmp_path, fakes, now=NOW + 60) == FALLBACK
    assert fakes.installs == [RELEASE_URL] and fakes.written == [FALLBACK]
    assert spacy_model.installed_kind(tmp_path / "spacy-de") == FALLBACK


def test_local_model_file_replaces_the_fallback(tmp_path):
    run_ensure(tmp_path, Fakes())
    fakes = Fakes(install_ok=True)
    assert run_ensure(tmp_path, fakes, env={"SPACY_DE_MODEL": "/m/de_core_news_sm-3.4.0.whl"}) == FULL
    assert fakes.installs == ["/m/de_core_news_sm-3.4.0.whl"] and fakes.written == [FULL]
    assert spacy_model.installed_kind(tmp_path / "spacy-de") == FULL


def test_broken_local_file_falls_back(tmp_path):
    fakes = Fakes(install_ok=False)
    assert run_ensure(tmp_path, fakes, env={"SPACY_DE_MODEL": "/nope.whl"}) == FALLBACK
    assert fakes.written == [FALLBACK]


def test_installed_model_is_used_without_install(tmp_path):
    fakes = Fakes(installed=True)
    assert run_ensure(tmp_path, fakes) == FULL
    assert fakes.installs == [] and fakes.written == [FULL]


def test_describe_never_passes_the_fallback_off_as_the_full_model():
    assert "NICHT de_core_news_sm" in spacy_model.describe(FALLBACK)
    assert "vollständiges" in spacy_model.describe(FULL)


def test_the_real_fallback_pipeline_has_german_lemmas(tmp_path):
    spacy = pytest.importorskip("spacy")
    spacy_model._write_fallback(tmp_path / "p")
    nlp = spacy.load(tmp_path / "p")
    assert nlp.lang == "de"
    assert [t.lemma_ for t in nlp("Förderprogramme für Gemeinden")] == ["Förderprogramm", "für", "Gemeinde"]
    assert spacy_model.installed_kind(tmp_path / "p") == FALLBACK


# --- training only when inputs changed -------------------------------------------------------


def make_project(tmp_path):
    (tmp_path / "data" / "nlu").mkdir(parents=True)
    (tmp_path / "config.yml").write_text("language: de\n")
    (tmp_path / "domain.yml").write_text("intents: [greet]\n")
    (tmp_path / "data" / "nlu" / "a.yml").write_text("nlu: []\n")
    return tmp_path


def test_fingerprint_follows_content_not_mtime(tmp_path):
    root = make_project(tmp_path)
    first = train.fingerprint(train.training_inputs(root), root)
    later = time.time() + 100
    os.utime(root / "config.yml", (later, later))
    assert train.fingerprint(train.training_inputs(root), root) == first
    (root / "data" / "nlu" / "a.yml").write_text("nlu: [x]\n")
    assert train.fingerprint(train.training_inputs(root), root) != first


def test_new_data_file_changes_fingerprint(tmp_path):
    root = make_project(tmp_path)
    first = train.fingerprint(train.training_inputs(root), root)
    (root / "data" / "nlu" / "b.yml").write_text("nlu: []\n")
    assert train.fingerprint(train.training_inputs(root), root) != first


def test_cache_follows_code_and_pipeline_not_data(tmp_path):
    # Rasa's own fingerprints cover data and configuration; the folder covers what they miss.
    root = make_project(tmp_path)
    for name in train.ENVIRONMENT_INPUTS:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("v1\n")
    first = train.cache_dir(root)
    (root / "data" / "nlu" / "a.yml").write_text("nlu: [x]\n")
    assert train.cache_dir(root) == first
    (root / "bot" / "nlu_components.py").write_text("v2\n")
    assert train.cache_dir(root) != first
    (root / "bot" / "nlu_components.py").write_text("v1\n")
    (root / "build" / "spacy-de" / "meta.json").write_text('{"name": "core_news_sm"}\n')
    assert train.cache_dir(root) != first


def test_old_caches_are_pruned(tmp_path):
    keep, old = tmp_path / "cache" / "new", tmp_path / "cache" / "old"
    keep.mkdir(parents=True)
    (old / "x").mkdir(parents=True)
    train.prune_caches(keep)
    assert keep.is_dir() and not old.exists()


def test_up_to_date_needs_model_and_matching_stamp(tmp_path):
    models = tmp_path / "models"
    models.mkdir()
    assert not train.is_up_to_date("abc", models)
    (models / "digitallotse.tar.gz").write_bytes(b"x")
    (models / "digitallotse.fingerprint").write_text("abc\n")
    assert train.is_up_to_date("abc", models)
    assert not train.is_up_to_date("abd", models)


# --- the NLU floor ---------------------------------------------------------------------------


def report(f1):
    return {
        "greet": {"f1-score": 1.0, "support": 10},
        "inform": {"f1-score": f1, "support": 10},
        "macro avg": {"f1-score": (1.0 + f1) / 2, "support": 20},
    }


@pytest.mark.parametrize("f1, code", [(0.70, 0), (0.69, 1)])
def test_nlu_floor(tmp_path, f1, code, capsys):
    path = tmp_path / "intent_report.json"
    path.write_text(json.dumps(report(f1)))
    assert nlu_floor.main([str(path)]) == code
    assert "inform" in capsys.readouterr().out


@pytest.mark.parametrize("accuracy, code", [(0.70, 0), (0.69, 1)])
def test_nlu_floor_on_accuracy(tmp_path, accuracy, code, capsys):
    path = tmp_path / "real_questions" / "intent_report.json"
    path.parent.mkdir()
    path.write_text(json.dumps({**report(1.0), "accuracy": accuracy}))
    assert nlu_floor.main([str(path), "--metric", "accuracy", "--floor", "0.70"]) == code
    assert "Intent-Genauigkeit auf real_questions" in capsys.readouterr().out


# --- rasa data validate: only explained warnings pass ----------------------------------------


def test_responses_sent_by_actions_are_explained_others_are_not(tmp_path):
    from bot.validate_data import explained_patterns, unexplained

    (tmp_path / "a.py").write_text('dispatcher.utter_message(response="utter_default")\n', encoding="utf-8")
    output = (
        "UserWarning: The utterance 'utter_default' is not used in any story or rule.\n"
        "UserWarning: The utterance 'utter_greet' is not used in any story or rule.\n"
        "UserWarning: Issue found in 'data/nlu/x.yml': some problem\n"
    )
    assert unexplained(output, explained_patterns(tmp_path)) == [
        "The utterance 'utter_greet' is not used in any story or rule.",
        "Issue found in 'data/nlu/x.yml': some problem",
    ]


def test_the_real_actions_explain_the_responses_they_send():
    from bot.validate_data import explained_patterns, unexplained

    output = "".join(
        f"UserWarning: The utterance '{name}' is not used in any story or rule.\n"
        for name in ("utter_default", "utter_out_of_scope")
    )
    assert unexplained(output, explained_patterns()) == []


# --- finding Python 3.10 ---------------------------------------------------------------------

FIND_PYTHON = Path(__file__).resolve().parents[2] / "bot" / "find-python.sh"


def run_find_python(**env):
    return subprocess.run(
        ["bash", str(FIND_PYTHON)],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": "/nonexistent", **env},
    )


def test_no_python310_gives_one_clear_line(tmp_path):
    result = run_find_python(PYENV_ROOT=str(tmp_path))
    if result.returncode == 0:
        pytest.skip(f"this machine has a system Python 3.10: {result.stdout.strip()}")
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Kein Python 3.10 gefunden / No Python 3.10 found" in result.stderr


def test_explicit_python310_is_used_and_checked():
    import sys

    assert run_find_python(PYTHON310=sys.executable).stdout.strip() == sys.executable
    wrong = run_find_python(PYTHON310="/bin/true")
    assert wrong.returncode == 1 and "kein funktionierendes Python 3.10" in wrong.stderr
