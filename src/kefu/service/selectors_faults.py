"""Fault statistics: repair tickets counted by phenomenon, cause and measure of the taxonomy.

Scoped like every ticket read (`ticket_visible_to`), bounded in time by the tickets' creation.
The taxonomy page shows the counts; the reports draw their charts from the same rows.
"""

import datetime

from django.db.models import Count
from django.utils import timezone

from kefu.service.choices import TicketType
from kefu.service.selectors import ticket_visible_to

FAULT_FIELDS = {
    "phenomenon": "fault_phenomenon",
    "cause": "fault_cause",
    "measure": "fault_measure",
}
DEFAULT_DAYS = 90


def fault_statistics(
    *,
    user,
    product_type_id: int | None = None,
    since: datetime.datetime | None = None,
    until: datetime.datetime | None = None,
) -> dict:
    """{"rows": {"phenomenon": [{"id", "name", "count"}, ...], "cause": ..., "measure": ...},
    "counts": {node id: count}} of the repair tickets `user` may see, created in [since, until),
    most used first."""
    until = until or timezone.now()
    since = since or until - datetime.timedelta(days=DEFAULT_DAYS)
    tickets = ticket_visible_to(user).filter(
        ticket_type=TicketType.REPAIR, created_at__gte=since, created_at__lt=until
    )
    rows, counts = {}, {}
    for key, name in FAULT_FIELDS.items():
        used = tickets.filter(**{f"{name}__isnull": False})
        if product_type_id:
            used = used.filter(**{f"{name}__product_type_id": product_type_id})
        found = (
            used.order_by()
            .values(name, f"{name}__name")
            .annotate(count=Count("id"))
            .order_by("-count", f"{name}__name")
        )
        rows[key] = [
            {"id": row[name], "name": row[f"{name}__name"], "count": row["count"]} for row in found
        ]
        counts |= {row["id"]: row["count"] for row in rows[key]}
    return {"rows": rows, "counts": counts, "since": since, "until": until}


def fault_usage_provider(*, user, product_type_id, since, until) -> dict:
    """What the taxonomy page asks through `catalog.selectors_taxonomy.fault_usage`."""
    return fault_statistics(user=user, product_type_id=product_type_id, since=since, until=until)
