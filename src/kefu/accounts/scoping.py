"""The one scoping rule every `*_visible_to(user)` selector applies.

A user sees the rows of their org unit and its subtree, the rows they own, and the rows of queues
they belong to. A user holding the model's "view all" permission (admins and managers by default)
sees every row. An inactive or anonymous user sees nothing.

Queues belong to a higher app (service); it registers a provider of a user's queue ids through
`register_queue_provider`, so this module never imports upward.
"""

from collections.abc import Callable

from django.db.models import Q, QuerySet

_queue_providers: list[Callable] = []


def register_queue_provider(provider: Callable) -> None:
    """`provider(user) -> iterable of queue ids` the user belongs to."""
    if provider not in _queue_providers:
        _queue_providers.append(provider)


def user_queue_ids(user) -> set:
    ids: set = set()
    for provider in _queue_providers:
        ids.update(provider(user))
    return ids


def subtree_ids(unit) -> list[int]:
    """Ids of `unit` and every unit below it.

    Remembered on the unit instance (keyed by its path): a page scopes several reads by the same
    user, whose unit is loaded once per request, and asked again each time before."""
    from kefu.accounts.models import OrgUnit

    cached = getattr(unit, "_kefu_subtree", None)
    if cached is None or cached[0] != unit.path:
        ids = list(OrgUnit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True))
        cached = unit._kefu_subtree = (unit.path, ids)
    return list(cached[1])


def scope_q(
    user,
    *,
    org_field: str | None = "org_unit",
    owner_field: str | None = None,
    queue_field: str | None = None,
) -> Q:
    """The Q that limits rows to what `user` may see (without the view-all permission)."""
    allowed = Q(pk__in=[])
    unit = getattr(user, "org_unit", None)
    if org_field and unit is not None:
        # ids, not a join on the path: the planner can then use each table's unit index
        allowed |= Q(**{f"{org_field}__in": subtree_ids(unit)})
    if owner_field:
        allowed |= Q(**{owner_field: user.pk})
    if queue_field:
        queues = user_queue_ids(user)
        if queues:
            allowed |= Q(**{f"{queue_field}__in": queues})
    return allowed


def scoped(queryset: QuerySet, user, *, view_all_perm: str, **fields) -> QuerySet:
    """`queryset` limited by the scoping rule; see the module docstring."""
    if user is None or not user.is_authenticated or not user.is_active:
        return queryset.none()
    if user.is_superuser or user.has_perm(view_all_perm):
        return queryset
    return queryset.filter(scope_q(user, **fields))


def org_units_visible_to(user):
    """The org units a user may pick from: their subtree, or all with the view-all permission."""
    from kefu.accounts.models import OrgUnit

    units = OrgUnit.objects.filter(is_active=True)
    if user.is_superuser or user.has_perm("accounts.view_all_orgunits"):
        return units
    if user.org_unit is None:
        return units.none()
    return units.filter(path__startswith=user.org_unit.path)
