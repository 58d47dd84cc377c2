"""Counting and ordering a searched list in one pass (`core.paging`): same rows, same order."""

import pytest

from kefu.core import paging
from kefu.core.paging import CappedPaginator, KeyedRows, count_and_order
from kefu.service.models import Ticket
from kefu.service.selectors import ticket_list
from kefu.service.tests.factories import make_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def leaks(users, org):
    """Five tickets about 漏水 with priorities 1, 3, 1, 3, 1, and one about something else."""
    made = []
    for priority in (1, 3, 1, 3, 1):
        ticket = make_ticket(
            by=users["agent1"], subject="洗衣机漏水", description="客户来电", priority=priority
        )
        made.append(ticket)
    make_ticket(by=users["agent1"], subject="电视黑屏", description="客户来电")
    Ticket.objects.update(org_unit=org["a"])
    return made


def _pks(rows) -> list[int]:
    return [row.pk for row in rows]


def test_a_searched_page_holds_the_newest_matches_and_their_count(users, leaks):
    # given five matching tickets of six
    rows = ticket_list(user=users["agent1"], q="漏水").order_by("-id")
    # when counted and ordered for a page
    total, ordered = count_and_order(rows)
    # then the count is exact and the pages hold the matches newest first
    newest_first = sorted((t.pk for t in leaks), reverse=True)
    assert total == 5
    assert isinstance(ordered, KeyedRows)
    assert _pks(ordered[0:2]) == newest_first[:2]
    assert _pks(ordered[2:5]) == newest_first[2:]
    assert ordered[4].pk == newest_first[4]
    assert _pks(ordered) == newest_first


def test_a_searched_page_sorted_by_a_column_keeps_the_lists_order(users, leaks):
    # given matches sorted by priority, ties by id, as the list page sorts them
    rows = ticket_list(user=users["agent1"], q="漏水").order_by("-priority", "-pk")
    # when paged
    paginator = CappedPaginator(rows, 2)
    # then every page follows the list's own order, and the count is exact
    expected = _pks(rows)
    assert paginator.count == 5 and not paginator.capped
    paged = [pk for n in paginator.page_range for pk in _pks(paginator.page(n).object_list)]
    assert paged == expected


def test_more_matches_than_the_count_limit_show_as_capped(users, leaks, monkeypatch):
    # given a count limit below the number of matches
    monkeypatch.setattr(paging, "COUNT_LIMIT", 3)
    rows = ticket_list(user=users["agent1"], q="漏水").order_by("-id")
    # when counted and ordered
    total, ordered = count_and_order(rows)
    # then the count stops one past the limit and the page still starts with the newest
    assert total == 4
    assert _pks(ordered[:2]) == sorted((t.pk for t in leaks), reverse=True)[:2]


def test_a_search_matching_nothing_has_an_empty_page(users, leaks):
    rows = ticket_list(user=users["agent1"], q="冰箱结冰").order_by("-id")
    total, ordered = count_and_order(rows)
    assert total == 0
    assert list(ordered[0:25]) == []


def test_the_api_answers_a_search_newest_first_with_its_count(api_as, leaks):
    # given an agent's API client
    client = api_as("agent1")
    # when searching through the API, one page of two
    response = client.get("/api/v1/tickets", {"q": "洗衣机 漏水", "limit": 2, "offset": 2})
    # then the count is exact and the page is the next two newest matches
    data = response.json()
    newest_first = sorted((t.pk for t in leaks), reverse=True)
    assert response.status_code == 200
    assert data["count"] == 5
    assert [item["id"] for item in data["items"]] == newest_first[2:4]


def test_a_search_sorted_by_a_column_with_empty_values_keeps_the_lists_order(users, leaks):
    # given matches sorted by their next due time, which some tickets lack
    Ticket.objects.filter(pk__in=[leaks[0].pk, leaks[3].pk]).update(next_due=None)
    rows = ticket_list(user=users["agent1"], q="漏水").order_by("-next_due", "-pk")
    # when counted and ordered
    total, ordered = count_and_order(rows)
    # then the empty values sit where the list itself puts them
    assert total == 5
    assert _pks(ordered[0:5]) == _pks(rows)


def test_a_search_sorted_by_a_relation_is_paged_the_ordinary_way(users, leaks):
    # given matches sorted by customer (the customer model's own order)
    rows = ticket_list(user=users["agent1"], q="漏水").order_by("customer", "-pk")
    # when counted and ordered
    total, ordered = count_and_order(rows)
    # then the count is exact and the page follows the list's order
    assert total == 5
    assert not isinstance(ordered, KeyedRows)
    assert _pks(ordered[0:5]) == _pks(rows)
