"""Jobs of grades: the daily end of expired manual overrides (thin: one service call)."""

from huey import crontab

from kefu.core.job_runner import periodic_job
from kefu.strategies.services_overrides import grade_overrides_expire


# Not atomic: each override ends in its own short transaction; an ended one is skipped on rerun.
@periodic_job(crontab(minute="5", hour="0"), atomic=False)
def expire_grade_overrides_task():
    """Every night: end the manual grade overrides whose date has passed."""
    return grade_overrides_expire()
