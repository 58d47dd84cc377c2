"""Jobs of implementation plans (thin wrappers)."""

from huey import crontab

from kefu.core.job_runner import periodic_job
from kefu.strategies.services_plans import plans_complete_due

__all__ = ["complete_due_plans_task"]


# Daily, after midnight Beijing time (16:10 UTC); a plan already completed is skipped.
@periodic_job(crontab(hour="16", minute="10"), atomic=False)
def complete_due_plans_task():
    """Complete and evaluate the active plans whose period has ended."""
    return plans_complete_due()
