"""`kefu restore PATH [--yes]`: check an archive, replace the data with it, and check the result."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kefu.core.backup.services import backup_restore
from kefu.core.errors import ApplicationError


class Command(BaseCommand):
    help = gettext_lazy(
        "Restore the database and the stored files from an archive made by `kefu backup`; "
        "this replaces the current data."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help=gettext_lazy("The archive to restore."))
        parser.add_argument(
            "--yes", action="store_true", help=gettext_lazy("Do not ask for confirmation.")
        )

    def handle(self, *args, path, yes, **options):
        try:
            report = backup_restore(path=path, confirm=(lambda _m: True) if yes else self._ask)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self._report(report)
        if not report.ok:
            raise CommandError(_("The restored data does not match the archive."))
        manifest = report.manifest
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Restored and checked: {tables} tables and {files} files "
                    "match the archive of {created_at}."
                ).format(
                    tables=len(manifest["tables"]),
                    files=len(manifest["files"]),
                    created_at=manifest["created_at"],
                )
            )
        )

    def _report(self, report) -> None:
        for table, expected, found in report.table_mismatches:
            self.stderr.write(
                _("Table {table}: {expected} rows in the archive, {found} now.").format(
                    table=table, expected=expected, found=found
                )
            )
        for name in report.file_mismatches:
            self.stderr.write(_("File {name} differs from the archive.").format(name=name))
        if report.extra_files:
            text = _("{count} stored files are not in the archive; they were left as they are.")
            self.stdout.write(text.format(count=len(report.extra_files)))
        if report.pending:
            text = _("{count} migrations are pending: run `kefu migrate`.")
            self.stdout.write(self.style.WARNING(text.format(count=len(report.pending))))

    def _ask(self, manifest: dict) -> bool:
        self.stdout.write(
            _(
                "This replaces the database “{database}” and the stored files with the archive "
                "made {created_at} by Kefu {version}."
            ).format(
                database=connection.settings_dict["NAME"],
                created_at=manifest["created_at"],
                version=manifest["kefu_version"],
            )
        )
        try:
            answer = input(_("Type yes to continue: "))
        except (EOFError, OSError):
            self.stdout.write("")
            return False
        return answer.strip().lower() in {"yes", "y", _("yes")}
