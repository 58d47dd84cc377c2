"""The ticket page and the actions posted from it.

Each action calls one service and redirects back to the ticket (post/redirect/get). A refused
action shows the ticket page again with the user's input kept and the reason beside the field.
"""

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kefu.core.audit_display import changes_text
from kefu.core.errors import ApplicationError
from kefu.core.forms import add_application_error
from kefu.core.templatetags.kefu import local
from kefu.customers.selectors import phone_display
from kefu.service import selectors, services
from kefu.service.choices import FIELD_TYPES, Channel, EventKind, TicketType
from kefu.service.forms import (
    AssignForm,
    EscalateForm,
    LinkForm,
    MergeForm,
    ReplyForm,
    SendBackForm,
    TransitionForm,
)
from kefu.service.models import Ticket
from kefu.service.models.setup import label_of
from kefu.service.services.escalation import CLOCK_NAMES
from kefu.service.views_tickets import ticket_url
from kefu.service.workflows import TRANSITION_FIELDS

FIELD_NAMES = [
    "product_model",
    "asset",
    "serial_number",
    "fault_description",
    "appointment_start",
    "appointment_end",
    "region",
    "address",
    "order_reference",
]
COMPLAINT_NAMES = ["complaint_category", "severity", "responsible_party", "responsible_detail"]
CLOCKS = [
    (gettext_lazy("First response"), "first_response_due", "first_responded_at"),
    (gettext_lazy("Arrival on site"), "arrival_due", "arrived_at"),
    (gettext_lazy("Resolution"), "resolution_due", "resolved_at"),
]


def _shown(ticket: Ticket, name: str):
    value = getattr(ticket, name)
    if value in (None, ""):
        return ""
    if Ticket._meta.get_field(name).choices:
        return getattr(ticket, f"get_{name}_display")()
    return local(value) if isinstance(value, datetime) else value


def type_fields(ticket: Ticket) -> list[tuple[str, object]]:
    """(label, value) of the fields the ticket's type uses."""
    names = []
    if ticket.ticket_type in FIELD_TYPES:
        names += FIELD_NAMES
    if ticket.ticket_type == TicketType.RETURN_EXCHANGE:
        names.append("return_kind")
    if ticket.ticket_type == TicketType.COMPLAINT:
        names += COMPLAINT_NAMES
    names.append("resolution")
    return [(Ticket._meta.get_field(n).verbose_name, _shown(ticket, n)) for n in names]


def sla_clocks(ticket: Ticket) -> list[dict]:
    clocks = []
    for label, due_field, met_field in CLOCKS:
        due, met = getattr(ticket, due_field), getattr(ticket, met_field)
        if due or met:
            late = bool(due and ((met and met > due) or (not met and due < timezone.now())))
            clocks.append({"label": label, "due": due, "met": met, "late": late})
    return clocks


def _field_value(name: str, raw) -> str:
    if TRANSITION_FIELDS.get(name) == "datetime":
        moment = parse_datetime(str(raw))
        return local(moment) if moment else str(raw)
    return str(raw)


def _event_details(event) -> list[str]:
    data = event.data or {}
    kind = event.kind
    if kind == EventKind.TRANSITION:
        return [
            f"{Ticket._meta.get_field(name).verbose_name}: {_field_value(name, value)}"
            for name, value in (data.get("fields") or {}).items()
            if name in TRANSITION_FIELDS
        ]
    if kind in (EventKind.ASSIGNED, EventKind.ESCALATED):
        parts = [data.get("queue"), data.get("assignee")]
        return [" · ".join(p for p in parts if p)] if any(parts) else []
    if kind == EventKind.LINKED:
        return [_("Linked with ticket {number}").format(number=data.get("ticket", ""))]
    if kind == EventKind.MERGED:
        if data.get("into"):
            return [_("Merged into ticket {number}").format(number=data["into"])]
        return [_("Ticket {number} was merged into this one").format(number=data.get("from"))]
    if kind in (EventKind.SLA_WARNING, EventKind.SLA_BREACH):
        return [str(CLOCK_NAMES.get(data.get("clock"), data.get("clock", "")))]
    if kind == EventKind.UPDATED:
        return [changes_text("service.ticket", data)]
    if kind == EventKind.INTERACTION and data.get("channel") in Channel.values:
        return [str(Channel(data["channel"]).label)]
    if kind == EventKind.CREATED:
        return list(data.get("entitlements") or [])
    return []


def _step_name(workflow, data: dict) -> str:
    step = next(
        (t for t in workflow.definition["transitions"] if t["code"] == data.get("transition")),
        None,
    )
    return label_of(step) if step else data.get("name", "")


