"""Pages of customer grades (客户等级), grading rules (分级规则) and the manual override.

Grades and rules are one set for the whole install: managers and admins keep them, supervisors
and the desk read them. The override forms post from the customer's 360 panel and come back to
it; a customer the user cannot see is 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kefu.core.errors import ApplicationError
from kefu.core.forms import add_application_error
from kefu.customers.selectors import customer_get
from kefu.strategies import services_grades as services
from kefu.strategies.forms_grades import (
    CriterionFormSet,
    GradeForm,
    OverrideForm,
    criteria_rows,
    kept_forms,
)
from kefu.strategies.selectors_grades import (
    VIEW_GRADE,
    VIEW_RULES,
    criteria_list,
    grade_customer_counts,
    grade_get,
    grade_list,
    override_in_force,
)
from kefu.strategies.services_overrides import PERM as OVERRIDE
from kefu.strategies.services_overrides import grade_override_end, grade_override_set

CHANGE_GRADE = "customers.change_grade"
ADD_GRADE = "customers.add_grade"
DELETE_GRADE = "customers.delete_grade"
CHANGE_RULES = "strategies.change_gradingcriterion"


def _guard(*perms):
    def wrap(view):
        return login_required(permission_required(perms, raise_exception=True)(view))

    return wrap


@_guard(VIEW_GRADE)
def grade_list_page(request):
    counts = grade_customer_counts(user=request.user)
    grades = list(grade_list())
    return render(
        request,
        "strategies/grades_list.html",
        {
            "title": _("Customer grades"),
            "rows": [(g, counts.get(g.code, 0)) for g in grades],
            "ungraded": counts.get("", 0),
            "gaps": _gaps([g for g in grades if g.is_active]),
            "may_add": request.user.has_perm(ADD_GRADE),
            "may_change": request.user.has_perm(CHANGE_GRADE),
            "may_delete": request.user.has_perm(DELETE_GRADE),
        },
    )


def _gaps(active) -> list[tuple]:
    """Score ranges of 0–100 no active band covers (scores there get the band below)."""
    gaps, edge = [], 0
    for grade in sorted(active, key=lambda g: g.min_score):
        if grade.min_score > edge:
            gaps.append((edge, grade.min_score))
        edge = max(edge, grade.max_score)
    if edge < 100:
        gaps.append((edge, 100))
    return gaps


def _grade_form_page(request, form, *, title):
    return render(
        request,
        "core/form_page.html",
        {"title": title, "form": form, "cancel_url": reverse("strategies:grade_list")},
    )


@_guard(ADD_GRADE)
def grade_create(request):
    form = GradeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            grade = services.grade_create(data=form.data_object(), by=request.user)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Grade {name} was created.").format(name=grade.name))
            return redirect("strategies:grade_list")
    return _grade_form_page(request, form, title=_("New grade"))


@_guard(CHANGE_GRADE)
def grade_edit(request, pk: int):
    grade = grade_get(pk=pk)
    initial = {name: getattr(grade, name) for name in services.GRADE_FIELDS}
    form = GradeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.grade_update(grade=grade, data=form.data_object(), by=request.user)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("strategies:grade_list")
    title = _("Change grade {name}").format(name=grade.name)
    return _grade_form_page(request, form, title=title)


@_guard(CHANGE_GRADE)
@require_POST
def grade_active(request, pk: int):
    grade = grade_get(pk=pk)
    active = request.POST.get("active") == "1"
    try:
        services.grade_set_active(grade=grade, active=active, by=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Activated.") if active else _("Deactivated."))
    return redirect("strategies:grade_list")


@_guard(DELETE_GRADE)
@require_POST
def grade_delete(request, pk: int):
    grade = grade_get(pk=pk)
    try:
        services.grade_delete(grade=grade, by=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Grade {name} was deleted.").format(name=grade.name))
    return redirect("strategies:grade_list")


def _criteria_initial() -> list[dict]:
    return [
        {name: getattr(row, name) for name in services.CRITERION_FIELDS} for row in criteria_list()
    ]


def _place_row_errors(formset, error: ApplicationError) -> None:
    """The service names a row's field "<row>.<field>": show it on that cell."""
    kept = kept_forms(formset)
    for key, message in error.fields.items():
        index, _dot, name = key.partition(".")
        if index.isdigit() and int(index) < len(kept) and name in kept[int(index)].fields:
            kept[int(index)].add_error(name, message)
        else:
            formset._non_form_errors = formset.error_class([*formset.non_form_errors(), message])


@_guard(VIEW_RULES)
def grade_criteria(request):
    may_change = request.user.has_perm(CHANGE_RULES)
    if request.method == "POST" and not may_change:
        raise PermissionDenied
    formset = CriterionFormSet(request.POST or None, initial=_criteria_initial())
    if request.method == "POST" and formset.is_valid():
        try:
            services.criteria_replace(rows=criteria_rows(formset), by=request.user)
        except ApplicationError as error:
            _place_row_errors(formset, error)
        else:
            messages.success(request, _("The grading rules were saved."))
            return redirect("strategies:grade_criteria")
    return render(
        request,
        "strategies/grades_criteria.html",
        {
            "title": _("Grading rules"),
            "formset": formset,
            "may_change": may_change,
            "grades": list(grade_list(active=True)),
        },
    )


@_guard("customers.view_customer", OVERRIDE)
@require_POST
def grade_override_set_view(request, customer_pk: int):
    customer = customer_get(user=request.user, pk=customer_pk)
    form = OverrideForm(request.POST, prefix="override")
    back = customer.get_absolute_url() + "#customer-grade"
    if form.is_valid():
        data = form.cleaned_data
        try:
            grade_override_set(
                customer=customer,
                grade=data["grade"],
                reason=data["reason"],
                expires_on=data["expires_on"],
                by=request.user,
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("The grade was set by hand."))
            return redirect(back)
    problems = [
        f"{form.fields[n].label}: {m[0]}" for n, m in form.errors.items() if n in form.fields
    ]
    problems += form.non_field_errors()
    messages.error(
        request, _("The grade was not set: {problems}").format(problems="；".join(problems))
    )
    return redirect(back)


@_guard("customers.view_customer", OVERRIDE)
@require_POST
def grade_override_end_view(request, customer_pk: int):
    customer = customer_get(user=request.user, pk=customer_pk)
    override = override_in_force(customer=customer)
    if override is None:
        messages.error(request, _("No manual override is in force."))
    else:
        grade_override_end(override=override, by=request.user)
        messages.success(request, _("The override ended; the computed grade applies again."))
    return redirect(customer.get_absolute_url() + "#customer-grade")
