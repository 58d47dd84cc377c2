"""`kefu demo`: seed an empty database with the demo; refuse politely when users exist."""

import time

from django.core.management.base import BaseCommand

from kefu.demo.content import PASSWORD
from kefu.demo.seeding import demo_exists, demo_logins, demo_seed


class Command(BaseCommand):
    help = (
        "Create the demo data (org units, one user per role, base data, customers with their "
        "products). Does nothing when the database already has users."
    )

    def handle(self, *args, **options):
        if demo_exists():
            self.stdout.write(
                self.style.WARNING(
                    "The database already has users: the demo exists (or real data does). "
                    "Nothing was changed."
                )
            )
            return
        started = time.perf_counter()
        counts = demo_seed()
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Demo data created in {elapsed:.1f} s:"))
        for label, count in counts.items():
            self.stdout.write(f"  {label:<20}{count:>6}")
        self._print_logins()

    def _print_logins(self):
        self.stdout.write(f"Demo logins (password {PASSWORD}):")
        for username, role, name, unit in demo_logins():
            self.stdout.write(f"  {username:<12} {name} · {role} · {unit}")
