"""A Redis cache that degrades to a miss when Redis is down, instead of turning pages into errors.

Kefu keeps nothing in its cache that the database does not also hold (permissions, parameters,
version tokens), so a lost or unreachable cache costs speed, never correctness. Reads answer the
default, writes are dropped, and one warning a minute says Redis is unreachable.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
_WARN_EVERY = 60.0
_last_warning = 0.0


def _unreachable(exc: Exception) -> None:
    global _last_warning
    now = time.monotonic()
    if now - _last_warning >= _WARN_EVERY:
        _last_warning = now
        log.warning("cache unreachable, serving without it: %s", exc)


def _tolerant(name: str, fallback):
    """RedisCache's method `name`, answering `fallback(*args, **kwargs)` when Redis is away."""
    parent = getattr(RedisCache, name)

    def method(self, *args, **kwargs):
        try:
            return parent(self, *args, **kwargs)
        except UNREACHABLE as exc:
            _unreachable(exc)
            return fallback(*args, **kwargs)

    method.__name__ = name
    return method


def _default(key, default=None, version=None):
    return default


def _not_found(key, *args, **kwargs):
    # Django's contract for a missing key; the callers of incr() already handle it.
    raise ValueError(f"Key '{key}' not found (cache unreachable)")


class TolerantRedisCache(RedisCache):
    get = _tolerant("get", _default)
    get_many = _tolerant("get_many", lambda *a, **k: {})
    has_key = _tolerant("has_key", lambda *a, **k: False)
    add = _tolerant("add", lambda *a, **k: False)
    set = _tolerant("set", lambda *a, **k: None)
    set_many = _tolerant("set_many", lambda data, *a, **k: list(data))
    touch = _tolerant("touch", lambda *a, **k: False)
    delete = _tolerant("delete", lambda *a, **k: False)
    delete_many = _tolerant("delete_many", lambda *a, **k: None)
    incr = _tolerant("incr", _not_found)
    clear = _tolerant("clear", lambda *a, **k: False)
