"""The navigation registry: each app adds its menu entries in AppConfig.ready().

An entry shows to a user who holds its permission (any of them, when several are given), so the
menu follows the role without the base template knowing the apps.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

from kefu.core.calendar import working_calendar


@dataclass(frozen=True)
class NavEntry:
    section: str
    label: str
    url_name: str
    perms: tuple[str, ...] = ()
    icon: str = "circle"
    order: int = 100


_entries: list[NavEntry] = []


def register(*entries: NavEntry) -> None:
    for entry in entries:
        if entry not in _entries:
            _entries.append(entry)
    _menu.cache_clear()


def entries_for(user) -> list[dict]:
    """Menu sections for `user`: [{"label", "items": [{"label", "url", "icon"}]}], in order.

    Built once per set of permissions and language, not on every page: a role's users share
    one menu, and the permissions are already cached per user (accounts.backends)."""
    if not user.is_authenticated:
        return []
    everything = user.is_active and user.is_superuser
    perms = frozenset() if everything else frozenset(user.get_all_permissions())
    return _menu(perms, everything, get_language(), get_script_prefix(), get_urlconf())


@lru_cache(maxsize=256)
def _menu(perms: frozenset, everything: bool, *_key) -> list[dict]:
    # _key: the language and URL prefix and conf the labels and URLs depend on
    sections: dict[str, list] = {}
    for entry in sorted(_entries, key=lambda e: e.order):
        if entry.perms and not (everything or any(p in perms for p in entry.perms)):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        sections.setdefault(str(entry.section), []).append(
            {"label": entry.label, "url": url, "icon": entry.icon}
        )
    return [{"label": label, "items": items} for label, items in sections.items()]


def navigation(request):
    """Template context: the menu, and the calendar warnings admins must see."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    context = {"nav_sections": entries_for(user)}
    if user.has_perm("core.change_holiday"):
        context["calendar_warnings"] = working_calendar().warnings()
    return context
