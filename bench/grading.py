"""Scenario of grading runs: score every customer (1M) and apply the grade changes.

Data: the customers of the generator, and transactions made here when the bench database holds
fewer than TRANSACTIONS (two per customer on average), in ONE `INSERT ... SELECT` over
`generate_series` (PostgreSQL makes 2M rows in well under a minute; a re-run finds them and does
nothing, even with `--skip-generate`). Customers are drawn with a skew (some buy often, many
rarely, a third never), amounts heavy-tailed; 5 % refunds, 5 % paid services; half carry a due
date, mostly paid on time, some late, some never (overdue). Tickets (repairs, complaints ...) are
the service generator's when it has run (`--only service` once, or `bench.generate --tickets`).

Timed: `grading_preview` (every customer's metrics in one streamed statement, scores, CustomerScore
upserts and the proposed changes) and `grading_apply` (history rows and the set-based UPDATEs), as
the bench user, twice. On a database whose customers were never graded the first run changes
every grade (the worst case of apply: a million customer rows rewritten); after that a run is
the nightly one, with few changes. The note gives each run's number of changes. Each row's
"p50/p95" is the one run's time; throughput is customers per second.
"""

import time

from bench.registry import Bench, Result, human, progress, scenario

TRANSACTIONS = 2_000_000
TARGET_SECONDS = 60
_INSERT = """
INSERT INTO customers_transaction
       (created_at, updated_at, customer_id, source, reference, kind, occurred_on, amount, cost,
        due_on, paid_on, description)
SELECT now(), now(), c.id, 'bench', 'B' || g.n, g.kind, g.day,
       CASE WHEN g.kind = 'refund' THEN -g.amount ELSE g.amount END,
       round(g.amount * (0.4 + g.r3 * 0.5)::numeric, 2),
       CASE WHEN g.r2 < 0.5 THEN g.day + 30 END,
       CASE WHEN g.r2 < 0.40 THEN g.day + 30 - (g.r3 * 20)::int
            WHEN g.r2 < 0.47 THEN g.day + 30 + (g.r3 * 40)::int END,
       ''
  FROM (SELECT n,
               CASE WHEN r1 < 0.90 THEN 'sale' WHEN r1 < 0.95 THEN 'refund' ELSE 'service' END
                 AS kind,
               current_date - (r2 * 900)::int AS day,
               round((10 + power(r3, 3) * 30000)::numeric, 2) AS amount,
               r2, r3, pick
          FROM (SELECT n, random() AS r1, random() AS r2, random() AS r3,
                       power(random(), 1.6) AS pick
                  FROM generate_series(%s, %s) AS n) raw) g
  JOIN customers_customer c ON c.id = %s + floor(g.pick * %s)::bigint
"""


def _count(table: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        return cursor.fetchone()[0]


def ensure_transactions(target: int = TRANSACTIONS, log=progress) -> int:
    """Top the bench database up to `target` transactions; the number it holds afterwards."""
    from django.db import connection, transaction

    have = _count("customers_transaction")
    if have >= target:
        return have
    started = time.perf_counter()
    log(f"generating {target - have:,} transactions …")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT MIN(id), MAX(id) FROM customers_customer")
        low, high = cursor.fetchone()
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute("SELECT setseed(0.2026)")
        cursor.execute(_INSERT, [have + 1, target, low, high - low + 1])
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) customers_transaction")
    log(f"  {target - have:,} transactions in {time.perf_counter() - started:.0f} s")
    return _count("customers_transaction")


def _timed(measure: str, size: str, seconds: float, customers: int, note: str) -> Result:
    result = Result(measure, size, [seconds, seconds], note=note)
    result.wall_seconds = 2 * seconds / max(customers, 1)  # throughput: customers per second
    return result


@scenario("grading.run")
def grading_run(bench: Bench):
    """Preview and apply a grading run over every customer, twice (first, then nightly)."""
    from kefu.accounts.models import User
    from kefu.strategies.services_grading import grading_apply, grading_preview

    transactions = ensure_transactions()
    tickets = _count("service_ticket")
    user = User.objects.get(username="bench")
    size = human(bench.customers, "customers")
    detail = f"{transactions:,} transactions, {tickets:,} tickets"
    for label in ("run 1", "run 2"):
        started = time.perf_counter()
        run = grading_preview(by=user)
        previewed = time.perf_counter()
        run = grading_apply(run=run, by=user)
        applied = time.perf_counter()
        scored, changes = run.customers_scored, run.changes_count
        note = f"{changes:,} changes of {scored:,} customers; {detail}"
        total = applied - started
        verdict = "met" if total <= TARGET_SECONDS else "MISSED"
        yield _timed(f"grading preview ({label})", size, previewed - started, scored, note)
        yield _timed(f"grading apply ({label})", size, applied - previewed, scored, note)
        yield _timed(
            f"grading preview + apply ({label})",
            size,
            total,
            scored,
            f"target ≤ {TARGET_SECONDS} s — {verdict} ({total:.1f} s)",
        )
