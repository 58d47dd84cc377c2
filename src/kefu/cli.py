"""The `kefu` command: Django's management commands plus Kefu's own.

kefu run              migrate, seed the demo on an empty database, serve with a job consumer
kefu demo             create the demo data (users per role, customers, products)
kefu createapikey U   create an API key for user U and print it once
kefu backup [--output PATH]
                      write one archive (database, stored files, manifest with hashes);
                      default folder KEFU_HOME/backups
kefu restore PATH [--yes]
                      check the archive's hashes, replace the database and files with it,
                      then count rows and hash files again (exit 1 on a mismatch)
kefu <any Django management command>
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kefu.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line([sys.argv[0], *sys.argv[1:]])


if __name__ == "__main__":
    main()
