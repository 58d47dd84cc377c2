"""The agent desk (坐席工作台): look-up, the customer 360 and a call registered in one form.

`/service/desk/?phone=…` is what the telephony integration opens on an incoming call (screen
pop). The look-up, the 360 panel and the register form are htmx partials of the same page; a
customer picked in the look-up also rebinds the form (out-of-band swaps), so the form always
registers for the customer the 360 shows.
"""

import datetime
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kefu.catalog.selectors import region_full_name
from kefu.core.errors import ApplicationError
from kefu.core.services import audit_record
from kefu.customers.selectors import (
    customer_get,
    customer_list,
    customer_visible_to,
    phone_display,
)
from kefu.service import hooks, selectors, services
from kefu.service.choices import CONSULT_TYPES, FIELD_TYPES, Priority, StateCategory, TicketType
from kefu.service.fault_choices import desk_phenomenon_options
from kefu.service.forms_desk import DESK_TYPES, DeskForm
from kefu.service.sla import effective_level_and_priority

LOOKUP_LIMIT = 10
HISTORY_LIMIT = 8
MIN_TICKET_DIGITS = 8
CLOSING = (StateCategory.CLOSED, StateCategory.RESOLVED)  # preferred first


def desk_view(view):
    """Every desk view: logged in, and allowed to open tickets."""

    @login_required
    @permission_required("service.add_ticket", raise_exception=True)
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    return wrapped


def _is_htmx(request) -> bool:
    return bool(request.headers.get("HX-Request"))


# ---- reads ---------------------------------------------------------------------------------


def lookup(*, user, q: str) -> dict:
    """Customers matching one search box (phone, last digits, name, initials, code) and the
    ticket whose number it is."""
    q = (q or "").strip()[:60]
    found = {"q": q, "customers": [], "ticket": None, "more": False}
    if not q:
        return found
    # unordered first rows, sorted here: an ORDER BY would sort every match of "张"
    rows = list(customer_list(user=user, q=q)[: LOOKUP_LIMIT + 1])
    found["more"] = len(rows) > LOOKUP_LIMIT
    found["customers"] = [
        {
            "customer": customer,
            "phone": next((phone_display(user, p.number) for p in customer.phones.all()), ""),
            "region": region_full_name(customer.region_id),
        }
        for customer in sorted(rows[:LOOKUP_LIMIT], key=lambda c: (c.name, c.pk))
    ]
    if q.isdigit() and len(q) >= MIN_TICKET_DIGITS:
        found["ticket"] = selectors.ticket_by_number(user=user, number=q)
    return found


def _warranty(asset, today: datetime.date) -> str:
    if asset.warranty_end is None:
        return "unknown"
    return "in" if asset.warranty_end >= today else "expired"


def customer_context(request, customer, *, highlight=None, audit: bool = True) -> dict:
    """What the 360 panel shows; opening it is recorded like opening the customer page."""
    user = request.user
    if audit:
        audit_record(
            actor=user,
            action="customer.view",
            obj=customer,
            ip=request.META.get("REMOTE_ADDR"),
            changes={"via": "desk"},
        )
    today = timezone.localdate()
    level, priority, reasons = effective_level_and_priority(
        customer=customer, ticket_type=TicketType.REPAIR, priority=Priority.NORMAL
    )
    open_tickets = selectors.customer_open_tickets(user=user, customer_id=customer.pk)
    return {
        "customer": customer,
        "phones": [(p, phone_display(user, p.number)) for p in customer.phones.all()],
        "default_address": next((a for a in customer.addresses.all() if a.is_default), None),
        "assets": [(a, _warranty(a, today)) for a in customer.assets.all()],
        "open_tickets": open_tickets,
        "highlight": highlight,
        "highlight_listed": highlight is not None and highlight in open_tickets,
        "history": selectors.customer_history(
            user=user, customer_id=customer.pk, limit=HISTORY_LIMIT
        ),
        "level": level,
        "level_priority": Priority(priority).label if priority > Priority.NORMAL else "",
        "level_reasons": reasons,
    }


