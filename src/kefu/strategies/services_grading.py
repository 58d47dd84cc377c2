"""Grading runs (客户分级运行): preview, apply, discard.

A preview scores every customer with the active criteria and grade bands of that moment (kept
on the run), upserts each CustomerScore and stores the grade changes it proposes as GradingChange
rows. Applying makes exactly those changes, in set-based statements, so the preview is the
result: a customer whose grade changed since the preview, or who got a manual override meanwhile,
is skipped and counted. A newer preview supersedes an older one that was not applied.

A page or the API starts a preview with `grading_preview_start` (the run is computed by a job:
a million customers take too long for a web request); the nightly job and the bench call
`grading_preview`, which computes in the caller's process.
"""

import datetime
import logging
import time
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.accounts.parameters import parameter_value
from kefu.core.errors import ApplicationError
from kefu.core.services import audit_record
from kefu.customers.choices import GradeChangeSource
from kefu.customers.models import Customer, Grade, GradeChange, GradeOverride
from kefu.strategies.choices import RunStatus, RunTrigger
from kefu.strategies.grading_store import CopyScoreWriter, score_writer
from kefu.strategies.metrics import CENT, Windows, customer_metrics
from kefu.strategies.models import GradingChange, GradingCriterion, GradingRun
from kefu.strategies.scoring import Band, Criterion, Scorer, score_decimal
from kefu.strategies.scoring_sql import scored_select

log = logging.getLogger(__name__)
STALE_AFTER = datetime.timedelta(hours=2)  # a run "computing" this long lost its worker


def _snapshot() -> tuple[list[dict], list[dict]]:
    criteria = [
        {
            "id": c.pk,
            "metric": c.metric,
            "window_days": c.window_days,
            "weight": str(c.weight),
            "zero_at": str(c.zero_at),
            "full_at": str(c.full_at),
        }
        for c in GradingCriterion.objects.filter(is_active=True, weight__gt=0)
    ]
    grades = [
        {
            "code": g.code,
            "name": g.name,
            "rank": g.rank,
            "min_score": str(g.min_score),
            "max_score": str(g.max_score),
        }
        for g in Grade.objects.filter(is_active=True).order_by("-rank")
    ]
    errors = {}
    if not criteria:
        errors["criteria"] = _("There is no active grading criterion.")
    if not grades:
        errors["grades"] = _("There is no active grade.")
    if errors:
        raise ApplicationError(
            "grading.nothing_to_grade", _("Grading needs criteria and grades."), fields=errors
        )
    return criteria, grades


def _refuse_second_run() -> None:
    """One run computes at a time; one whose worker vanished is marked failed."""
    running = GradingRun.objects.select_for_update().filter(status=RunStatus.RUNNING)
    stale = timezone.now() - STALE_AFTER
    running.filter(started_at__lt=stale).update(
        status=RunStatus.FAILED, error="abandoned: no result after two hours"
    )
    if running.filter(started_at__gte=stale).exists():
        raise ApplicationError(
            "grading.running",
            _("A grading run is being computed; wait until its preview is ready."),
            status=409,
        )


@transaction.atomic
def grading_preview_start(*, by, trigger: str = RunTrigger.MANUAL) -> GradingRun:
    """A new run, computed by a job (sent once this transaction commits)."""
    from kefu.strategies.tasks_grading import compute_grading_run_task

    _snapshot()  # refuse at once when there is nothing to grade
    _refuse_second_run()
    run = GradingRun.objects.create(requested_by=by, trigger=trigger)
    audit_record(actor=by, action="grading_run.start", obj=run, changes={"trigger": trigger})
    compute_grading_run_task(run_id=run.pk)
    return run


def grading_preview(*, by, trigger: str = RunTrigger.MANUAL) -> GradingRun:
    """A new run, computed now, in this process."""
    with transaction.atomic():
        _snapshot()
        _refuse_second_run()
        run = GradingRun.objects.create(requested_by=by, trigger=trigger)
        audit_record(actor=by, action="grading_run.start", obj=run, changes={"trigger": trigger})
    return grading_run_compute(run_id=run.pk)


def grading_run_compute(*, run_id: int) -> GradingRun:
    """Score every customer for a run that is computing; a run past that is left as it is. On
    failure nothing of the run is kept but its status `failed` and the error."""
    try:
        with transaction.atomic():
            run = GradingRun.objects.select_for_update().get(pk=run_id)
            if run.status != RunStatus.RUNNING:
                return run
            return _compute(run)
    except Exception as exc:
        GradingRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(
            status=RunStatus.FAILED, finished_at=timezone.now(), error=str(exc)[:2000]
        )
        log.exception("grading run %s failed", run_id)
        raise


def _score_in_python(scorer: Scorer, writer, *, windows, today, cost) -> int:
    scored = 0
    for found in customer_metrics(windows=windows, today=today, service_order_cost=cost):
        metrics = found.metrics
        score = scorer.grading_score(metrics)
        writer.add(found, score_decimal(score), scorer.grade(score), scorer.value_scores(metrics))
        scored += 1
    return scored


