"""`make bench`: prepare the bench database, generate data if needed, run scenarios, print a table.

    .venv/bin/python -m bench.run [--customers N] [--iterations N] [--skip-generate]
                                  [--only SCENARIO ...]

PostgreSQL comes from KEFU_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/
kefu_bench); the database is created when missing and migrated. Requests go in-process through
Django's test client, so the times are server-side: middleware, view, queries, rendering.
"""

import argparse
import importlib
import os
import platform
import sys

from bench.registry import Bench, notes, progress, selected, table

# Each app with scenarios has one module here; a later issue adds its module to this list.
SCENARIO_MODULES = (
    "bench.customers",
    "bench.service",
    "bench.load",
    "bench.knowledge",
    "bench.grading",
)
BENCH_USER = "bench"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--customers",
        type=int,
        default=1_000_000,
        help="customers to generate up to (default 1,000,000)",
    )
    parser.add_argument(
        "--tickets",
        type=int,
        default=1_000_000,
        help="tickets to generate up to when a service scenario runs (default 1,000,000)",
    )
    parser.add_argument(
        "--iterations",
        type=int,
        default=None,
        help="timed requests per row (default: each scenario's own)",
    )
    parser.add_argument(
        "--skip-generate",
        action="store_true",
        help="measure what the database holds; generate nothing",
    )
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="SCENARIO",
        help="scenario names, or app prefixes such as 'customers'",
    )
    return parser.parse_args(argv)


def bench_user():
    """A manager (sees every customer: customers.view_all_customers) under the bench HQ."""
    from kefu.accounts.models import OrgUnit, User
    from kefu.accounts.services import user_create

    user = User.objects.filter(username=BENCH_USER).first()
    if user is None:
        user = user_create(
            username=BENCH_USER,
            password=None,
            name="基准测试",
            org_unit=OrgUnit.objects.filter(code="BENCH-HQ").first(),
            roles=("manager",),
        )
    if not user.has_perm("customers.view_all_customers"):
        raise SystemExit("bench: the bench user lacks customers.view_all_customers")
    return user


def clients(user, raw_key: str):
    """(page client with a session, API client with the key), both for `user`."""
    from django.conf import settings
    from django.test import Client

    host = next(
        (h for h in settings.ALLOWED_HOSTS if h not in ("", "*") and not h.startswith(".")),
        "localhost",
    )
    page = Client(HTTP_HOST=host)
    page.force_login(user)
    return page, Client(HTTP_HOST=host, HTTP_AUTHORIZATION=f"Bearer {raw_key}")


def _header(url: str, customers: int) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    where = url.rsplit("@", 1)[-1]
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"Kefu bench: PostgreSQL {version} at {where}, {customers:,} customers; "
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs (load average {load} at the "
        f"end); server-side times of sequential requests"
    )


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    from bench.database import prepare

    url = prepare()
    from bench.generate import customer_count, generate

    for module in SCENARIO_MODULES:
        importlib.import_module(module)
    chosen_scenarios = selected(args.only)
    generated = []
    if not args.skip_generate:
        progress(f"generating up to {args.customers:,} customers …")
        generated.append(generate(customers=args.customers, log=progress))
        if any(s.name.startswith(("service.", "load.")) for s in chosen_scenarios):
            from bench.tickets_data import generate_tickets

            progress(f"generating up to {args.tickets:,} tickets …")
            generated.append(generate_tickets(tickets=args.tickets, log=progress))
    from kefu.accounts.services import api_key_create, api_key_revoke

    user = bench_user()
    key, raw = api_key_create(user=user, name="bench run")
    page, api = clients(user, raw)
    bench = Bench(client=page, api=api, customers=customer_count(), iterations=args.iterations)
    results = []
    try:
        for chosen in chosen_scenarios:
            progress(f"{chosen.name} …")
            results.extend(chosen.run(bench))
    finally:
        api_key_revoke(key=key, by=user)
    print(_header(url, bench.customers))
    for done in generated:
        print(done.line())
    print()
    print(table(results))
    lines = notes(results)
    if lines:
        print()
        print("\n".join(lines))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
