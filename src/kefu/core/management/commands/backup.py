"""`kefu backup [--output PATH]`: write one archive with the database, the files and a manifest."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kefu.core.backup.services import backup_create
from kefu.core.errors import ApplicationError


class Command(BaseCommand):
    help = gettext_lazy(
        "Back up the database and every stored file into one archive "
        "(default folder: KEFU_HOME/backups)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", help=gettext_lazy("Archive file, or a folder to write it in.")
        )

    def handle(self, *args, output, **options):
        try:
            result = backup_create(output=output)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        manifest = result.manifest
        self.stdout.write(
            self.style.SUCCESS(
                _("Backup written: {path} ({tables} tables, {rows} rows, {files} files)").format(
                    path=result.path,
                    tables=len(manifest["tables"]),
                    rows=sum(manifest["tables"].values()),
                    files=len(manifest["files"]),
                )
            )
        )
