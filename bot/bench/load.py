"""The benchmark's HTTP client: parses, single turns, closed-loop and open-loop load (aiohttp, no Rasa import).

Everything here only talks HTTP to a Rasa server that already runs, so the unit tests drive it against a
tiny aiohttp server. Every request has a timeout and every phase a deadline: a stuck server ends a phase
with errors, never a hanging run.

Definitions used in the reports:

- latency: from sending the request until the whole reply body is read (client side, loopback);
- percentiles: nearest rank (``percentile``): the value some request really took, no interpolation;
- error: an exception or timeout, an HTTP status other than 200, or one of the REST channel's German
  fault notes (bot/channels.py) in the reply. An empty reply list is counted separately (``empty``):
  a model may legitimately answer a message with nothing;
- closed loop: ``concurrency`` conversations, each sends its next message as soon as the reply is in;
- open loop: ``users`` conversations, each message is *due* at a fixed time (user ``i`` starts at
  ``i/users*think``, then every ``think`` seconds), so the arrival rate is ``users/think`` whatever the
  server does. A user cannot send before the previous reply (Rasa serialises one conversation), so a
  late reply delays the next message; ``from_due`` measures from the due time, which shows that queueing
  instead of hiding it (coordinated omission).
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import math
import statistics
import time
import urllib.parse
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence

import aiohttp

from bot.sample_questions import QUESTIONS

WEBHOOK = "/webhooks/rest/webhook"
PARSE = "/model/parse"
# HTTP statuses of /model/parse that mean "the HTTP API is off or needs another token": skip, not fail.
API_UNAVAILABLE = (401, 403, 404)
MAX_CONCURRENCY = 256  # the load generator's own bound (connections, tasks)

# What a user says: a greeting, a municipality profile, then questions that follow each other like a
# person's (follow-ups such as "und die Förderquote?" depend on the previous answer). German on purpose.
OPENERS = [
    "Hallo",
    "Welche Förderprogramme gibt es für Kommunen?",
    "Wir sind eine Gemeinde in Bayern mit 4.000 Einwohnern.",
    "Wie vergeben wir einen Auftrag über 18.000 € für Tablets?",
    "Gibt es Praxisbeispiele für digitale Bürgerdienste?",
    "Wie stelle ich einen Förderantrag?",
]
PROFILE = "Wir sind eine Stadt in Hessen mit 45.000 Einwohnern."


def script(index: int, turns: int) -> List[str]:
    """The messages of conversation ``index``: greeting, profile, questions (rotated per conversation)."""
    messages = ["Hallo", PROFILE]
    messages += [QUESTIONS[(index + k) % len(QUESTIONS)] for k in range(max(turns - 2, 0))]
    return messages[:turns]


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile: the smallest value with at least ``pct`` % of the values at or below it."""
    if not values:
        return math.nan
    if not 0 < pct <= 100:
        raise ValueError(f"percentile must be in (0, 100], not {pct}")
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def is_loopback(url: str) -> bool:
    """Whether ``url`` points at this machine (the benchmark never loads another host)."""
    host = urllib.parse.urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass
class Sample:
    """One request: latency in seconds, the problem if it failed, whether the reply was empty."""

    latency: float
    error: Optional[str] = None
    empty: bool = False
    from_due: Optional[float] = None  # open loop: seconds from the due time until the reply


@dataclass
class Stats:
    """The figures of a set of samples (latencies in milliseconds)."""

    count: int
    errors: int
    empty: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    mean_ms: float
    wall_s: float = 0.0
    throughput: float = 0.0  # completed requests per second of wall time (errors excluded)
    error_examples: List[str] = field(default_factory=list)
    extra: Dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, samples: Sequence[Sample], wall_s: float = 0.0, planned: Optional[int] = None) -> Stats:
        """Figures over the successful samples; ``planned`` counts requests never sent (deadline) as errors."""
        ok = [s.latency * 1000 for s in samples if s.error is None]
        failed = [s.error for s in samples if s.error is not None]
        unsent = max((planned or 0) - len(samples), 0)
        examples = sorted(set(failed))[:5] + ([f"{unsent} Anfragen nicht gesendet (Frist)"] if unsent else [])
        return cls(
            count=len(samples),
            errors=len(failed) + unsent,
            empty=sum(1 for s in samples if s.empty and s.error is None),
            p50_ms=round(percentile(ok, 50), 1) if ok else math.nan,
            p95_ms=round(percentile(ok, 95), 1) if ok else math.nan,
            max_ms=round(max(ok), 1) if ok else math.nan,
            mean_ms=round(statistics.fmean(ok), 1) if ok else math.nan,
            wall_s=round(wall_s, 2),
            throughput=round(len(ok) / wall_s, 2) if wall_s > 0 else 0.0,
            error_examples=examples,
        )

    def as_dict(self) -> Dict[str, Any]:
        # NaN is not JSON: an empty set of samples is written as null.
        def clean(value: Any) -> Any:
            return None if isinstance(value, float) and math.isnan(value) else value

        return {key: clean(value) for key, value in self.__dict__.items()}


