"""Fill the bench database with tickets by COPY: 1,000,000 by default, tops up, re-runs are no-ops.

    .venv/bin/python -m bench.generate --tickets 1000000

Rows are what the service would have written by the time the ticket reached its state: a type
mix of an appliance maker's hotline, a state of the type's current workflow version (about 15 %
active, most of them recent), the customer's branch as org unit, the branch's queue and agents
(outlet staff once a service order is dispatched), SLA levels, due times and clocks consistent
with the state, the number as `number_for` makes it and `search_text` as `ticket_search_text`
makes it (segmentation memoised per distinct text; every 1,000th row is re-checked against the
app's functions uncached, and a mismatch stops the generation).
"""

import multiprocessing
import os
import random
import time
from dataclasses import dataclass
from types import SimpleNamespace

from bench.bulkload import bulk_load, copy_rows, finish
from bench.derived import GeneratorMismatch
from bench.ticket_rows import COLUMNS, TicketMaker

BATCH = 50_000
CATEGORY = COLUMNS.index("state_category")
ACTIVE = ("new", "open", "pending")
TABLES = ("service_ticket",)
CHECK_EVERY = 1000


def ticket_count() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM service_ticket")
        return cursor.fetchone()[0]


class TextCache:
    """`search_text` as `services.tickets.ticket_search_text` builds it, segmenting each distinct
    text once (numbers and serials are unique, so they are segmented every time)."""

    ORDER = ("number", "subject", "description", "fault_description", "resolution")
    ORDER += ("serial_number", "contact_name", "customer_name")
    UNIQUE = ("number", "serial_number")

    def __init__(self):
        from kefu.core.text import segment

        self._segment = segment
        self._words: dict[str, list[str]] = {}
        self._calls = 0

    def _cut(self, text: str) -> list[str]:
        words = self._words.get(text)
        if words is None:
            words = self._words[text] = self._segment(text)
        return words

    def search_text(self, **texts: str) -> str:
        words: list[str] = []
        for name in self.ORDER:
            cut = self._segment if name in self.UNIQUE else self._cut
            words.extend(cut(texts[name]))
        text = " ".join(dict.fromkeys(words))
        self._calls += 1
        if self._calls % CHECK_EVERY == 0:
            self._check(text, texts)
        return text

    @staticmethod
    def _check(text: str, texts: dict) -> None:
        from kefu.service.services.tickets import ticket_search_text

        name = texts.pop("customer_name")
        ticket = SimpleNamespace(**texts, customer=SimpleNamespace(name=name) if name else None)
        expected = ticket_search_text(ticket)
        if text != expected:
            raise GeneratorMismatch(f"ticket {ticket.number}: {text!r} != {expected!r}")


@dataclass(frozen=True)
class Task:
    first_pk: int
    count: int


_worker: dict = {}


def _init_worker(base, plan, url: str) -> None:
    from django.apps import apps

    if not apps.ready:  # spawned rather than forked
        from bench.database import setup_django

        setup_django(url)
    _worker.update(base=base, plan=plan, texts=TextCache())


def _customers(rng: random.Random, count: int, highest: int) -> list[tuple]:
    """`count` random customers with their default address, primary phone and first product."""
    from django.db import connection

    ids = list({rng.randint(1, highest) for _ in range(count)})
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.id, c.name, c.org_unit_id, c.region_id, a.detail, a.region_id, p.number, "
            "s.id, s.product_model_id, s.serial_number FROM customers_customer c "
            "LEFT JOIN customers_address a ON a.customer_id = c.id AND a.is_default "
            "LEFT JOIN LATERAL (SELECT number FROM customers_phone WHERE customer_id = c.id "
            "AND is_primary LIMIT 1) p ON TRUE "
            "LEFT JOIN LATERAL (SELECT id, product_model_id, serial_number FROM customers_asset "
            "WHERE customer_id = c.id ORDER BY id LIMIT 1) s ON TRUE "
            "WHERE c.id = ANY(%s) AND c.deleted_at IS NULL",
            [ids],
        )
        rows = cursor.fetchall()
    rng.shuffle(rows)
    return rows


def _make(task: Task) -> list[tuple]:
    """The rows of tickets first_pk … first_pk + count - 1 (in a worker process)."""
    rng = random.Random(task.first_pk)
    plan = _worker["plan"]
    customers = _customers(rng, task.count, plan.highest_customer)
    maker = TicketMaker(_worker["base"], _worker["texts"], plan, rng, customers)
    return [maker.row(pk) for pk in range(task.first_pk, task.first_pk + task.count)]


@dataclass
class TicketsGenerated:
    tickets: int = 0
    active: int = 0
    seconds: float = 0.0
    skipped: bool = False
    total: int = 0

    def line(self) -> str:
        if self.skipped:
            return f"tickets: skipped, the database holds {self.total:,} tickets"
        return (
            f"tickets: {self.tickets:,} generated ({self.active / max(self.tickets, 1):.1%} "
            f"active) in {self.seconds:.0f} s "
            f"({self.tickets / max(self.seconds, 1e-9):,.0f} tickets/s), now {self.total:,}"
        )


def _plan(have: int, wanted: int):
    from django.db import connection
    from django.utils import timezone

    from bench.ticket_rows import Plan

    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0), MAX(created_at) FROM service_ticket")
        last_pk, last_created = cursor.fetchone()
        cursor.execute("SELECT MAX(id) FROM customers_customer")
        highest = cursor.fetchone()[0]
    if not highest:
        raise SystemExit("bench: tickets need customers; generate customers first")
    now = timezone.now().replace(microsecond=0)
    return Plan.spread(
        first_pk=last_pk + 1,
        count=wanted - have,
        start=last_created,
        now=now,
        highest_customer=highest,
    )


def generate_tickets(*, tickets: int = 1_000_000, workers: int | None = None, log=print):
    """Top the database up to `tickets` tickets (one transaction; see bench.bulkload)."""
    from django.db import connections

    from bench.tickets_base import service_base

    have = ticket_count()
    if have >= tickets:
        return TicketsGenerated(skipped=True, total=have)
    started = time.perf_counter()
    base = service_base()
    plan = _plan(have, tickets)
    tasks = [
        Task(plan.first_pk + done, min(BATCH, plan.count - done))
        for done in range(0, plan.count, BATCH)
    ]
    done = TicketsGenerated()
    connections.close_all()  # forked workers must not share this process's connection
    with (
        multiprocessing.get_context("fork").Pool(
            workers or max(1, os.cpu_count() or 1),
            initializer=_init_worker,
            initargs=(base, plan, os.environ.get("KEFU_DATABASE_URL", "")),
        ) as pool,
        bulk_load(TABLES, rebuild_indexes=plan.count >= have) as cursor,
    ):
        for rows in pool.imap(_make, tasks):
            copy_rows(cursor, "service_ticket", COLUMNS, rows)
            done.tickets += len(rows)
            done.active += sum(1 for r in rows if r[CATEGORY] in ACTIVE)
            log(f"  {have + done.tickets:,}/{tickets:,} tickets copied ({_since(started)})")
        log(f"  building ticket indexes ({_since(started)})")
    log(f"  VACUUM ANALYZE ({_since(started)})")
    finish(TABLES)
    done.seconds = time.perf_counter() - started
    done.total = have + done.tickets
    return done


def _since(started: float) -> str:
    return f"{time.perf_counter() - started:.0f} s"
