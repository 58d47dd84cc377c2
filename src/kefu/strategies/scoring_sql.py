"""Grading in ONE statement on PostgreSQL: the twin of `metrics._row_metrics` and
`scoring.Scorer`, so a million customers are scored without a row crossing into Python.

The Python functions are the reference (SQLite runs them; the 360 panel explains with them);
this module writes the same arithmetic in SQL, in the same order of operations, on the same
types: money as numeric rounded half-up to cents, the points and value scores as double
precision (`round()` of a double rounds half to even in both), the grading score rounded to
cents half-up from its shortest decimal form (as `Scorer.grading_score`). A test on
PostgreSQL keeps the two equal (test_grading_sql.py).

`scored_select` gives a SELECT of the columns of the run's temporary table (grading_store).
"""

import datetime
from decimal import Decimal

from kefu.strategies.choices import Metric
from kefu.strategies.metrics import Windows, _params, metrics_sql
from kefu.strategies.scoring import DAYS_PER_YEAR, Scorer

_METRICS = """
SELECT r.id AS customer_id, COALESCE(r.grade, '') AS from_grade,
       r.overridden_id IS NOT NULL AS overridden,
       ROUND(COALESCE(r.spend, 0), 2) AS spend,
       ROUND(COALESCE(r.prev_spend, 0), 2) AS prev_spend,
       ROUND(COALESCE(r.cost, 0), 2) + %s * COALESCE(r.field_cost_orders, 0) AS cost,
       COALESCE(r.sales, 0) + COALESCE(r.field_orders, 0) AS orders,
       CASE WHEN r.last_tx IS NOT NULL OR r.last_field IS NOT NULL
            THEN GREATEST(0, %s::date - GREATEST(r.last_tx, r.last_field)) END AS recency_days,
       GREATEST(0, %s::date - LEAST(r.created_day, r.first_tx, r.first_ticket)) AS tenure_days,
       COALESCE(r.complaints, 0) AS complaints,
       ROUND(r.sat, 2) AS satisfaction_avg,
       CASE WHEN r.due_n > 0
            THEN ROUND(100 * CAST(r.on_time_n AS numeric) / r.due_n, 2) END AS on_time_rate,
       ROUND(COALESCE(r.overdue, 0), 2) AS overdue_amount
  FROM ({raw}) r
"""
_INPUTS = (
    "spend",
    "prev_spend",
    "cost",
    "orders",
    "recency_days",
    "tenure_days",
    "complaints",
    "satisfaction_avg",
    "on_time_rate",
    "overdue_amount",
)


def _d(value: float) -> str:
    """A double literal: Python's shortest repr reads back as the very same double."""
    return f"CAST('{float(value)!r}' AS DOUBLE PRECISION)"


def _dbl(column: str) -> str:
    return f"CAST({column} AS DOUBLE PRECISION)"


def _points(scorer: Scorer) -> list[str]:
    """The layers that give each criterion's weighted points, then `total` and `weights`, as
    `Scorer.grading_score`: the value, its share of the span, the points, the sums."""
    values, shares, points, terms, weights = [], [], [], [], []
    for i, (attribute, scale, weight, zero_at, span, metric) in enumerate(scorer._terms):
        values.append(f"{_dbl(attribute)} * {_d(scale)} AS v{i}")
        if span == 0:
            shares.append(f"CASE WHEN v{i} >= {_d(zero_at)} THEN 1 ELSE 0 END AS share{i}")
        else:
            shares.append(f"(v{i} - {_d(zero_at)}) / {_d(span)} AS share{i}")
        missing = _d(0) if metric == Metric.RECENCY else "NULL"
        points.append(
            f"CASE WHEN {attribute} IS NULL THEN {missing} WHEN share{i} <= 0 THEN {_d(0)} "
            f"WHEN share{i} >= 1 THEN {_d(100)} ELSE {_d(100)} * share{i} END AS got{i}"
        )
        terms.append(f"COALESCE({_d(weight)} * got{i}, {_d(0)})")
        weights.append(f"CASE WHEN got{i} IS NULL THEN {_d(0)} ELSE {_d(weight)} END")
    sums = [
        " + ".join([_d(0), *terms]) + " AS total",
        " + ".join([_d(0), *weights]) + " AS weights",
    ]
    return [", ".join(layer) for layer in (values, shares, points, sums) if layer]


def _clamp(expr: str) -> str:
    return f"CAST(ROUND(LEAST({_d(100)}, GREATEST({_d(0)}, {expr}))) AS SMALLINT)"


