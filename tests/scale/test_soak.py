"""The soak run (``make soak``) in small, so its code cannot rot: through nginx, every turn answered, every
profile intact in PostgreSQL. The full run (32 conversations × 20 turns) is ``make soak``; figures in
docs/benchmarks.md."""

from __future__ import annotations

import json

from bot import soak
from bot.proxy import Proxy
from bot.stack import ROOT, Stack


def test_a_small_soak_through_the_proxy_loses_nothing(stack: Stack, proxy: Proxy) -> None:
    report = ROOT / "build" / "scale" / "soak-smoke.md"
    code = soak.main(
        ["--proxy-url", proxy.url, "--cafile", str(proxy.cert), "--tracker-db-url", stack.postgres.url]
        + ["--conversations", "6", "--turns", "5", "--warmup", "2", "--timeout", "600", "--report", str(report)]
    )
    summary = json.loads(report.with_suffix(".json").read_text(encoding="utf-8"))
    assert summary["turns"] == 30 and summary["profiles_checked"] == 6, summary
    assert code == 0, summary["error_examples"]
