"""The scenario registry and the one timing loop every scenario uses.

A scenario is one function that takes a `Bench` and yields `Result`s, one per table row:

    @scenario("tickets.open")
    def ticket_open(bench: Bench):
        paths = [f"/api/v1/tickets/{pk}" for pk in sample_ids(bench, bench.n(100))]
        yield bench.measure("ticket read (API)", paths, client=bench.api, size="1M tickets")

`bench.measure` warms up on the first `WARMUP` requests, then times each of the others
in-process through Django's test client (server-side time: middleware, view, queries,
rendering), and checks every response.
"""

import random
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

WARMUP = 10


class BenchError(RuntimeError):
    """A request the bench made failed: the numbers would mean nothing."""


@dataclass
class Result:
    measure: str
    size: str
    seconds: list[float]
    target_p95_ms: float | None = None
    empty: int = 0  # responses that found nothing
    wall_seconds: float | None = None  # concurrent requests: the time all of them took
    target_per_second: float | None = None
    note: str = ""

    @property
    def p50_ms(self) -> float:
        return statistics.median(self.seconds) * 1000

    @property
    def p95_ms(self) -> float:
        return statistics.quantiles(self.seconds, n=100, method="inclusive")[94] * 1000

    @property
    def throughput(self) -> float:
        """Requests per second: one after another, or all of them over the wall time."""
        return len(self.seconds) / (self.wall_seconds or sum(self.seconds))


@dataclass
class Bench:
    """What a scenario is given: logged-in clients, the data size, iterations, a seeded rng."""

    client: object  # django.test.Client with a session of a user who sees every customer
    api: object  # django.test.Client sending that user's API key
    customers: int
    iterations: int | None = None
    rng: random.Random = field(default_factory=lambda: random.Random(20261122))

    def n(self, default: int) -> int:
        """Timed requests for a row: --iterations when given, else the scenario's default."""
        return self.iterations or default

    def measure(
        self,
        measure: str,
        paths: list[str],
        *,
        client=None,
        size: str | None = None,
        target_p95_ms: float | None = None,
        found: Callable[[object], bool] | None = None,
    ) -> Result:
        """Time GET `paths` (the first WARMUP are warm-up); `found(response)` counts misses."""
        client = client or self.client
        if len(paths) <= WARMUP:
            raise BenchError(f"{measure}: only {len(paths)} requests sampled")
        progress(f"  {measure}: {len(paths) - WARMUP} requests")
        for path in paths[:WARMUP]:
            _checked(client.get(path), path)
        result = Result(
            measure, size or human(self.customers, "customers"), [], target_p95_ms=target_p95_ms
        )
        for path in paths[WARMUP:]:
            started = time.perf_counter()
            response = client.get(path)
            result.seconds.append(time.perf_counter() - started)
            _checked(response, path)
            if found is not None and not found(response):
                result.empty += 1
        return result


def _checked(response, path: str):
    if response.status_code != 200:
        raise BenchError(f"GET {path} answered {response.status_code}: {response.content[:300]!r}")
    return response


@dataclass(frozen=True)
class Scenario:
    name: str
    run: Callable[[Bench], Iterable[Result]]


SCENARIOS: dict[str, Scenario] = {}


def scenario(name: str):
    """Register a scenario under `name` ("<app>.<what>"; --only matches the name or its app)."""

    def register(function: Callable[[Bench], Iterable[Result]]):
        SCENARIOS[name] = Scenario(name, function)
        return function

    return register


def selected(only: list[str] | None) -> list[Scenario]:
    if not only:
        return list(SCENARIOS.values())
    chosen = [
        s
        for s in SCENARIOS.values()
        if any(s.name == o or s.name.startswith(o.rstrip(".") + ".") for o in only)
    ]
    if not chosen:
        raise SystemExit(f"bench: no scenario matches {only}; known: {', '.join(SCENARIOS)}")
    return chosen


def human(count: int, unit: str) -> str:
    """1,000,000 → "1M customers"; 250,000 → "250k customers"."""
    for size, suffix in ((1_000_000, "M"), (1_000, "k")):
        if count >= size and count % (size // 10) == 0:
            return f"{count / size:g}{suffix} {unit}"
    return f"{count:,} {unit}"


def progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def table(results: list[Result]) -> str:
    lines = ["| measure | size | p50 ms | p95 ms | throughput/s |", "|---|---|--:|--:|--:|"]
    for r in results:
        lines.append(
            f"| {r.measure} | {r.size} | {r.p50_ms:.2f} | {r.p95_ms:.2f} | {r.throughput:,.0f} |"
        )
    return "\n".join(lines)


def notes(results: list[Result]) -> list[str]:
    """Targets met or missed, and rows whose requests found nothing."""
    lines = []
    for r in results:
        if r.target_p95_ms is not None:
            verdict = "met" if r.p95_ms <= r.target_p95_ms else "MISSED"
            lines.append(
                f"- target {r.measure}: p95 ≤ {r.target_p95_ms:g} ms — {verdict} "
                f"({r.p95_ms:.2f} ms)"
            )
        if r.target_per_second is not None:
            verdict = "met" if r.throughput >= r.target_per_second else "MISSED"
            lines.append(
                f"- target {r.measure}: ≥ {r.target_per_second:g}/s — {verdict} "
                f"({r.throughput:,.0f}/s)"
            )
        if r.empty:
            lines.append(f"- {r.measure}: {r.empty} of {len(r.seconds)} requests found nothing")
        if r.note:
            lines.append(f"- {r.measure}: {r.note}")
    return lines
