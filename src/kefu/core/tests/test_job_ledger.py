"""The job ledger: enqueued in the caller's transaction, claimed by one worker, run once."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone
from huey import crontab

from kefu.core import job_ledger as ledger
from kefu.core.errors import ApplicationError
from kefu.core.job_runner import execute, job, jobs_recover, periodic_job, schedule_slot
from kefu.core.models import AuditEvent, JobRun
from kefu.core.tasks import probe_job_task

crashes = {"left": 0}


@job()
def crash_once_task(*, key: str) -> None:
    AuditEvent.objects.create(action="test.crash_once", object_repr=key)
    if crashes["left"]:
        crashes["left"] -= 1
        raise SystemExit("killed")  # not an Exception: like kill -9, nothing records the failure


@job(retries=1, retry_delay=30)
def flaky_task(*, key: str) -> None:
    AuditEvent.objects.create(action="test.flaky", object_repr=key)
    raise RuntimeError("the outlet's server is down")


@job(retries=3)
def refused_task() -> None:
    raise ApplicationError("test.refused", "No.")


@periodic_job(crontab(minute="*"))
def every_minute_task() -> None:
    AuditEvent.objects.create(action="test.tick")


def effects(action: str, key: str = "") -> int:
    rows = AuditEvent.objects.filter(action=action)
    return rows.filter(object_repr=key).count() if key else rows.count()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_job_enqueued_in_a_transaction_that_rolls_back_never_runs():
    # given / when
    with pytest.raises(RuntimeError), transaction.atomic():
        probe_job_task(key="rolled-back")
        raise RuntimeError("the caller failed")
    # then
    assert not JobRun.objects.exists()
    assert effects("jobs.probe", "rolled-back") == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_job_enqueued_in_a_committed_transaction_runs_once_after_commit():
    # given / when
    with transaction.atomic():
        run = probe_job_task(key="committed")
        assert effects("jobs.probe", "committed") == 0  # not before commit
    # then
    run.refresh_from_db()
    assert (run.state, run.attempts) == ("done", 1)
    assert effects("jobs.probe", "committed") == 1
    assert execute(run.pk) is False  # a second message for it does nothing
    assert effects("jobs.probe", "committed") == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_of_two_workers_claiming_one_run_at_once_exactly_one_wins():
    # given
    run = ledger.job_create(task="kefu.core.tasks.probe_job_task", kwargs={}, max_attempts=1)
    start, won = threading.Barrier(2), []

    def claim(name):
        try:
            start.wait()
            won.append(ledger.job_claim(job_id=run.pk, worker=name))
        finally:
            connection.close()

    # when
    threads = [threading.Thread(target=claim, args=(f"w{i}",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # then
    claims = [c for c in won if c is not None]
    assert len(claims) == 1 and len(won) == 2
    assert JobRun.objects.get(pk=run.pk).attempts == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_run_whose_worker_died_runs_again_after_its_lease_with_its_effects_once(settings):
    # given: the first worker dies inside the job, after writing its effect
    crashes["left"] = 1
    with pytest.raises(SystemExit):
        with transaction.atomic():
            run = crash_once_task(key="k1")
    run.refresh_from_db()
    assert run.state == "running" and effects("test.crash_once", "k1") == 0  # rolled back
    # when: the lease is still held, nothing happens; once it expires the recovery sends it again
    assert jobs_recover() == {"resent": 0, "failed": 0}
    JobRun.objects.filter(pk=run.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    assert jobs_recover() == {"resent": 1, "failed": 0}
    # then
    run.refresh_from_db()
    assert (run.state, run.attempts) == ("done", 2)
    assert effects("test.crash_once", "k1") == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_run_killed_on_every_attempt_ends_failed_not_queued_for_ever():
    # given
    run = ledger.job_create(task=crash_once_task.name, kwargs={"key": "k2"}, max_attempts=1)
    for _attempt in range(1 + ledger.DEAD_WORKER_RERUNS):
        assert ledger.job_claim(job_id=run.pk, worker="dies")
        JobRun.objects.filter(pk=run.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    # when
    outcome = jobs_recover()
    # then
    run.refresh_from_db()
    assert outcome == {"resent": 0, "failed": 1}
    assert run.state == "failed" and "stopped" in run.error


def test_a_failed_run_is_queued_again_later_and_fails_for_good_after_its_retries(db):
    # given
    run = ledger.job_create(task=flaky_task.name, kwargs={"key": "f"}, max_attempts=2)
    # when
    execute(run.pk)
    # then: its effects rolled back, the error kept, due again in 30 s
    run.refresh_from_db()
    assert (run.state, run.attempts) == ("queued", 1)
    assert "the outlet's server is down" in run.error and effects("test.flaky") == 0
    assert run.available_at > timezone.now() + timedelta(seconds=25)
    assert execute(run.pk) is False  # not due yet
    JobRun.objects.filter(pk=run.pk).update(available_at=timezone.now())
    execute(run.pk)
    run.refresh_from_db()
    assert (run.state, run.attempts) == ("failed", 2)


def test_a_refused_business_action_is_not_retried(db):
    # given
    run = ledger.job_create(task=refused_task.name, kwargs={}, max_attempts=4)
    # when
    execute(run.pk)
    # then
    run.refresh_from_db()
    assert (run.state, run.attempts) == ("failed", 1) and "test.refused" in run.error


def test_every_consumer_ticks_a_periodic_job_but_each_slot_runs_once(db):
    # given / when: three consumers tick in the same minute
    for _consumer in range(3):
        every_minute_task.tick()
    # then
    slot = schedule_slot(every_minute_task.schedule)
    assert effects("test.tick") == 1
    ran = JobRun.objects.get(task=every_minute_task.name)
    assert ran.pk == f"{every_minute_task.name}@{slot:%Y-%m-%dT%H:%M}Z" and ran.state == "done"


def test_a_late_tick_names_the_slot_it_was_scheduled_for():
    # given
    every_five = crontab(minute="*/5")
    # when
    slot = schedule_slot(every_five, datetime(2026, 11, 3, 12, 7, 40, tzinfo=UTC))
    # then
    assert slot == datetime(2026, 11, 3, 12, 5)


def test_a_lost_queued_run_is_sent_again_by_the_recovery(
    db, settings, django_capture_on_commit_callbacks
):
    # given: a run whose message a Redis restart forgot
    settings.KEFU_JOB_RESEND_SECONDS = 60
    run = ledger.job_create(task=probe_job_task.name, kwargs={"key": "lost"}, max_attempts=1)
    old = timezone.now() - timedelta(seconds=61)
    JobRun.objects.filter(pk=run.pk).update(available_at=old, sent_at=old)
    # when
    with django_capture_on_commit_callbacks(execute=True):  # sent once the recovery commits
        outcome = jobs_recover()
    # then
    assert outcome["resent"] == 1
    assert effects("jobs.probe", "lost") == 1
    assert JobRun.objects.get(pk=run.pk).state == "done"


def test_old_finished_runs_are_purged_and_unfinished_ones_kept(db):
    # given
    done = ledger.job_create(task="t", kwargs={}, max_attempts=1, job_id="done")
    queued = ledger.job_create(task="t", kwargs={}, max_attempts=1, job_id="queued")
    JobRun.objects.filter(pk=done.pk).update(state="done")
    JobRun.objects.update(created_at=timezone.now() - timedelta(days=31))
    # when
    deleted = ledger.jobs_purge(days=30)
    # then
    assert deleted == 1 and list(JobRun.objects.values_list("pk", flat=True)) == [queued.pk]
