"""Every customer's metrics for grading and value analysis, in ONE set-based statement.

Three GROUP BY aggregates (transactions, tickets, follow-up visits) and the overrides in force are
LEFT JOINed to the customers; the rows are streamed (a server-side cursor on PostgreSQL), never
one query per customer. The same SQL runs on SQLite and PostgreSQL: only CASE, SUM, MIN, MAX, AVG
and COALESCE; dates are compared with parameters adapted by the backend, and the day counts are
taken in Python (date arithmetic differs between the two).

What each metric is (the windows come from the criteria; 365 days when a metric has none):
- spend: sum of `Transaction.amount` (refunds negative) dated in the spend window;
  prev_spend the same over the window before it.
- cost: sum of `Transaction.cost` in the spend window + `service_order_cost` per service order
  (field ticket) in that window.
- orders: sale transactions + service tickets of the field types (repair, installation,
  delivery, return / exchange) opened in the orders window, cancelled and merged ones left out.
- recency_days: days since the last order (a sale or paid service, or a field ticket); None when
  there never was one.
- tenure_days: days since the earliest of the customer's first transaction, first ticket and the
  record's creation.
- complaints: complaint tickets opened in the complaints window (not cancelled, not merged).
- satisfaction_avg: mean `Visit.score` (each visit's mean of its item scores, 1–5) of the done
  visits of the customer's tickets in the satisfaction window; None without one.
- on_time_rate: % of the transactions due in the spend window paid on or before the due date;
  None when nothing was due.
- overdue_amount: what is unpaid past its due date (any time).
"""

import datetime
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from kefu.customers.choices import TransactionKind
from kefu.customers.models import Customer, GradeOverride, Transaction
from kefu.service.choices import FIELD_TYPES, StateCategory, TicketType, VisitStatus
from kefu.service.models import Ticket, Visit
from kefu.strategies.choices import Metric
from kefu.strategies.scoring import DEFAULT_WINDOW_DAYS

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


class Metrics(NamedTuple):
    """One customer's inputs (the names of the CustomerScore columns)."""

    spend: Decimal
    prev_spend: Decimal
    cost: Decimal
    orders: int
    recency_days: int | None
    tenure_days: int
    complaints: int
    satisfaction_avg: Decimal | None
    on_time_rate: Decimal | None
    overdue_amount: Decimal


class CustomerMetrics(NamedTuple):
    customer_id: int
    grade: str  # the customer's grade now
    overridden: bool  # a manual override is in force: grading leaves the grade alone
    metrics: Metrics


@dataclass(frozen=True)
class Windows:
    """Days each windowed metric looks back (today included)."""

    spend: int = DEFAULT_WINDOW_DAYS
    orders: int = DEFAULT_WINDOW_DAYS
    complaints: int = DEFAULT_WINDOW_DAYS
    satisfaction: int = DEFAULT_WINDOW_DAYS

    @classmethod
    def from_criteria(cls, criteria) -> "Windows":
        """The window of the first criterion of each metric that names one."""
        found = {}
        for c in criteria:
            if c.window_days and c.metric not in found:
                found[c.metric] = int(c.window_days)
        return cls(
            spend=found.get(Metric.SPEND, DEFAULT_WINDOW_DAYS),
            orders=found.get(Metric.ORDERS, DEFAULT_WINDOW_DAYS),
            complaints=found.get(Metric.COMPLAINTS, DEFAULT_WINDOW_DAYS),
            satisfaction=found.get(Metric.SATISFACTION, DEFAULT_WINDOW_DAYS),
        )


def _field_types() -> str:
    return ", ".join(f"'{t}'" for t in sorted(FIELD_TYPES))  # fixed choice values, not input


def _day(column: str) -> str:
    """A timestamp as the local date: in SQL on PostgreSQL (no per-row work in Python);
    SQLite hands back UTC text, which `_local_day` converts."""
    if connection.vendor != "postgresql":
        return column
    zone = timezone.get_current_timezone_name()
    if not re.fullmatch(r"[A-Za-z0-9_+\-/]+", zone):  # a zone name from settings, never input
        raise ValueError(f"unexpected time zone name {zone!r}")
    return f"CAST({column} AT TIME ZONE '{zone}' AS DATE)"


