"""Pages of customer segments (客户细分): list with live counts, create/edit, the customers of a
segment (paged, exportable), deactivate. Counts and members are the user's visible customers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kefu.core.errors import ApplicationError
from kefu.core.exports import export_response
from kefu.core.listing import EXPORT_LIMIT, Column, ListPageView
from kefu.core.paging import COUNT_LIMIT, CappedPaginator
from kefu.core.services import audit_record
from kefu.customers.grades import grade_name, grades_by_code
from kefu.strategies import services_segments as services
from kefu.strategies.forms_grades import kept_forms
from kefu.strategies.forms_segments import ConditionFormSet, SegmentForm, segment_data
from kefu.strategies.segments import SCORE_FIELDS

EXPORT = "customers.export_customers"
PAGE_SIZE = 25


def _guard(*perms):
    def wrap(view):
        return login_required(permission_required(perms, raise_exception=True)(view))

    return wrap


class SegmentListView(ListPageView):
    title = gettext_lazy("Customer segments")
    view_perm = services.VIEW
    export_perm = EXPORT
    create_perm = services.ADD
    create_url = reverse_lazy("strategies:segment_create")
    default_sort = "name"
    export_name = "segments"
    actions_template = "strategies/segments_row_actions.html"

    @property
    def columns(self):
        grades = grades_by_code()
        user = self.request.user
        return [
            Column("name", gettext_lazy("Name"), sort="name"),
            Column(
                "definition",
                gettext_lazy("Definition"),
                value=lambda s: services.segment_summary(s, grades),
            ),
            Column(
                "customers",
                gettext_lazy("Customers"),
                value=lambda s: _count(services.segment_count(user=user, segment=s)),
            ),
            Column(
                "is_active",
                gettext_lazy("Active"),
                value=lambda s: _("Yes") if s.is_active else _("No"),
            ),
        ]

    def get_queryset(self, filters):
        return services.segment_list()


def _count(n: int) -> str:
    return f"{COUNT_LIMIT:,}+" if n > COUNT_LIMIT else f"{n:,}"


def _form_page(request, form, formset, *, title, segment=None):
    back = (
        reverse("strategies:segment_detail", args=[segment.pk])
        if segment
        else reverse("strategies:segment_list")
    )
    return render(
        request,
        "strategies/segments_form.html",
        {"title": title, "form": form, "formset": formset, "cancel_url": back},
    )


def _place_errors(form, formset, error: ApplicationError) -> None:
    kept = kept_forms(formset)
    for key, message in error.fields.items():
        parts = key.split(".")
        if parts[0] == "conditions" and len(parts) == 3 and int(parts[1]) < len(kept):
            kept[int(parts[1])].add_error(parts[2], message)
        elif key in form.fields:
            form.add_error(key, message)
        else:
            form.add_error(None, message)


def _save(request, form, formset, write):
    if request.method != "POST" or not (form.is_valid() and formset.is_valid()):
        return None
    try:
        return write(segment_data(form, formset))
    except ApplicationError as error:
        _place_errors(form, formset, error)
        return None


@_guard(services.VIEW, services.ADD)
def segment_create(request):
    form = SegmentForm(request.POST or None)
    formset = ConditionFormSet(request.POST or None, prefix="conditions")
    segment = _save(
        request, form, formset, lambda data: services.segment_create(data=data, by=request.user)
    )
    if segment is not None:
        messages.success(request, _("Segment {name} was created.").format(name=segment.name))
        return redirect("strategies:segment_detail", pk=segment.pk)
    return _form_page(request, form, formset, title=_("New segment"))


@_guard(services.VIEW, services.CHANGE)
def segment_edit(request, pk: int):
    segment = services.segment_get(pk=pk)
    initial = {"name": segment.name, "description": segment.description, "grades": segment.grades}
    form = SegmentForm(request.POST or None, initial=initial)
    formset = ConditionFormSet(
        request.POST or None, prefix="conditions", initial=segment.conditions
    )
    saved = _save(
        request,
        form,
        formset,
        lambda data: services.segment_update(segment=segment, data=data, by=request.user),
    )
    if saved is not None:
        messages.success(request, _("Saved."))
        return redirect("strategies:segment_detail", pk=segment.pk)
    title = _("Change segment {name}").format(name=segment.name)
    return _form_page(request, form, formset, title=title, segment=segment)


@_guard(services.VIEW, services.CHANGE)
@require_POST
def segment_active(request, pk: int):
    segment = services.segment_get(pk=pk)
    active = request.POST.get("active") == "1"
    services.segment_set_active(segment=segment, active=active, by=request.user)
    messages.success(request, _("Activated.") if active else _("Deactivated."))
    return redirect("strategies:segment_detail", pk=segment.pk)


def _scores(customer) -> list:
    score = getattr(customer, "score", None)
    return [getattr(score, name) if score else None for name in SCORE_FIELDS]


@_guard(services.VIEW)
def segment_detail(request, pk: int):
    segment = services.segment_get(pk=pk)
    members = services.segment_members(user=request.user, segment=segment).order_by("code")
    grades = grades_by_code()
    if request.GET.get("export") in ("xlsx", "csv"):
        return _export(request, segment, members, grades)
    page = CappedPaginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "strategies/segments_detail.html",
        {
            "title": segment.name,
            "segment": segment,
            "summary": services.segment_summary(segment, grades),
            "page": page,
            "count_limit": COUNT_LIMIT,
            "rows": [(c, _scores(c)) for c in page.object_list],
            "score_labels": [services.score_label(name) for name in SCORE_FIELDS],
            "may_change": request.user.has_perm(services.CHANGE),
            "may_export": request.user.has_perm(EXPORT),
        },
    )


def _export(request, segment, members, grades):
    if not request.user.has_perm(EXPORT):
        raise PermissionDenied
    audit_record(
        actor=request.user,
        action="segment.export",
        obj=segment,
        ip=request.META.get("REMOTE_ADDR"),
    )
    headers = [_("Customer code"), _("Name"), _("Grade")]
    headers += [services.score_label(name) for name in SCORE_FIELDS]
    rows = (
        [c.code, c.name, grade_name(c.grade, grades), *_scores(c)]
        for c in members[:EXPORT_LIMIT].iterator(chunk_size=2000)
    )
    return export_response(
        fmt=request.GET["export"], filename=f"segment-{segment.pk}", headers=headers, rows=rows
    )
