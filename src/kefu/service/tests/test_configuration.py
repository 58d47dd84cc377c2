"""The per-process memo of workflows, SLA levels and queues, and how changes reach it."""

from unittest import mock

import pytest
from django.core.cache import cache

from kefu.service import configuration

pytestmark = pytest.mark.django_db


def test_a_page_reads_the_shared_token_once_a_second_not_on_every_use():
    # given a memo just loaded
    configuration.sla_levels()
    with mock.patch.object(cache, "get", wraps=cache.get) as get:
        # when the page asks twenty times within the second
        for _ in range(20):
            configuration.sla_levels()
    # then the shared cache was not asked at all
    assert get.call_count == 0


def test_a_change_made_by_another_process_shows_within_a_second():
    # given a memo loaded at t=100 s
    with mock.patch("kefu.service.configuration.time.monotonic", return_value=100.0):
        before = configuration.sla_levels()
    # when another process replaces the token (its save) and a second passes
    cache.set(configuration.TOKEN_KEY, "changed-elsewhere", None)
    with mock.patch("kefu.service.configuration.time.monotonic", return_value=100.5):
        still = configuration.sla_levels()
    with mock.patch("kefu.service.configuration.time.monotonic", return_value=101.1):
        after = configuration.sla_levels()
    # then within the second the memo stands, after it the data is loaded again
    assert still is before
    assert after is not before and [lv.pk for lv in after] == [lv.pk for lv in before]


def test_a_change_made_in_this_process_shows_at_once():
    # given a memo loaded now
    before = configuration.sla_levels()
    # when this process saves a change (the signals call forget)
    configuration.forget()
    # then the next read loads again
    assert configuration.sla_levels() is not before
