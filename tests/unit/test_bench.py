"""The benchmark's own code (bot/bench/): percentiles, reports, and the load generator against a tiny local
aiohttp server that stands in for Rasa – fast, no Rasa, no model."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import math
import threading
import time
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest
import yaml
from aiohttp import web

from bot.bench import __main__ as bench
from bot.bench import load, report, training

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "geheim"


# ---------------------------------------------------------------- a stand-in for the Rasa server


class FakeRasa:
    """REST webhook and /model/parse with a configurable delay and failure; records what it saw."""

    def __init__(self) -> None:
        self.delay = 0.01
        self.status = 200
        self.reply: List[Dict[str, Any]] = [{"recipient_id": "x", "text": "Guten Tag!"}]
        self.parse_status = 200
        self.in_flight = 0
        self.max_in_flight = 0
        self.per_sender: Dict[str, int] = {}
        self.overlap_in_conversation = False
        self.busy_senders: set = set()
        self.url = ""

    async def webhook(self, request: web.Request) -> web.Response:
        body = await request.json()
        sender = body["sender"]
        if sender in self.busy_senders:
            self.overlap_in_conversation = True
        self.busy_senders.add(sender)
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.delay)
            self.per_sender[sender] = self.per_sender.get(sender, 0) + 1
            if self.status != 200:
                return web.json_response({"error": "kaputt"}, status=self.status)
            return web.json_response(self.reply)
        finally:
            self.in_flight -= 1
            self.busy_senders.discard(sender)

    async def parse(self, request: web.Request) -> web.Response:
        if self.parse_status != 200:
            return web.json_response({"status": "failure"}, status=self.parse_status)
        if request.query.get("token") != TOKEN:
            return web.json_response({"status": "failure", "reason": "NotAuthenticated"}, status=401)
        await asyncio.sleep(self.delay)
        text = (await request.json())["text"]
        return web.json_response({"text": text, "intent": {"name": "greet", "confidence": 0.9}, "entities": []})


@pytest.fixture
def fake() -> Iterator[FakeRasa]:
    """The fake server on 127.0.0.1 (a free port) in a thread of its own, so tests can use asyncio.run."""
    server = FakeRasa()
    app = web.Application()
    app.router.add_post("/webhooks/rest/webhook", server.webhook)
    app.router.add_post("/model/parse", server.parse)
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(app)
    ready = threading.Event()

    def serve() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(runner.setup())
        site = web.TCPSite(runner, "127.0.0.1", 0)
        loop.run_until_complete(site.start())
        host, port = runner.addresses[0][:2]
        server.url = f"http://{host}:{port}"
        ready.set()
        loop.run_forever()
        loop.run_until_complete(runner.cleanup())

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    assert ready.wait(10)
    yield server
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)


def run(coroutine_factory: Any, url: str, **client: Any) -> Any:
    async def go() -> Any:
        async with load.Client(url, **client) as c:
            return await coroutine_factory(c)

    return asyncio.run(go())


# ---------------------------------------------------------------- percentiles and figures


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]  # 1 … 100
    assert load.percentile(values, 50) == 50
    assert load.percentile(values, 95) == 95
    assert load.percentile(values, 100) == 100
    assert load.percentile([7.0], 95) == 7.0
    # nearest rank: a value that really occurred, never an interpolation
    assert load.percentile([10.0, 20.0], 50) == 10.0
    assert load.percentile([30.0, 10.0, 20.0], 95) == 30.0  # unsorted input
    assert load.percentile([1.0, 2.0, 3.0, 4.0], 75) == 3.0


def test_percentile_of_nothing_and_invalid_fractions() -> None:
    assert math.isnan(load.percentile([], 50))
    for bad in (0, -1, 101):
        with pytest.raises(ValueError):
            load.percentile([1.0], bad)


def test_stats_count_errors_unsent_and_empty_replies() -> None:
    samples = [
        load.Sample(0.010),
        load.Sample(0.020, empty=True),
        load.Sample(0.030),
        load.Sample(5.0, error="Zeitüberschreitung nach 5 s"),
    ]
    stats = load.Stats.of(samples, wall_s=2.0, planned=6)
    assert (stats.count, stats.errors, stats.empty) == (4, 3, 1)  # 1 failed + 2 never sent
    assert (stats.p50_ms, stats.p95_ms, stats.max_ms) == (20.0, 30.0, 30.0)  # failures are not latencies
    assert stats.throughput == 1.5  # three successful turns in two seconds
    assert "2 Anfragen nicht gesendet (Frist)" in stats.error_examples


def test_stats_without_successes_are_json_null() -> None:
    data = load.Stats.of([load.Sample(1.0, error="HTTP 500")]).as_dict()
    assert data["p95_ms"] is None and data["errors"] == 1
    json.dumps(data, allow_nan=False)


def test_only_loopback_addresses_count_as_local() -> None:
    for url in ("http://localhost:5005", "http://127.0.0.1:5005/", "http://127.3.4.5", "http://[::1]:5005"):
        assert load.is_loopback(url), url
    for url in ("http://example.org", "http://10.0.0.1:5005", "http://0.0.0.0:5005", "not a url"):
        assert not load.is_loopback(url), url


def test_script_greets_gives_a_profile_then_asks() -> None:
    messages = load.script(3, 25)
    assert len(messages) == 25 and messages[:2] == ["Hallo", load.PROFILE]
    assert load.script(0, 2) == ["Hallo", load.PROFILE] and load.script(0, 1) == ["Hallo"]
    assert load.script(0, 10) != load.script(1, 10)  # conversations differ


# ---------------------------------------------------------------- the load generator against the fake server


def test_closed_loop_runs_the_conversations_concurrently_but_each_in_order(fake: FakeRasa) -> None:
    fake.delay = 0.05
    stats = run(lambda c: load.closed_loop(c, "t", concurrency=4, turns=3), fake.url)
    assert stats["count"] == 12 and stats["errors"] == 0 and stats["extra"]["finished_in_time"]
    assert fake.max_in_flight == 4  # all four conversations at once …
    assert not fake.overlap_in_conversation  # … but one conversation never sends before its reply
    assert sorted(fake.per_sender.values()) == [3, 3, 3, 3]
    assert stats["p50_ms"] >= 50 and stats["throughput"] > 0


def test_closed_loop_counts_http_errors_and_timeouts(fake: FakeRasa) -> None:
    fake.status = 500
    stats = run(lambda c: load.closed_loop(c, "t", concurrency=2, turns=2), fake.url)
    assert stats["errors"] == 4 and stats["p95_ms"] is None and "HTTP 500" in stats["error_examples"]
    fake.status, fake.delay = 200, 1.0
    stats = run(lambda c: load.closed_loop(c, "t", concurrency=1, turns=1), fake.url, request_timeout=0.2)
    assert stats["errors"] == 1 and stats["error_examples"][0].startswith("Zeitüberschreitung")


def test_closed_loop_ends_at_its_deadline(fake: FakeRasa) -> None:
    fake.delay = 0.3
    start = time.monotonic()
    stats = run(lambda c: load.closed_loop(c, "t", concurrency=2, turns=10, deadline=0.5), fake.url)
    assert time.monotonic() - start < 3
    assert not stats["extra"]["finished_in_time"] and stats["errors"] >= 14  # the unsent turns count


def test_the_channels_fault_note_and_empty_replies(fake: FakeRasa) -> None:
    fake.reply = [{"text": "Der Dienst ist gestört."}]
    stats = run(lambda c: load.closed_loop(c, "t", 1, 2), fake.url, fault_texts=["gestört"])
    assert stats["errors"] == 2 and stats["error_examples"] == ["Störungshinweis des Kanals"]
    fake.reply = []
    stats = run(lambda c: load.closed_loop(c, "t", 1, 2), fake.url, fault_texts=["gestört"])
    assert stats["errors"] == 0 and stats["empty"] == 2


def test_open_loop_keeps_the_arrival_rate(fake: FakeRasa) -> None:
    # 4 users, one message every 0.2 s each, for 0.5 s: due at 0/.05/.1/.15 s and then every 0.2 s
    stats = run(lambda c: load.open_loop(c, "t", users=4, think=0.2, duration=0.5), fake.url)
    assert stats["count"] == 10 and stats["errors"] == 0
    # How many sends were late depends on the machine's load, so it is reported, never asserted.
    assert stats["extra"]["offered_per_s"] == 20.0 and isinstance(stats["extra"]["late_sends"], int)
    assert not fake.overlap_in_conversation


def test_open_loop_measures_queueing_from_the_due_time(fake: FakeRasa) -> None:
    fake.delay = 0.25  # slower than the 0.1 s between a user's messages
    stats = run(lambda c: load.open_loop(c, "t", users=1, think=0.1, duration=0.45), fake.url)
    assert stats["extra"]["late_sends"] >= 1
    assert stats["extra"]["p95_from_due_ms"] > stats["p95_ms"] + 100  # waiting for the slot is visible


def test_parse_with_and_without_the_token(fake: FakeRasa) -> None:
    stats = run(lambda c: load.parses(c, ["Hallo", "Förderung"], count=5, warmup=1), fake.url, token=TOKEN)
    assert stats["count"] == 5 and stats["errors"] == 0
    skipped = run(lambda c: load.parses(c, ["Hallo"], count=5), fake.url, token="falsch")
    assert "401" in skipped["skipped"]
    fake.parse_status = 404  # API off: Rasa has no such route
    assert "404" in run(lambda c: load.parses(c, ["Hallo"], count=5), fake.url)["skipped"]


def test_new_and_deep_conversations(fake: FakeRasa) -> None:
    new = run(lambda c: load.new_conversations(c, "t", 3), fake.url)
    assert new["count"] == 3 and len(fake.per_sender) == 3 and set(fake.per_sender.values()) == {1}
    fake.per_sender.clear()
    deep = run(lambda c: load.deep_conversations(c, "t", depths=[4, 2], window=2, conversations=2), fake.url)
    assert set(deep) == {"2", "4"} and deep["2"]["count"] == 4 and deep["4"]["count"] == 4
    assert sorted(fake.per_sender.values()) == [5, 5]  # turns 1 … 4+2-1 of each conversation


# ---------------------------------------------------------------- reports


def stats(p50: float, p95: float, **extra: Any) -> Dict[str, Any]:
    return {"count": 10, "errors": 0, "empty": 0, "p50_ms": p50, "p95_ms": p95, "max_ms": p95 + 1, **extra}


def sample_result() -> Dict[str, Any]:
    closed = {"1": {**stats(40, 50), "throughput": 20.0}, "16": {**stats(400, 800), "throughput": 30.0, "errors": 2}}
    opened = {
        **stats(60, 90),
        "throughput": 19.5,
        "extra": {"offered_per_s": 20.0, "p95_from_due_ms": 95.0, "late_sends": 0},
    }
    return {
        "meta": {
            "date": "2026-12-05T01:00:00+00:00",
            "commit": "abc1234",
            "machine": {"cores": 2, "ram_gb": 23.4},
            "mode": "full",
            "settings": {"load_turns": 10, "open_users": 100, "open_think_s": 5.0},
            "notes": ["laut"],
        },
        "configs": {
            "projekt": {
                "label": "Projekt",
                "config": "config.yml",
                "training": {"cold_s": 300.0, "nlu_change_s": 120.0},
                "rss_mb": {"rasa": 1500.0, "actions": 200.0},
                "parse": stats(30, 40),
                "turns": {"new": stats(50, 60), "20": stats(55, 66)},
                "closed": closed,
                "open": opened,
                "notes": [],
            },
            "standard": {
                "label": "Rasa-Standard",
                "config": "bot/bench/default_config.yml",
                "training": {"cold_s": 150.0},
                "parse": {"skipped": "HTTP 404 auf /model/parse"},
                "turns": {"new": stats(25, 30)},
                "notes": ["abgebrochen: Beispiel"],
            },
        },
    }


def test_table_has_ratios_dashes_and_skips() -> None:
    header, body = report.table(sample_result())
    assert header == ["Kennzahl", "Projekt", "Rasa-Standard", "Verhältnis"]
    rows = {row[0]: row[1:] for row in body}
    assert rows["Training kalt (s)"] == ["300,0", "150,0", "2,00×"]
    assert rows["Training nach NLU-Änderung (s)"] == ["120,0", "–", "–"]
    assert rows["Zug, neues Gespräch p50 / p95 (ms)"] == ["50,0 / 60,0", "25,0 / 30,0", "2,00×"]  # ratio of p95
    assert rows["/model/parse p50 / p95 (ms)"][1] == "übersprungen"
    assert rows["Last 16 × 10 Züge: p50 / p95 / max (ms)"][0] == "400 / 800 / 801 · 2 F."
    assert rows["Offen 100 Nutzer, 5,0 s Denkzeit: Züge/s (erreicht von Ziel)"][0] == "19,5 von 20,0"
    # a row nobody measured is left out
    assert not any(label.startswith("Start bis bereit") for label in rows)


def test_markdown_and_terminal_name_date_machine_commit_and_notes() -> None:
    result = sample_result()
    md = report.markdown(result)
    assert "2026-12-05" in md and "2 Kerne, 23,4 GB RAM" in md and "abc1234" in md
    assert "| Kennzahl | Projekt | Rasa-Standard | Verhältnis |" in md and "`bot/bench/default_config.yml`" in md
    assert "Hinweis (Rasa-Standard): abgebrochen: Beispiel" in md
    text = report.terminal(result)
    lines = text.splitlines()
    assert lines[0].startswith("Kennzahl") and len({len(line) for line in lines[2:8]}) == 1  # aligned columns


def test_one_configuration_has_no_ratio_column(tmp_path: Path) -> None:
    result = sample_result()
    del result["configs"]["standard"]
    header, _ = report.table(result)
    assert header == ["Kennzahl", "Projekt"]
    md, js = report.write(result, tmp_path / "r", "bench-smoke")
    assert md.name == "bench-smoke.md" and json.loads(js.read_text(encoding="utf-8")) == result


def test_german_numbers() -> None:
    assert report.number(1234.56) == "1234,6" and report.number(None) == "–" and report.number(math.nan) == "–"
    assert report.ratio(3.0, 2.0) == "1,50×" and report.ratio(1.0, 0.0) == "–" and report.ratio(None, 1.0) == "–"


# ---------------------------------------------------------------- command line, smoke run, training helpers


def test_smoke_run_against_the_fake_server(fake: FakeRasa, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    code = bench.main(["--smoke", "--url", fake.url, "--token", TOKEN, "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0 and "Kennzahl" in out and "/model/parse" in out
    data = json.loads((tmp_path / "bench-smoke.json").read_text(encoding="utf-8"))
    figures = data["configs"]["laufend"]
    assert figures["closed"]["2"]["count"] == 6 and figures["parse"]["count"] == 5 and figures["open"]["count"] >= 2
    assert (tmp_path / "bench-smoke.md").exists() and data["meta"]["mode"] == "smoke"


def test_smoke_run_skips_parse_without_the_api_and_fails_only_if_everything_fails(
    fake: FakeRasa, tmp_path: Path
) -> None:
    fake.parse_status = 404
    assert bench.main(["--smoke", "--url", fake.url, "--out", str(tmp_path)]) == 0
    data = json.loads((tmp_path / "bench-smoke.json").read_text(encoding="utf-8"))
    assert "skipped" in data["configs"]["laufend"]["parse"]
    fake.status = 500
    assert bench.main(["--smoke", "--url", fake.url, "--out", str(tmp_path)]) == 1


def test_only_loopback_and_known_phases() -> None:
    with pytest.raises(SystemExit):
        bench.main(["--smoke", "--url", "http://example.org:5005"])
    with pytest.raises(SystemExit):
        bench.main(["--smoke", "--url", "http://localhost:9", "--only", "parse,speed"])
    args = bench.parser().parse_args(["--only", "train,load", "--skip", "train"])
    assert bench.phases_from(args) == ["load"]
    args = bench.parser().parse_args(["--smoke", "--url", "http://localhost:1"])
    assert "train" not in bench.phases_from(args)  # the smoke run never trains
    settings = bench.settings_from(bench.parser().parse_args(["--levels", "1,8", "--depths", "5"]))
    assert settings["levels"] == [1, 8] and settings["depths"] == [5] and settings["parse"] == bench.FULL["parse"]


def test_fault_texts_and_parse_texts_come_from_the_project() -> None:
    texts = bench.fault_texts()
    assert len(texts) == 2 and all(isinstance(t, str) and t for t in texts)
    sentences = bench.parse_texts()
    assert len(sentences) > 50 and not any("](" in s or "]{" in s for s in sentences)


def test_default_config_is_rasas_default_pipeline_and_policies() -> None:
    spec = importlib.util.find_spec("rasa")
    assert spec is not None and spec.submodule_search_locations
    rasa_dir = Path(list(spec.submodule_search_locations)[0])
    rasa_default = yaml.safe_load((rasa_dir / "engine/recipes/config_files/default_config.yml").read_text())
    ours = yaml.safe_load(training.DEFAULT_CONFIG.read_text(encoding="utf-8"))
    assert ours["pipeline"] == rasa_default["pipeline"] and ours["policies"] == rasa_default["policies"]
    assert ours["recipe"] == rasa_default["recipe"] and ours["language"] == "de"


def test_training_commands_and_the_nlu_change(tmp_path: Path) -> None:
    setup = training.SETUPS["standard"]
    cold = training.train_command(setup, ROOT / "data", "bench-standard", force=True)
    again = training.train_command(setup, tmp_path, "bench-standard-nlu", force=False)
    assert cold[-1] == "--force" and "--force" not in again
    assert cold[cold.index("--config") + 1] == str(training.DEFAULT_CONFIG)
    assert again[again.index("--out") + 1] == str(setup.model_dir)
    source = tmp_path / "data"
    (source / "nlu").mkdir(parents=True)
    (source / "nlu" / "a.yml").write_text("nlu: []\n")
    changed = training.copy_with_nlu_change(source, tmp_path / "changed")
    assert (changed / "nlu" / "a.yml").exists() and not (source / "nlu" / "bench_change.yml").exists()
    added = yaml.safe_load((changed / "nlu" / "bench_change.yml").read_text(encoding="utf-8"))
    intent = added["nlu"][0]["intent"]
    assert intent in yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["intents"]
    assert training.fingerprint(setup.config) != training.fingerprint(training.SETUPS["projekt"].config)


def test_a_stuck_phase_ends_at_the_phase_timeout(fake: FakeRasa, tmp_path: Path) -> None:
    fake.delay = 0.5
    start = time.monotonic()
    code = bench.main(
        ["--smoke", "--url", fake.url, "--only", "turns", "--phase-timeout", "0.3", "--out", str(tmp_path)]
    )
    assert time.monotonic() - start < 5
    notes = json.loads((tmp_path / "bench-smoke.json").read_text(encoding="utf-8"))["configs"]["laufend"]["notes"]
    assert any("--phase-timeout" in note for note in notes)
    assert code == 1  # nothing was measured


# --- the profile's summary (bot/bench/profile.py) ---------------------------------------------


def test_profile_summary_shares_parts_and_frames(tmp_path):
    from bot.bench import profile

    raw = tmp_path / "profile.txt"
    site = "/x/.venv/lib/python3.10/site-packages"
    handle = f"handle_message ({site}/rasa/core/processor.py:10)"
    raw.write_text(
        f'process 7:"rasa run";{handle};parse_message ({site}/rasa/core/processor.py:20);x (a.py:1) 30\n'
        f'process 7:"rasa run";{handle};_predict_next_with_tracker ({site}/rasa/core/processor.py:30) 60\n'
        f"select (selectors.py:5) 10\n"
    )
    found = profile.summary(raw)
    assert found["samples"] == 100
    assert found["parts"] == {"NLU (parse_message)": 30.0, "Policies (_predict_next_with_tracker)": 60.0}
    top = dict(found["top"])  # self time: the innermost frame of each stack
    assert top == {
        "_predict_next_with_tracker (rasa/core/processor.py)": 60.0,
        "x (a.py)": 30.0,
        "select (selectors.py)": 10.0,
    }
    assert not any(frame.startswith("process") for frame in top)
    lines = profile.markdown({"label": "Projekt", "profile": {"rasa": {**found, "flamegraph": "r/p.svg"}}})
    assert any("Policies (_predict_next_with_tracker): 60.0 %" in line for line in lines)


def test_profile_summary_of_an_empty_recording(tmp_path):
    from bot.bench import profile

    raw = tmp_path / "empty.txt"
    raw.write_text("")
    assert profile.summary(raw) == {"samples": 0, "parts": {}, "top": []}
