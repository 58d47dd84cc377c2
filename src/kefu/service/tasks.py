"""Jobs of the service app: thin wrappers that call one service."""

from huey import crontab

from kefu.core.job_runner import periodic_job
from kefu.service.services.escalation import sla_scan


# Not atomic: each ticket is checked in its own short transaction (so agents are never held up by
# the scan), and its SLA flags make a second check after a crash a no-op.
@periodic_job(crontab(minute="*"), atomic=False)
def scan_sla_task():
    """Every minute: warn before SLA breaches and escalate the breached tickets."""
    return sla_scan()
