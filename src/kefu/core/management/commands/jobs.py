"""`kefu jobs`: the job ledger from the command line.

kefu jobs status                      runs per task and state
kefu jobs recover                     send again the runs whose worker died or message was lost
kefu jobs probe --count 10 --key K    enqueue probe jobs (each writes one audit row named K-<n>)
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Count

from kefu.core.job_runner import jobs_recover
from kefu.core.models import JobRun
from kefu.core.tasks import probe_job_task


class Command(BaseCommand):
    help = "Show the job ledger, recover lost runs, or enqueue probe jobs."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["status", "recover", "probe"])
        parser.add_argument("--count", type=int, default=1)
        parser.add_argument("--key", default="probe")
        parser.add_argument("--seconds", type=float, default=0, help="how long each probe holds")

    def handle(self, *args, action, count, key, seconds, **options):
        if action == "status":
            rows = JobRun.objects.values("task", "state").annotate(n=Count("pk"))
            for row in rows.order_by("task", "state"):
                self.stdout.write(f"{row['task']}\t{row['state']}\t{row['n']}")
        elif action == "recover":
            with transaction.atomic():
                outcome = jobs_recover()
            self.stdout.write(f"resent {outcome['resent']}, failed {outcome['failed']}")
        else:
            with transaction.atomic():
                for n in range(count):
                    probe_job_task(key=f"{key}-{n}", seconds=seconds)
            self.stdout.write(f"enqueued {count} probe jobs")
