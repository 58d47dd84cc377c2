"""The actions posted from the ticket page (the page itself: `views_ticket_detail.py`).

Each action calls one service and redirects back to the ticket (post/redirect/get). A refused
action shows the ticket page again with the user's input kept and the reason beside the field.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kefu.core.errors import ApplicationError
from kefu.core.forms import add_application_error
from kefu.service import selectors, services
from kefu.service.forms_actions import (
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
from kefu.service.views_ticket_detail import detail_page, transitions_for
from kefu.service.views_tickets import ticket_url


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
        if key not in [row["key"] for row in transitions_for(ticket, request.user, {})]:
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
