"""A full disk during an upload: a clear error, no half file, no attachment row."""

import errno
import os

from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from kefu.service.models import Attachment, TicketEvent
from kefu.service.tests.factories import make_ticket


def _files_under(root) -> list[str]:
    return [os.path.join(d, f) for d, _dirs, names in os.walk(root) for f in names]


def _disk_fills_half_way(monkeypatch):
    """The storage writes the first bytes, then the disk is full, as a real full disk does."""

    def save(self, name, content):
        path = self.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(next(iter(content.chunks())))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", save)


def test_a_full_disk_refuses_the_upload_clearly_and_leaves_no_half_file(
    client_as, users, settings, tmp_path, monkeypatch
):
    # given
    settings.MEDIA_ROOT = str(tmp_path)
    ticket = make_ticket(by=users["agent1"])
    events = TicketEvent.objects.filter(ticket=ticket).count()
    _disk_fills_half_way(monkeypatch)
    upload = SimpleUploadedFile(
        "故障照片.jpg", b"\xff\xd8" + b"x" * 5000, content_type="image/jpeg"
    )
    # when
    with translation.override("en"):
        response = client_as("agent1").post(
            reverse("service:ticket_reply", args=[ticket.pk]),
            {"body": "照片见附件", "public": "0", "files": [upload]},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    # then
    assert response.status_code < 500 and response.status_code != 302
    assert (
        "disk is full" in response.content.decode() and "故障照片.jpg" in response.content.decode()
    )
    assert not Attachment.objects.exists()
    assert TicketEvent.objects.filter(ticket=ticket).count() == events  # the reply rolled back
    assert _files_under(tmp_path) == []


def test_another_storage_failure_names_its_reason_and_saves_nothing(
    users, settings, tmp_path, monkeypatch
):
    # given
    from kefu.core.errors import ApplicationError
    from kefu.service.services import attachment_add

    settings.MEDIA_ROOT = str(tmp_path)
    ticket = make_ticket(by=users["agent1"])

    def refuse(self, name, content):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(FileSystemStorage, "_save", refuse)
    # when
    upload = SimpleUploadedFile("a.txt", b"abc", content_type="text/plain")
    try:
        attachment_add(ticket=ticket, upload=upload, by=users["agent1"])
    except ApplicationError as exc:
        error = exc
    # then
    assert error.code == "attachment.store_failed" and "Permission denied" in error.message
    assert not Attachment.objects.exists() and _files_under(tmp_path) == []
