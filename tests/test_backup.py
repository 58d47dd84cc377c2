"""`kefu backup` / `kefu restore`: a round trip brings back every row and file; a damaged,
foreign or incomplete archive is refused before anything changes.

Runs on the configured database (SQLite, or PostgreSQL with KEFU_DATABASE_URL)."""

import errno
import hashlib
import io
import json
import tarfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from kefu.core.backup import archive as tar
from kefu.core.backup.database import live_row_counts
from kefu.core.backup.media import storage_hash, storage_names
from kefu.core.backup.services import backup_create, backup_restore
from kefu.core.errors import ApplicationError
from kefu.core.models import AuditEvent
from kefu.core.services import audit_record
from kefu.customers.models import Customer
from kefu.customers.tests.factories import make_customer
from kefu.service.models import Attachment, Ticket
from kefu.service.services import ticket_reply
from kefu.service.tests.factories import make_ticket

# serialized_rollback: the flush after each test keeps the migration data for later tests
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
on_postgres = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL only")


def yes(_manifest):
    return True


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.KEFU_HOME = tmp_path
    return settings.MEDIA_ROOT


@pytest.fixture
def lived_in(users, media):
    """Customers, a ticket with two attachments stored by the service, audit rows."""
    agent = users["agent1"]
    make_customer(by=agent, name="张伟", mobile="13900139000")
    ticket = make_ticket(by=agent)
    photo = SimpleUploadedFile("故障照片.jpg", b"\xff\xd8 photo", content_type="image/jpeg")
    invoice = SimpleUploadedFile("发票.txt", "发票号 123".encode(), content_type="text/plain")
    ticket_reply(ticket=ticket, by=agent, body="附件", public=False, files=[photo, invoice])
    audit_record(actor=agent, action="backup.test", object_type="test", object_repr="before")
    return ticket


def state() -> tuple[dict, dict]:
    """Row counts of every table and (size, sha256) of every stored file."""
    return live_row_counts(), {name: storage_hash(name) for name in storage_names()}


def damage(ticket, agent):
    """Change and delete rows and files after the backup."""
    make_customer(by=agent, name="后来的客户")
    audit_record(actor=agent, action="backup.test", object_type="test", object_repr="after")
    first, second = Attachment.objects.filter(ticket=ticket).order_by("id")
    default_storage.delete(first.file.name)
    with default_storage.open(second.file.name, "wb") as handle:
        handle.write(b"overwritten")
    Ticket.objects.filter(pk=ticket.pk).delete()


def rewrite(path, member: str, change) -> None:
    """Re-pack the archive with `member`'s bytes passed through `change`."""
    with tarfile.open(path) as old:
        members = [(info, old.extractfile(info).read()) for info in old.getmembers()]
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as new:
        for info, data in members:
            data = change(data) if info.name == member else data
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))


def test_a_restore_brings_back_every_row_and_every_file(users, lived_in, tmp_path):
    # given
    before = state()
    archive = backup_create(output=f"{tmp_path}/backups/").path
    damage(lived_in, users["agent1"])
    assert state() != before
    # when
    report = backup_restore(path=archive, confirm=yes)
    # then
    assert report.ok and not report.pending and not report.extra_files
    assert state() == before
    assert Ticket.objects.filter(pk=lived_in.pk).exists()
    assert AuditEvent.objects.filter(object_repr="after").count() == 0


def test_the_manifest_holds_version_vendor_migrations_tables_and_file_hashes(lived_in, tmp_path):
    # when
    result = backup_create(output=tmp_path / "one.tar")
    # then
    manifest = result.manifest
    assert result.path == tmp_path / "one.tar" and oct(result.path.stat().st_mode)[-3:] == "600"
    assert manifest["kefu_version"] and manifest["created_at"]
    assert manifest["database"]["vendor"] == connection.vendor
    assert ["service", "0001_initial"] in manifest["migrations"]
    assert manifest["tables"]["customers_customer"] == Customer.objects.count()
    assert manifest["tables"]["core_auditevent"] == AuditEvent.objects.count()
    attachment = Attachment.objects.order_by("id").first()
    (item,) = [f for f in manifest["files"] if f["path"] == attachment.file.name]
    assert (item["size"], item["sha256"]) == (attachment.size, attachment.sha256)
    with tarfile.open(result.path) as archive:
        dump = archive.extractfile(manifest["database"]["path"]).read()
    assert hashlib.sha256(dump).hexdigest() == manifest["database"]["sha256"]


def copy_with(archive, target, member: str, change):
    target.write_bytes(archive.read_bytes())
    rewrite(target, member, change)
    return target


