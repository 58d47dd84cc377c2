"""Pages of customer needs (客户需求): the list (with Excel export), a need with its history,
register (prefilled from a ticket, a follow-up visit or the desk's customer), edit, and the
customer-360 panel. The overview (需求分析) is in `views_needs_overview.py`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse, reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kefu.core.errors import ApplicationError
from kefu.core.forms import add_application_error
from kefu.core.listing import Column, ListPageView
from kefu.core.templatetags.kefu import local
from kefu.customers.selectors import customer_list
from kefu.strategies.forms_needs import NeedEditForm, NeedFilterForm, NeedRegisterForm
from kefu.strategies.needs_display import history_rows, need_prefill, source_objects
from kefu.strategies.selectors_needs import (
    category_names,
    customer_needs,
    grade_names,
    need_get,
    need_history,
    need_list,
    need_plans,
    shown_status,
)
from kefu.strategies.services_needs import IMPORTANCE, NeedData, need_register, need_update

VIEW, ADD, CHANGE = "strategies.view_need", "strategies.add_need", "strategies.change_need"
LOOKUP_LIMIT = 20
STALE = gettext_lazy("Someone else changed this need meanwhile; reload it and edit again.")


def need_url(need) -> str:
    return reverse("strategies:need_detail", args=[need.pk])


class NeedListView(ListPageView):
    title = gettext_lazy("Customer needs")
    view_perm = VIEW
    export_perm = VIEW
    create_perm = ADD
    create_url = reverse_lazy("strategies:need_register")
    filter_form_class = NeedFilterForm
    export_name = "needs"
    default_sort = "-id"

    def _columns(self, *, shown: bool) -> list[Column]:
        names, grades = category_names(), grade_names()
        link = (
            (lambda n: format_html('<a href="{}">{}</a>', need_url(n), n.code)) if shown else None
        )
        importance = dict(IMPORTANCE)
        return [
            Column("code", gettext_lazy("Need number"), sort="id", value=link),
            Column("title", gettext_lazy("Title")),
            Column("customer", gettext_lazy("Customer"), value=lambda n: n.customer.name),
            Column(
                "category",
                gettext_lazy("Category"),
                value=lambda n: names.get(n.category, n.category),
            ),
            Column("grade", gettext_lazy("Grade"), value=lambda n: grades.get(n.grade, n.grade)),
            Column("source", gettext_lazy("Source")),
            Column(
                "priority",
                gettext_lazy("Importance"),
                sort="priority",
                value=lambda n: importance.get(n.priority, n.priority),
            ),
            Column("status", gettext_lazy("Status"), value=shown_status),
            Column(
                "created_at",
                gettext_lazy("Registered"),
                sort="created_at",
                value=lambda n: local(n.created_at),
            ),
        ]

    @property
    def columns(self):
        return self._columns(shown=True)

    def export_columns(self):
        return self._columns(shown=False)

    def get_queryset(self, filters):
        return need_list(user=self.request.user, **filters)


def _plan_url(plan) -> str:
    try:
        return reverse("strategies:plan_detail", args=[plan.pk])
    except NoReverseMatch:  # the plans pages may not be there
        return ""


@login_required
@permission_required(VIEW, raise_exception=True)
def need_detail(request, pk: int):
    user = request.user
    need = need_get(user=user, pk=pk)
    context = {
        "title": f"{need.code} {need.title}",
        "need": need,
        "status": shown_status(need),
        "category": category_names().get(need.category, need.category),
        "grade": grade_names().get(need.grade, need.grade),
        "importance": dict(IMPORTANCE).get(need.priority, need.priority),
        "sources": source_objects(need, user),
        "strategies": list(need.strategies.order_by("code")),
        "plans": [(plan, _plan_url(plan)) for plan in need_plans(need)],
        "history": history_rows(need_history(need)),
        "may_change": user.has_perm(CHANGE),
    }
    return render(request, "strategies/needs_detail.html", context)


@login_required
@permission_required(ADD, raise_exception=True)
def need_register_view(request):
    user = request.user
    if request.method == "POST":
        form = NeedRegisterForm(request.POST, user=user)
        if form.is_valid():
            data = NeedData(**form.cleaned_data)
            try:
                need = need_register(data=data, by=user)
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                messages.success(request, _("Need {code} registered.").format(code=need.code))
                return redirect(need_url(need))
        status = 400
    else:
        form = NeedRegisterForm(initial=need_prefill(request.GET, user), user=user)
        status = 200
    context = {
        "title": _("Register a customer need"),
        "form": form,
        "source_label": _source_label(form),
    }
    return render(request, "strategies/needs_form.html", context, status=status)


def _source_label(form) -> str:
    """What the hidden source object is, for the form to show (收自服务单 …)."""
    values = form.data if form.is_bound else form.initial
    for name, label in (
        ("source_ticket", _("From ticket")),
        ("source_interaction", _("From contact")),
        ("source_visit", _("From follow-up visit")),
    ):
        value = values.get(name)
        if value:
            return f"{label} #{value}"
    return ""


@login_required
@permission_required(CHANGE, raise_exception=True)
def need_edit(request, pk: int):
    user = request.user
    need = need_get(user=user, pk=pk)
    if request.method == "POST":
        form = NeedEditForm(request.POST, need=need)
        if request.POST.get("version") != str(need.version):  # before the fields: they moved on
            form.full_clean()
            form.add_error(None, STALE)
            status = 409
        elif form.is_valid():
            values = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "reason")}
            try:
                need_update(
                    need=need,
                    by=user,
                    version=form.cleaned_data["version"],
                    values=values,
                    reason=form.cleaned_data["reason"],
                )
            except ApplicationError as error:
                add_application_error(form, error)
                status = error.status
            else:
                messages.success(request, _("Need {code} saved.").format(code=need.code))
                return redirect(need_url(need))
        else:
            status = 400
    else:
        form = NeedEditForm(initial=NeedEditForm.initial_for(need), need=need)
        status = 200
    context = {"title": _("Edit need {code}").format(code=need.code), "form": form, "need": need}
    return render(request, "strategies/needs_edit.html", context, status=status)


@login_required
def need_customer_search(request):
    """Customers for the register form's picker (Tom Select): [{"value", "text"}], scoped."""
    if not request.user.has_perm(ADD):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()[:100]
    rows = customer_list(user=request.user, q=query)[:LOOKUP_LIMIT] if query else []
    results = [{"value": c.pk, "text": f"{c.name} ({c.code})"} for c in rows]
    return JsonResponse({"results": results})


def customer_panel(request, customer) -> dict | None:
    """The 360 page's "客户需求" panel: the customer's latest needs and a register button."""
    user = request.user
    if not user.has_perm(VIEW):
        return None
    needs = customer_needs(user=user, customer_id=customer.pk)
    names = category_names()
    return {
        "needs": [(n, shown_status(n), names.get(n.category, n.category)) for n in needs],
        "can_add": user.has_perm(ADD),
    }
