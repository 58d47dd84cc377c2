"""Grading run pages (分级运行): the runs, a new preview, a run's from → to matrix and its
proposed changes, apply and discard.

A preview is computed by a job (see services_grading); the run's page shows its status and
refreshes itself with htmx until the preview is ready. Applying a large run is a job too.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kefu.core.errors import ApplicationError
from kefu.core.paging import CappedPaginator
from kefu.strategies import selectors_grading as selectors
from kefu.strategies import services_grading as services
from kefu.strategies.choices import Metric, RunStatus

VIEW, RUN, APPLY = selectors.VIEW, "strategies.run_grading", "strategies.apply_grading"
APPLY_INLINE_LIMIT = 20_000  # more changes than this are applied by a job
PAGE_SIZE = 50


def _guarded(perm: str):
    return lambda view: login_required(permission_required(perm, raise_exception=True)(view))


@_guarded(VIEW)
def grading_run_list(request):
    status = request.GET.get("status", "")
    if status not in RunStatus.values:
        status = ""
    runs = selectors.grading_run_list(user=request.user, status=status)
    page = Paginator(runs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "strategies/grading_run_list.html",
        {
            "title": _("Grading runs"),
            "page": page,
            "status": status,
            "statuses": RunStatus.choices,
            "can_run": request.user.has_perm(RUN),
            "query": f"status={status}" if status else "",
        },
    )


@_guarded(RUN)
@require_POST
def grading_run_start(request):
    try:
        run = services.grading_preview_start(by=request.user)
    except ApplicationError as error:
        messages.error(request, " ".join([error.message, *error.fields.values()]))
        return redirect("strategies:grading_run_list")
    return redirect("strategies:grading_run_detail", pk=run.pk)


def _metric_label(metric: str) -> str:
    return Metric(metric).label if metric in Metric.values else metric


def _grade_filter(value: str | None) -> str | None:
    """`?to=gold` → "gold"; `?to=-` → "" (not graded); absent → None (any)."""
    if value is None or value == "*":
        return None
    return "" if value == "-" else value[:20]


@_guarded(VIEW)
def grading_run_detail(request, pk: int):
    run = selectors.grading_run_get(user=request.user, pk=pk)
    computing = run.status == RunStatus.RUNNING
    if request.headers.get("HX-Request"):
        response = render(request, "strategies/grading_run_status.html", {"run": run})
        if not computing:
            response["HX-Refresh"] = "true"  # the whole page then shows the result
        return response
    from_grade = _grade_filter(request.GET.get("from"))
    to_grade = _grade_filter(request.GET.get("to"))
    context = {"title": _("Grading run #{run}").format(run=run.pk), "run": run}
    if not computing:
        changes = selectors.grading_change_list(
            user=request.user, run=run, from_grade=from_grade, to_grade=to_grade
        )
        query = request.GET.copy()
        query.pop("page", None)
        context |= {
            "matrix": selectors.grading_matrix(user=request.user, run=run),
            "page": CappedPaginator(changes, PAGE_SIZE).get_page(request.GET.get("page")),
            "query": query.urlencode(),
            "filtered": from_grade is not None or to_grade is not None,
            "criteria": [(_metric_label(c["metric"]), c) for c in run.criteria],
        }
    context |= {
        "can_apply": run.status == RunStatus.PREVIEW and request.user.has_perm(APPLY),
        "can_discard": run.status == RunStatus.PREVIEW and request.user.has_perm(RUN),
    }
    return render(request, "strategies/grading_run_detail.html", context)


@_guarded(APPLY)
@require_POST
def grading_run_apply(request, pk: int):
    run = selectors.grading_run_get(user=request.user, pk=pk)
    try:
        if run.status == RunStatus.PREVIEW and run.changes_count > APPLY_INLINE_LIMIT:
            services.grading_apply_start(run=run, by=request.user)
            messages.info(request, _("The run is being applied; this takes a minute or two."))
        else:
            run = services.grading_apply(run=run, by=request.user)
            messages.success(
                request,
                _("{applied} grade changes applied, {skipped} skipped.").format(
                    applied=run.applied_count, skipped=run.skipped_count
                ),
            )
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("strategies:grading_run_detail", pk=run.pk)


@_guarded(RUN)
@require_POST
def grading_run_discard(request, pk: int):
    run = selectors.grading_run_get(user=request.user, pk=pk)
    try:
        services.grading_discard(run=run, by=request.user)
        messages.success(request, _("The preview was discarded; no grade changed."))
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("strategies:grading_run_detail", pk=run.pk)
