"""The files part of a backup: every file of the default storage, walked through Django's storage
API so the same code serves a local folder (MEDIA_ROOT) and S3-compatible object storage."""

import hashlib
from collections.abc import Iterator

from django.core.files import File
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from kefu.core.errors import ApplicationError

CHUNK = 1024 * 1024


def storage_names(folder: str = "") -> Iterator[str]:
    """Every file name in the default storage, depth first, in a stable order."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for name in sorted(folders):
        yield from storage_names(f"{folder}/{name}" if folder else name)


def storage_open(name: str):
    return default_storage.open(name, "rb")


def storage_hash(name: str) -> tuple[int, str] | None:
    """(size, sha256) of a stored file, or None when it is missing."""
    try:
        handle = default_storage.open(name, "rb")
    except (FileNotFoundError, OSError):
        return None
    digest, size = hashlib.sha256(), 0
    with handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def storage_put(name: str, source) -> None:
    """Store `source` under exactly `name`, replacing what is there."""
    if default_storage.exists(name):
        default_storage.delete(name)
    saved = default_storage.save(name, File(source, name=name))
    if saved != name:
        default_storage.delete(saved)
        raise ApplicationError(
            "backup.file_not_restored",
            _("The file “{name}” could not be stored under its own name."),
            name=name,
        )
