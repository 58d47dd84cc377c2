"""Care pages: the reminders list (maintenance, birthdays, greetings that fall due) with care
tickets made one by one or in batch, dismissing, running the generation now, and the birthday
list of individuals and company contacts.

Agents and leads view and act on the items of customers they may see (strategies.change_careitem);
managers and admins also run the generation (strategies.add_careitem).
"""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kefu.core.errors import ApplicationError
from kefu.strategies import selectors_care as selectors
from kefu.strategies import services_care as services
from kefu.strategies.choices import CareStatus
from kefu.strategies.forms_care import (
    BirthdayFilterForm,
    DismissForm,
    GenerateForm,
    ReminderFilterForm,
)

VIEW, CHANGE, GENERATE = (
    "strategies.view_careitem",
    "strategies.change_careitem",
    "strategies.add_careitem",
)
PAGE_SIZE = 50


def _back(request, default: str = "strategies:care_reminders") -> str:
    """Back to the list the form was posted from, with its filters (the path is fixed)."""
    campaign = request.POST.get("campaign", "")
    if campaign.isdigit():
        return reverse("strategies:care_campaign", args=[int(campaign)])
    query = request.POST.get("query", "")
    return reverse(default) + (f"?{query}" if query else "")


def _report(request, tickets, refused) -> None:
    if tickets:
        messages.success(
            request,
            _("{count} care tickets created: {numbers}").format(
                count=len(tickets), numbers="、".join(t.number for t in tickets[:10])
            ),
        )
    if refused:
        messages.warning(
            request,
            _("{count} skipped: {reason}").format(
                count=len(refused), reason=next(iter(refused.values()))
            ),
        )


@login_required
@permission_required(VIEW, raise_exception=True)
def reminders(request):
    form = ReminderFilterForm(request.GET or {"status": CareStatus.DUE})
    rows = selectors.care_item_list(user=request.user, **form.filters())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "strategies/care_reminders.html",
        {
            "title": _("Care reminders"),
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "today": timezone.localdate(),
            "may_act": request.user.has_perm(CHANGE),
            "generate_form": GenerateForm() if request.user.has_perm(GENERATE) else None,
        },
    )


@login_required
@permission_required(CHANGE, raise_exception=True)
@require_POST
def reminders_ticket(request):
    """Care tickets for the checked items (the ones the user may see)."""
    ids = [int(v) for v in request.POST.getlist("items") if v.isdigit()][: services.BATCH_LIMIT]
    items = selectors.care_item_list(user=request.user).filter(pk__in=ids)
    try:
        tickets, refused = services.care_items_ticket(items=items, by=request.user)
    except ApplicationError as error:
        messages.error(request, error.fields.get("items") or error.message)
        return redirect(_back(request))
    _report(request, tickets, refused)
    return redirect(_back(request))


@login_required
@permission_required(CHANGE, raise_exception=True)
@require_POST
def reminder_ticket(request, pk: int):
    item = selectors.care_item_get(user=request.user, pk=pk)
    try:
        ticket = services.care_item_ticket(item=item, by=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(_back(request))
    messages.success(request, _("Care ticket {number} created.").format(number=ticket.number))
    return redirect(_back(request))


@login_required
@permission_required(CHANGE, raise_exception=True)
def reminder_dismiss(request, pk: int):
    item = selectors.care_item_get(user=request.user, pk=pk)
    form = DismissForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.care_item_dismiss(
                    item=item, by=request.user, note=form.cleaned_data["note"]
                )
            except ApplicationError as error:
                messages.error(request, error.message)
                return redirect(_back(request))
            messages.success(request, _("The care item was dismissed."))
            return redirect(_back(request))
        status = 400
    return render(
        request,
        "strategies/care_dismiss.html",
        {"title": _("Dismiss a care item"), "item": item, "form": form},
        status=status,
    )


@login_required
@permission_required(GENERATE, raise_exception=True)
@require_POST
def reminders_generate(request):
    form = GenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The look-ahead must be between 0 and 366 days."))
        return redirect("strategies:care_reminders")
    counts = services.care_reminders_generate(
        lookahead=form.cleaned_data["lookahead"], by=request.user
    )
    messages.success(
        request,
        _("{maintenance} maintenance reminders and {birthday} birthdays generated.").format(
            **counts
        ),
    )
    return redirect("strategies:care_reminders")


# birthdays


def _period(form: BirthdayFilterForm, today: date) -> tuple[date, date, str]:
    data = form.cleaned_data if form.is_valid() else {}
    period = data.get("period") or "days"
    if period == "month":
        last = (today.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        return today.replace(day=1), last, period
    if period == "range" and data.get("date_from"):
        start = data["date_from"]
        end = data.get("date_to") or start
        if start <= end <= start + timedelta(days=366):
            return start, end, period
    days = data.get("days") or 7
    return today, today + timedelta(days=days - 1), "days"


@login_required
@permission_required(VIEW, raise_exception=True)
def birthdays(request):
    today = timezone.localdate()
    form = BirthdayFilterForm(request.GET or None)
    start, end, period = _period(form, today)
    who = form.cleaned_data.get("who", "") if form.is_valid() else ""
    people = selectors.birthday_customers(user=request.user, start=start, end=end, who=who)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "strategies/care_birthdays.html",
        {
            "title": _("Birthdays"),
            "form": form,
            "start": start,
            "end": end,
            "period": period,
            "page": page,
            "rows": selectors.birthday_rows(user=request.user, customers=page, start=start),
            "query": query.urlencode(),
            "may_act": request.user.has_perm(CHANGE),
        },
    )


@login_required
@permission_required(CHANGE, raise_exception=True)
@require_POST
def birthdays_ticket(request):
    """Birthday care items for the checked customers, and a care ticket for each."""
    try:
        items = services.care_birthday_items(picks=request.POST.getlist("picks"), by=request.user)
        tickets, refused = services.care_items_ticket(items=items, by=request.user)
    except ApplicationError as error:
        messages.error(request, error.fields.get("picks") or error.message)
        return redirect(_back(request, "strategies:care_birthdays"))
    _report(request, tickets, refused)
    return redirect(_back(request, "strategies:care_birthdays"))