def _highlight(request, customer):
    """The ticket picked by its number, when it belongs to the customer shown."""
    raw = request.GET.get("ticket", "")
    if not raw.isdigit():
        return None
    try:
        ticket = selectors.ticket_get(user=request.user, pk=int(raw))
    except Http404:
        return None
    return ticket if ticket.customer_id == customer.pk else None


def _bound_customer(user, pk):
    if not pk:
        return None
    try:
        return customer_get(user=user, pk=pk)
    except Http404:
        return None


def _group(types) -> str:
    return " ".join(t.value for t in DESK_TYPES if t in types)


# Which ticket types show which part of the form (data-types="…" in desk_form.html).
TYPE_GROUPS = {
    "any": _group(DESK_TYPES),
    "field": _group(FIELD_TYPES),
    "repair": _group({TicketType.REPAIR}),
    "return": _group({TicketType.RETURN_EXCHANGE}),
    "order": _group({TicketType.DELIVERY, TicketType.RETURN_EXCHANGE}),
    "complaint": _group({TicketType.COMPLAINT}),
    "suggestion": _group({TicketType.SUGGESTION}),
    "consult": _group(CONSULT_TYPES),
}


def form_context(request, form, customer) -> dict:
    checked = form["ticket_type"].value() or ""
    today = timezone.localdate()
    return {
        "form": form,
        "form_customer": customer,
        "form_assets": [(a, _warranty(a, today)) for a in customer.assets.all()]
        if customer
        else [],
        "form_phenomena": desk_phenomenon_options(
            user=request.user, form=form, assets=list(customer.assets.all()) if customer else []
        ),
        "form_address": next((a for a in customer.addresses.all() if a.is_default), None)
        if customer
        else None,
        "desk_types": [(n, t.value, t.label) for n, t in enumerate(DESK_TYPES, start=1)],
        "checked_type": checked,
        "groups": TYPE_GROUPS,
        "caller": phone_display(request.user, form["phone"].value() or ""),
    }


# ---- pages and partials ----------------------------------------------------------------------


@desk_view
@require_GET
def desk(request):
    """The desk; `?phone=` looks the caller up at once, `?customer=` opens one customer."""
    user = request.user
    phone = request.GET.get("phone", "").strip()[:30]
    customer, found = None, None
    if request.GET.get("customer", "").isdigit():
        customer = customer_get(user=user, pk=int(request.GET["customer"]))
    elif phone:
        found = lookup(user=user, q=phone)
        if len(found["customers"]) == 1:
            customer = customer_get(user=user, pk=found["customers"][0]["customer"].pk)
            found = None
    form = DeskForm(initial={"customer_id": customer.pk if customer else None, "phone": phone})
    return _page(request, form, customer, found=found, lookup_q=phone)


def _page(request, form, customer, *, found=None, lookup_q="", status=200):
    context = {
        "title": _("Agent desk"),
        "found": found,
        "lookup_q": lookup_q,
        "desk_panels": hooks.desk_panels(),
        "can_add_customer": request.user.has_perm("customers.add_customer"),
        **form_context(request, form, customer),
    }
    if customer is not None:
        context |= customer_context(request, customer, highlight=_highlight(request, customer))
    return render(request, "service/desk.html", context, status=status)


@desk_view
@require_GET
def desk_lookup(request):
    found = lookup(user=request.user, q=request.GET.get("q", ""))
    return render(
        request,
        "service/desk_lookup.html",
        {"found": found, "can_add_customer": request.user.has_perm("customers.add_customer")},
    )


