"""Background jobs that run exactly once: `@job` and `@periodic_job`, a ledger in front of Huey.

Huey has no acknowledgements: a message popped by a consumer that is then killed is gone, and a
Redis without persistence forgets its queue on restart. So every run is first a `JobRun` row,
written in the caller's transaction; Huey only carries the row's id, sent after commit. A
consumer claims the row with one conditional UPDATE, and an atomic job's body commits together
with its `done` mark: a consumer killed mid-job leaves nothing behind, and the run is claimed
again once its lease expires. `recover_jobs_task` (core.tasks) sends the runs whose message was
lost. Periodic jobs get one row per schedule slot, so N consumers run each slot once. ADR 0004.

    @job(retries=2)
    def notify_outlet_task(*, order_id: int) -> None: ...

    notify_outlet_task(order_id=order.pk)      # in the caller's transaction; runs after commit
"""

import contextlib
import logging
import os
import socket
import threading
import traceback
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from kefu.core import job_ledger as ledger
from kefu.core.errors import ApplicationError
from kefu.core.models import JobRun

log = logging.getLogger(__name__)
_registry: dict[str, "Job"] = {}


class Job:
    """A function the consumers run through the ledger. Calling it enqueues one run."""

    def __init__(self, fn: Callable, *, atomic: bool, retries: int, retry_delay: float):
        self.fn = fn
        self.name = f"{fn.__module__}.{fn.__name__}"
        self.atomic = atomic
        self.max_attempts = retries + 1
        self.retry_delay = retry_delay
        self.__doc__, self.__name__ = fn.__doc__, fn.__name__
        # One Huey task per job (not one for all) keeps Huey's logs and metrics per job.
        self.huey_task = db_task(name=self.name)(_run_by_id)
        _registry[self.name] = self

    def enqueue(self, *, delay: float = 0, **kwargs) -> JobRun:
        run = ledger.job_create(
            task=self.name, kwargs=kwargs, max_attempts=self.max_attempts, delay=delay
        )
        transaction.on_commit(lambda: send(run, delay=delay))
        return run

    __call__ = enqueue

    def run_now(self, **kwargs) -> JobRun:
        """Run once in this process, recorded in the ledger like any run (tests, the CLI)."""
        run = ledger.job_create(task=self.name, kwargs=kwargs, max_attempts=1)
        execute(run.pk, reraise=True)
        return JobRun.objects.get(pk=run.pk)

    def call_local(self, **kwargs):
        """The bare body, without the ledger."""
        return self.fn(**kwargs)


class PeriodicJob(Job):
    """A job on a crontab. Every consumer ticks; the slot's ledger row lets one of them run it.

    Calling it runs it now, in this process (`run_now`): nothing else ever enqueues it.
    """

    def __init__(self, fn: Callable, *, schedule, atomic: bool, retries: int, retry_delay: float):
        super().__init__(fn, atomic=atomic, retries=retries, retry_delay=retry_delay)
        self.schedule = schedule
        self.huey_tick = db_periodic_task(schedule, name=f"{self.name}.tick")(self.tick)

    def tick(self) -> None:
        slot = schedule_slot(self.schedule)
        run = ledger.job_slot(
            task=self.name, job_id=f"{self.name}@{slot:%Y-%m-%dT%H:%M}Z", max_attempts=1
        )
        execute(run.pk)

    __call__ = Job.run_now


def job(*, atomic: bool = True, retries: int = 0, retry_delay: float = 60):
    """Declare a job. `atomic=False` for a long job that commits in steps: each step must then
    record its own progress, so that a second run after a crash carries on instead of redoing."""
    return lambda fn: Job(fn, atomic=atomic, retries=retries, retry_delay=retry_delay)


def periodic_job(schedule, *, atomic: bool = True, retries: int = 0, retry_delay: float = 60):
    return lambda fn: PeriodicJob(
        fn, schedule=schedule, atomic=atomic, retries=retries, retry_delay=retry_delay
    )


