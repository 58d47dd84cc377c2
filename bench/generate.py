"""Fill the bench database with customers, phones, addresses and installed products, by COPY.

    .venv/bin/python -m bench.generate --customers 1000000

Tops up to the requested number of customers (a re-run does nothing). Rows are what the app's
services would write: codes from `code_for`, E.164 phones with `reversed_digits` as `phone_row`
makes them, `name_initials` and `search_text` from the app's own functions (memoised per name;
samples are checked against the uncached functions). Customers and addresses get explicit ids;
every id sequence is moved past them afterwards.
"""

import argparse
import datetime
import json
import multiprocessing
import os
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench import names, phones
from bench.basedata import BaseData, base_data
from bench.bulkload import bulk_load, copy_rows, finish

BATCH = 50_000
EPOCH = datetime.datetime(2021, 1, 1, tzinfo=datetime.UTC)
CUSTOMER_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "kind",
    "code",
    "name",
    "name_initials",
    "grade",
    "email",
    "main_business",
    "contact_person",
    "gender",
    "birth_date",
    "occupation",
    "hobbies",
    "notes",
    "search_text",
    "version",
    "org_unit_id",
    "region_id",
)
PHONE_COLUMNS = ("customer_id", "number", "reversed_digits", "kind", "label", "is_primary")
ADDRESS_COLUMNS = ("id", "customer_id", "region_id", "detail", "postcode", "label", "is_default")
ASSET_COLUMNS = (
    "created_at",
    "updated_at",
    "customer_id",
    "product_model_id",
    "serial_number",
    "purchase_date",
    "warranty_end",
    "address_id",
    "notes",
)
TABLES = ("customers_customer", "customers_phone", "customers_address", "customers_asset")


@dataclass
class Batch:
    customers: list = field(default_factory=list)
    phones: list = field(default_factory=list)
    addresses: list = field(default_factory=list)
    assets: list = field(default_factory=list)


@dataclass
class Generated:
    customers: int = 0
    phones: int = 0
    addresses: int = 0
    assets: int = 0
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)  # phase → seconds
    skipped: bool = False
    total: int = 0
    previous: str = ""  # the last generation's line, when skipped

    def line(self) -> str:
        if self.skipped:
            earlier = f"; last generation: {self.previous}" if self.previous else ""
            return f"generation: skipped, the database holds {self.total:,} customers{earlier}"
        phases = ", ".join(f"{name} {_duration(sec)}" for name, sec in self.phases.items())
        return (
            f"generation: {self.customers:,} customers, {self.phones:,} phones, "
            f"{self.addresses:,} addresses, {self.assets:,} assets in {_duration(self.seconds)} "
            f"({phases}; {self.customers / max(self.seconds, 1e-9):,.0f} customers/s), "
            f"now {self.total:,} customers"
        )


def _record_file() -> Path:
    from django.conf import settings

    return Path(settings.KEFU_HOME) / "bench-generation.json"


def _remember(line: str) -> None:
    """Keep the line per database, so a run that skips generation can still show it."""
    from django.db import connection

    path = _record_file()
    records = json.loads(path.read_text()) if path.exists() else {}
    when = datetime.datetime.now(datetime.UTC)
    records[connection.settings_dict["NAME"]] = (
        f"{line.removeprefix('generation: ')} ({when:%Y-%m-%d %H:%M} UTC)"
    )
    path.write_text(json.dumps(records, ensure_ascii=False, indent=1))


def _remembered() -> str:
    from django.db import connection

    path = _record_file()
    records = json.loads(path.read_text()) if path.exists() else {}
    return records.get(connection.settings_dict["NAME"], "")


def _duration(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}m{rest:02d}s" if minutes else f"{seconds:.1f}s"


