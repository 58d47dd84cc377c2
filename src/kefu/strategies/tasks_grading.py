"""Jobs of grading runs: the nightly run, and the run a page or the API starts. Thin: one
service call each.

Neither is an atomic job: a run computes in one transaction of its own (a failure leaves the run
`failed` with its error, which must be committed), and a second delivery of the message finds the
run past `running` and does nothing.
"""

from huey import crontab

from kefu.accounts.parameters import parameter_value
from kefu.core.job_runner import job, periodic_job
from kefu.strategies.choices import RunTrigger
from kefu.strategies.services_grading import grading_apply, grading_preview, grading_run_compute
from kefu.strategies.services_overrides import grade_overrides_expire


@job(atomic=False)
def compute_grading_run_task(*, run_id: int) -> None:
    grading_run_compute(run_id=run_id)


@job(atomic=False)
def apply_grading_run_task(*, run_id: int, user_id: int | None) -> None:
    from kefu.accounts.models import User
    from kefu.strategies.models import GradingRun

    by = User.objects.filter(pk=user_id).first() if user_id else None
    grading_apply(run=GradingRun.objects.get(pk=run_id), by=by)


# 18:30 UTC is 02:30 in China, when no one works (the crontab is in UTC, as Huey ticks).
@periodic_job(crontab(minute="30", hour="18"), atomic=False)
def grade_customers_task():
    """Every night: end expired overrides, preview a grading run, apply it when the parameter
    `strategies.grading_auto_apply` is on (else a manager reviews the preview)."""
    grade_overrides_expire()
    run = grading_preview(by=None, trigger=RunTrigger.PERIODIC)
    if parameter_value("strategies.grading_auto_apply"):
        run = grading_apply(run=run, by=None)
    return {"run": run.pk, "status": run.status, "changes": run.changes_count}
