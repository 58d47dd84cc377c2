"""Writing a grading run's results: every customer's CustomerScore (upsert) and the proposed
grade changes (GradingChange), in bulk.

PostgreSQL: rows are COPYed into a temporary table, then one INSERT ... ON CONFLICT upserts the
scores and one INSERT ... SELECT stores the changes (a million customers in seconds; Django's
bulk_create would spend most of a minute building parameters). SQLite: the ORM's bulk_create
with update_conflicts, in batches. Both write the same rows.
"""

import datetime
from decimal import Decimal

from django.db import connection

from kefu.strategies.metrics import CustomerMetrics
from kefu.strategies.models import CustomerScore, GradingChange, GradingRun
from kefu.strategies.scoring import VALUE_SCORES

INPUTS = (
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
SCORE_COLUMNS = (*INPUTS, "grading_score", *VALUE_SCORES)
_TEMP_TYPES = (
    ("customer_id", "bigint"),
    ("spend", "numeric"),
    ("prev_spend", "numeric"),
    ("cost", "numeric"),
    ("orders", "integer"),
    ("recency_days", "integer"),
    ("tenure_days", "integer"),
    ("complaints", "integer"),
    ("satisfaction_avg", "numeric"),
    ("on_time_rate", "numeric"),
    ("overdue_amount", "numeric"),
    ("grading_score", "numeric"),
    *((name, "smallint") for name in VALUE_SCORES),
    ("from_grade", "text"),
    ("to_grade", "text"),
    ("overridden", "boolean"),
)
TEMP_TABLE = "strategies_grading_scores_tmp"


class ScoreWriter:
    """Collects each scored customer; `close()` writes what is left and returns the number of
    proposed changes (customers not under an override whose grade would change)."""

    batch_size = 2000

    def __init__(self, *, run: GradingRun, computed_at: datetime.datetime):
        self.run, self.computed_at = run, computed_at
        self.rows: list[tuple] = []

    def add(self, found: CustomerMetrics, score: Decimal, to_grade: str, values: tuple) -> None:
        self.rows.append((found, score, to_grade, values))
        if len(self.rows) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        raise NotImplementedError

    def close(self) -> int:
        raise NotImplementedError


class OrmScoreWriter(ScoreWriter):
    """bulk_create in batches (SQLite, or any backend)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.changes = 0

    def flush(self) -> None:
        scores, changes = [], []
        for found, score, to_grade, values in self.rows:
            m = found.metrics
            scores.append(
                CustomerScore(
                    customer_id=found.customer_id,
                    run_id=self.run.pk,
                    computed_at=self.computed_at,
                    **m._asdict(),
                    grading_score=score,
                    **dict(zip(VALUE_SCORES, values, strict=True)),
                )
            )
            if not found.overridden and to_grade != found.grade:
                changes.append(
                    GradingChange(
                        run_id=self.run.pk,
                        customer_id=found.customer_id,
                        from_grade=found.grade,
                        to_grade=to_grade,
                        score=score,
                    )
                )
        CustomerScore.objects.bulk_create(
            scores,
            update_conflicts=True,
            unique_fields=["customer"],
            update_fields=["run", "computed_at", *SCORE_COLUMNS],
        )
        GradingChange.objects.bulk_create(changes)
        self.changes += len(changes)
        self.rows = []

    def close(self) -> int:
        self.flush()
        return self.changes


class CopyScoreWriter(ScoreWriter):
    """COPY into a temporary table, then two set-based statements (PostgreSQL)."""

    batch_size = 20_000

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        columns = ", ".join(f"{name} {kind}" for name, kind in _TEMP_TYPES)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {TEMP_TABLE}")
            cursor.execute(f"CREATE TEMP TABLE {TEMP_TABLE} ({columns}) ON COMMIT DROP")

    def flush(self) -> None:
        names = ", ".join(name for name, _kind in _TEMP_TYPES)
        with connection.cursor() as wrapper:
            with wrapper.cursor.copy(f"COPY {TEMP_TABLE} ({names}) FROM STDIN") as copy:
                for found, score, to_grade, values in self.rows:
                    copy.write_row(
                        (found.customer_id, *found.metrics, score, *values)
                        + (found.grade, to_grade, found.overridden)
                    )
        self.rows = []

    def fill(self, select: str, params: list) -> int:
        """Fill the temporary table from one SELECT of its columns (scoring_sql); how many."""
        names = ", ".join(name for name, _kind in _TEMP_TYPES)
        with connection.cursor() as cursor:
            # JIT would spend seconds compiling the long scoring expressions it runs once; the
            # aggregates hash a million customers in memory rather than sort them on disk
            cursor.execute("SET LOCAL jit = off")
            cursor.execute("SET LOCAL work_mem = '256MB'")
            cursor.execute(f"INSERT INTO {TEMP_TABLE} ({names}) {select}", params)
            return cursor.rowcount

    def close(self) -> int:
        if self.rows:
            self.flush()
        scores = CustomerScore._meta.db_table
        columns = ", ".join(SCORE_COLUMNS)
        updates = ", ".join(
            f"{c} = EXCLUDED.{c}" for c in ("run_id", "computed_at", *SCORE_COLUMNS)
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {scores} (customer_id, run_id, computed_at, {columns}) "
                f"SELECT customer_id, %s, %s, {columns} FROM {TEMP_TABLE} "
                f"ON CONFLICT (customer_id) DO UPDATE SET {updates}",
                [self.run.pk, self.computed_at],
            )
            cursor.execute(
                f"INSERT INTO {GradingChange._meta.db_table} "
                "(run_id, customer_id, from_grade, to_grade, score) "
                f"SELECT %s, customer_id, from_grade, to_grade, grading_score FROM {TEMP_TABLE} "
                "WHERE NOT overridden AND to_grade <> from_grade ORDER BY customer_id",
                [self.run.pk],
            )
            changes = cursor.rowcount
            cursor.execute(f"DROP TABLE {TEMP_TABLE}")
            # fresh statistics: the apply joins these rows, and a planner that believes the new
            # run has none walks them once per customer
            cursor.execute(f"ANALYZE {GradingChange._meta.db_table}")
        return changes


def score_writer(*, run: GradingRun, computed_at: datetime.datetime) -> ScoreWriter:
    if connection.vendor == "postgresql":
        return CopyScoreWriter(run=run, computed_at=computed_at)
    return OrmScoreWriter(run=run, computed_at=computed_at)
