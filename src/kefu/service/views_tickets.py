"""Ticket pages: the list, create and edit, attachments, the contact log and notifications.

The ticket page itself is in `views_ticket_detail.py`, the actions posted from it in
`views_ticket_actions.py`.
"""

from functools import partial
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kefu.core.errors import ApplicationError
from kefu.core.forms import add_application_error
from kefu.core.listing import Column, ListPageView
from kefu.core.templatetags.kefu import local
from kefu.customers.selectors import customer_get, customer_list, phone_display
from kefu.service import selectors, services
from kefu.service.choices import TicketType
from kefu.service.forms import (
    InteractionFilterForm,
    TicketFilterForm,
    TicketForm,
    error_field_names,
    ticket_initial,
)
from kefu.service.templatetags import service_tags

LOOKUP_LIMIT = 20


def ticket_url(ticket) -> str:
    return reverse("service:ticket_detail", args=[ticket.pk])


def _number_link(ticket):
    return format_html('<a href="{}">{}</a>', ticket_url(ticket), ticket.number)


def _owner(ticket) -> str:
    return " · ".join(str(x) for x in (ticket.assignee, ticket.queue) if x is not None)


def sla_badge(ticket):
    return service_tags.sla_badge(ticket)


class TicketListView(ListPageView):
    title = gettext_lazy("Tickets")
    view_perm = "service.view_ticket"
    export_perm = "service.export_tickets"
    create_perm = "service.add_ticket"
    create_url = reverse_lazy("service:ticket_create")
    export_name = "tickets"
    default_sort = "-id"

    @property
    def filter_form_class(self):
        return partial(TicketFilterForm, user=self.request.user)

    def _columns(self, *, shown: bool) -> list[Column]:
        return [
            Column(
                "number",
                gettext_lazy("Ticket number"),
                sort="number",
                value=_number_link if shown else None,
            ),
            Column("ticket_type", gettext_lazy("Type")),
            Column("subject", gettext_lazy("Subject")),
            Column("customer", gettext_lazy("Customer"), value=lambda t: t.customer or ""),
            Column("state", gettext_lazy("Status"), value=lambda t: t.state_name),
            Column("priority", gettext_lazy("Priority"), sort="priority"),
            Column("owner", gettext_lazy("Assignee / queue"), value=_owner),
            Column(
                "sla",
                gettext_lazy("SLA"),
                sort="next_due",
                value=sla_badge if shown else lambda t: t.get_sla_status_display(),
            ),
            *(
                []
                if shown
                else [
                    Column("next_due", gettext_lazy("Next due"), value=lambda t: local(t.next_due))
                ]
            ),
            Column(
                "created_at",
                gettext_lazy("Created"),
                sort="id",
                value=lambda t: local(t.created_at),
            ),
        ]

    @property
    def columns(self):
        return self._columns(shown=True)

    def export_columns(self):
        return self._columns(shown=False)

    def get_queryset(self, filters):
        status = filters.pop("status", "active")
        return selectors.ticket_list(
            user=self.request.user, status="" if status == "all" else status, **filters
        )


def _place(form, error: ApplicationError) -> None:
    error.fields = error_field_names(error.fields)
    add_application_error(form, error)
    if any(name in form.fields for name in error.fields):
        form.add_error(None, error.message)  # a summary on top: a long form hides its fields


def _form_page(request, form, *, title, ticket=None, status=200):
    return render(
        request,
        "service/ticket_form.html",
        {
            "title": title,
            "form": form,
            "ticket": ticket,
            "type_code": form.type_code,
            "cancel_url": ticket_url(ticket) if ticket else reverse("service:ticket_list"),
        },
        status=status,
    )


@login_required
@permission_required("service.add_ticket", raise_exception=True)
def ticket_create(request):
    initial = {
        "customer": request.GET.get("customer", ""),
        "ticket_type": request.GET.get("type") or TicketType.REPAIR,
    }
    form = TicketForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            ticket = services.ticket_create(data=form.to_data(), by=request.user)
        except ApplicationError as error:
            _place(form, error)
        else:
            messages.success(
                request, _("Ticket {number} was created.").format(number=ticket.number)
            )
            return redirect(ticket_url(ticket))
    status = 400 if form.is_bound else 200
    return _form_page(request, form, title=_("New ticket"), status=status)


