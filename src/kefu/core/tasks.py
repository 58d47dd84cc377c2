"""Jobs of the shared kernel: the job ledger's own upkeep, and a probe that proves jobs run."""

import time

from django.conf import settings
from huey import crontab

from kefu.core.job_ledger import jobs_purge
from kefu.core.job_runner import job, periodic_job
from kefu.core.job_runner import jobs_recover as _jobs_recover
from kefu.core.services import audit_record


@periodic_job(crontab(minute="*"))
def recover_jobs_task() -> dict:
    """Every minute: send again the runs whose worker died or whose queue message was lost."""
    return _jobs_recover()


@periodic_job(crontab(minute="17", hour="19"))  # 03:17 in China, when no one works
def purge_jobs_task() -> int:
    """Every night: forget finished runs older than KEFU_JOB_KEEP_DAYS."""
    return jobs_purge(days=int(getattr(settings, "KEFU_JOB_KEEP_DAYS", 30)))


@job()
def probe_job_task(*, key: str, seconds: float = 0) -> None:
    """Write one audit row named `key`, then hold the transaction open for `seconds`.

    `kefu jobs probe` and the multi-node harness count these rows: one per key, whatever
    consumer was killed while it held one.
    """
    audit_record(actor=None, action="jobs.probe", object_type="core.jobrun", object_repr=key)
    if seconds:
        time.sleep(seconds)
