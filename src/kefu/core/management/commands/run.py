"""`kefu run`: migrate, seed the demo on an empty database, serve with a job consumer."""

import signal
import subprocess
import sys

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Migrate, seed the demo when the database is empty, serve the app and a job consumer."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-demo", action="store_true", help="Do not seed demo data.")
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Do not start a job consumer (run `kefu run_huey` elsewhere).",
        )

    def handle(self, *args, host, port, no_demo, no_worker, **options):
        call_command("migrate", interactive=False, verbosity=0)
        seeded = False
        if not no_demo and not get_user_model().objects.exists():
            self.stdout.write("Empty database: seeding the demo …")
            call_command("demo")
            seeded = True
        worker = None
        if not no_worker:
            worker = subprocess.Popen([sys.executable, "-m", "kefu.cli", "run_huey"])
        self.stdout.write(self.style.SUCCESS(f"Kefu is at http://{host}:{port}/"))
        if not no_demo and not seeded:
            self.stdout.write(
                "Demo logins (password kefu-demo): admin, agent1, expert1, "
                "supervisor1, manager1, dispatcher1, outlet1, parts1, finance1"
            )
        # uvicorn re-raises SIGTERM after its graceful shutdown; turning it into SystemExit lets
        # the `finally` below stop the job consumer instead of leaving it orphaned.
        signal.signal(signal.SIGTERM, lambda *_args: sys.exit(0))
        try:
            import uvicorn

            uvicorn.run(
                "kefu.asgi:application",
                host=host,
                port=port,
                log_level="info" if settings.DEBUG else "warning",
            )
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)
