"""Jobs of the service app: thin wrappers that call one service."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from kefu.service.services.escalation import sla_scan


@db_periodic_task(crontab(minute="*"))
def scan_sla_task():
    """Every minute: warn before SLA breaches and escalate the breached tickets."""
    return sla_scan()
