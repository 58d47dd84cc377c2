"""Authentication backend: Django's, with each user's permissions cached across requests.

Every request asks for the user's permissions, which costs two queries. They are cached per user
under a version that any change of groups or permissions bumps (see accounts.apps), so a change
made by an admin counts on the next request in every process.
"""

from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache

VERSION_KEY = "accounts:perms:version"
TTL = 300


def permissions_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, None)
        version = cache.get(VERSION_KEY, 1)
    return version


def permissions_changed(**kwargs) -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet
        cache.add(VERSION_KEY, 2, None)


class CachedPermissionsBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            key = f"accounts:perms:{permissions_version()}:{user_obj.pk}"
            perms = cache.get(key)
            if perms is None:
                perms = super().get_all_permissions(user_obj)
                cache.set(key, perms, TTL)
            user_obj._perm_cache = perms
        return user_obj._perm_cache
