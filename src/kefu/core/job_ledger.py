"""The job ledger's writes: a run is created, claimed, held, finished, retried, recovered, purged.

Every state change is one conditional UPDATE, so that any number of consumers on any number of
machines can race for the same row and exactly one of them wins (ADR 0004). Huey only carries the
row's id; the row is the truth.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from kefu.core.choices import JobState
from kefu.core.models import JobRun

ERROR_LIMIT = 8000
# A run whose worker died (killed, out of memory, machine lost) is run again this many times on
# top of its retries: a dead worker says nothing about the job, but a job that kills every worker
# that takes it must stop somewhere.
DEAD_WORKER_RERUNS = 2


def lease_seconds() -> int:
    return int(getattr(settings, "KEFU_JOB_LEASE_SECONDS", 300))


def job_create(
    *, task: str, kwargs: dict, max_attempts: int, delay: float = 0, job_id: str = ""
) -> JobRun:
    """A queued run, written in the caller's transaction: it exists only if the caller commits."""
    now = timezone.now()
    return JobRun.objects.create(
        id=job_id or uuid.uuid4().hex,
        task=task,
        kwargs=kwargs,
        max_attempts=max_attempts,
        available_at=now + timedelta(seconds=delay),
        sent_at=now,
    )


def job_slot(*, task: str, job_id: str, max_attempts: int) -> JobRun:
    """The run of one periodic slot: created by the first consumer to tick, found by the rest."""
    try:
        with transaction.atomic():
            return job_create(task=task, kwargs={}, max_attempts=max_attempts, job_id=job_id)
    except IntegrityError:  # another consumer's tick created it
        return JobRun.objects.get(pk=job_id)


def job_claim(*, job_id: str, worker: str) -> JobRun | None:
    """Take a run for this worker, or None when it is done, failed, not due or held by another.

    Claimable: queued and due, or running under a lease that has expired (its worker died).
    """
    now = timezone.now()
    token = uuid.uuid4().hex
    claimable = Q(state=JobState.QUEUED, available_at__lte=now) | Q(
        state=JobState.RUNNING, lease_until__lt=now
    )
    moved = JobRun.objects.filter(
        claimable, pk=job_id, attempts__lt=F("max_attempts") + DEAD_WORKER_RERUNS
    ).update(
        state=JobState.RUNNING,
        attempts=F("attempts") + 1,
        token=token,
        worker=worker[:120],
        lease_until=now + timedelta(seconds=lease_seconds()),
        started_at=now,
    )
    return JobRun.objects.get(pk=job_id) if moved else None


def job_hold(run: JobRun) -> bool:
    """Renew the lease if the claim is still ours. Inside a transaction this also locks the row,
    so that a consumer claiming it after the lease ran out waits for this one to commit or die."""
    return bool(
        JobRun.objects.filter(pk=run.pk, token=run.token, state=JobState.RUNNING).update(
            lease_until=timezone.now() + timedelta(seconds=lease_seconds())
        )
    )


def job_done(run: JobRun) -> bool:
    now = timezone.now()
    return bool(
        JobRun.objects.filter(pk=run.pk, token=run.token, state=JobState.RUNNING).update(
            state=JobState.DONE, finished_at=now, lease_until=None, error=""
        )
    )


def job_failed(run: JobRun, *, error: str, retry_in: float | None) -> bool:
    """Record a failed attempt: queued again after `retry_in` seconds, or failed for good."""
    now = timezone.now()
    if retry_in is None:
        changes = {"state": JobState.FAILED, "finished_at": now}
    else:
        available = now + timedelta(seconds=retry_in)
        changes = {"state": JobState.QUEUED, "available_at": available, "sent_at": now}
    return bool(
        JobRun.objects.filter(pk=run.pk, token=run.token, state=JobState.RUNNING).update(
            lease_until=None, error=error[-ERROR_LIMIT:], **changes
        )
    )


@transaction.atomic
def jobs_to_resend(*, now=None, resend_after: float, limit: int = 500) -> tuple[list[str], int]:
    """The runs a consumer lost: ids to send again, and how many ran out of attempts (failed).

    Lost means running with an expired lease (its worker died: killed, crashed, machine gone), or
    queued and due for longer than `resend_after` without being sent again (its message was lost
    with the queue, e.g. a Redis restart without persistence). Rows locked by a live worker's
    transaction are skipped, so a long job still running is never sent twice.
    """
    now = now or timezone.now()
    stale = now - timedelta(seconds=resend_after)
    lost = (
        JobRun.objects.select_for_update(skip_locked=True)
        .filter(
            Q(state=JobState.RUNNING, lease_until__lt=now)
            | Q(state=JobState.QUEUED, available_at__lt=stale, sent_at__lt=stale)
        )
        .order_by("available_at")
        .values_list("pk", "state", "attempts", "max_attempts")[:limit]
    )
    resend, exhausted = [], []
    for pk, state, attempts, max_attempts in lost:
        dead = state == JobState.RUNNING and attempts >= max_attempts + DEAD_WORKER_RERUNS
        (exhausted if dead else resend).append(pk)
    if exhausted:
        JobRun.objects.filter(pk__in=exhausted, state=JobState.RUNNING).update(
            state=JobState.FAILED,
            finished_at=now,
            lease_until=None,
            error="The worker stopped before the job finished, on every attempt.",
        )
    if resend:
        JobRun.objects.filter(pk__in=resend).update(sent_at=now)
    return resend, len(exhausted)


def jobs_purge(*, days: int, now=None) -> int:
    """Delete finished runs older than `days`; queued and running ones are kept at any age."""
    cutoff = (now or timezone.now()) - timedelta(days=days)
    deleted, _detail = JobRun.objects.filter(
        state__in=[JobState.DONE, JobState.FAILED], created_at__lt=cutoff
    ).delete()
    return deleted