def _compute(run: GradingRun) -> GradingRun:
    started = time.perf_counter()
    run.criteria, run.grades = _snapshot()
    scorer = Scorer(
        [Criterion.from_snapshot(c) for c in run.criteria],
        [Band.from_snapshot(g) for g in run.grades],
    )
    now = timezone.now()
    writer = score_writer(run=run, computed_at=now)
    windows, today = Windows.from_criteria(scorer.criteria), timezone.localdate(now)
    order_cost = Decimal(parameter_value("strategies.service_order_cost") or 0).quantize(CENT)
    if isinstance(writer, CopyScoreWriter):  # PostgreSQL: scored in the database
        select, params = scored_select(scorer, windows=windows, today=today, order_cost=order_cost)
        scored = writer.fill(select, params)
    else:
        scored = _score_in_python(scorer, writer, windows=windows, today=today, cost=order_cost)
    run.changes_count = writer.close()
    run.customers_scored = scored
    GradingRun.objects.filter(status=RunStatus.PREVIEW).exclude(pk=run.pk).update(
        status=RunStatus.SUPERSEDED
    )
    run.status = RunStatus.PREVIEW
    run.finished_at = timezone.now()
    run.duration_ms = int((time.perf_counter() - started) * 1000)
    run.save(
        update_fields=[
            "criteria",
            "grades",
            "customers_scored",
            "changes_count",
            "status",
            "finished_at",
            "duration_ms",
        ]
    )
    audit_record(
        actor=run.requested_by,
        action="grading_run.preview",
        obj=run,
        changes={"customers_scored": scored, "changes": run.changes_count},
    )
    return run


def _locked_preview(run: GradingRun, *, verb: str) -> GradingRun:
    run = GradingRun.objects.select_for_update().get(pk=run.pk)
    if run.status != RunStatus.PREVIEW:
        raise ApplicationError(
            f"grading.not_{verb}able",
            _("Only a run whose preview is ready can be {verb}; this one is “{state}”."),
            status=409,
            verb=_("applied") if verb == "apply" else _("discarded"),
            state=run.get_status_display(),
        )
    return run


def _in_force(today: datetime.date):
    return GradeOverride.objects.filter(ended_at__isnull=True, expires_on__gte=today).values(
        "customer_id"
    )


_HISTORY_SQL = """
INSERT INTO {history} (customer_id, at, from_grade, to_grade, source, reason, score, run_id,
                       changed_by_id)
SELECT gc.customer_id, %s, gc.from_grade, gc.to_grade, %s, %s, gc.score, gc.run_id, %s
  FROM {changes} gc JOIN {customers} c ON c.id = gc.customer_id
 WHERE gc.run_id = %s AND c.grade = gc.from_grade AND c.deleted_at IS NULL
   AND NOT EXISTS (SELECT 1 FROM {overrides} o
                    WHERE o.customer_id = c.id AND o.ended_at IS NULL AND o.expires_on >= %s)
"""


def _target_grades(run: GradingRun) -> list[str]:
    return list(
        GradingChange.objects.filter(run=run)
        .order_by("to_grade")
        .values_list("to_grade", flat=True)
        .distinct()
    )


def _apply_changes(run: GradingRun, *, now, by, reason: str) -> int:
    """The run's changes of the customers whose grade is still the one the preview saw and
    who are under no override: one history INSERT ... SELECT, then one UPDATE per target
    grade; how many.

    The INSERT locks the customers it writes for (PostgreSQL: FOR UPDATE; SQLite holds the whole
    database once a transaction writes), so the UPDATE changes exactly them."""
    today = timezone.localdate(now)
    sql = _HISTORY_SQL.format(
        history=GradeChange._meta.db_table,
        changes=GradingChange._meta.db_table,
        customers=Customer._meta.db_table,
        overrides=GradeOverride._meta.db_table,
    )
    if connection.vendor == "postgresql":
        sql += " FOR UPDATE OF c"
    ops = connection.ops
    params = [ops.adapt_datetimefield_value(now), GradeChangeSource.RUN, reason[:300]]
    params += [getattr(by, "pk", None), run.pk, ops.adapt_datefield_value(today)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        written = cursor.rowcount
    proposed = GradingChange.objects.filter(run=run, customer_id=OuterRef("pk")).order_by()
    customers = Customer.objects.filter(deleted_at__isnull=True).exclude(pk__in=_in_force(today))
    updated = 0
    for to_grade in _target_grades(run):  # one UPDATE per grade the run gives (a handful)
        moving = proposed.filter(to_grade=to_grade, from_grade=OuterRef("grade"))
        updated += customers.filter(Exists(moving)).update(
            grade=to_grade, version=F("version") + 1, updated_at=now
        )
    if updated != written:  # cannot happen while the rows are locked; never leave it half-true
        raise ApplicationError("grading.race", _("Customers changed while applying; try again."))
    return updated


@transaction.atomic
def grading_apply(*, run: GradingRun, by) -> GradingRun:
    """Make exactly the changes the run's preview proposed (see the module docstring)."""
    run = _locked_preview(run, verb="apply")
    now = timezone.now()
    applied = _apply_changes(run, now=now, by=by, reason=_("Grading run #{run}").format(run=run.pk))
    run.status = RunStatus.APPLIED
    run.applied_at, run.applied_by = now, by if getattr(by, "pk", None) else None
    run.applied_count, run.skipped_count = applied, run.changes_count - applied
    run.save(update_fields=["status", "applied_at", "applied_by", "applied_count", "skipped_count"])
    audit_record(
        actor=by,
        action="grading_run.apply",
        obj=run,
        changes={"applied": applied, "skipped": run.skipped_count},
    )
    return run


@transaction.atomic
def grading_discard(*, run: GradingRun, by) -> GradingRun:
    """Drop a preview: nothing is applied; its proposed changes stay for the record."""
    run = _locked_preview(run, verb="discard")
    run.status = RunStatus.DISCARDED
    run.save(update_fields=["status"])
    audit_record(actor=by, action="grading_run.discard", obj=run)
    return run


@transaction.atomic
def grading_apply_start(*, run: GradingRun, by) -> GradingRun:
    """Apply a large run by a job (sent once this transaction commits)."""
    from kefu.strategies.tasks_grading import apply_grading_run_task

    run = _locked_preview(run, verb="apply")
    apply_grading_run_task(run_id=run.pk, user_id=getattr(by, "pk", None))
    return run
