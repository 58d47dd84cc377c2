"""Scenarios of the service app: the open-ticket list of a branch agent, Chinese full-text search
over ticket text, and ticket creation through the API on two server workers.

Lists and searches go through the real path in-process (the API, and the list page when the
service pages are installed), as the agent `bench-n-agent1` of branch BENCH-N: scoped to the
branch, its queue and the agent's own tickets, as every agent is.
"""

import itertools
from urllib.parse import urlencode

from bench.customers import EMPTY_LIST_MARK
from bench.registry import WARMUP, Bench, BenchError, human, progress, scenario
from bench.tickets_base import agent_username

LIST_P95_MS = 50
SEARCH_P95_MS = 100
CREATE_PER_SECOND = 500
BRANCH = "BENCH-N"
# What an agent filters the open list by (the first is the list as it opens).
OPEN_FILTERS = [
    {"status": "active"},
    {"status": "active", "ticket_type": "repair"},
    {"status": "active", "priority": 3},
    {"status": "active", "sla_status": "breached"},
    {"status": "active", "view": "mine"},
    {"status": "active", "view": "queues"},
    {"status": "new"},
    {"status": "pending", "ticket_type": "installation"},
]
# What agents type into the search box: fault phenomena, products, complaint words.
SEARCHES = [
    "不制冷",
    "压缩机 噪音",
    "漏水",
    "遥控器失灵",
    "师傅 迟到",
    "不脱水",
    "黑屏",
    "乱收费",
    "冰箱 结冰",
    "空调 不制热",
    "热水器 点不着火",
    "E1故障",
    "油烟机 吸力小",
    "以旧换新",
    "安装 打孔",
    "多次维修",
]


def ticket_total() -> int:
    from bench.tickets_data import ticket_count

    return ticket_count()


class Agent:
    """The branch agent the scenarios act as, with an API client and a page client."""

    def __init__(self):
        from django.conf import settings
        from django.test import Client

        from kefu.accounts.models import User
        from kefu.accounts.services import api_key_create

        self.user = User.objects.filter(username=agent_username(BRANCH)).first()
        if self.user is None:
            raise BenchError(f"no user {agent_username(BRANCH)}: generate tickets first")
        self.key, self.raw = api_key_create(user=self.user, name="bench run")
        host = next((h for h in settings.ALLOWED_HOSTS if h not in ("", "*")), "localhost")
        self.api = Client(HTTP_HOST=host, HTTP_AUTHORIZATION=f"Bearer {self.raw}")
        self.page = Client(HTTP_HOST=host)
        self.page.force_login(self.user)

    def close(self) -> None:
        from kefu.accounts.services import api_key_revoke

        api_key_revoke(key=self.key, by=self.user)


def list_page_url() -> str | None:
    """The ticket list page, when the service pages are installed."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("service:ticket_list")
    except NoReverseMatch:
        return None


def _page_found(response) -> bool:
    return EMPTY_LIST_MARK not in response.content


def _found(response) -> bool:
    data = response.json()
    return bool(data["items"])


def _queries(bench: Bench, choices: list, count: int) -> list:
    picked = list(itertools.islice(itertools.cycle(choices), count))
    bench.rng.shuffle(picked)
    return picked


def _rows(bench, agent, label, queries, *, size, target, found=_found):
    """One row through the API, and one through the list page when there is one."""
    paths = ["/api/v1/tickets?" + urlencode(q) for q in queries]
    yield bench.measure(
        f"{label} (API)", paths, client=agent.api, size=size, target_p95_ms=target, found=found
    )
    page = list_page_url()
    if page is not None:
        paths = [f"{page}?" + urlencode(q) for q in queries]
        yield bench.measure(
            f"{label} (list page)",
            paths,
            client=agent.page,
            size=size,
            target_p95_ms=target,
            found=_page_found,
        )


@scenario("service.open_list")
def open_list(bench: Bench):
    """The first page (and capped count) of the open tickets a branch agent sees, filtered."""
    agent = Agent()
    try:
        queries = _queries(bench, OPEN_FILTERS, bench.n(200) + WARMUP)
        size = human(ticket_total(), "tickets")
        yield from _rows(
            bench,
            agent,
            "open tickets of a branch agent, first page",
            queries,
            size=size,
            target=LIST_P95_MS,
        )
    finally:
        agent.close()


@scenario("service.search")
def search(bench: Bench):
    """Chinese full-text search over ticket text, through the list, by an agent and a manager."""
    agent = Agent()
    try:
        queries = [{"q": q} for q in _queries(bench, SEARCHES, bench.n(160) + WARMUP)]
        size = human(ticket_total(), "tickets")
        yield from _rows(
            bench, agent, "ticket search, branch agent", queries, size=size, target=SEARCH_P95_MS
        )
        paths = ["/api/v1/tickets?" + urlencode(q) for q in queries]
        yield bench.measure(
            "ticket search, manager: every branch (API)",
            paths,
            client=bench.api,
            size=size,
            target_p95_ms=SEARCH_P95_MS,
            found=_found,
        )
    finally:
        agent.close()


@scenario("service.api_create")
def api_create(bench: Bench):
    """POST /api/v1/tickets from concurrent clients to uvicorn with two workers."""
    from bench.service_load import create_load

    agent = Agent()
    try:
        progress("  starting uvicorn with 2 workers")
        yield create_load(
            bench,
            agent,
            branch=BRANCH,
            count=bench.n(2000),
            size=human(ticket_total(), "tickets"),
            target_per_second=CREATE_PER_SECOND,
        )
    finally:
        agent.close()