class RowMaker:
    """Makes the rows of one customer; `rng` is seeded per batch, so a re-run is identical."""

    def __init__(self, base: BaseData, texts, rng: random.Random):
        self.base, self.texts, self.rng = base, texts, rng

    def add(self, batch: Batch, pk: int, address_id: int) -> None:
        """Append customer `pk` and its rows to `batch`; addresses get ids from `address_id`."""
        rng = self.rng
        district, province = rng.choice(self.base.districts)
        created = EPOCH + datetime.timedelta(seconds=pk * 120)
        person = rng.random() < 0.8
        row = self._person(pk) if person else self._company()
        code = f"KH{pk:08d}"
        initials, search_text = self.texts.texts(
            name=row["name"], code=code, contact=row["contact"], business=row["business"]
        )
        batch.customers.append(
            (
                pk,
                created,
                created,
                "person" if person else "company",
                code,
                row["name"],
                initials,
                rng.choice(names.GRADES),
                row["email"],
                row["business"],
                row["contact"],
                row["gender"],
                row["birth"],
                row["occupation"],
                row["hobbies"],
                "",
                search_text,
                1,
                self.base.org_unit_for(province),
                district,
            )
        )
        self._phones(batch, pk, province, person)
        first_address = address_id
        for index in range(1 if rng.random() < 0.85 else 2):
            region = district if index == 0 else rng.choice(self.base.districts)[0]
            batch.addresses.append(
                (
                    address_id,
                    pk,
                    region,
                    names.street_address(rng),
                    f"{rng.randint(10, 85)}{rng.randint(0, 9999):04d}"
                    if rng.random() < 0.4
                    else "",
                    ("家" if person else "公司") if index == 0 else "其他",
                    index == 0,
                )
            )
            address_id += 1
        self._assets(batch, pk, created, first_address)

    def _person(self, pk: int) -> dict:
        rng = self.rng
        gender = rng.choice("mf")
        name = names.person_name(rng, gender)
        email = ""
        if rng.random() < 0.2:
            email = f"{self.texts.full_pinyin(name)}{pk % 1000}@{rng.choice(names.MAIL_DOMAINS)}"
        return {
            "name": name,
            "contact": "",
            "business": "",
            "gender": gender,
            "email": email,
            "birth": datetime.date(rng.randint(1950, 2005), rng.randint(1, 12), rng.randint(1, 28)),
            "occupation": rng.choice(names.OCCUPATIONS),
            "hobbies": rng.choice(names.HOBBIES),
        }

    def _company(self) -> dict:
        rng = self.rng
        name, business = names.company_name(rng)
        contact = names.person_name(rng, rng.choice("mf"))
        return {
            "name": name,
            "contact": contact,
            "business": business,
            "gender": "",
            "email": "",
            "birth": None,
            "occupation": "",
            "hobbies": "",
        }

    def _phones(self, batch: Batch, pk: int, province: str, person: bool) -> None:
        rng = self.rng
        wanted = [("mobile", 0)] if person else [("fixed", 0)]
        if person and rng.random() < 0.1:
            wanted.append(("mobile", 1))
        if (person and rng.random() < 0.15) or (not person and rng.random() < 0.7):
            wanted.append(("mobile", 0) if not person else ("fixed", 0))
        for index, (kind, slot) in enumerate(wanted):
            national = (
                phones.mobile(pk, slot) if kind == "mobile" else phones.fixed_line(pk, province)
            )
            row = (pk, phones.e164(national), national[::-1], kind, "", index == 0)
            if pk % 997 == 0:
                from bench.derived import check_phone

                check_phone(national, row)
            batch.phones.append(row)

    def _assets(self, batch: Batch, pk: int, created: datetime.datetime, address: int) -> None:
        rng = self.rng
        count = rng.choices((0, 1, 2, 3), (30, 45, 18, 7))[0]
        for slot in range(count):
            model_id, months, type_code = rng.choice(self.base.models)
            bought = created.date() - datetime.timedelta(days=rng.randint(0, 1500))
            serial = f"{type_code}{bought:%y%m}{pk:08d}{slot}"
            batch.assets.append(
                (
                    created,
                    created,
                    pk,
                    model_id,
                    serial,
                    bought,
                    self.texts.warranty_end(bought, months),
                    address,
                    "",
                )
            )


