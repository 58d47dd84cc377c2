"""Follow-up visit pages: the visits list, recording a visit, satisfaction (CSAT) per outlet,
agent, product model and evaluation item, and an outlet's visits."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kefu.accounts.models import OrgUnit
from kefu.accounts.scoping import subtree_ids
from kefu.core.errors import ApplicationError
from kefu.core.forms import add_application_error
from kefu.service import hooks
from kefu.service import selectors_visits as selectors
from kefu.service.choices import VisitOutcome, VisitStatus
from kefu.service.forms_visits import DecideForm, VisitRecordForm
from kefu.service.selectors import queue_list
from kefu.service.services.survey import survey_token
from kefu.service.services.visits import visit_decide, visit_items, visit_record

VIEW, CHANGE = "service.view_visit", "service.change_visit"
STATUS_LABELS = {
    "pending": gettext_lazy("to visit"),
    "overdue": gettext_lazy("overdue"),
    "done": gettext_lazy("visited"),
    "cancelled": gettext_lazy("cancelled"),
}
GROUP_LABELS = {
    "outlet": gettext_lazy("By outlet"),
    "agent": gettext_lazy("By agent"),
    "product": gettext_lazy("By product model"),
    "item": gettext_lazy("By evaluation item"),
}


def _int(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _day(value) -> date | None:
    try:
        return parse_date(value or "")
    except ValueError:
        return None


@login_required
@permission_required(VIEW, raise_exception=True)
def visit_list(request):
    get = request.GET
    status = get.get("status", "pending")
    rows = selectors.visit_list(
        user=request.user,
        status=status,
        queue=_int(get.get("queue")),
        assignee=_int(get.get("assignee")),
        outlet=_int(get.get("outlet")),
        date_from=_day(get.get("from")),
        date_to=_day(get.get("to")),
    )
    page = Paginator(rows, 50).get_page(get.get("page"))
    query = get.copy()
    query.pop("page", None)
    return render(
        request,
        "service/visit_list.html",
        {
            "title": _("Follow-up visits"),
            "page": page,
            "status": status,
            "statuses": STATUS_LABELS.items(),
            "queues": queue_list(user=request.user),
            "queue": _int(get.get("queue")),
            "mine": _int(get.get("assignee")) == request.user.pk,
            "now": timezone.now(),
            "query": query.urlencode(),
        },
    )


def _undecided(visit) -> bool:
    task = visit.task
    return (
        visit.outcome == VisitOutcome.DISSATISFIED
        and visit.follow_up_id is None
        and task is not None
        and task.is_active
    )


def visit_page(request, visit, *, form=None, decide_form=None, status=200):
    user = request.user
    pending = visit.status == VisitStatus.PENDING
    may_record = user.has_perm(CHANGE)
    items = visit_items(visit)
    if form is None and pending and may_record:
        form = VisitRecordForm(items=items)
    if decide_form is None and may_record and _undecided(visit):
        decide_form = DecideForm()
    token = survey_token(visit) if pending and may_record else ""
    context = {
        "title": _("Follow-up visit of {number}").format(number=visit.ticket.number),
        "visit": visit,
        "scores": selectors.visit_scores(visit),
        "form": form if pending and may_record else None,
        "decide_form": decide_form,
        "visit_panels": hooks.visit_panels(),
        "survey_url": request.build_absolute_uri(reverse("survey", args=[token])) if token else "",
    }
    return render(request, "service/visit_detail.html", context, status=status)


@login_required
@permission_required(VIEW, raise_exception=True)
def visit_detail(request, pk: int):
    visit = selectors.visit_get(user=request.user, pk=pk)
    if request.method != "POST":
        return visit_page(request, visit)
    if not request.user.has_perm(CHANGE):
        raise PermissionDenied
    form = VisitRecordForm(request.POST, items=visit_items(visit))
    if not form.is_valid():
        return visit_page(request, visit, form=form, status=400)
    data = form.cleaned_data
    try:
        visit = visit_record(
            visit=visit,
            by=request.user,
            scores=form.scores(),
            outcome=data["outcome"],
            comment=data["comment"],
            channel="phone",
            action=data["action"] or None,
            close=data["close"],
        )
    except ApplicationError as error:
        add_application_error(form, error)
        return visit_page(request, visit, form=form, status=error.status)
    messages.success(request, _("The follow-up visit was recorded."))
    return redirect("service:visit_detail", visit.pk)


@login_required
@permission_required(CHANGE, raise_exception=True)
def visit_decide_view(request, pk: int):
    visit = selectors.visit_get(user=request.user, pk=pk)
    if request.method != "POST":
        return redirect("service:visit_detail", visit.pk)
    form = DecideForm(request.POST)
    if not form.is_valid():
        return visit_page(request, visit, decide_form=form, status=400)
    try:
        visit_decide(visit=visit, by=request.user, action=form.cleaned_data["action"])
    except ApplicationError as error:
        add_application_error(form, error)
        return visit_page(request, visit, decide_form=form, status=error.status)
    messages.success(request, _("Done: the ticket was reopened or a complaint opened."))
    return redirect("service:visit_detail", visit.pk)


def _period(request) -> tuple[date | None, date | None]:
    return _day(request.GET.get("from")), _day(request.GET.get("to"))


@login_required
@permission_required(VIEW, raise_exception=True)
def satisfaction(request):
    by = request.GET.get("by", "outlet")
    by = by if by in selectors.GROUPS else "outlet"
    date_from, date_to = _period(request)
    rows, total = selectors.csat(user=request.user, by=by, date_from=date_from, date_to=date_to)
    return render(
        request,
        "service/satisfaction.html",
        {
            "title": _("Satisfaction"),
            "by": by,
            "groups": GROUP_LABELS.items(),
            "rows": rows,
            "total": total,
            "date_from": date_from,
            "date_to": date_to,
        },
    )


def _unit_visible(user, unit: OrgUnit) -> bool:
    if user.is_superuser or user.has_perm("service.view_all_tickets"):
        return True
    own = getattr(user, "org_unit", None)
    return own is not None and unit.pk in subtree_ids(own)


@login_required
@permission_required(VIEW, raise_exception=True)
def satisfaction_outlet(request, pk: int):
    unit = OrgUnit.objects.filter(pk=pk).first()
    if unit is None or not _unit_visible(request.user, unit):
        raise Http404
    visits = selectors.outlet_visits(user=request.user, outlet=unit)
    answered = [v for v in visits if v.score is not None]
    mean = sum(v.score for v in answered) / len(answered) if answered else None
    items: dict = {}
    for visit in answered:
        for score in visit.scores.all():
            items.setdefault(score.item.name, []).append(score.score)
    context = {
        "title": unit.name,
        "unit": unit,
        "visits": visits,
        "mean": mean,
        "count": len(answered),
        "items": [(name, sum(v) / len(v), len(v)) for name, v in items.items()],
    }
    return render(request, "service/satisfaction_outlet.html", context)


def visit_panel(request, ticket) -> dict:
    """The visit panel of the ticket page: its visits (or the one this follow-up carries)."""
    user = request.user
    if not user.has_perm(VIEW):
        return {"visits": []}
    return {"visits": selectors.ticket_visits(user=user, ticket=ticket)}
