"""Attachments: hashed on the way in, checked on the way out, never lost silently."""

import errno
import hashlib
import logging
import uuid

from django.utils.translation import gettext as _

from kefu.accounts.parameters import parameter_value
from kefu.core.errors import ApplicationError
from kefu.service.choices import EventKind
from kefu.service.models import Attachment, Ticket

log = logging.getLogger(__name__)
CHUNK = 64 * 1024


def _too_big(size: int) -> bool:
    return size > parameter_value("service.attachment_max_mb") * 1024 * 1024


def _store(attachment: Attachment, upload) -> int:
    """Write the file under a name no other upload can have; return the size stored.

    The unique name is what makes cleaning up safe: a write that fails half-way (a full disk)
    leaves a partial file behind, and only a name that is surely ours may be deleted.
    """
    field, storage = attachment.file.field, attachment.file.storage
    target = field.generate_filename(attachment, f"{uuid.uuid4().hex[:12]}_{attachment.name}")
    try:
        attachment.file.name = storage.save(target, upload, max_length=field.max_length)
        return storage.size(attachment.file.name)
    except OSError as exc:
        log.exception("attachment %s could not be stored", attachment.name)
        _discard(storage, target)
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise ApplicationError(
                "attachment.disk_full",
                _("The server's disk is full: “{name}” was not saved. Tell your administrator."),
                fields={"files": _("The server's disk is full; the file was not saved.")},
                name=attachment.name,
            ) from exc
        raise ApplicationError(
            "attachment.store_failed",
            _("“{name}” could not be stored ({reason}); nothing was saved."),
            name=attachment.name,
            reason=exc.strerror or exc.__class__.__name__,
        ) from exc


def _discard(storage, name: str) -> None:
    try:
        if storage.exists(name):
            storage.delete(name)
    except OSError:  # the storage is failing anyway; the error above is what the user sees
        log.exception("partial attachment %s could not be removed", name)


def attachment_add(*, ticket: Ticket, upload, by, event=None) -> Attachment:
    """Store `upload` (a Django UploadedFile) on the ticket; raise rather than lose it."""
    from kefu.service.services.tickets import ticket_event_record

    name = (getattr(upload, "name", "") or "file")[-200:]
    if _too_big(upload.size):
        raise ApplicationError(
            "attachment.too_large",
            _("“{name}” is larger than {limit} MB."),
            fields={"files": _("File too large.")},
            name=name,
            limit=parameter_value("service.attachment_max_mb"),
        )
    digest, size = hashlib.sha256(), 0
    for chunk in upload.chunks(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    attachment = Attachment(
        ticket=ticket,
        event=event,
        name=name,
        size=size,
        sha256=digest.hexdigest(),
        content_type=(getattr(upload, "content_type", "") or "")[:100],
        uploaded_by=by,
    )
    stored = _store(attachment, upload)
    if stored != attachment.size:
        attachment.file.storage.delete(attachment.file.name)
        raise ApplicationError(
            "attachment.store_failed",
            _("“{name}” could not be stored completely; nothing was saved."),
            name=name,
        )
    attachment.save()
    if event is None:
        ticket_event_record(ticket=ticket, kind=EventKind.ATTACHMENT, actor=by, data={"name": name})
    return attachment


def attachment_read(attachment: Attachment) -> bytes:
    """The file's bytes, after checking them against the hash stored at upload."""
    try:
        with attachment.file.open("rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise ApplicationError(
            "attachment.missing",
            _("The file “{name}” is missing from storage."),
            status=410,
            name=attachment.name,
        ) from exc
    if hashlib.sha256(data).hexdigest() != attachment.sha256:
        log.error("attachment %s failed its hash check", attachment.pk)
        raise ApplicationError(
            "attachment.corrupt",
            _("The file “{name}” is damaged (its checksum does not match); it is not served."),
            status=409,
            name=attachment.name,
        )
    return data
