"""Pages of the strategy library (服务策略库): list, detail with plans and version history,
create, change (a new version with its reason; a stale edit refused), retire and re-activate."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from kefu.core.errors import ApplicationError
from kefu.core.forms import add_application_error
from kefu.core.listing import Column, ListPageView
from kefu.strategies import entitlements
from kefu.strategies import selectors_library as selectors
from kefu.strategies import services_library as services
from kefu.strategies.choices import StrategyKind, StrategyStatus
from kefu.strategies.forms_library import (
    StatusForm,
    StrategyFilterForm,
    StrategyForm,
    strategy_initial,
)

VIEW, ADD, CHANGE = (
    "strategies.view_strategy",
    "strategies.add_strategy",
    "strategies.change_strategy",
)


def _grades(row) -> str:
    return "、".join(grade.name for grade in row.grades.all())


def _grants(row) -> str:
    if row.kind == StrategyKind.ENTITLEMENT:
        return entitlements.entitlement_summary(row)
    if row.action_type:
        return f"{row.get_action_type_display()} · {row.get_recurrence_display()}"
    return ""


class StrategyListView(ListPageView):
    title = gettext_lazy("Service strategies")
    filter_form_class = StrategyFilterForm
    view_perm = VIEW
    create_perm = ADD
    create_url = reverse_lazy("strategies:library_create")
    export_name = "strategies"
    default_sort = "code"
    columns = [
        Column("code", gettext_lazy("Code"), sort="code"),
        Column("name", gettext_lazy("Name"), sort="name"),
        Column("kind", gettext_lazy("Kind"), sort="kind"),
        Column("grades", gettext_lazy("Grades"), value=_grades),
        Column("grants", gettext_lazy("Grants or does"), value=_grants),
        Column("estimated_cost", gettext_lazy("Estimated cost"), sort="estimated_cost"),
        Column("status", gettext_lazy("Status"), sort="status"),
        Column("version", gettext_lazy("Version")),
        Column("updated_at", gettext_lazy("Updated"), sort="updated_at", export=False),
    ]

    def get_queryset(self, filters: dict):
        return selectors.strategy_list(user=self.request.user, **filters)


def _detail_page(request, strategy, *, status: int = 200, status_form=None):
    user = request.user
    context = {
        "title": f"{strategy.code} {strategy.name}",
        "strategy": strategy,
        "grades": list(strategy.grades.all()),
        "parts": entitlements.entitlement_parts(strategy),
        "plans": selectors.strategy_plans(user=user, strategy=strategy),
        "may_see_plans": user.has_perm("strategies.view_plan"),
        "versions": selectors.strategy_versions(strategy),
        "may_change": user.has_perm(CHANGE),
        "status_form": status_form or StatusForm(initial={"version": strategy.version}),
        "is_active": strategy.status == StrategyStatus.ACTIVE,
    }
    return render(request, "strategies/library_detail.html", context, status=status)


@login_required
@permission_required(VIEW, raise_exception=True)
@require_GET
def strategy_detail(request, pk: int):
    strategy = selectors.strategy_get(user=request.user, pk=pk)
    return _detail_page(request, strategy)


def _form_page(request, form, *, title: str, strategy=None, status: int = 200):
    cancel = strategy.get_absolute_url() if strategy else reverse("strategies:library_list")
    context = {"title": title, "form": form, "strategy": strategy, "cancel_url": cancel}
    return render(request, "strategies/library_form.html", context, status=status)


@login_required
@permission_required(ADD, raise_exception=True)
def strategy_create(request):
    form = StrategyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                strategy = services.strategy_create(
                    data=form.to_data(), by=request.user, status=form.cleaned_data["status"]
                )
            except ApplicationError as error:
                add_application_error(form, error)
                status = error.status
            else:
                messages.success(request, _("The strategy was saved."))
                return redirect(strategy.get_absolute_url())
    return _form_page(request, form, title=_("New strategy"), status=status)


@login_required
@permission_required(CHANGE, raise_exception=True)
def strategy_edit(request, pk: int):
    strategy = selectors.strategy_get(user=request.user, pk=pk)
    form = StrategyForm(request.POST or None, initial=strategy_initial(strategy), editing=True)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            before = strategy.version
            try:
                strategy = services.strategy_update(
                    strategy=strategy,
                    data=form.to_data(),
                    version=form.cleaned_data["version"],
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                )
            except ApplicationError as error:
                add_application_error(form, error)
                status = error.status
            else:
                if strategy.version == before:
                    messages.info(request, _("Nothing was changed; no new version was saved."))
                else:
                    messages.success(request, _("Saved as a new version."))
                return redirect(strategy.get_absolute_url())
    title = _("Change strategy")
    return _form_page(request, form, title=title, strategy=strategy, status=status)


def _status_action(request, pk: int, action):
    strategy = selectors.strategy_get(user=request.user, pk=pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, strategy, status=400, status_form=form)
    try:
        action(
            strategy=strategy,
            by=request.user,
            reason=form.cleaned_data["reason"],
            version=form.cleaned_data["version"],
        )
    except ApplicationError as error:
        messages.error(request, error.message)
        return _detail_page(request, strategy, status=error.status, status_form=form)
    return redirect(strategy.get_absolute_url())


@login_required
@permission_required(CHANGE, raise_exception=True)
@require_POST
def strategy_retire(request, pk: int):
    response = _status_action(request, pk, services.strategy_retire)
    if response.status_code == 302:
        messages.success(request, _("The strategy is retired."))
    return response


@login_required
@permission_required(CHANGE, raise_exception=True)
@require_POST
def strategy_activate(request, pk: int):
    response = _status_action(request, pk, services.strategy_activate)
    if response.status_code == 302:
        messages.success(request, _("The strategy is in force."))
    return response