def _value_columns(scorer: Scorer) -> str:
    """The seven scores from the `p` layer's parts, as `scoring.value_scores`."""
    risk = (
        f"{_d(0.4)} * ({_d(100)} - recency_pts) "
        f"+ {_d(0.3)} * LEAST({_d(100)}, {_d(25)} * complaints) "
        f"+ {_d(0.3)} * (100 - credit)"
    )
    return ", ".join(
        [
            f"{_clamp(f'{_d(0.7)} * spend_pts + {_d(0.3)} * orders_pts')} AS value",
            f"{_clamp(f'{_d(0.5)} * tenure_pts + {_d(0.5)} * recency_pts')} AS loyalty",
            f"{_clamp(f'sat_base - {_d(10)} * complaints')} AS satisfaction",
            f"{_clamp('margin')} AS profitability",
            f"{_clamp('growth_pts')} AS potential",  # credit: already a column of p
            f"{_clamp(risk)} AS risk",
        ]
    )


def _parts(scorer: Scorer) -> str:
    sf, pf, cf, of = (_dbl(c) for c in ("spend", "prev_spend", "cost", "overdue_amount"))
    hundred = _d(100)
    spend_pts = f"{hundred} * {sf} / {_d(scorer.spend_full)}"
    share = f"CASE WHEN {of} > 0 THEN {of} / ({of} + GREATEST({sf}, {_d(0)})) ELSE {_d(0)} END"
    rate = f"CASE WHEN on_time_rate IS NULL THEN {_d(80)} ELSE {_dbl('on_time_rate')} END"
    return ", ".join(
        [
            f"LEAST({hundred}, GREATEST({_d(0)}, {spend_pts})) AS spend_pts",
            f"LEAST({hundred}, {hundred} * orders / {_d(scorer.orders_full)}) AS orders_pts",
            f"LEAST({hundred}, {hundred} * tenure_days / {_d(5 * DAYS_PER_YEAR)}) AS tenure_pts",
            f"CASE WHEN recency_days IS NULL THEN {_d(0)} ELSE GREATEST({_d(0)}, "
            f"{hundred} - {hundred} * recency_days / {_d(365)}) END AS recency_pts",
            f"CASE WHEN satisfaction_avg IS NULL THEN {_d(60)} "
            f"ELSE ({_dbl('satisfaction_avg')} - 1) * {_d(25)} END AS sat_base",
            f"CASE WHEN {sf} > 0 THEN {hundred} * ({sf} - {cf}) / {sf} ELSE {_d(0)} END AS margin",
            f"CASE WHEN GREATEST({sf}, {pf}) > 0 THEN {_d(50)} + {_d(50)} * ({sf} - {pf}) "
            f"/ GREATEST({sf}, {pf}) ELSE {_d(0)} END AS growth_pts",
            f"{_clamp(f'{rate} - {_d(50)} * ({share})')} AS credit",
        ]
    )


def _grade_case(scorer: Scorer) -> tuple[str, list]:
    if not scorer._bands:
        return "''", []
    whens = " ".join("WHEN grading_score >= %s THEN %s" for _band in scorer._bands)
    params = []
    for min_score, code in scorer._bands:
        params += [Decimal(repr(min_score)), code]
    return f"CASE {whens} ELSE %s END", [*params, scorer._bands[-1][1]]


def _layers(sql: str, layers: list[str]) -> str:
    """Each layer's columns added to the one below it, computed once per row: OFFSET 0 keeps
    PostgreSQL from folding the layers into one expression that repeats the lower ones."""
    for n, columns in enumerate(layers):
        sql = f"SELECT l{n}.*, {columns} FROM ({sql} OFFSET 0) l{n}"
    return sql


def scored_select(
    scorer: Scorer, *, windows: Windows, today: datetime.date, order_cost: Decimal
) -> tuple[str, list]:
    """SELECT customer_id, the inputs, grading_score, the seven scores, from_grade, to_grade,
    overridden — the temporary table's columns, in its order."""
    score = (
        "CASE WHEN weights > 0 THEN ROUND(CAST(CAST(total / weights AS TEXT) AS NUMERIC), 2) "
        "ELSE 0 END AS grading_score"
    )
    grade, grade_params = _grade_case(scorer)
    layers = [*_points(scorer), score, _parts(scorer), _value_columns(scorer)]
    inputs = ", ".join(_INPUTS)
    values = ", ".join(("value", "loyalty", "satisfaction", "profitability", "potential"))
    sql = (
        f"SELECT customer_id, {inputs}, grading_score, {values}, credit, risk, "
        f"from_grade, {grade} AS to_grade, overridden "
        f"FROM ({_layers(_METRICS.format(raw=metrics_sql()), layers)}) scored"
    )
    # the grade's CASE comes first in the text, the metrics' parameters after it
    params = [*grade_params, order_cost, today, today, *_params(today, windows)]
    return sql, params
