"""Plan pages (实施方案): the list with progress, create from suggested strategies, the plan with
its progress, tasks and evaluation, change with a reason, start, complete, cancel, versions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kefu.core.errors import ApplicationError
from kefu.core.forms import add_application_error
from kefu.customers.selectors import customer_list, customer_visible_to
from kefu.strategies import selectors_plans as selectors
from kefu.strategies.choices import PlanStatus
from kefu.strategies.evaluation_plans import MEASURES
from kefu.strategies.forms_plans import (
    PlanChangeForm,
    PlanCreateForm,
    PlanFilterForm,
    TaskFilterForm,
)
from kefu.strategies.segments import segment_customers
from kefu.strategies.services_plans import (
    plan_activate,
    plan_cancel,
    plan_change,
    plan_complete,
    plan_create,
)
from kefu.strategies.suggestions_plans import open_needs, suggest, usable_strategies

VIEW, ADD, CHANGE = "strategies.view_plan", "strategies.add_plan", "strategies.change_plan"
LOOKUP_LIMIT = 20
OPEN_PLANS = (PlanStatus.DRAFT, PlanStatus.ACTIVE)


@login_required
@permission_required(VIEW, raise_exception=True)
def plan_list(request):
    form = PlanFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.plan_list(
        user=request.user,
        status=filters.get("status") or "",
        mine=bool(filters.get("mine")),
        q=(filters.get("q") or "").strip(),
    )
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    for plan in page.object_list:
        counted = plan.tasks_counted
        plan.percent_done = round(100 * plan.tasks_done / counted) if counted else 0
    query = request.GET.copy()
    query.pop("page", None)
    context = {"title": _("Implementation plans"), "form": form, "page": page}
    context["query"] = query.urlencode()
    return render(request, "strategies/plans_list.html", context)


@login_required
@permission_required(ADD, raise_exception=True)
def plan_customer_search(request):
    """Customers for the plan form's picker (Tom Select): [{"value", "text"}], scoped."""
    query = request.GET.get("q", "").strip()
    rows = customer_list(user=request.user, q=query)[:LOOKUP_LIMIT] if query else []
    results = [{"value": c.pk, "text": f"{c.name} ({c.code})"} for c in rows]
    return JsonResponse({"results": results})


def _customer_count(user, *, customer, segment, plan) -> int:
    if customer is not None:
        return 1
    if segment is None:
        return 0
    if plan is not None:
        return selectors.plan_customer_count(plan)
    return segment_customers(segment, customer_visible_to(user)).count()


def _choices_context(form: PlanCreateForm | PlanChangeForm, *, customer, segment, plan=None):
    """The strategy and need check boxes: suggestions first (ticked on a new form), with the
    reasons, then every other strategy in force; and the estimated cost."""
    suggestions = suggest(customer=customer, segment=segment)
    suggested = {s.strategy.pk for s in suggestions}
    if form.is_bound:
        chosen = {int(v) for v in form.data.getlist("strategies") if str(v).isdigit()}
        chosen_needs = {int(v) for v in form.data.getlist("needs") if str(v).isdigit()}
    elif plan is not None:
        chosen = set(plan.strategies.values_list("pk", flat=True))
        chosen_needs = set(plan.needs.values_list("pk", flat=True))
    else:
        chosen, chosen_needs = set(suggested), set()
    others = [s for s in usable_strategies() if s.pk not in suggested]
    if plan is not None:  # a strategy retired since stays listed while the plan uses it
        others += [s for s in plan.strategies.all() if s.pk not in suggested and s not in others]
    customers = _customer_count(form.user, customer=customer, segment=segment, plan=plan)
    picked = [s.strategy for s in suggestions] + others
    cost = selectors.estimated_cost([s for s in picked if s.pk in chosen], customers)
    return {
        "suggestions": suggestions,
        "others": others,
        "chosen": chosen,
        "needs": open_needs(customer) if customer is not None else [],
        "chosen_needs": chosen_needs,
        "customers": customers,
        "estimate": cost,
        "has_target": customer is not None or segment is not None,
    }


@login_required
@permission_required(ADD, raise_exception=True)
def plan_suggestions(request):
    """The strategy check boxes for the customer or segment picked on the create form (htmx)."""
    form = PlanCreateForm(initial=request.GET.dict(), user=request.user)
    context = _choices_context(form, customer=form.chosen_customer(), segment=form.chosen_segment())
    return render(request, "strategies/plans_choices.html", {"form": form, **context})


def _form_page(request, form, *, plan=None, status=200):
    if plan is None:
        target = {"customer": form.chosen_customer(), "segment": form.chosen_segment()}
        title = _("New implementation plan")
    else:
        target = {"customer": plan.customer, "segment": plan.segment}
        title = _("Change plan {code}").format(code=plan.code)
    context = {"title": title, "form": form, "plan": plan}
    context.update(_choices_context(form, plan=plan, **target))
    return render(request, "strategies/plans_form.html", context, status=status)