def timeline(ticket: Ticket) -> list[dict]:
    """Every event with what a reader needs: transition from → to, details, merged origin."""
    rows = []
    for event in selectors.ticket_timeline(ticket):
        merged = event.ticket_id != ticket.pk
        row = {"event": event, "merged": merged, "details": _event_details(event)}
        if event.kind == EventKind.TRANSITION:
            workflow = event.ticket.workflow if merged else ticket.workflow
            row["from"] = workflow.state_name(event.data.get("from", ""))
            row["to"] = workflow.state_name(event.data.get("to", ""))
            row["action"] = _step_name(workflow, event.data)
        rows.append(row)
    return rows


def _transitions(ticket: Ticket, user, bound: dict) -> list[dict]:
    rows = []
    for transition in services.transitions_allowed(ticket=ticket, user=user):
        key = f"transition:{transition['code']}"
        form = bound.get(key) or TransitionForm(transition=transition, ticket=ticket, user=user)
        rows.append({"t": transition, "name": label_of(transition), "form": form, "key": key})
    return rows


def _may_take(ticket: Ticket, user) -> bool:
    if not (ticket.is_active and user.has_perm("service.change_ticket")):
        return False
    if ticket.assignee_id == user.pk:
        return False
    mine = ticket.queue_id in selectors.user_queue_ids(user)
    return mine or user.has_perm("service.assign_ticket")


def _action_forms(ticket: Ticket, user, bound: dict) -> dict:
    change = user.has_perm("service.change_ticket")
    active = ticket.is_active and change
    forms = {
        "reply_form": (bound.get("reply") or ReplyForm()) if change else None,
        "link_form": (bound.get("link") or LinkForm()) if change else None,
        "assign_form": None,
        "escalate_form": None,
        "send_back_form": None,
        "merge_form": None,
    }
    if active and user.has_perm("service.assign_ticket"):
        forms["assign_form"] = bound.get("assign") or AssignForm(user=user, ticket=ticket)
    if active and ticket.escalated_from_id is None:
        forms["escalate_form"] = bound.get("escalate") or EscalateForm(user=user, ticket=ticket)
    if active and ticket.escalated_from_id is not None:
        forms["send_back_form"] = bound.get("send_back") or SendBackForm(ticket=ticket)
    if active and user.has_perm("service.merge_ticket"):
        forms["merge_form"] = bound.get("merge") or MergeForm()
    return forms


def detail_page(request, ticket: Ticket, *, bound: dict | None = None, status: int = 200):
    user, bound = request.user, bound or {}
    context = {
        "title": f"{ticket.number} {ticket.subject}",
        "ticket": ticket,
        "timeline": timeline(ticket),
        "links": selectors.ticket_links(ticket, user=user),
        "transitions": _transitions(ticket, user, bound),
        "type_fields": type_fields(ticket),
        "clocks": sla_clocks(ticket),
        "may_take": _may_take(ticket, user),
        "may_change": user.has_perm("service.change_ticket"),
        "contact_phone": phone_display(user, ticket.contact_phone) if ticket.contact_phone else "",
        "opened": next(iter(bound), ""),
        **_action_forms(ticket, user, bound),
    }
    return render(request, "service/ticket_detail.html", context, status=status)


@login_required
@permission_required("service.view_ticket", raise_exception=True)
def ticket_detail(request, pk: int):
    return detail_page(request, selectors.ticket_get(user=request.user, pk=pk))


def _refused(request, ticket: Ticket, key: str, form, error: ApplicationError):
    """The ticket page again, the user's input kept and the reason shown in the form."""
    add_application_error(form, error)
    if any(name in form.fields for name in error.fields):
        form.add_error(None, error.message)
    version = form.add_prefix("version")
    if error.code == "ticket.stale" and version in form.data:
        form.data = form.data.copy()  # the page now shows the current ticket: submit against it
        form.data[version] = str(ticket.version)
    return detail_page(request, ticket, bound={key: form}, status=error.status)


def _done(request, ticket: Ticket, message: str):
    messages.success(request, message)
    return redirect(ticket_url(ticket))


def _ticket(request, pk: int) -> Ticket:
    return selectors.ticket_get(user=request.user, pk=pk)


@login_required
@permission_required("service.change_ticket", raise_exception=True)
@require_POST
def ticket_transition(request, pk: int, code: str):
    ticket = _ticket(request, pk)
    transition = next(
        (t for t in ticket.workflow.definition["transitions"] if t["code"] == code), None
    )
    if transition is None:
        messages.error(request, _("This step does not exist in the ticket's workflow."))
        return redirect(ticket_url(ticket))
    key = f"transition:{code}"
    form = TransitionForm(request.POST, transition=transition, ticket=ticket, user=request.user)
    if not form.is_valid():
        return detail_page(request, ticket, bound={key: form}, status=400)
    try:
        services.ticket_transition(
            ticket=ticket,
            code=code,
            by=request.user,
            note=form.cleaned_data["note"],
            fields=form.values(),
            version=form.cleaned_data["version"],
        )
    except ApplicationError as error:
        if key not in [row["key"] for row in _transitions(ticket, request.user, {})]:
            messages.error(request, error.message)  # no form to show it in
            return redirect(ticket_url(ticket))
        return _refused(request, ticket, key, form, error)
    return _done(request, ticket, _("“{action}” done.").format(action=label_of(transition)))


