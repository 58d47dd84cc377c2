"""`kefu createapikey USERNAME [--name NAME]`: create an API key and print it once."""

from django.core.management.base import BaseCommand, CommandError

from kefu.accounts.models import User
from kefu.accounts.services import api_key_create


class Command(BaseCommand):
    help = "Create an API key for a user; the key is printed once and stored only as a hash."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="command line")

    def handle(self, *args, username, name, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user named {username!r}")
        _key, raw = api_key_create(user=user, name=name)
        self.stdout.write(raw)
