"""Plan task pages for agents (我的任务): my open tasks, overdue first; one task with its customer
and plan; recording the result (done) or skipping it with a reason."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.core.errors import ApplicationError
from kefu.core.forms import add_application_error
from kefu.strategies import selectors_plans as selectors
from kefu.strategies.choices import PlanStatus, TaskStatus
from kefu.strategies.forms_plans import TaskDoneForm, TaskFilterForm, TaskSkipForm
from kefu.strategies.services_plans_tasks import task_done, task_skip

VIEW, CHANGE = "strategies.view_plantask", "strategies.change_plantask"


@login_required
@permission_required(VIEW, raise_exception=True)
def my_tasks(request):
    filters = TaskFilterForm(request.GET or None)
    wanted = filters.cleaned_data if filters.is_valid() else {}
    rows = selectors.plantask_list(
        user=request.user,
        assignee=request.user,
        status=wanted.get("status") or "",
        due=wanted.get("due") or "all",
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "title": _("My tasks"),
        "filters": filters,
        "page": page,
        "today": timezone.localdate(),
        "query": query.urlencode(),
        "open_count": selectors.my_open_task_count(request.user),
    }
    return render(request, "strategies/tasks_mine.html", context)


def _may_act(user, task) -> bool:
    return (
        user.has_perm(CHANGE)
        and task.status == TaskStatus.OPEN
        and task.plan.status == PlanStatus.ACTIVE
    )


def _page(request, task, *, done_form=None, skip_form=None, status=200):
    acting = _may_act(request.user, task)
    context = {
        "title": task.title,
        "task": task,
        "today": timezone.localdate(),
        "done_form": (done_form or TaskDoneForm()) if acting else None,
        "skip_form": (skip_form or TaskSkipForm()) if acting else None,
    }
    return render(request, "strategies/tasks_detail.html", context, status=status)


@login_required
@permission_required(VIEW, raise_exception=True)
def task_detail(request, pk: int):
    task = selectors.plantask_get(user=request.user, pk=pk)
    return _page(request, task)


def _execute(request, pk: int, *, form_class, action, form_key: str, done: str):
    task = selectors.plantask_get(user=request.user, pk=pk)
    if request.method != "POST":
        return redirect("strategies:plan_task", task.pk)
    if not request.user.has_perm(CHANGE):
        raise PermissionDenied
    form = form_class(request.POST)
    if form.is_valid():
        try:
            action(task, form.cleaned_data)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, done)
            if request.POST.get("next") == "plan":
                return redirect("strategies:plan_detail", task.plan_id)
            return redirect("strategies:plan_my_tasks")
    return _page(request, task, status=400, **{form_key: form})


@login_required
@permission_required(CHANGE, raise_exception=True)
def task_done_view(request, pk: int):
    return _execute(
        request,
        pk,
        form_class=TaskDoneForm,
        action=lambda t, d: task_done(task=t, result=d["result"], by=request.user),
        form_key="done_form",
        done=_("The task is done."),
    )


@login_required
@permission_required(CHANGE, raise_exception=True)
def task_skip_view(request, pk: int):
    return _execute(
        request,
        pk,
        form_class=TaskSkipForm,
        action=lambda t, d: task_skip(task=t, reason=d["reason"], by=request.user),
        form_key="skip_form",
        done=_("The task was skipped."),
    )