def _write(cursor, batch: Batch) -> None:
    copy_rows(cursor, "customers_customer", CUSTOMER_COLUMNS, batch.customers)
    copy_rows(cursor, "customers_address", ADDRESS_COLUMNS, batch.addresses)
    copy_rows(cursor, "customers_phone", PHONE_COLUMNS, batch.phones)
    copy_rows(cursor, "customers_asset", ASSET_COLUMNS, batch.assets)


def _scalar(query: str):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(query)
        return cursor.fetchone()[0]


def customer_count() -> int:
    return _scalar("SELECT COUNT(*) FROM customers_customer")


@dataclass(frozen=True)
class Task:
    first_pk: int
    count: int
    first_address_id: int  # of `first_pk`; each customer owns two address ids


_worker: dict = {}


def _init_worker(base: BaseData, url: str) -> None:
    from django.apps import apps

    if not apps.ready:  # spawned rather than forked
        from bench.database import setup_django

        setup_django(url)
    from bench.derived import TextCache

    _worker.update(base=base, texts=TextCache())


def _make(task: Task) -> Batch:
    """The rows of customers first_pk … first_pk + count - 1 (in a worker process)."""
    maker = RowMaker(_worker["base"], _worker["texts"], random.Random(task.first_pk))
    batch = Batch()
    for pk in range(task.first_pk, task.first_pk + task.count):
        maker.add(batch, pk, task.first_address_id + 2 * (pk - task.first_pk))
    return batch


def _tasks(first_pk: int, first_address_id: int, total: int, size: int) -> list[Task]:
    return [
        Task(first_pk + done, min(size, total - done), first_address_id + 2 * done)
        for done in range(0, total, size)
    ]


def generate(
    *, customers: int = 1_000_000, batch_size: int = BATCH, workers: int | None = None, log=print
) -> Generated:
    """Top the database up to `customers` customers (with their phones, addresses, assets).

    Worker processes make the rows while this process COPYs them, all in one transaction (see
    bench.bulkload): an interrupted run leaves nothing behind and the next run starts again.
    """
    from django.db import connections

    have = customer_count()
    if have >= customers:
        return Generated(skipped=True, total=have, previous=_remembered())
    started = time.perf_counter()
    base = base_data()
    first_pk = _scalar("SELECT COALESCE(MAX(id), 0) FROM customers_customer") + 1
    first_address = _scalar("SELECT COALESCE(MAX(id), 0) FROM customers_address") + 1
    tasks = _tasks(first_pk, first_address, customers - have, batch_size)
    workers = workers or max(1, os.cpu_count() or 1)
    done = Generated()
    connections.close_all()  # forked workers must not share this process's connection
    with (
        multiprocessing.get_context("fork").Pool(
            workers,
            initializer=_init_worker,
            initargs=(base, os.environ.get("KEFU_DATABASE_URL", "")),
        ) as pool,
        bulk_load(TABLES, rebuild_indexes=customers - have >= have) as cursor,
    ):
        for batch in pool.imap(_make, tasks):
            _write(cursor, batch)
            done.customers += len(batch.customers)
            done.phones += len(batch.phones)
            done.addresses += len(batch.addresses)
            done.assets += len(batch.assets)
            log(
                f"  {have + done.customers:,}/{customers:,} customers copied "
                f"({time.perf_counter() - started:.0f} s)"
            )
        done.phases["rows and COPY"] = time.perf_counter() - started
        log(f"  building indexes ({time.perf_counter() - started:.0f} s)")
    done.phases["indexes"] = time.perf_counter() - started - done.phases["rows and COPY"]
    log(f"  VACUUM ANALYZE ({time.perf_counter() - started:.0f} s)")
    finish(TABLES)
    done.seconds = time.perf_counter() - started
    done.phases["VACUUM ANALYZE"] = done.seconds - sum(done.phases.values())
    done.total = have + done.customers
    _remember(done.line())
    return done


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.generate",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--tickets", type=int, default=0, help="tickets to generate up to")
    args = parser.parse_args(argv)
    from bench.database import prepare

    prepare()
    log = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
    result = generate(customers=args.customers, log=log)
    print(result.line())
    if args.tickets:
        from bench.tickets_data import generate_tickets

        print(generate_tickets(tickets=args.tickets, log=log).line())


if __name__ == "__main__":
    main()
