"""The navigation registry: each app adds its menu entries in AppConfig.ready().

An entry shows to a user who holds its permission (any of them, when several are given), so the
menu follows the role without the base template knowing the apps.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

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


def entries_for(user) -> list[dict]:
    """Menu sections for `user`: [{"label", "items": [{"label", "url", "icon"}]}], in order."""
    if not user.is_authenticated:
        return []
    sections: dict[str, list] = {}
    for entry in sorted(_entries, key=lambda e: e.order):
        if entry.perms and not any(user.has_perm(p) for p in entry.perms):
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
