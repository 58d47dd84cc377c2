"""A Redis that is down is a cache miss: pages keep working without it."""

import pytest

from kefu.core.cache import TolerantRedisCache


@pytest.fixture
def cache_without_redis():
    # port 9 (discard) on loopback: nothing listens, so every call is refused at once
    return TolerantRedisCache("redis://127.0.0.1:9/0", {"OPTIONS": {"socket_connect_timeout": 0.5}})


def test_reads_miss_and_writes_are_dropped_when_redis_is_down(cache_without_redis):
    # when / then
    assert cache_without_redis.get("k", "fallback") == "fallback"
    assert cache_without_redis.get_many(["a", "b"]) == {}
    assert cache_without_redis.add("k", 1) is False
    cache_without_redis.set("k", 1)
    cache_without_redis.delete("k")
    assert cache_without_redis.has_key("k") is False


def test_incr_reports_a_missing_key_when_redis_is_down(cache_without_redis):
    with pytest.raises(ValueError):
        cache_without_redis.incr("version")
