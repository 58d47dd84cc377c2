"""Backup and restore of a whole installation: `backup_create` and `backup_restore`.

A restore first checks every hash in the archive and that the database vendor matches, asks for
confirmation, then replaces the database (one transaction on PostgreSQL, one backup-API step on
SQLite) and the files, and finally counts rows and hashes files again against the manifest.
The database and the object storage cannot share one transaction: if storing files fails after
the database was restored, the report says which files differ.
"""

import json
import logging
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.core.backup import archive as tar
from kefu.core.backup.database import (
    DUMP_NAMES,
    database_dump,
    database_restore,
    live_row_counts,
    live_table_names,
    pending_migrations,
)
from kefu.core.backup.media import storage_hash, storage_names, storage_open, storage_put
from kefu.core.errors import ApplicationError

log = logging.getLogger(__name__)


def kefu_version() -> str:
    try:
        return version("kefu")
    except PackageNotFoundError:
        return "unknown"


@dataclass
class BackupResult:
    path: Path
    manifest: dict


@dataclass
class RestoreReport:
    """What the restored installation holds compared with the manifest."""

    manifest: dict
    table_mismatches: list[tuple[str, int, int | None]] = field(default_factory=list)
    file_mismatches: list[str] = field(default_factory=list)
    extra_files: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.table_mismatches and not self.file_mismatches


def _target(output: Path | None, now) -> Path:
    name = f"kefu-backup-{timezone.localtime(now):%Y%m%d-%H%M%S}.tar"
    if output is None:
        target = Path(settings.KEFU_HOME) / "backups" / name
    else:
        folder = Path(output).is_dir() or str(output).endswith(("/", os.sep))
        target = Path(output) / name if folder else Path(output)
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    return target


def _write_failed(target: Path, exc: OSError) -> ApplicationError:
    return ApplicationError(
        "backup.write_failed",
        _("The archive {path} could not be written ({reason}); no archive was left behind."),
        path=str(target),
        reason=exc.strerror or exc,
    )


def backup_create(*, output: Path | None = None) -> BackupResult:
    """Write one archive with the database, every stored file and the manifest."""
    now = timezone.now()
    target = Path(output) if output else Path(settings.KEFU_HOME) / "backups"
    try:
        target = _target(output, now)
        with tempfile.TemporaryDirectory(dir=target.parent, prefix=".kefu-backup-") as work:
            with tar.ArchiveWriter(target, workdir=Path(work)) as archive:
                manifest = _write_members(archive, workdir=Path(work), now=now)
    except OSError as exc:
        raise _write_failed(target, exc) from exc
    log.info("backup written to %s", target)
    return BackupResult(path=target, manifest=manifest)


def _write_members(archive: tar.ArchiveWriter, *, workdir: Path, now) -> dict:
    dump = database_dump(workdir=workdir)
    database = archive.add_local(dump.path.name, dump.path) | {"vendor": dump.vendor}
    dump.path.unlink()  # it is in the archive now: give the disk space back early
    files = []
    # Listed after the dump: a file uploaded meanwhile is archived too (harmless); one deleted
    # meanwhile is skipped, as the database and the storage share no transaction.
    for name in storage_names():
        try:
            source = storage_open(name)
        except FileNotFoundError:
            continue
        with source:
            size, sha256 = archive.add_stream(tar.FILES_PREFIX + name, source)
        files.append(tar.entry(name=name, size=size, sha256=sha256))
    manifest = {
        "format": tar.FORMAT,
        "kefu_version": kefu_version(),
        "created_at": now.isoformat(),
        "database": database,
        "migrations": dump.migrations,
        "tables": dump.tables,
        "files": files,
    }
    archive.add_bytes(tar.MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False).encode())
    return manifest


def backup_inspect(*, path: Path) -> dict:
    """Verify the archive and that it fits this installation; returns its manifest."""
    manifest = tar.archive_verify(path)
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise ApplicationError(
            "backup.wrong_vendor",
            _("The archive holds a {archived} database; this installation uses {current}."),
            archived=vendor,
            current=connection.vendor,
        )
    extra = sorted(set(live_table_names()) - set(manifest["tables"]))
    if extra and vendor == "postgresql":
        # pg_restore --clean drops only what the dump holds; tables from a newer version
        # would survive (and may block the drops through their foreign keys).
        raise ApplicationError(
            "backup.extra_tables",
            _(
                "The database holds tables the archive does not have ({tables}), probably made "
                "by a newer Kefu. Restore into an empty database, then run `kefu migrate`."
            ),
            tables=", ".join(extra[:10]),
        )
    return manifest


def backup_restore(*, path: Path, confirm: Callable[[dict], bool]) -> RestoreReport:
    """Replace the database and files with the archive's, then check them against it."""
    path = Path(path)
    manifest = backup_inspect(path=path)
    if not confirm(manifest):
        raise ApplicationError("backup.cancelled", _("Restore cancelled; nothing was changed."))
    with tempfile.TemporaryDirectory(dir=settings.KEFU_HOME, prefix=".kefu-restore-") as work:
        with tar.archive_open(path) as archive:
            dump = _extract_dump(archive, path=path, manifest=manifest, workdir=Path(work))
            database_restore(source=dump)
            _restore_files(archive, manifest=manifest)
    cache.clear()  # cached permissions, parameters and look-ups describe the old data
    log.warning("restored %s (made %s)", path, manifest["created_at"])
    return _compare(manifest)


def _extract_dump(archive, *, path: Path, manifest: dict, workdir: Path) -> Path:
    item = manifest["database"]
    target = workdir / DUMP_NAMES[item["vendor"]]
    with open(target, "wb") as handle:
        size, sha256 = tar.member_copy(archive, item["path"], handle)
    # Checked again: the archive could have changed since it was verified.
    if (size, sha256) != (item["size"], item["sha256"]):
        raise tar.damaged(path, item["path"], _("its checksum does not match the manifest"))
    return target


def _restore_files(archive, *, manifest: dict) -> None:
    for item in manifest["files"]:
        source = archive.extractfile(tar.FILES_PREFIX + item["path"])
        try:
            storage_put(item["path"], source)
        except OSError as exc:
            raise ApplicationError(
                "backup.file_not_restored",
                _("The file “{name}” could not be restored ({reason}); the database was."),
                name=item["path"],
                reason=exc.strerror or exc,
            ) from exc


def _compare(manifest: dict) -> RestoreReport:
    report = RestoreReport(manifest=manifest)
    counts = live_row_counts()
    for table, expected in manifest["tables"].items():
        if counts.get(table) != expected:
            report.table_mismatches.append((table, expected, counts.get(table)))
    archived = set()
    for item in manifest["files"]:
        archived.add(item["path"])
        if storage_hash(item["path"]) != (item["size"], item["sha256"]):
            report.file_mismatches.append(item["path"])
    report.extra_files = [name for name in storage_names() if name not in archived]
    report.pending = pending_migrations()
    return report