def foreign_vendor(data: bytes) -> bytes:
    manifest = json.loads(data)
    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    manifest["database"]["vendor"] = other
    return json.dumps(manifest).encode()


def test_a_damaged_foreign_or_truncated_archive_is_refused_and_nothing_is_restored(
    users, lived_in, tmp_path
):
    # given
    result = backup_create(output=tmp_path / "b.tar")
    good, dump = result.path, result.manifest["database"]["path"]
    file = tar.FILES_PREFIX + Attachment.objects.order_by("id").first().file.name
    bad = {
        "file": copy_with(good, tmp_path / "f.tar", file, lambda data: data[:-1] + b"!"),
        "dump": copy_with(good, tmp_path / "d.tar", dump, lambda data: data + b"\0"),
        "vendor": copy_with(good, tmp_path / "v.tar", tar.MANIFEST, foreign_vendor),
        "cut": tmp_path / "cut.tar",
    }
    bad["cut"].write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    damage(lived_in, users["agent1"])
    changed, asked = state(), []
    # when
    refusals = {}
    for kind, path in bad.items():
        with pytest.raises(ApplicationError) as refused:
            backup_restore(path=path, confirm=asked.append)
        refusals[kind] = (refused.value.code, refused.value.message)
    # then
    assert refusals["file"][0] == "backup.damaged" and file in refusals["file"][1]
    assert refusals["dump"][0] == "backup.damaged" and dump in refusals["dump"][1]
    assert refusals["vendor"][0] == "backup.wrong_vendor"
    assert refusals["cut"][0] == "backup.unreadable"
    assert asked == [] and state() == changed


def test_a_full_disk_leaves_no_archive_behind(lived_in, tmp_path, monkeypatch):
    # given
    def disk_full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tar.ArchiveWriter, "add_bytes", disk_full)
    # when
    with pytest.raises(ApplicationError) as refused:
        backup_create(output=f"{tmp_path}/out/")
    # then
    assert refused.value.code == "backup.write_failed"
    assert "No space left" in refused.value.message
    assert list((tmp_path / "out").iterdir()) == []


@on_postgres
def test_a_missing_pg_dump_is_named_and_leaves_no_archive(lived_in, tmp_path, monkeypatch):
    # given
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    # when
    with pytest.raises(ApplicationError) as refused:
        backup_create(output=f"{tmp_path}/out/")
    # then
    assert refused.value.code == "backup.tool_missing" and "pg_dump" in refused.value.message
    assert list((tmp_path / "out").iterdir()) == []


@on_postgres
def test_a_database_with_tables_the_archive_lacks_is_refused(lived_in, tmp_path):
    # given
    archive = backup_create(output=tmp_path / "b.tar").path
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE kefu_newer_thing (id integer)")
    try:
        # when
        with pytest.raises(ApplicationError) as refused:
            backup_restore(path=archive, confirm=yes)
        # then
        assert refused.value.code == "backup.extra_tables"
        assert "kefu_newer_thing" in refused.value.message
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE kefu_newer_thing")


def test_restoring_an_older_archive_reports_the_pending_migrations(lived_in, tmp_path):
    # given: an archive of a database that has not applied this code's last core migration
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, app, name, applied FROM django_migrations ORDER BY id DESC")
        last = cursor.fetchone()
        cursor.execute("DELETE FROM django_migrations WHERE id = %s", [last[0]])
    try:
        archive = backup_create(output=tmp_path / "old.tar").path
        # when
        report = backup_restore(path=archive, confirm=yes)
        # then
        assert report.pending == [f"{last[1]}.{last[2]}"]
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM django_migrations WHERE id = %s", [last[0]])
            cursor.execute("INSERT INTO django_migrations VALUES (%s, %s, %s, %s)", last)


def test_the_commands_back_up_and_restore_after_confirmation(users, lived_in, tmp_path):
    # given
    out = io.StringIO()
    call_command("backup", output=str(tmp_path / "c.tar"), stdout=out)
    make_customer(by=users["agent1"], name="后来的客户")
    count = Customer.objects.count()
    # when: no --yes and nobody at the keyboard
    with pytest.raises(CommandError):
        call_command("restore", str(tmp_path / "c.tar"), stdout=io.StringIO())
    # then
    assert Customer.objects.count() == count
    # when
    call_command("restore", str(tmp_path / "c.tar"), yes=True, stdout=out)
    # then
    assert Customer.objects.count() == count - 1
    assert str(tmp_path / "c.tar") in out.getvalue()
