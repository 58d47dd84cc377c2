"""Reads of the service setup pages: workflow versions, response-time levels, queues.

These pages are for holders of `service.manage_workflows`; the views check the permission, the
counts here are totals over every ticket (no row of a ticket is shown).
"""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from kefu.accounts.scoping import org_units_visible_to
from kefu.accounts.selectors import business_calendar
from kefu.service.choices import ACTIVE_CATEGORIES, Priority, TicketType
from kefu.service.models import Queue, SlaLevel, SlaTarget, Ticket, WorkflowVersion
from kefu.service.models.setup import label_of


def ticket_type_or_404(ticket_type: str) -> str:
    if ticket_type not in TicketType.values:
        raise Http404
    return ticket_type


def workflow_overview() -> list[dict]:
    """One row per ticket type: its current version (None when none was saved yet)."""
    current = {
        v.ticket_type: v
        for v in WorkflowVersion.objects.filter(is_current=True).select_related("created_by")
    }
    return [
        {"ticket_type": value, "label": label, "version": current.get(value)}
        for value, label in TicketType.choices
    ]


def workflow_version_get(*, ticket_type: str, number: int | None = None) -> WorkflowVersion | None:
    """Version `number` of the type, or its current one; 404 for an unknown number."""
    rows = WorkflowVersion.objects.filter(ticket_type=ticket_type).select_related("created_by")
    if number is None:
        return rows.filter(is_current=True).first()
    version = rows.filter(number=number).first()
    if version is None:
        raise Http404
    return version


def workflow_history(ticket_type: str) -> QuerySet[WorkflowVersion]:
    """Every version of the type, newest first, with how many tickets run on each."""
    return (
        WorkflowVersion.objects.filter(ticket_type=ticket_type)
        .select_related("created_by")
        .annotate(
            ticket_count=Count("ticket"),
            open_count=Count("ticket", filter=Q(ticket__state_category__in=ACTIVE_CATEGORIES)),
        )
        .order_by("-number")
    )


def sla_level_list() -> list[SlaLevel]:
    """The levels, tightest last, each with its targets prefetched."""
    return list(
        SlaLevel.objects.prefetch_related(
            Prefetch("targets", queryset=SlaTarget.objects.order_by("ticket_type", "priority"))
        ).order_by("rank", "code")
    )


def sla_level_get(pk: int) -> SlaLevel:
    level = SlaLevel.objects.prefetch_related("targets").filter(pk=pk).first()
    if level is None:
        raise Http404
    return level


def sla_default_level() -> SlaLevel | None:
    return SlaLevel.objects.prefetch_related("targets").filter(is_default=True).first()


