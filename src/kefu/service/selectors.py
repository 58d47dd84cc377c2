"""Reads of the service app. Every ticket read starts from `ticket_visible_to(user)`.

A user sees the tickets of their org unit and its subtree, the tickets assigned to them and the
tickets of their queues; holders of `service.view_all_tickets` see all.
"""

from datetime import date, datetime, time

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from kefu.accounts.scoping import scoped
from kefu.core.search import search_filter
from kefu.service.choices import ACTIVE_CATEGORIES, LinkKind
from kefu.service.models import (
    Attachment,
    Interaction,
    Notification,
    Queue,
    Ticket,
    TicketEvent,
    TicketLink,
    WorkflowVersion,
)

LIST_RELATED = ["customer", "assignee", "queue", "org_unit"]
# wide customer columns a ticket list never shows
LIST_DEFERRED = ["customer__search_text", "customer__notes", "customer__hobbies"]


def user_queue_ids(user) -> list[int]:
    """Queue provider for `accounts.scoping`: the queues `user` is a member of."""
    if user is None or not user.is_authenticated:
        return []
    cached = getattr(user, "_kefu_queue_ids", None)
    if cached is None:
        cached = list(
            Queue.objects.filter(members=user, is_active=True).values_list("pk", flat=True)
        )
        user._kefu_queue_ids = cached
    return cached


def ticket_visible_to(user) -> QuerySet[Ticket]:
    return scoped(
        Ticket.objects.defer("search_text"),
        user,
        view_all_perm="service.view_all_tickets",
        org_field="org_unit",
        owner_field="assignee",
        queue_field="queue",
    )


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def ticket_filter(
    queryset: QuerySet[Ticket],
    *,
    user=None,
    q: str = "",
    view: str = "",
    ticket_type: str = "",
    status: str = "",
    state: str = "",
    priority: int | None = None,
    sla_status: str = "",
    queue: int | None = None,
    assignee: int | None = None,
    customer: int | None = None,
    created_from: date | None = None,
    created_to: date | None = None,
    feedback_category: int | None = None,
    repeat: bool = False,
) -> QuerySet[Ticket]:
    """The filters of the ticket list page and of `GET /api/v1/tickets`, in one place."""
    if view == "mine" and user is not None:
        queryset = queryset.filter(assignee=user)
    elif view == "queues" and user is not None:
        queryset = queryset.filter(queue__in=user_queue_ids(user))
    if status == "active":
        queryset = queryset.filter(state_category__in=ACTIVE_CATEGORIES)
    elif status:
        queryset = queryset.filter(state_category=status)
    exact = {
        "ticket_type": ticket_type,
        "state": state,
        "priority": priority,
        "sla_status": sla_status,
        "queue_id": queue,
        "assignee_id": assignee,
        "customer_id": customer,
        "feedback_category_id": feedback_category,
    }
    queryset = queryset.filter(**{k: v for k, v in exact.items() if v not in (None, "")})
    if repeat:  # complaints repeating an earlier one of the same customer
        links = TicketLink.objects.filter(source=OuterRef("pk"), kind=LinkKind.REPEAT)
        queryset = queryset.filter(Exists(links))
    if created_from:
        queryset = queryset.filter(created_at__gte=_day_start(created_from))
    if created_to:
        queryset = queryset.filter(
            created_at__lt=_day_start(created_to) + timezone.timedelta(days=1)
        )
    q = (q or "").strip()
    if q:
        if q.isdigit() and len(q) >= 8:
            return queryset.filter(number=q)
        from kefu.accounts import scoping

        # The index then finds only matches the user may see (the scope of `ticket_visible_to`,
        # told in the facets of migration 0004) in the status asked for, not every match.
        within = []
        if user is not None and not (
            user.is_superuser or user.has_perm("service.view_all_tickets")
        ):
            unit = getattr(user, "org_unit", None)
            scope = {
                "org_unit_id": scoping.subtree_ids(unit) if unit is not None else [],
                "assignee_id": [user.pk],
                "queue_id": sorted(scoping.user_queue_ids(user)),
            }
            within.append(scope)
        if status:
            within.append({"state_category": ACTIVE_CATEGORIES if status == "active" else [status]})
        queryset = search_filter(queryset, q, within=within)
    return queryset


def _within_scope(user, view: str) -> QuerySet[Ticket]:
    """The tickets `view` starts from. "Mine" and "my queues" lie inside the scope by its own
    rule (owner, queues), so they skip its OR: the (assignee | queue, state_category) index then
    counts them alone instead of reading every matching row to test the unit."""
    if view in ("mine", "queues") and user is not None and user.is_authenticated:
        if user.is_active:
            return Ticket.objects.defer("search_text")
    return ticket_visible_to(user)