def schedule_slot(schedule, now: datetime | None = None) -> datetime:
    """The latest minute, at or before now (UTC, as Huey's scheduler sees it), the crontab names.

    A tick run late (a busy consumer) still names the slot it was scheduled for.
    """
    minute = (now or datetime.now(UTC)).replace(second=0, microsecond=0, tzinfo=None)
    for back in range(24 * 60):
        candidate = minute - timedelta(minutes=back)
        if schedule(candidate):
            return candidate
    return minute


def send(run: JobRun | str, *, delay: float = 0) -> bool:
    """Put a run's id on the queue. A queue that is down is not the caller's failure: the run is
    in the ledger, and `recover_jobs_task` sends it again later."""
    job_id = run if isinstance(run, str) else run.pk
    task = run.task if isinstance(run, JobRun) else JobRun.objects.get(pk=job_id).task
    spec = _registry.get(task)
    if spec is None:
        log.error("job %s: no job named %s in this process", job_id, task)
        return False
    try:
        if delay > 0:
            spec.huey_task.schedule(args=(job_id,), delay=delay)
        else:
            spec.huey_task(job_id)
    except Exception:
        log.warning("job %s (%s) not sent; it will be sent again", job_id, task, exc_info=True)
        return False
    return True


def _run_by_id(job_id: str) -> None:
    execute(job_id)


def _worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.current_thread().name}"


def execute(job_id: str, *, reraise: bool = False) -> bool:
    """Claim and run one run; False when another worker has it or it is finished already."""
    run = ledger.job_claim(job_id=job_id, worker=_worker())
    if run is None:
        return False
    spec = _registry.get(run.task)
    try:
        if spec is None:
            raise LookupError(f"no job named {run.task} in this process")
        if spec.atomic:
            with transaction.atomic():
                if not ledger.job_hold(run):
                    return False
                spec.fn(**run.kwargs)
                ledger.job_done(run)
        else:
            with _heartbeat(run):
                spec.fn(**run.kwargs)
            if not ledger.job_done(run):
                log.warning("job %s finished after its lease was taken over", job_id)
    except Exception as exc:
        _record_failure(run, spec, exc)
        if reraise or not HUEY.immediate:
            raise  # Huey logs it and counts it as an error
        return False
    return True


def _record_failure(run: JobRun, spec: Job | None, exc: Exception) -> None:
    log.warning("job %s (%s) failed on attempt %s", run.pk, run.task, run.attempts)
    retry = spec is not None and not isinstance(exc, ApplicationError)
    retry = retry and run.attempts < run.max_attempts
    delay = spec.retry_delay * 2 ** (run.attempts - 1) if retry else 0
    ledger.job_failed(run, error=traceback.format_exc(), retry_in=delay if retry else None)
    if retry:
        transaction.on_commit(lambda: send(run, delay=delay))


@contextlib.contextmanager
def _heartbeat(run: JobRun):
    """Keep renewing the lease of a non-atomic job while it runs, from a thread of its own."""
    if connection.in_atomic_block or HUEY.immediate:
        yield  # no other worker can see this run: nothing to keep
        return
    stop = threading.Event()

    def renew():
        try:
            while not stop.wait(ledger.lease_seconds() / 3):
                ledger.job_hold(run)
        finally:
            connection.close()

    beat = threading.Thread(target=renew, name=f"lease-{run.pk}", daemon=True)
    beat.start()
    try:
        yield
    finally:
        stop.set()
        beat.join()


def jobs_recover() -> dict:
    """Send again the runs whose worker died or whose message was lost."""
    resend_after = float(getattr(settings, "KEFU_JOB_RESEND_SECONDS", 120))
    resend, failed = ledger.jobs_to_resend(resend_after=resend_after)
    for job_id in resend:
        transaction.on_commit(lambda job_id=job_id: send(job_id))
    if resend or failed:
        log.warning("job recovery: %s sent again, %s failed for good", len(resend), failed)
    return {"resent": len(resend), "failed": failed}