@login_required
@permission_required(ADD, raise_exception=True)
def plan_new(request):
    if request.method != "POST":
        initial = {"owner": request.user.pk, **request.GET.dict()}
        return _form_page(request, PlanCreateForm(initial=initial, user=request.user))
    form = PlanCreateForm(request.POST, user=request.user)
    if not form.is_valid():
        return _form_page(request, form, status=400)
    try:
        plan = plan_create(data=form.to_input(), by=request.user)
    except ApplicationError as error:
        add_application_error(form, error)
        return _form_page(request, form, status=error.status)
    messages.success(request, _("Plan {code} saved as a draft.").format(code=plan.code))
    return redirect("strategies:plan_detail", plan.pk)


MEASURE_LABELS = {
    "satisfaction": gettext_lazy("Satisfaction (1–5)"),
    "value": gettext_lazy("Value score"),
    "complaints": gettext_lazy("Complaints per customer"),
    "spend": gettext_lazy("Spend"),
}


def _measures(plan) -> list[tuple]:
    """[(label, before, after, change)] for the plan page (after and change once evaluated)."""
    evaluated = (plan.evaluation or {}).get("measures") or {}
    rows = []
    for name in MEASURES:
        found = evaluated.get(name) or {}
        before = found.get("before", (plan.baseline or {}).get(name))
        rows.append((MEASURE_LABELS[name], before, found.get("after"), found.get("change")))
    return rows


@login_required
@permission_required(VIEW, raise_exception=True)
def plan_detail(request, pk: int):
    plan = selectors.plan_get(user=request.user, pk=pk)
    filters = TaskFilterForm(request.GET or None)
    wanted = filters.cleaned_data if filters.is_valid() else {}
    tasks = selectors.plantask_list(
        user=request.user,
        plan=plan,
        status=wanted.get("status") or "any",
        due=wanted.get("due") or "all",
    )
    page = Paginator(tasks, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    strategies = list(plan.strategies.all())
    customers = selectors.plan_customer_count(plan)
    context = {
        "title": plan.title,
        "plan": plan,
        "progress": selectors.plan_progress(plan),
        "strategies": strategies,
        "needs": list(plan.needs.all()),
        "customers": customers,
        "estimate": selectors.estimated_cost(strategies, customers),
        "filters": filters,
        "page": page,
        "measures": _measures(plan),
        "may_change": request.user.has_perm(CHANGE),
        "editable": request.user.has_perm(CHANGE) and plan.status in OPEN_PLANS,
        "today": timezone.localdate(),
        "query": query.urlencode(),
    }
    return render(request, "strategies/plans_detail.html", context)


@login_required
@permission_required(CHANGE, raise_exception=True)
def plan_edit(request, pk: int):
    plan = selectors.plan_get(user=request.user, pk=pk)
    if request.method != "POST":
        initial = {
            "title": plan.title,
            "goal": plan.goal,
            "starts_on": plan.starts_on,
            "ends_on": plan.ends_on,
            "owner": plan.owner_id,
            "budget": plan.budget,
            "version": plan.version,
        }
        return _form_page(
            request,
            PlanChangeForm(initial=initial, user=request.user, current_owner=plan.owner),
            plan=plan,
        )
    form = PlanChangeForm(request.POST, user=request.user, current_owner=plan.owner)
    if not form.is_valid():
        return _form_page(request, form, plan=plan, status=400)
    data = form.cleaned_data
    try:
        plan_change(
            plan=plan,
            data=form.to_input(),
            version=data["version"],
            reason=data["reason"],
            by=request.user,
        )
    except ApplicationError as error:
        add_application_error(form, error)
        return _form_page(request, form, plan=plan, status=error.status)
    messages.success(request, _("The plan was changed (version {n}).").format(n=plan.version))
    return redirect("strategies:plan_detail", plan.pk)


def _act(request, pk: int, action, done: str):
    plan = selectors.plan_get(user=request.user, pk=pk)
    try:
        action(plan)
    except ApplicationError as error:
        messages.error(request, " ".join([error.message, *error.fields.values()]))
    else:
        messages.success(request, done)
    return redirect("strategies:plan_detail", plan.pk)


@login_required
@require_POST
@permission_required(CHANGE, raise_exception=True)
def plan_activate_view(request, pk: int):
    return _act(
        request,
        pk,
        lambda plan: plan_activate(plan=plan, by=request.user),
        _("The plan was started and its tasks generated."),
    )


@login_required
@require_POST
@permission_required(CHANGE, raise_exception=True)
def plan_complete_view(request, pk: int):
    return _act(
        request,
        pk,
        lambda plan: plan_complete(plan=plan, by=request.user),
        _("The plan was completed and evaluated."),
    )


@login_required
@require_POST
@permission_required(CHANGE, raise_exception=True)
def plan_cancel_view(request, pk: int):
    reason = request.POST.get("reason", "")
    return _act(
        request,
        pk,
        lambda plan: plan_cancel(plan=plan, reason=reason, by=request.user),
        _("The plan was cancelled."),
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def plan_versions(request, pk: int):
    plan = selectors.plan_get(user=request.user, pk=pk)
    versions = selectors.version_differences(selectors.plan_versions(plan))
    context = {"title": _("Versions of {code}").format(code=plan.code), "plan": plan}
    return render(request, "strategies/plans_versions.html", {**context, "versions": versions})