def metrics_sql() -> str:
    """The one statement; parameters in the order `_params` gives them."""
    field, cancelled = _field_types(), StateCategory.CANCELLED.value
    sale, refund = TransactionKind.SALE.value, TransactionKind.REFUND.value
    return f"""
SELECT c.id, c.grade, {_day("c.created_at")} AS created_day,
       tx.spend, tx.prev_spend, tx.cost, tx.sales, tx.last_tx, tx.first_tx,
       tx.due_n, tx.on_time_n, tx.overdue,
       tk.field_orders, tk.field_cost_orders, tk.complaints,
       {_day("tk.last_field")} AS last_field, {_day("tk.first_ticket")} AS first_ticket,
       vs.sat, ov.customer_id AS overridden_id
  FROM {Customer._meta.db_table} c
  LEFT JOIN (
    SELECT customer_id,
           SUM(CASE WHEN occurred_on >= %s THEN amount ELSE 0 END) AS spend,
           SUM(CASE WHEN occurred_on >= %s AND occurred_on < %s THEN amount ELSE 0 END)
             AS prev_spend,
           SUM(CASE WHEN occurred_on >= %s THEN COALESCE(cost, 0) ELSE 0 END) AS cost,
           SUM(CASE WHEN occurred_on >= %s AND kind = '{sale}' THEN 1 ELSE 0 END) AS sales,
           MAX(CASE WHEN kind <> '{refund}' THEN occurred_on END) AS last_tx,
           MIN(occurred_on) AS first_tx,
           SUM(CASE WHEN due_on >= %s AND due_on <= %s THEN 1 ELSE 0 END) AS due_n,
           SUM(CASE WHEN due_on >= %s AND due_on <= %s AND paid_on <= due_on THEN 1 ELSE 0 END)
             AS on_time_n,
           SUM(CASE WHEN due_on < %s AND paid_on IS NULL AND amount > 0 THEN amount ELSE 0 END)
             AS overdue
      FROM {Transaction._meta.db_table}
     WHERE occurred_on <= %s
     GROUP BY customer_id
  ) tx ON tx.customer_id = c.id
  LEFT JOIN (
    SELECT customer_id,
           SUM(CASE WHEN ticket_type IN ({field}) AND state_category <> '{cancelled}'
                     AND created_at >= %s THEN 1 ELSE 0 END) AS field_orders,
           SUM(CASE WHEN ticket_type IN ({field}) AND state_category <> '{cancelled}'
                     AND created_at >= %s THEN 1 ELSE 0 END) AS field_cost_orders,
           SUM(CASE WHEN ticket_type = '{TicketType.COMPLAINT.value}'
                     AND state_category <> '{cancelled}'
                     AND created_at >= %s THEN 1 ELSE 0 END) AS complaints,
           MAX(CASE WHEN ticket_type IN ({field}) AND state_category <> '{cancelled}'
                    THEN created_at END) AS last_field,
           MIN(created_at) AS first_ticket
      FROM {Ticket._meta.db_table}
     WHERE customer_id IS NOT NULL AND merged_into_id IS NULL
     GROUP BY customer_id
  ) tk ON tk.customer_id = c.id
  LEFT JOIN (
    SELECT t.customer_id, AVG(v.score) AS sat
      FROM {Visit._meta.db_table} v
      JOIN {Ticket._meta.db_table} t ON t.id = v.ticket_id
     WHERE v.status = '{VisitStatus.DONE.value}' AND v.score IS NOT NULL AND v.visited_at >= %s
       AND t.customer_id IS NOT NULL
     GROUP BY t.customer_id
  ) vs ON vs.customer_id = c.id
  LEFT JOIN (
    SELECT customer_id FROM {GradeOverride._meta.db_table}
     WHERE ended_at IS NULL AND expires_on >= %s
  ) ov ON ov.customer_id = c.id
 WHERE c.deleted_at IS NULL
"""


def _start(today: datetime.date, days: int) -> datetime.date:
    return today - datetime.timedelta(days=days - 1)