def ticket_list(*, user, **filters) -> QuerySet[Ticket]:
    base = _within_scope(user, filters.get("view", ""))
    return (
        ticket_filter(base, user=user, **filters)
        .select_related(*LIST_RELATED)
        .defer(*LIST_DEFERRED)
    )


def ticket_get(*, user, pk: int) -> Ticket:
    """One ticket the user may see, or 404. Rarely set relations load on first use: a wide join
    costs more to plan than the few look-ups it saves."""
    rows = list(
        ticket_visible_to(user)
        .select_related("workflow", *LIST_RELATED)
        .defer(*LIST_DEFERRED)
        .filter(pk=pk)
        .order_by()[:1]
    )
    if not rows:
        raise Http404
    return rows[0]


def ticket_by_number(*, user, number: str) -> Ticket | None:
    return ticket_visible_to(user).filter(number=number.strip()).first()


def ticket_timeline(ticket: Ticket) -> QuerySet[TicketEvent]:
    """The ticket's events, with those of tickets merged into it."""
    merged = list(ticket.merged_tickets.values_list("pk", flat=True))
    return (
        TicketEvent.objects.filter(ticket_id__in=[ticket.pk, *merged])
        .select_related("actor", "ticket")
        .prefetch_related("attachments")
        .order_by("at", "id")
    )


def ticket_links(ticket: Ticket, *, user) -> list[Ticket]:
    ids = set(TicketLink.objects.filter(source=ticket).values_list("target_id", flat=True))
    ids |= set(TicketLink.objects.filter(target=ticket).values_list("source_id", flat=True))
    ids |= set(ticket.merged_tickets.values_list("pk", flat=True))
    if not ids:  # most tickets: no scoped query for nothing
        return []
    return list(ticket_visible_to(user).filter(pk__in=ids).select_related("workflow"))


def attachment_get(*, user, pk: int) -> Attachment:
    """An attachment of a ticket `user` may see, or 404."""
    attachment = Attachment.objects.filter(ticket__in=ticket_visible_to(user)).filter(pk=pk).first()
    if attachment is None:
        raise Http404
    return attachment


def customer_open_tickets(*, user, customer_id: int, limit: int = 10) -> list[Ticket]:
    return list(
        ticket_visible_to(user)
        .filter(customer_id=customer_id, state_category__in=ACTIVE_CATEGORIES)
        .select_related("workflow", "assignee")
        .order_by("-id")[:limit]
    )


def customer_recent_tickets(*, user, customer_id: int, limit: int = 20) -> list[Ticket]:
    return list(
        ticket_visible_to(user)
        .filter(customer_id=customer_id)
        .select_related("workflow", "assignee")
        .order_by("-id")[:limit]
    )


def interaction_visible_to(user) -> QuerySet[Interaction]:
    return scoped(
        Interaction.objects.all(),
        user,
        view_all_perm="service.view_all_tickets",
        org_field="org_unit",
        owner_field="agent",
    )


def interaction_list(
    *, user, customer: int | None = None, channel: str = "", q: str = "", agent: int | None = None
) -> QuerySet[Interaction]:
    rows = (
        interaction_visible_to(user).select_related("agent", "customer").prefetch_related("tickets")
    )
    if customer:
        rows = rows.filter(customer_id=customer)
    if channel:
        rows = rows.filter(channel=channel)
    if agent:
        rows = rows.filter(agent_id=agent)
    if q:
        rows = rows.filter(Q(summary__icontains=q) | Q(phone__contains=q))
    return rows


def customer_history(*, user, customer_id: int, limit: int = 20) -> list[Interaction]:
    """历史信息查询: the customer's last contacts (date, time, channel, agent, content)."""
    return list(
        interaction_list(user=user, customer=customer_id).order_by("-started_at", "-id")[:limit]
    )


def notification_list(*, user, unread: bool = False) -> QuerySet[Notification]:
    rows = Notification.objects.filter(user=user).select_related("ticket")
    return rows.filter(read_at__isnull=True) if unread else rows


def notification_unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def queue_list(*, user, kind: str = "") -> QuerySet[Queue]:
    rows = Queue.objects.filter(is_active=True)
    return rows.filter(kind=kind) if kind else rows


def workflow_versions(ticket_type: str) -> QuerySet[WorkflowVersion]:
    return WorkflowVersion.objects.filter(ticket_type=ticket_type).select_related("created_by")


def workflow_current_list() -> list[WorkflowVersion]:
    return list(WorkflowVersion.objects.filter(is_current=True).order_by("ticket_type"))