def queue_setup_list() -> QuerySet[Queue]:
    """Every queue with its member count and open ticket count, in one query."""
    members = (
        Queue.members.through.objects.filter(queue_id=OuterRef("pk"))
        .order_by()
        .values("queue_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    open_tickets = (
        Ticket.objects.filter(queue_id=OuterRef("pk"), state_category__in=ACTIVE_CATEGORIES)
        .order_by()
        .values("queue_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Queue.objects.select_related("org_unit", "breach_queue").annotate(
        member_count=Coalesce(Subquery(members, output_field=IntegerField()), 0),
        open_ticket_count=Coalesce(Subquery(open_tickets, output_field=IntegerField()), 0),
    )


def queue_get(pk: int) -> Queue:
    queue = Queue.objects.prefetch_related("members").filter(pk=pk).first()
    if queue is None:
        raise Http404
    return queue


def queue_member_choices():
    """Users who may be queue members: the active ones."""
    return get_user_model().objects.filter(is_active=True).order_by("username")


def queue_breach_choices(*, queue: Queue | None = None) -> QuerySet[Queue]:
    """Active queues other than `queue`, and the one it names now even if inactive."""
    if queue is None:
        return Queue.objects.filter(is_active=True).order_by("code")
    keep = Q(pk=queue.breach_queue_id) if queue.breach_queue_id else Q(pk__in=[])
    return Queue.objects.filter(Q(is_active=True) | keep).exclude(pk=queue.pk).order_by("code")


def queue_org_unit_choices(user):
    return org_units_visible_to(user).order_by("path")


def user_lookup(q: str, limit: int = 30) -> list:
    """Active users whose user name or full name contains `q` (the member picker)."""
    q = (q or "").strip()
    if not q:
        return []
    rows = queue_member_choices().filter(
        Q(username__icontains=q) | Q(name__icontains=q) | Q(employee_no__icontains=q)
    )
    return list(rows[:limit])


# ----- read models for display ----------------------------------------------------------------

CATEGORY_STYLE = {
    "new": "primary",
    "open": "info",
    "pending": "warning",
    "resolved": "success",
    "closed": "secondary",
    "cancelled": "danger",
}
# Box fill and border per category, as SVG attributes (no inline style: the CSP forbids it).
CATEGORY_COLOURS = {
    "new": ("#cfe2ff", "#0d6efd"),
    "open": ("#cff4fc", "#0aa2c0"),
    "pending": ("#fff3cd", "#cc9a06"),
    "resolved": ("#d1e7dd", "#198754"),
    "closed": ("#e2e3e5", "#6c757d"),
    "cancelled": ("#f8d7da", "#842029"),
}
_NODE_W, _NODE_H, _GAP, _MARGIN = 104, 34, 30, 12


def workflow_diagram(definition: dict) -> dict:
    """Boxes for the states in order and arcs for the transitions (forward above, back below)."""
    states = definition["states"]
    index = {s["code"]: i for i, s in enumerate(states)}
    spans = [
        (index[src], index[t["to"]], t)
        for t in definition["transitions"]
        for src in t["from"]
        if src in index and t["to"] in index and src != t["to"]
    ]
    up = max([_rise(a, b) for a, b, _t in spans if b > a] or [0]) // 2 + 14
    down = max([_rise(a, b) for a, b, _t in spans if b < a] or [0]) // 2 + 14
    top = _MARGIN + up
    nodes = [
        {
            "x": _centre(i) - _NODE_W // 2,
            "cx": _centre(i),
            "state": s,
            "label": label_of(s),
            "colours": CATEGORY_COLOURS.get(s["category"], ("#ffffff", "#6c757d")),
        }
        for i, s in enumerate(states)
    ]
    # a transition from several states is named once, on its shortest arc
    named = {}
    for a, b, transition in sorted(spans, key=lambda s: abs(s[1] - s[0])):
        named.setdefault(transition["code"], (a, b))
    edges = [
        _arc(a, b, transition, states, top=top, named=named[transition["code"]] == (a, b))
        for a, b, transition in spans
    ]
    width = 2 * _MARGIN + len(states) * (_NODE_W + _GAP) - _GAP
    return {
        "nodes": nodes,
        "edges": edges,
        "width": max(width, 200),
        "height": top + _NODE_H + down + _MARGIN,
        "node_y": top,
        "node_w": _NODE_W,
        "node_h": _NODE_H,
        "text_y": top + _NODE_H // 2 + 5,
    }


def _centre(i: int) -> int:
    return _MARGIN + i * (_NODE_W + _GAP) + _NODE_W // 2


def _rise(a: int, b: int) -> int:
    return 22 + 16 * abs(b - a)


def _arc(a: int, b: int, transition: dict, states: list, *, top: int, named: bool) -> dict:
    """One quadratic arc from state `a` to state `b`, its label at the arc's peak."""
    forward = b > a
    y = top if forward else top + _NODE_H
    peak = y - _rise(a, b) if forward else y + _rise(a, b)
    x1, x2 = _centre(a) + (8 if forward else -8), _centre(b) + (-8 if forward else 8)
    name = label_of(transition)
    return {
        "d": f"M{x1},{y} Q{(x1 + x2) // 2},{peak} {x2},{y}",
        "lx": (x1 + x2) // 2,
        "ly": (y + peak) // 2 + (-3 if forward else 11),
        "transition": transition,
        "label": name if named else "",
        "title": f"{name}: {label_of(states[a])} → {label_of(states[b])}",
        "forward": forward,
    }


def duration_label(minutes: int | None, day_minutes: int) -> str:
    """Working minutes as people read them: "30 min", "2 h", "1.5 d" (a day = business hours)."""
    if not minutes:
        return "—"
    if minutes < 60:
        return _("{value} min").format(value=minutes)
    if day_minutes <= 0 or minutes < day_minutes:
        return _("{value} h").format(value=f"{round(minutes / 60, 2):g}")
    return _("{value} d").format(value=f"{round(minutes / day_minutes, 2):g}")


def sla_matrix(level: SlaLevel, *, day_minutes: int) -> list[tuple[str, list]]:
    """Rows of ticket types, one cell per priority: its three targets as labels (or None)."""
    cells = {(t.ticket_type, t.priority): t for t in level.targets.all()}
    rows = []
    for ticket_type, label in TicketType.choices:
        row = []
        for priority in Priority.values:
            target = cells.get((ticket_type, priority))
            row.append(
                None
                if target is None
                else [
                    duration_label(target.first_response_minutes, day_minutes),
                    duration_label(target.arrival_minutes, day_minutes),
                    duration_label(target.resolution_minutes, day_minutes),
                ]
            )
        rows.append((label, row))
    return rows


def business_day_minutes() -> int:
    calendar = business_calendar()
    day = datetime(2000, 1, 1).date()
    opens, closes = datetime.combine(day, calendar.opens), datetime.combine(day, calendar.closes)
    return max(int((closes - opens).total_seconds() // 60), 0)