class Client:
    """Talks to one Rasa server: REST turns and (with the token) ``/model/parse``."""

    def __init__(
        self,
        url: str,
        token: Optional[str] = None,
        request_timeout: float = 30,
        fault_texts: Sequence[str] = (),
        connections: int = MAX_CONCURRENCY,
    ) -> None:
        self.url, self.token = url.rstrip("/"), token
        self.timeout = aiohttp.ClientTimeout(total=request_timeout, sock_connect=10)
        self.request_timeout = request_timeout
        self.fault_texts = [text for text in fault_texts if text]
        self.connections = connections
        self._session: Optional[aiohttp.ClientSession] = None

    async def __aenter__(self) -> Client:
        connector = aiohttp.TCPConnector(limit=self.connections)
        self._session = aiohttp.ClientSession(connector=connector, timeout=self.timeout)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    @property
    def session(self) -> aiohttp.ClientSession:
        if self._session is None:
            raise RuntimeError("Client is used outside 'async with'")
        return self._session

    async def turn(self, sender: str, message: str) -> Sample:
        """One message of a conversation over the REST channel."""
        start = time.perf_counter()
        error, empty = None, False
        try:
            async with self.session.post(self.url + WEBHOOK, json={"sender": sender, "message": message}) as response:
                body = await response.read()
                if response.status != 200:
                    error = f"HTTP {response.status}"
                else:
                    replies = json.loads(body.decode("utf-8"))
                    texts = [str(r.get("text") or "") for r in replies if isinstance(r, dict)]
                    empty = not replies
                    if any(fault in text for text in texts for fault in self.fault_texts):
                        error = "Störungshinweis des Kanals"
        except asyncio.TimeoutError:
            error = f"Zeitüberschreitung nach {self.request_timeout:.0f} s"
        except (aiohttp.ClientError, OSError, ValueError) as problem:
            error = f"{type(problem).__name__}: {problem}"[:160]
        return Sample(time.perf_counter() - start, error, empty)

    async def parse(self, text: str) -> tuple[Sample, Optional[int]]:
        """One ``/model/parse``; the HTTP status comes back too, so a caller can tell "API off" from a failure."""
        params = {"token": self.token} if self.token else {}
        start = time.perf_counter()
        status: Optional[int] = None
        error = None
        try:
            async with self.session.post(self.url + PARSE, params=params, json={"text": text}) as response:
                status = response.status
                body = await response.read()
                if status != 200:
                    error = f"HTTP {status}"
                elif "intent" not in json.loads(body.decode("utf-8")):
                    error = "Antwort ohne Intent"
        except asyncio.TimeoutError:
            error = f"Zeitüberschreitung nach {self.request_timeout:.0f} s"
        except (aiohttp.ClientError, OSError, ValueError) as problem:
            error = f"{type(problem).__name__}: {problem}"[:160]
        return Sample(time.perf_counter() - start, error), status


async def parses(client: Client, texts: Sequence[str], count: int, warmup: int = 5) -> Dict[str, Any]:
    """``count`` parses one after the other (after ``warmup`` unmeasured ones), texts rotated.

    Returns ``{"skipped": reason}`` when the HTTP API answers 401/403/404: it is off or needs a token.
    """
    if not texts:
        raise ValueError("no texts to parse")
    for i in range(warmup):
        _, status = await client.parse(texts[i % len(texts)])
        if status in API_UNAVAILABLE:
            return {"skipped": f"HTTP {status} auf {PARSE}: HTTP-API aus oder Token fehlt/falsch"}
    samples: List[Sample] = []
    start = time.perf_counter()
    for i in range(count):
        sample, status = await client.parse(texts[(warmup + i) % len(texts)])
        if status in API_UNAVAILABLE and not samples:
            return {"skipped": f"HTTP {status} auf {PARSE}: HTTP-API aus oder Token fehlt/falsch"}
        samples.append(sample)
    return Stats.of(samples, time.perf_counter() - start).as_dict()


async def new_conversations(client: Client, run_id: str, count: int) -> Dict[str, Any]:
    """The first turn of ``count`` new conversations, one after the other (session start included)."""
    samples: List[Sample] = []
    start = time.perf_counter()
    for i in range(count):
        samples.append(await client.turn(f"bench-{run_id}-new-{i:04d}", OPENERS[i % len(OPENERS)]))
    return Stats.of(samples, time.perf_counter() - start).as_dict()


