"""What the load test's users need, prepared in the bench's Django process: a logged-in session
per simulated user, the caller phones and customers of each branch, and the clean-up afterwards.

Sessions are made the way `django.test.Client.force_login` makes them (a row in the session
table, as a password login leaves it): a login per simulated user at the 50-users-a-second ramp
would time Argon2 (about 100 MB and tens of milliseconds each) instead of the working day that
follows it. The users are the generated staff of the bench tree (bench/tickets_base.py), who own
tickets and sit in queues, so "mine", "my queues" and the outlets' lists are not empty; several
simulated users share one account when there are more of them than accounts.
"""

import math
import secrets
import string
from dataclasses import dataclass, field

import phonenumbers

from bench.basedata import BRANCHES
from bench.registry import BenchError
from bench.tickets_base import AGENTS_PER_UNIT, OUTLETS_PER_BRANCH, STAFF_PER_OUTLET

# The share of each class in locustfile.py (portal users: no portal yet).
WEIGHTS = {"agent": 60, "dispatcher": 15, "outlet": 20}
SAMPLES_PER_BRANCH = 300
CSRF_ALPHABET = string.ascii_letters + string.digits


def usernames(role: str) -> list[tuple[str, str]]:
    """(username, branch code) of every generated member of staff of `role`."""
    names = []
    for code, _name, _provinces in BRANCHES:
        prefix = code.lower()
        if role == "agent":
            names += [(f"{prefix}-agent{n}", code) for n in range(1, AGENTS_PER_UNIT + 1)]
        elif role == "dispatcher":
            names.append((f"{prefix}-dispatcher", code))
        else:
            names += [
                (f"{prefix}-o{o}-tech{s}", code)
                for o in range(1, OUTLETS_PER_BRANCH + 1)
                for s in range(1, STAFF_PER_OUTLET + 1)
            ]
    return names


@dataclass
class Marks:
    """The highest ids before the run: rows above them are the run's and are removed after."""

    ticket: int = 0
    event: int = 0
    interaction: int = 0
    notification: int = 0
    sessions: list[str] = field(default_factory=list)


def _highest() -> Marks:
    from django.db import connection

    marks = Marks()
    with connection.cursor() as cursor:
        for name, table in (
            ("ticket", "service_ticket"),
            ("event", "service_ticketevent"),
            ("interaction", "service_interaction"),
            ("notification", "service_notification"),
        ):
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
            setattr(marks, name, cursor.fetchone()[0])
    return marks


def _session(user, host: str) -> str:
    from django.conf import settings
    from django.test import Client

    client = Client(HTTP_HOST=host)
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _sessions(users: int, host: str, marks: Marks) -> dict[str, list[dict]]:
    from kefu.accounts.models import User

    total = sum(WEIGHTS.values())
    sessions = {}
    for role, weight in WEIGHTS.items():
        staff = usernames(role)
        found = {u.username: u for u in User.objects.filter(username__in=[n for n, _b in staff])}
        if len(found) < len(staff):
            raise BenchError(f"bench staff of role {role} missing: generate tickets first")
        wanted = math.ceil(users * weight / total) + 2
        sessions[role] = []
        for n in range(wanted):
            username, branch = staff[n % len(staff)]
            key = _session(found[username], host)
            marks.sessions.append(key)
            csrf = "".join(secrets.choice(CSRF_ALPHABET) for _ in range(32))
            sessions[role].append({"session": key, "csrf": csrf, "branch": branch})
    return sessions


def _national(e164: str) -> str:
    """What caller ID shows the desk: 13812345678, 02112345678."""
    number = phonenumbers.parse(e164)
    return (
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        .replace(" ", "")
        .replace("-", "")
    )


def _branch_samples(code: str, seed: int) -> tuple[list[str], list[int]]:
    """Phones and customer ids of one branch: a spread sample (ids ≡ seed mod 97)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.id, p.number FROM customers_customer c "
            "JOIN accounts_orgunit u ON u.id = c.org_unit_id "
            "JOIN customers_phone p ON p.customer_id = c.id "
            "WHERE u.code = %s AND c.deleted_at IS NULL AND c.id %% 97 = %s LIMIT %s",
            [code, seed % 97, SAMPLES_PER_BRANCH],
        )
        rows = cursor.fetchall()
    if not rows:
        raise BenchError(f"no customers of {code}: generate first")
    return [_national(number) for _pk, number in rows], sorted({pk for pk, _n in rows})


def prepare_plan(*, users: int, host: str, seed: int) -> tuple[dict, Marks]:
    """The plan file's content, and the marks to clean up from."""
    from django.conf import settings

    marks = _highest()
    phones, customers = {}, {}
    for n, (code, _name, _provinces) in enumerate(BRANCHES):
        phones[code], customers[code] = _branch_samples(code, seed + n)
    plan = {
        "host": host,
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "sessions": _sessions(users, host, marks),
        "phones": phones,
        "customers": customers,
    }
    return plan, marks


def clean_up(marks: Marks) -> int:
    """Remove what the run wrote (tickets, notes, contacts, notifications, its sessions);
    audit rows are append-only and stay. Answers the number of tickets removed."""
    from django.contrib.sessions.models import Session
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        for table in ("service_ticketevent", "service_notification", "service_attachment"):
            cursor.execute(f"DELETE FROM {table} WHERE ticket_id > %s", [marks.ticket])
        cursor.execute("DELETE FROM service_ticketevent WHERE id > %s", [marks.event])
        cursor.execute("DELETE FROM service_notification WHERE id > %s", [marks.notification])
        cursor.execute(
            "DELETE FROM service_interaction_tickets WHERE interaction_id > %s OR ticket_id > %s",
            [marks.interaction, marks.ticket],
        )
        cursor.execute("DELETE FROM service_interaction WHERE id > %s", [marks.interaction])
        cursor.execute("DELETE FROM service_ticket WHERE id > %s", [marks.ticket])
        removed = cursor.rowcount
        Session.objects.filter(session_key__in=marks.sessions).delete()
    return removed