@login_required
@permission_required("service.change_ticket", raise_exception=True)
@require_POST
def ticket_reply(request, pk: int):
    ticket = _ticket(request, pk)
    form = ReplyForm(request.POST, request.FILES)
    public = request.POST.get("public") == "1"
    if not form.is_valid():
        return detail_page(request, ticket, bound={"reply": form}, status=400)
    try:
        services.ticket_reply(
            ticket=ticket,
            by=request.user,
            body=form.cleaned_data["body"],
            public=public,
            files=request.FILES.getlist("files"),
        )
    except ApplicationError as error:
        return _refused(request, ticket, "reply", form, error)
    return _done(request, ticket, _("Reply sent.") if public else _("Note added."))


def _version(request) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None


@login_required
@permission_required("service.change_ticket", raise_exception=True)
@require_POST
def ticket_assign(request, pk: int):
    ticket = _ticket(request, pk)
    if request.POST.get("take"):
        try:
            services.ticket_assign(
                ticket=ticket, by=request.user, assignee=request.user, version=_version(request)
            )
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect(ticket_url(ticket))
        return _done(request, ticket, _("The ticket is yours now."))
    form = AssignForm(request.POST, user=request.user, ticket=ticket)
    if not form.is_valid():
        return detail_page(request, ticket, bound={"assign": form}, status=400)
    data = form.cleaned_data
    try:
        services.ticket_assign(
            ticket=ticket,
            by=request.user,
            assignee=data["assignee"],
            queue=data["queue"],
            note=data["note"],
            version=data["version"],
        )
    except ApplicationError as error:
        return _refused(request, ticket, "assign", form, error)
    return _done(request, ticket, _("Assigned."))


@login_required
@permission_required("service.change_ticket", raise_exception=True)
@require_POST
def ticket_escalate(request, pk: int):
    ticket = _ticket(request, pk)
    form = EscalateForm(request.POST, user=request.user, ticket=ticket)
    if not form.is_valid():
        return detail_page(request, ticket, bound={"escalate": form}, status=400)
    data = form.cleaned_data
    try:
        services.ticket_escalate(
            ticket=ticket,
            by=request.user,
            queue=data["queue"],
            note=data["note"],
            version=data["version"],
        )
    except ApplicationError as error:
        return _refused(request, ticket, "escalate", form, error)
    return _done(request, ticket, _("Escalated to {queue}.").format(queue=data["queue"]))


@login_required
@permission_required("service.change_ticket", raise_exception=True)
@require_POST
def ticket_send_back(request, pk: int):
    ticket = _ticket(request, pk)
    form = SendBackForm(request.POST, ticket=ticket)
    if not form.is_valid():
        return detail_page(request, ticket, bound={"send_back": form}, status=400)
    try:
        services.ticket_send_back(
            ticket=ticket,
            by=request.user,
            note=form.cleaned_data["note"],
            version=form.cleaned_data["version"],
        )
    except ApplicationError as error:
        return _refused(request, ticket, "send_back", form, error)
    return _done(request, ticket, _("Sent back."))


def _other(request, ticket: Ticket, key: str, form):
    """The ticket the form names by number (visible to the user), or the page with the error."""
    if not form.is_valid():
        return None, detail_page(request, ticket, bound={key: form}, status=400)
    other = selectors.ticket_by_number(user=request.user, number=form.cleaned_data["number"])
    if other is None:
        form.add_error("number", _("No ticket with this number that you may see."))
        return None, detail_page(request, ticket, bound={key: form}, status=400)
    return other, None


@login_required
@permission_required("service.change_ticket", raise_exception=True)
@require_POST
def ticket_link(request, pk: int):
    ticket = _ticket(request, pk)
    form = LinkForm(request.POST)
    other, page = _other(request, ticket, "link", form)
    if page is not None:
        return page
    try:
        services.ticket_link(source=ticket, target=other, by=request.user)
    except ApplicationError as error:
        return _refused(request, ticket, "link", form, error)
    return _done(request, ticket, _("Linked with ticket {number}").format(number=other.number))


@login_required
@permission_required("service.merge_ticket", raise_exception=True)
@require_POST
def ticket_merge(request, pk: int):
    ticket = _ticket(request, pk)
    form = MergeForm(request.POST)
    other, page = _other(request, ticket, "merge", form)
    if page is not None:
        return page
    try:
        target = services.ticket_merge(
            source=ticket, target=other, by=request.user, note=form.cleaned_data["note"]
        )
    except ApplicationError as error:
        return _refused(request, ticket, "merge", form, error)
    return _done(request, target, _("Merged into ticket {number}").format(number=target.number))