@login_required
@permission_required("service.change_ticket", raise_exception=True)
def ticket_edit(request, pk: int):
    ticket = selectors.ticket_get(user=request.user, pk=pk)
    form = TicketForm(
        request.POST or None, user=request.user, ticket=ticket, initial=ticket_initial(ticket)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.ticket_update(
                ticket=ticket,
                data=form.to_data(),
                version=form.cleaned_data["version"] or 0,
                by=request.user,
            )
        except ApplicationError as error:
            _place(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(ticket_url(ticket))
    status = 400 if form.is_bound else 200
    title = _("Edit ticket {number}").format(number=ticket.number)
    return _form_page(request, form, title=title, ticket=ticket, status=status)


def _may_pick_customers(user) -> bool:
    return user.has_perm("service.add_ticket") or user.has_perm("service.change_ticket")


@login_required
def customer_search(request):
    """Customers for the ticket form's picker (Tom Select): [{"value", "text"}], scoped."""
    if not _may_pick_customers(request.user):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()
    rows = customer_list(user=request.user, q=query)[:LOOKUP_LIMIT] if query else []
    results = []
    for customer in rows:
        phones = [phone_display(request.user, p.number) for p in list(customer.phones.all())[:1]]
        text = " · ".join([f"{customer.name} ({customer.code})", *phones])
        results.append({"value": customer.pk, "text": text})
    return JsonResponse({"results": results})


@login_required
def customer_assets(request):
    """The installed products of one visible customer, for the ticket form."""
    if not _may_pick_customers(request.user):
        raise PermissionDenied
    raw = request.GET.get("customer", "")
    if not raw.isdigit():
        return JsonResponse({"results": []})
    customer = customer_get(user=request.user, pk=int(raw))
    results = [{"value": a.pk, "text": str(a)} for a in customer.assets.all()]
    return JsonResponse({"results": results})


@login_required
@permission_required("service.view_ticket", raise_exception=True)
def attachment_download(request, pk: int):
    attachment = selectors.attachment_get(user=request.user, pk=pk)
    data = services.attachment_read(attachment)  # a damaged file raises: an error page
    response = HttpResponse(
        data, content_type=attachment.content_type or "application/octet-stream"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(attachment.name)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _linked_tickets(interaction):
    return format_html_join(
        " ", '<a href="{}">{}</a>', ((ticket_url(t), t.number) for t in interaction.tickets.all())
    )


def _duration(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


class InteractionListView(ListPageView):
    title = gettext_lazy("Contact log")
    view_perm = "service.view_interaction"
    export_perm = "service.export_tickets"
    export_name = "contacts"
    default_sort = "-started_at"

    @property
    def filter_form_class(self):
        return partial(InteractionFilterForm, user=self.request.user)

    columns = [
        Column(
            "date",
            gettext_lazy("Date"),
            sort="started_at",
            value=lambda i: local(i.started_at, "%Y-%m-%d"),
        ),
        Column("time", gettext_lazy("Time"), value=lambda i: local(i.started_at, "%H:%M")),
        Column("channel", gettext_lazy("Channel")),
        Column("direction", gettext_lazy("Direction")),
        Column("customer", gettext_lazy("Customer"), value=lambda i: i.customer or i.phone),
        Column("agent", gettext_lazy("Agent"), value=lambda i: i.agent or ""),
        Column("duration", gettext_lazy("Duration"), value=lambda i: _duration(i.duration_seconds)),
        Column("summary", gettext_lazy("Content")),
        Column(
            "tickets",
            gettext_lazy("Tickets"),
            value=_linked_tickets,
            export=False,
        ),
    ]

    def get_queryset(self, filters):
        return selectors.interaction_list(user=self.request.user, **filters)


@login_required
def notifications(request):
    """The user's own notifications, unread first."""
    rows = selectors.notification_list(user=request.user).order_by(
        F("read_at").asc(nulls_first=True), "-created_at", "-id"
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request, "service/notifications.html", {"title": _("Notifications"), "page": page}
    )


@login_required
@require_POST
def notifications_read_all(request):
    count = services.notification_mark_read(user=request.user)
    messages.success(request, _("{count} notifications marked read.").format(count=count))
    return redirect("service:notifications")


@login_required
@require_POST
def notification_open(request, pk: int):
    """Mark one of the user's notifications read and go to its ticket."""
    notification = get_object_or_404(selectors.notification_list(user=request.user), pk=pk)
    services.notification_mark_read(user=request.user, ids=[notification.pk])
    if notification.ticket_id is not None:
        return redirect("service:ticket_detail", notification.ticket_id)
    return redirect("service:notifications")
