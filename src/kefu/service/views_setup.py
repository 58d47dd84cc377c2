"""Service setup pages for holders of `service.manage_workflows`: workflows, SLA levels, queues.

Views parse input, call one selector or service and render; every rule lives in the services.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kefu.core.errors import ApplicationError
from kefu.core.forms import add_application_error
from kefu.core.listing import Column, ListPageView
from kefu.service.choices import Priority, StateCategory, TicketType
from kefu.service.forms_setup import (
    QueueForm,
    SlaLevelForm,
    field_choices,
    member_label,
    role_choices,
    workflow_definition,
    workflow_forms,
)
from kefu.service.models.setup import label_of
from kefu.service.selectors_setup import (
    CATEGORY_STYLE,
    business_day_minutes,
    queue_get,
    queue_setup_list,
    sla_default_level,
    sla_level_get,
    sla_level_list,
    sla_matrix,
    ticket_type_or_404,
    user_lookup,
    workflow_diagram,
    workflow_history,
    workflow_overview,
    workflow_version_get,
)
from kefu.service.services.setup import queue_save, sla_level_save, workflow_save_from
from kefu.service.workflows import default_definition

PERM = "service.manage_workflows"


def setup_view(view):
    return login_required(permission_required(PERM, raise_exception=True)(view))


# ----- workflows ------------------------------------------------------------------------------


@setup_view
def workflow_list(request):
    return render(
        request,
        "service/setup_workflow_list.html",
        {"title": _("Workflows"), "rows": workflow_overview()},
    )


def _readable(definition: dict) -> dict:
    """States and transitions with their labels, badges and names resolved for the page."""
    states = {s["code"]: s for s in definition["states"]}
    roles, fields = dict(role_choices()), dict(field_choices())
    categories = dict(StateCategory.choices)

    def name(code):
        return label_of(states[code]) if code in states else code

    return {
        "initial": name(definition["initial"]),
        "initial_code": definition["initial"],
        "states": [
            {
                **s,
                "label": label_of(s),
                "category_label": categories.get(s["category"], s["category"]),
                "style": CATEGORY_STYLE.get(s["category"], "secondary"),
            }
            for s in definition["states"]
        ],
        "transitions": [
            {
                **t,
                "label": label_of(t),
                "from_labels": [name(c) for c in t["from"]],
                "to_label": name(t["to"]),
                "role_labels": [roles.get(r, r) for r in dict.fromkeys(t.get("roles", []))],
                "field_labels": [fields.get(f, f) for f in t.get("fields", [])],
            }
            for t in definition["transitions"]
        ],
    }


@setup_view
def workflow_detail(request, ticket_type: str):
    ticket_type = ticket_type_or_404(ticket_type)
    number = request.GET.get("version", "")
    version = workflow_version_get(
        ticket_type=ticket_type, number=int(number) if number.isdigit() else None
    )
    definition = version.definition if version else default_definition(ticket_type)
    return render(
        request,
        "service/setup_workflow_detail.html",
        {
            "title": _("Workflow: {type}").format(type=TicketType(ticket_type).label),
            "ticket_type": ticket_type,
            "version": version,
            "workflow": _readable(definition),
            "diagram": workflow_diagram(definition),
            "history": workflow_history(ticket_type),
        },
    )


@setup_view
def workflow_edit(request, ticket_type: str):
    ticket_type = ticket_type_or_404(ticket_type)
    current = workflow_version_get(ticket_type=ticket_type)
    definition = current.definition if current else default_definition(ticket_type)
    main, states, transitions = workflow_forms(
        definition, request.POST or None, base=current.number if current else None
    )
    errors = {}
    if request.method == "POST" and all(
        [main.is_valid(), states.is_valid(), transitions.is_valid()]
    ):
        try:
            version = workflow_save_from(
                ticket_type=ticket_type,
                base_number=main.cleaned_data["base"],
                definition=workflow_definition(main, states, transitions),
                reason=main.cleaned_data["reason"],
                by=request.user,
            )
        except ApplicationError as error:
            add_application_error(main, error)
            errors = error.fields
        else:
            messages.success(
                request, _("Version {number} was saved.").format(number=version.number)
            )
            return redirect("service:workflow_detail", ticket_type=ticket_type)
    return render(
        request,
        "service/setup_workflow_edit.html",
        {
            "title": _("Edit workflow: {type}").format(type=TicketType(ticket_type).label),
            "ticket_type": ticket_type,
            "current": current,
            "form": main,
            "states": states,
            "transitions": transitions,
            "state_error": errors.get("states", ""),
            "transition_error": errors.get("transitions", ""),
            "posted": request.method == "POST",
        },
    )


# ----- response-time levels -------------------------------------------------------------------


@setup_view
def sla_list(request):
    day = business_day_minutes()
    levels = [(level, sla_matrix(level, day_minutes=day)) for level in sla_level_list()]
    return render(
        request,
        "service/setup_sla_list.html",
        {
            "title": _("Response-time levels"),
            "levels": levels,
            "priorities": Priority.choices,
            "day_hours": f"{day / 60:g}",
        },
    )


def _sla_form_page(request, form, *, title, level=None):
    return render(
        request,
        "service/setup_sla_form.html",
        {
            "title": title,
            "form": form,
            "level": level,
            "priorities": Priority.choices,
            "cancel_url": reverse("service:sla_list"),
        },
    )


def _sla_submit(request, form, *, level=None):
    """Save the posted level through the service; the redirect, or None when refused."""
    if not form.is_valid():
        return None
    try:
        saved = sla_level_save(
            level=level, data=form.level_data(), targets=form.targets(), by=request.user
        )
    except ApplicationError as error:
        add_application_error(form, error)
        return None
    messages.success(request, _("Level {name} was saved.").format(name=saved.name))
    return redirect("service:sla_list")


@setup_view
def sla_edit(request, pk: int):
    level = sla_level_get(pk)
    initial = {
        "code": level.code,
        "name": level.name,
        "rank": level.rank,
        "is_default": level.is_default,
    } | SlaLevelForm.target_initial(level)
    form = SlaLevelForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and (done := _sla_submit(request, form, level=level)):
        return done
    title = _("Edit response-time level {name}").format(name=level.name)
    return _sla_form_page(request, form, title=title, level=level)


@setup_view
def sla_create(request):
    default = sla_default_level()
    initial = {"rank": 0} | (SlaLevelForm.target_initial(default) if default else {})
    form = SlaLevelForm(request.POST or None, initial=initial)
    if request.method == "POST" and (done := _sla_submit(request, form)):
        return done
    return _sla_form_page(request, form, title=_("New response-time level"))


# ----- queues ---------------------------------------------------------------------------------


def _types_short(types: list[str], shown: int = 3) -> str:
    labels = [str(TicketType(t).label) for t in types if t in TicketType.values]
    if len(labels) <= shown:
        return "、".join(labels)
    return _("{types} and {count} more").format(
        types="、".join(labels[:shown]), count=len(labels) - shown
    )


class QueueListView(ListPageView):
    title = gettext_lazy("Queues")
    view_perm = PERM
    export_perm = PERM
    create_perm = PERM
    create_url = reverse_lazy("service:queue_create")
    default_sort = "code"
    export_name = "queues"
    actions_template = "service/setup_queue_actions.html"
    columns = [
        Column("code", gettext_lazy("Code"), sort="code"),
        Column("name", gettext_lazy("Name"), sort="name"),
        Column("kind", gettext_lazy("Kind"), sort="kind"),
        Column("org_unit", gettext_lazy("Org unit"), value=lambda q: q.org_unit or ""),
        Column("strategy", gettext_lazy("Auto-assignment")),
        Column("member_count", gettext_lazy("Members"), sort="member_count"),
        Column("open_ticket_count", gettext_lazy("Open tickets"), sort="open_ticket_count"),
        Column("breach_queue", gettext_lazy("On SLA breach"), value=lambda q: q.breach_queue or ""),
        Column(
            "ticket_types",
            gettext_lazy("Default for"),
            value=lambda q: _types_short(q.ticket_types or []),
        ),
        Column(
            "is_active",
            gettext_lazy("Active"),
            value=lambda q: _("Yes") if q.is_active else _("No"),
        ),
    ]

    def dispatch(self, request, *args, **kwargs):
        # the permission before the method: a POST here is refused like a GET, not "405"
        if request.user.is_authenticated and not request.user.has_perm(PERM):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self, filters):
        return queue_setup_list()


def _queue_page(request, form, *, title, queue=None):
    if request.method == "POST" and form.is_valid():
        try:
            saved = queue_save(queue=queue, data=form.queue_data(), by=request.user)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Queue {name} was saved.").format(name=saved.name))
            return redirect("service:queue_list")
    return render(
        request,
        "core/form_page.html",
        {"title": title, "form": form, "cancel_url": reverse("service:queue_list")},
    )


@setup_view
def queue_edit(request, pk: int):
    queue = queue_get(pk)
    form = QueueForm(
        request.POST or None, user=request.user, queue=queue, initial=QueueForm.initial_of(queue)
    )
    return _queue_page(
        request, form, title=_("Edit queue {name}").format(name=queue.name), queue=queue
    )


@setup_view
def queue_create(request):
    form = QueueForm(request.POST or None, user=request.user)
    return _queue_page(request, form, title=_("New queue"))


@setup_view
def setup_user_lookup(request):
    """Active users for the member picker (Tom Select): [{"value", "text"}]."""
    users = user_lookup(request.GET.get("q", ""))
    return JsonResponse({"results": [{"value": u.pk, "text": member_label(u)} for u in users]})