async def deep_conversations(
    client: Client, run_id: str, depths: Sequence[int], window: int, conversations: int
) -> Dict[str, Dict[str, Any]]:
    """Latency at given depths of one long conversation.

    Each of ``conversations`` conversations (one after the other, nothing else running) is driven to the
    deepest depth plus ``window`` turns; the samples of depth ``d`` are turns ``d … d+window-1`` of every
    conversation (turn 1 is the first message). So a depth gets ``window × conversations`` samples while
    the history changes by at most ``window`` turns.
    """
    if not depths or window < 1 or conversations < 1:
        raise ValueError("depths, window >= 1 and conversations >= 1 are needed")
    wanted = sorted(set(depths))
    last = wanted[-1] + window - 1
    by_depth: Dict[int, List[Sample]] = {d: [] for d in wanted}
    for c in range(conversations):
        sender = f"bench-{run_id}-deep-{c:02d}"
        for turn, message in enumerate(script(c, last), start=1):
            sample = await client.turn(sender, message)
            for depth in wanted:
                if depth <= turn < depth + window:
                    by_depth[depth].append(sample)
    return {str(depth): Stats.of(samples).as_dict() for depth, samples in by_depth.items()}


async def run_bounded(tasks: List[asyncio.Task], deadline: float) -> bool:
    """Wait for ``tasks`` until ``deadline`` seconds; cancel the rest. True if all finished in time."""
    done, pending = await asyncio.wait(tasks, timeout=deadline)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    for task in done:
        problem = task.exception()
        if problem is not None:  # a bug in the load generator itself, not a failed request
            raise problem
    return not pending


async def closed_loop(
    client: Client, run_id: str, concurrency: int, turns: int, deadline: float = 600
) -> Dict[str, Any]:
    """``concurrency`` conversations at once, each ``turns`` messages back to back."""
    if not 1 <= concurrency <= MAX_CONCURRENCY:
        raise ValueError(f"concurrency must be 1…{MAX_CONCURRENCY}")
    samples: List[Sample] = []

    async def conversation(index: int) -> None:
        sender = f"bench-{run_id}-c{concurrency}-{index:03d}"
        for message in script(index, turns):
            samples.append(await client.turn(sender, message))

    start = time.perf_counter()
    finished = await run_bounded([asyncio.ensure_future(conversation(i)) for i in range(concurrency)], deadline)
    stats = Stats.of(samples, time.perf_counter() - start, planned=concurrency * turns)
    stats.extra = {"concurrency": concurrency, "turns": turns, "finished_in_time": finished}
    return stats.as_dict()


async def open_loop(
    client: Client, run_id: str, users: int, think: float, duration: float, grace: Optional[float] = None
) -> Dict[str, Any]:
    """Messages due at a fixed rate (``users / think`` per second) for ``duration`` seconds.

    A message is only sent while the run lasts; afterwards the replies still outstanding get ``grace``
    seconds (default: the request timeout) before they count as errors.
    """
    if not 1 <= users <= MAX_CONCURRENCY or think <= 0 or duration <= 0:
        raise ValueError(f"users must be 1…{MAX_CONCURRENCY}, think and duration > 0")
    samples: List[Sample] = []
    planned = 0
    late = 0
    loop = asyncio.get_running_loop()
    start = loop.time()

    async def user(index: int) -> None:
        nonlocal planned, late
        messages = script(index, max(1, math.ceil(duration / think) + 1))
        for k, message in enumerate(messages):
            # the schedule from offsets, not from a running sum of floats: 0.1 + 0.2 + 0.2 may land just
            # below 0.5 and plan one message more than the schedule has (seen as a flaky unit test)
            offset = index * think / users + k * think
            if offset >= duration - 1e-9:
                return
            due = start + offset
            planned += 1
            now = loop.time()
            if now < due:
                await asyncio.sleep(due - now)
            elif now - due > 0.001:
                late += 1  # the previous reply came after this message was due
            sample = await client.turn(f"bench-{run_id}-open-{index:03d}", message)
            sample.from_due = loop.time() - due
            samples.append(sample)

    wait = duration + (client.request_timeout if grace is None else grace)
    finished = await run_bounded([asyncio.ensure_future(user(i)) for i in range(users)], wait)
    wall = min(loop.time() - start, wait)
    stats = Stats.of(samples, wall, planned=planned)
    from_due = [s.from_due * 1000 for s in samples if s.error is None and s.from_due is not None]
    stats.extra = {
        "users": users,
        "think_s": think,
        "duration_s": duration,
        "offered_per_s": round(users / think, 2),
        "late_sends": late,
        "p95_from_due_ms": round(percentile(from_due, 95), 1) if from_due else None,
        "finished_in_time": finished,
    }
    return stats.as_dict()
