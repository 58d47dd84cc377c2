"""The archive file: one uncompressed tar holding the database dump, the files and a manifest.

Members: `database.dump` (PostgreSQL, custom format) or `database.sqlite3`, `files/<name>` for
every file of the default storage, and `manifest.json` last, written once every hash is known.
The tar is written under a hidden `.partial` name and renamed when complete, so a file with the
final name is always whole; a crash leaves at most a `.partial` file, never a half archive.
"""

import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import time
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext as _

from kefu.core.errors import ApplicationError

FORMAT = 1
MANIFEST = "manifest.json"
FILES_PREFIX = "files/"
CHUNK = 1024 * 1024
SPOOL_IN_MEMORY = 16 * 1024 * 1024


class HashingReader:
    """Wraps a binary file object and hashes every byte read through it."""

    def __init__(self, raw):
        self.raw = raw
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, n: int = -1) -> bytes:
        data = self.raw.read(n)
        self.digest.update(data)
        self.size += len(data)
        return data


def entry(*, name: str, size: int, sha256: str) -> dict:
    return {"path": name, "size": size, "sha256": sha256}


class ArchiveWriter:
    """Writes the tar under a `.partial` name; renames it into place only when closed cleanly."""

    def __init__(self, path: Path, *, workdir: Path):
        self.path = path
        self.partial = path.with_name(f".{path.name}.partial")
        self.workdir = workdir
        self._tar = None
        self._handle = None

    def __enter__(self) -> "ArchiveWriter":
        # Only the owner may read it: the archive holds every customer's personal data.
        fd = os.open(self.partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        self._handle = os.fdopen(fd, "wb")
        self._tar = tarfile.open(fileobj=self._handle, mode="w", format=tarfile.PAX_FORMAT)
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            with self._handle:
                self._tar.close()
                self._handle.flush()
                os.fsync(self._handle.fileno())
            if exc_type is None:
                os.replace(self.partial, self.path)
        finally:
            self.partial.unlink(missing_ok=True)

    def add_local(self, member: str, path: Path) -> dict:
        """Add a file we own (it does not change while read); returns its manifest entry."""
        with open(path, "rb") as handle:
            reader = HashingReader(handle)
            self._tar.addfile(self._info(member, path.stat().st_size), reader)
        return entry(name=member, size=reader.size, sha256=reader.digest.hexdigest())

    def add_stream(self, member: str, source) -> tuple[int, str]:
        """Add a file that may change while read: copy it first, so size and bytes agree."""
        with tempfile.SpooledTemporaryFile(SPOOL_IN_MEMORY, dir=self.workdir) as spool:
            reader = HashingReader(source)
            shutil.copyfileobj(reader, spool, CHUNK)
            spool.seek(0)
            self._tar.addfile(self._info(member, reader.size), spool)
        return reader.size, reader.digest.hexdigest()

    def add_bytes(self, member: str, data: bytes) -> None:
        self._tar.addfile(self._info(member, len(data)), io.BytesIO(data))

    @staticmethod
    def _info(member: str, size: int) -> tarfile.TarInfo:
        info = tarfile.TarInfo(member)
        info.size = size
        info.mode = 0o600
        info.mtime = time.time()
        return info


def unreadable(path: Path, reason) -> ApplicationError:
    return ApplicationError(
        "backup.unreadable",
        _("The archive {path} cannot be read ({reason}); nothing was restored."),
        path=str(path),
        reason=reason,
    )


def archive_open(path: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(path, "r:")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise unreadable(path, exc) from exc


def manifest_read(tar: tarfile.TarFile, path: Path) -> dict:
    """The manifest, checked for shape and for names that could escape the storage."""
    try:
        handle = tar.extractfile(MANIFEST)
        manifest = json.load(handle)
    except KeyError as exc:
        raise unreadable(path, _("no manifest: the archive is incomplete")) from exc
    except (tarfile.TarError, OSError, EOFError, ValueError) as exc:
        raise unreadable(path, exc) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise unreadable(path, _("unknown archive format"))
    for item in manifest.get("files", []):
        name = PurePosixPath(item["path"])
        if name.is_absolute() or ".." in name.parts or not name.parts:
            raise unreadable(path, _("unsafe file name {name}").format(name=item["path"]))
    return manifest


def members_of(manifest: dict) -> list[tuple[str, dict]]:
    """(tar member, manifest entry) for the database dump and every file."""
    database = manifest["database"]
    files = [(FILES_PREFIX + item["path"], item) for item in manifest["files"]]
    return [(database["path"], database), *files]


def member_copy(tar: tarfile.TarFile, member: str, target) -> tuple[int, str]:
    """Copy one member into the binary file object `target`; returns (size, sha256)."""
    source = tar.extractfile(member)
    if source is None:
        raise KeyError(member)
    reader = HashingReader(source)
    shutil.copyfileobj(reader, target, CHUNK)
    return reader.size, reader.digest.hexdigest()


class _Discard(io.RawIOBase):
    def write(self, data) -> int:
        return len(data)


def archive_verify(path: Path) -> dict:
    """Check every hash the manifest names; returns the manifest or raises naming the file."""
    with archive_open(path) as tar:
        manifest = manifest_read(tar, path)
        for member, item in members_of(manifest):
            try:
                size, sha256 = member_copy(tar, member, _Discard())
            except KeyError as exc:
                raise damaged(path, member, _("missing from the archive")) from exc
            except (tarfile.TarError, OSError, EOFError) as exc:
                raise unreadable(path, exc) from exc
            if (size, sha256) != (item["size"], item["sha256"]):
                raise damaged(path, member, _("its checksum does not match the manifest"))
    return manifest


def damaged(path: Path, member: str, reason) -> ApplicationError:
    return ApplicationError(
        "backup.damaged",
        _("The archive {path} is damaged: “{member}” {reason}. Nothing was restored."),
        path=str(path),
        member=member,
        reason=reason,
    )