@desk_view
@require_GET
def desk_customer(request, pk: int):
    """The 360 panel, and the form rebound to this customer (out of band)."""
    customer = customer_get(user=request.user, pk=pk)
    if not _is_htmx(request):
        query = f"?customer={pk}"
        if request.GET.get("ticket", "").isdigit():
            query += f"&ticket={request.GET['ticket']}"
        return redirect(reverse("service:desk") + query)
    form = DeskForm(initial={"customer_id": customer.pk})
    context = {
        **form_context(request, form, customer),
        **customer_context(request, customer, highlight=_highlight(request, customer)),
        "desk_panels": hooks.desk_panels(),
        "oob": True,
    }
    return render(request, "service/desk_customer_swap.html", context)


# ---- registering a call ----------------------------------------------------------------------


def first_contact_transition(*, ticket, user) -> dict | None:
    """The transition closing a new ticket at once (e.g. "close_now"), if the user may apply it."""
    workflow = ticket.workflow
    candidates = [
        (CLOSING.index(workflow.state(t["to"])["category"]), t)
        for t in services.transitions_allowed(ticket=ticket, user=user)
        if workflow.state(t["to"])["category"] in CLOSING
    ]
    return min(candidates, key=lambda pair: pair[0])[1] if candidates else None


def _visible_customer(user, pk):
    if not pk:
        return None
    customer = customer_visible_to(user).filter(pk=pk).first()
    if customer is None:
        raise ApplicationError(
            "desk.customer", _("No such customer."), fields={"customer_id": _("No such customer.")}
        )
    return customer


def register_call(*, form: DeskForm, user):
    """Log the contact, open its ticket and close it at first contact: all or nothing."""
    data = form.cleaned_data
    seconds = data["duration"]
    with transaction.atomic():
        ticket = None
        if data["ticket_type"]:
            ticket = services.ticket_create(data=form.ticket_data(), by=user)
        customer = ticket.customer if ticket else _visible_customer(user, data["customer_id"])
        services.interaction_log(
            by=user,
            channel=data["channel"],
            direction=data["direction"],
            summary=data["summary"],
            customer=customer,
            phone=data["phone"],
            started_at=timezone.now() - datetime.timedelta(seconds=min(seconds, 86400)),
            duration_seconds=seconds,
            tickets=[ticket] if ticket else [],
        )
        if ticket is not None and data["solved"]:
            transition = first_contact_transition(ticket=ticket, user=user)
            if transition is None:
                message = _("This ticket cannot be closed on the call; leave it open.")
                raise ApplicationError("desk.not_closable", message, fields={"solved": message})
            ticket = services.ticket_transition(
                ticket=ticket,
                code=transition["code"],
                by=user,
                fields={"resolution": data["resolution"]},
            )
    return ticket, customer


@desk_view
@require_POST
def desk_register(request):
    user = request.user
    form = DeskForm(request.POST)
    if form.is_valid():
        try:
            ticket, customer = register_call(form=form, user=user)
        except ApplicationError as error:
            form.place_error(error)
        else:
            return _registered(request, form, ticket, customer)
    customer = _bound_customer(user, form.cleaned_data.get("customer_id"))
    if not _is_htmx(request):
        return _page(request, form, customer, status=422)
    context = form_context(request, form, customer)
    return render(request, "service/desk_form.html", context, status=422)


def _registered(request, form, ticket, customer):
    if ticket is not None:
        done = _("Ticket {number} registered.").format(number=ticket.number)
    else:
        done = _("Contact logged.")
    if not _is_htmx(request):
        messages.success(request, done)
        return redirect(reverse("service:desk") + (f"?customer={customer.pk}" if customer else ""))
    fresh = DeskForm(
        initial={"customer_id": customer.pk if customer else None, "phone": form["phone"].value()}
    )
    if customer is not None:
        customer = customer_get(user=request.user, pk=customer.pk)  # with what the 360 shows
    context = {**form_context(request, fresh, customer), "done": done, "new_ticket": ticket}
    if customer is not None:
        shown = ticket if ticket is not None and ticket.is_active else None
        # the refresh after registering shows what the agent already had open: not audited again
        context |= customer_context(request, customer, highlight=shown, audit=False)
    return render(request, "service/desk_registered.html", context)
