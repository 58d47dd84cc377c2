"""Scenarios of the customers app: caller-ID look-up, search (list page and API), the plain list.

Values are sampled from the database (random customers), never made up, so every query is one a
real agent could type and should find something.
"""

from urllib.parse import urlencode

from bench import names, phones
from bench.registry import WARMUP, Bench, BenchError, scenario

LOOKUP_P95_MS = 5
SEARCH_P95_MS = 50
EMPTY_LIST_MARK = b'class="text-center text-muted py-4"'  # core/list_table.html, no rows


def _rows(bench: Bench, count: int, where: str = "TRUE", phone_kind: str = "") -> list[tuple]:
    """(id, kind, name, name_initials, phone number, phone kind) of `count` random customers
    matching `where`, each with one of its phones (of `phone_kind` when given) at random."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT MIN(id), MAX(id) FROM customers_customer")
        low, high = cursor.fetchone()
        found: list[tuple] = []
        for _attempt in range(20):
            if low is None or len(found) >= count:
                break
            ids = [bench.rng.randint(low, high) for _ in range(count * 3)]
            seed = str(bench.rng.random())  # picks "one phone at random", reproducibly
            cursor.execute(
                "SELECT c.id, c.kind, c.name, c.name_initials, p.number, p.kind FROM "
                "customers_customer c JOIN LATERAL (SELECT number, kind FROM customers_phone "
                "WHERE customer_id = c.id AND (%s = '' OR kind = %s) "
                "ORDER BY md5(number || %s) LIMIT 1) p ON TRUE "
                f"WHERE c.id = ANY(%s) AND c.deleted_at IS NULL AND {where}",
                [phone_kind, phone_kind, seed, ids],
            )
            found.extend(cursor.fetchall())
    if len(found) < count:
        raise BenchError(f"found {len(found)} of {count} customers where {where}; generate first")
    bench.rng.shuffle(found)
    return found[:count]


def _national(e164: str) -> str:
    return e164.removeprefix("+86")


def _company_word(name: str) -> str | None:
    """A distinctive word of a company name (its brand) that the search index holds."""
    from kefu.core.text import query_terms, segment

    indexed = set(segment(name))
    words = [w for w in names.BRANDS if w in name and w in indexed and query_terms(w) == [w]]
    return words[0] if words else None


def _json_found(response) -> bool:
    data = response.json()
    return bool(data["items"] if isinstance(data, dict) else data)


def _page_found(response) -> bool:
    return EMPTY_LIST_MARK not in response.content


def _queries(bench: Bench, count: int) -> dict[str, list[str]]:
    """Search terms of each kind an agent types, from random customers."""
    people = _rows(bench, count, "c.kind = 'person'")
    companies = _rows(bench, count * 2, "c.kind = 'company'")
    words = [w for w in (_company_word(row[2]) for row in companies) if w]
    return {
        "full mobile": [_national(row[4]) for row in _rows(bench, count, phone_kind="mobile")],
        "last 4 digits": [_national(row[4])[-4:] for row in _rows(bench, count)],
        "name (汉字)": [row[2] for row in people],
        "pinyin initials": [row[3] for row in people],
        "company word": words[:count],
    }


@scenario("customers.lookup")
def caller_id_lookup(bench: Bench):
    """GET /api/v1/customers/lookup?phone=… with a real number in the formats callers send."""
    paths = []
    for row in _rows(bench, bench.n(300) + WARMUP):
        national, kind = _national(row[4]), row[5]
        number = bench.rng.choice(phones.formats(national, kind))
        paths.append("/api/v1/customers/lookup?" + urlencode({"phone": number}))
    yield bench.measure(
        "caller-ID look-up (API)",
        paths,
        client=bench.api,
        target_p95_ms=LOOKUP_P95_MS,
        found=_json_found,
    )


@scenario("customers.search")
def customer_search(bench: Bench):
    """GET /customers/?q=… (the list page) for each kind of search term."""
    for kind, queries in _queries(bench, bench.n(100) + WARMUP).items():
        paths = ["/customers/?" + urlencode({"q": q}) for q in queries]
        yield bench.measure(
            f"customer search, list page: {kind}",
            paths,
            target_p95_ms=SEARCH_P95_MS,
            found=_page_found,
        )


@scenario("customers.search_api")
def customer_search_api(bench: Bench):
    """GET /api/v1/customers?q=… with the search terms of every kind, mixed."""
    mixed = [q for queries in _queries(bench, bench.n(100) // 5 + WARMUP).values() for q in queries]
    bench.rng.shuffle(mixed)
    paths = ["/api/v1/customers?" + urlencode({"q": q}) for q in mixed]
    yield bench.measure(
        "customer search, API: all kinds mixed",
        paths,
        client=bench.api,
        target_p95_ms=SEARCH_P95_MS,
        found=_json_found,
    )


@scenario("customers.list")
def customer_list(bench: Bench):
    """The first page without a search: what an agent sees on opening the customer list."""
    count = bench.n(30) + WARMUP
    yield bench.measure("customer list, first page (list page)", ["/customers/"] * count)
    yield bench.measure(
        "customer list, first page (API)", ["/api/v1/customers"] * count, client=bench.api
    )
