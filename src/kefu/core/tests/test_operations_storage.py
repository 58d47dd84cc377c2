"""Operations: object storage and replica settings, request ids and metrics of jobs."""

import contextvars
import runpy
from pathlib import Path
from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from huey.contrib.djhuey import HUEY
from prometheus_client import REGISTRY
from storages.backends.s3 import S3Storage

import kefu.settings
from kefu.core import job_signals
from kefu.core.replica import REPLICA, ReplicaRouter, replica_reads
from kefu.core.request_context import current_request_id, request_id_var

S3_ENV = {
    "KEFU_STORAGE": "s3",
    "KEFU_S3_BUCKET": "kefu-files",
    "KEFU_S3_ENDPOINT_URL": "https://oss-cn-hangzhou.aliyuncs.com",
    "KEFU_S3_REGION": "cn-hangzhou",
    "KEFU_S3_ACCESS_KEY": "AK",
    "KEFU_S3_SECRET_KEY": "SK",
}


def _settings_with(monkeypatch, tmp_path, **env) -> dict:
    """The settings module evaluated afresh under `env` (nothing is contacted)."""
    monkeypatch.setenv("KEFU_HOME", str(tmp_path))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(Path(kefu.settings.__file__))


# object storage


def test_files_stay_in_the_local_folder_by_default(monkeypatch, tmp_path):
    monkeypatch.delenv("KEFU_STORAGE", raising=False)
    config = _settings_with(monkeypatch, tmp_path)
    assert config["STORAGES"]["default"]["BACKEND"].endswith("FileSystemStorage")


def test_s3_settings_produce_the_s3_backend(monkeypatch, tmp_path, settings):
    # given
    config = _settings_with(monkeypatch, tmp_path, **S3_ENV)
    # when
    settings.STORAGES = config["STORAGES"]
    storage = storages["default"]
    # then
    assert isinstance(storage, S3Storage)
    assert storage.bucket_name == "kefu-files"
    assert storage.endpoint_url == "https://oss-cn-hangzhou.aliyuncs.com"
    assert storage.region_name == "cn-hangzhou"
    assert storage.access_key == "AK" and storage.secret_key == "SK"
    assert storage.default_acl is None and storage.file_overwrite is False
    assert config["STORAGES"]["staticfiles"]["BACKEND"].endswith("StaticFilesStorage")


def test_s3_without_a_bucket_is_refused_at_start(monkeypatch, tmp_path):
    monkeypatch.delenv("KEFU_S3_BUCKET", raising=False)
    with pytest.raises(ImproperlyConfigured, match="KEFU_S3_BUCKET"):
        _settings_with(monkeypatch, tmp_path, KEFU_STORAGE="s3")


def test_attachments_use_only_the_storage_api(users, settings):
    # given: a storage with no local paths at all (InMemoryStorage.path() raises), like S3
    from kefu.service.services.attachments import attachment_add, attachment_read
    from kefu.service.tests.factories import make_ticket

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    ticket = make_ticket(by=users["agent1"])
    upload = SimpleUploadedFile("报修单.pdf", b"%PDF-1.7 fault photo", "application/pdf")
    # when
    attachment = attachment_add(ticket=ticket, upload=upload, by=users["agent1"])
    # then
    assert attachment.file.storage.__class__.__name__ == "InMemoryStorage"
    assert attachment.file.storage.exists(attachment.file.name)
    assert attachment_read(attachment) == b"%PDF-1.7 fault photo"
    assert not (Path(settings.MEDIA_ROOT) / attachment.file.name).exists()


# read replica


def test_replica_settings_add_a_mirrored_alias_and_the_router(monkeypatch, tmp_path):
    config = _settings_with(
        monkeypatch,
        tmp_path,
        KEFU_DATABASE_URL="postgres://kefu@db1:5432/kefu",
        KEFU_REPLICA_DATABASE_URL="postgres://kefu_ro@db2:5432/kefu",
    )
    replica = config["DATABASES"]["replica"]
    assert replica["HOST"] == "db2" and replica["USER"] == "kefu_ro"
    assert replica["TEST"] == {"MIRROR": "default"}
    assert replica["OPTIONS"]["pool"]["max_size"] == 10
    assert config["DATABASE_ROUTERS"] == ["kefu.core.replica.ReplicaRouter"]


def test_only_marked_reads_go_to_the_replica():
    # given
    router = ReplicaRouter()
    with mock.patch("kefu.core.replica.replica_configured", return_value=True):
        # when / then
        assert router.db_for_read(object) is None
        with replica_reads() as alias:
            assert alias == REPLICA
            assert router.db_for_read(object) == REPLICA
            assert router.db_for_write(object) == "default"
        assert router.db_for_read(object) is None
    assert router.allow_migrate(REPLICA, "service") is False
    assert router.allow_migrate("default", "service") is None


def test_marked_reads_use_the_primary_when_no_replica_is_configured():
    with replica_reads() as alias:
        assert alias == "default"
        assert ReplicaRouter().db_for_read(object) is None


# jobs


@HUEY.task()
def _echo_request_id_task():
    return current_request_id()


@HUEY.task()
def _failing_task():
    raise RuntimeError("boom")


def _jobs(task: str, outcome: str) -> float:
    return REGISTRY.get_sample_value("kefu_jobs_total", {"task": task, "outcome": outcome}) or 0


def test_jobs_are_counted_by_task_name_and_outcome():
    # given
    done, failed = _jobs("_echo_request_id_task", "complete"), _jobs("_failing_task", "error")
    # when (jobs run inline in tests)
    _echo_request_id_task()
    _failing_task()
    # then
    assert _jobs("_echo_request_id_task", "complete") == done + 1
    assert _jobs("_failing_task", "error") == failed + 1


def test_a_job_enqueued_in_a_request_carries_its_id_to_the_consumer(monkeypatch):
    # given: a job enqueued while request "req-9" runs
    task = _echo_request_id_task.s()
    token = request_id_var.set("req-9")
    try:
        job_signals._on_enqueued("enqueued", task)
    finally:
        request_id_var.reset(token)
    message = HUEY.serialize_task(task)
    # when: a consumer thread (no request context) takes it from the queue
    monkeypatch.setattr(HUEY, "immediate", False)
    received = HUEY.deserialize_task(message)

    def consume():
        job_signals._on_executing("executing", received)
        return current_request_id()

    # then
    assert received.id.startswith("req-9.")
    assert contextvars.copy_context().run(consume) == "req-9"
    job_signals._on_enqueued("enqueued", received)  # a retry keeps its id
    assert received.id.count(".") == 1


def test_a_job_enqueued_in_a_request_runs_with_its_id_inline(client):
    # given
    token = request_id_var.set("req-10")
    # when
    try:
        seen = _echo_request_id_task()()
    finally:
        request_id_var.reset(token)
    # then
    assert seen == "req-10"
