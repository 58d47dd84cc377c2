"""Full-text search (`core.search`) through the ticket list: words, prefixes, scope and status.

Every test runs on SQLite (FTS5) and on PostgreSQL (a stored vector with Han prefixes and facet
tokens), and both must answer alike.
"""

import pytest

from kefu.core.search import WordStats, search_filter, search_tested_per_row, split_words
from kefu.service.models import Queue, Ticket
from kefu.service.selectors import ticket_list, ticket_visible_to
from kefu.service.tests.factories import make_ticket

pytestmark = pytest.mark.django_db


def _ticket(users, subject: str, **placed) -> Ticket:
    ticket = make_ticket(
        by=users["agent1"], subject=subject, description="客户来电", fault_description="详见主题"
    )
    Ticket.objects.filter(pk=ticket.pk).update(**placed)
    return ticket


def _found(user, q: str, **filters) -> set[int]:
    return set(ticket_list(user=user, q=q, **filters).values_list("pk", flat=True))


@pytest.fixture
def texts(users, org):
    return {
        "cold": _ticket(users, "空调不制冷", org_unit=org["a"]),
        "noise": _ticket(users, "压缩机噪音大", org_unit=org["a"]),
        "leak": _ticket(users, "洗衣机漏水", org_unit=org["a"]),
        "fire": _ticket(users, "热水器点不着火", org_unit=org["a"]),
    }


def test_a_one_character_word_of_a_query_still_finds_the_ticket(users, texts):
    # given tickets about 不制冷, 压缩机 and 点不着火 (segmented 不 + 制冷, 点不着 + 火)
    manager = users["manager1"]
    # when searching with a one-character word beside longer ones, or alone
    # then the ticket is found, and a word missing from it still excludes it
    assert _found(manager, "不制冷") == {texts["cold"].pk}
    assert _found(manager, "点不着火") == {texts["fire"].pk}
    assert texts["cold"].pk in _found(manager, "不")
    assert _found(manager, "不制冷 漏水") == set()


def test_each_word_still_matches_as_a_prefix(users, texts):
    # given a ticket about a 压缩机 (one word) and one about 点不着 (one word)
    manager = users["manager1"]
    # when searching with the first characters of those words
    # then the tickets are found, as with the whole words
    assert _found(manager, "压缩") == {texts["noise"].pk}
    assert _found(manager, "点不") == {texts["fire"].pk}
    assert _found(manager, "压缩机 噪音") == {texts["noise"].pk}


def test_a_search_finds_exactly_what_the_scope_shows(users, org):
    # given matching tickets of branch A, of branch B, one of branch B assigned to agent1, one
    # of branch B in a queue agent1 belongs to, and one of an outlet under branch A
    queue = Queue.objects.create(code="search-q", name="search", kind="general")
    queue.members.add(users["agent1"])
    of_a = _ticket(users, "冰箱漏水", org_unit=org["a"])
    of_b = _ticket(users, "冰箱漏水", org_unit=org["b"], assignee=None, queue=None)
    owned = _ticket(users, "冰箱漏水", org_unit=org["b"], assignee=users["agent1"], queue=None)
    queued = _ticket(users, "冰箱漏水", org_unit=org["b"], assignee=None, queue=queue)
    outlet = _ticket(users, "冰箱漏水", org_unit=org["outlet_a"], assignee=None, queue=None)
    mine = {of_a.pk, owned.pk, queued.pk, outlet.pk}
    # when each user searches
    # then each finds exactly the matches of their scope
    assert _found(users["agent1"], "漏水") == mine
    for name in ("agent1", "agent_b", "supervisor1", "manager1", "outlet1", "nobody"):
        user = users[name]
        visible = set(ticket_visible_to(user).values_list("pk", flat=True))
        assert _found(user, "冰箱 漏水") == visible & (mine | {of_b.pk}), name


def test_a_search_keeps_the_status_filter(users, org):
    # given an open and a closed ticket about the same fault
    open_one = _ticket(users, "电视黑屏", org_unit=org["a"])
    closed = _ticket(users, "电视黑屏", org_unit=org["a"], state_category="closed")
    agent = users["agent1"]
    # when searching among active, closed, or all tickets
    # then each status finds its own
    assert _found(agent, "黑屏", status="active") == {open_one.pk}
    assert _found(agent, "黑屏", status="closed") == {closed.pk}
    assert _found(agent, "黑屏") == {open_one.pk, closed.pk}


def test_testing_each_row_finds_the_same_rows_as_the_index(users, texts):
    # given a search over tickets
    rows = search_filter(Ticket.objects.all(), "压缩机 噪音")
    # when its words are tested row by row instead of looked up in the index
    tested = search_tested_per_row(rows)
    # then the same rows match
    assert set(tested.values_list("pk", flat=True)) == {texts["noise"].pk}


def test_the_index_looks_up_han_words_and_the_rarest_other_word():
    # given statistics: 空调 in a fifth of the rows, kfr and e1 (prefixes) in 30 and 3 percent
    stats = WordStats(
        rows=1_000_000, freqs={"空调": 0.2, "不": 0.08, "kfr": 0.3, "e1": 0.03}, floor=0.001
    )
    # when a query's words are split
    # then Han words are looked up (exactly), and of the prefixes the rare one; the common
    # prefix is tested on the rows the index finds
    assert split_words(["空调", "不", "e1"], stats) == (["空调", "不", "e1"], [])
    assert split_words(["kfr", "e1"], stats) == (["e1"], ["kfr"])
    assert split_words(["_", "kfr"], stats) == (["_", "kfr"], [])


def test_the_rarest_word_is_looked_up_even_when_none_is_cheap():
    # given a table of 30,000 rows where both words are common
    stats = WordStats(rows=30_000, freqs={"kfr": 0.9, "gw": 0.8}, floor=0.001)
    # when split
    # then the index still looks up one word
    assert split_words(["kfr", "gw"], stats) == (["gw"], ["kfr"])


def test_two_common_prefixes_are_both_looked_up():
    # given two prefixes each in five percent of the rows
    stats = WordStats(rows=1_000_000, freqs={"kfr35": 0.05, "gw": 0.05}, floor=0.001)
    # when split
    looked_up, tested = split_words(["kfr35", "gw"], stats)
    # then the index intersects both, as one alone leaves too many candidates
    assert looked_up == ["kfr35", "gw"]
    assert tested == []


def test_without_statistics_every_word_is_looked_up():
    assert split_words(["kfr", "e1"], None) == (["kfr", "e1"], [])
    stats = WordStats(rows=10, freqs={}, floor=0.1)
    assert split_words(["kfr"], stats) == (["kfr"], [])