def _params(today: datetime.date, windows: Windows) -> list:
    ops = connection.ops
    day, moment = ops.adapt_datefield_value, ops.adapt_datetimefield_value
    tz = timezone.get_current_timezone()

    def since(days: int):  # local midnight of the window's first day, as the backend stores it
        start = _start(today, days)
        return moment(datetime.datetime.combine(start, datetime.time.min, tzinfo=tz))

    spend_from = _start(today, windows.spend)
    prev_from = spend_from - datetime.timedelta(days=windows.spend)
    return [
        day(spend_from),
        day(prev_from),
        day(spend_from),
        day(spend_from),
        day(_start(today, windows.orders)),
        day(spend_from),
        day(today),
        day(spend_from),
        day(today),
        day(today),
        day(today),
        since(windows.orders),
        since(windows.spend),
        since(windows.complaints),
        since(windows.satisfaction),
        day(today),
    ]


def _money(value) -> Decimal:
    if value is None:
        return ZERO
    if isinstance(value, Decimal):
        return value.quantize(CENT, ROUND_HALF_UP)
    return Decimal(str(value)).quantize(CENT, ROUND_HALF_UP)  # SQLite sums: float or int


def _local_day(value, tz) -> datetime.date | None:
    """A DATE or a timestamp column's value as a local date (SQLite hands back text)."""
    if value is None:
        return None
    if isinstance(value, str):
        if len(value) == 10:
            return datetime.date.fromisoformat(value)
        value = parse_datetime(value)
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.UTC)
    if isinstance(value, datetime.datetime):
        return value.astimezone(tz).date()
    return value


def _latest(a: datetime.date | None, b: datetime.date | None) -> datetime.date | None:
    if a is None:
        return b
    return a if b is None or a >= b else b


def _row_metrics(row, today: datetime.date, tz, order_cost: Decimal) -> CustomerMetrics:
    (
        pk, grade, created_at,
        spend, prev_spend, cost, sales, last_tx, first_tx, due_n, on_time_n, overdue,
        field_orders, field_cost_orders, complaints, last_field, first_ticket,
        sat, overridden,
    ) = row  # fmt: skip
    last = _latest(_local_day(last_tx, tz), _local_day(last_field, tz))
    first = _local_day(created_at, tz)
    for other in (_local_day(first_tx, tz), _local_day(first_ticket, tz)):
        if other is not None and other < first:
            first = other
    rate = None
    if due_n:
        rate = (Decimal(100) * int(on_time_n or 0) / int(due_n)).quantize(CENT, ROUND_HALF_UP)
    metrics = Metrics(
        spend=_money(spend),
        prev_spend=_money(prev_spend),
        cost=_money(cost) + order_cost * int(field_cost_orders or 0),
        orders=int(sales or 0) + int(field_orders or 0),
        recency_days=None if last is None else max(0, (today - last).days),
        tenure_days=max(0, (today - first).days),
        complaints=int(complaints or 0),
        satisfaction_avg=None if sat is None else _money(sat),
        on_time_rate=rate,
        overdue_amount=_money(overdue),
    )
    return CustomerMetrics(pk, grade or "", overridden is not None, metrics)


def customer_metrics(
    *,
    windows: Windows,
    today: datetime.date | None = None,
    service_order_cost: Decimal = ZERO,
    chunk_size: int = 10_000,
):
    """Yield `CustomerMetrics` for every customer not deleted, streamed in chunks.

    Must be iterated inside a transaction on PostgreSQL (the server-side cursor lives in it).
    """
    today = today or timezone.localdate()
    tz = timezone.get_current_timezone()
    order_cost = Decimal(service_order_cost).quantize(CENT)
    with connection.chunked_cursor() as cursor:
        if connection.vendor == "postgresql":
            # read it all: plan for the whole result, not for its first rows
            with connection.cursor() as setting:
                setting.execute("SET LOCAL cursor_tuple_fraction = 1.0")
        cursor.execute(metrics_sql(), _params(today, windows))
        while rows := cursor.fetchmany(chunk_size):
            for row in rows:
                yield _row_metrics(row, today, tz, order_cost)
