"""Setup of follow-up rules (回访规则), for holders of `service.manage_workflows`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kefu.core.errors import ApplicationError
from kefu.core.forms import add_application_error
from kefu.service.choices import TicketType
from kefu.service.forms_visits import VisitRuleForm
from kefu.service.models import VisitRule
from kefu.service.models.setup import label_of
from kefu.service.services.records import workflow_current
from kefu.service.services.visit_rules import visit_rule_save

PERM = "service.manage_workflows"
VISITED_TYPES = [t for t in TicketType if t not in (TicketType.FOLLOW_UP, TicketType.CARE)]


def setup_view(view):
    return login_required(permission_required(PERM, raise_exception=True)(view))


@setup_view
def visit_rule_list(request):
    rules = {r.ticket_type: r for r in VisitRule.objects.select_related("queue")}
    rows = []
    for ticket_type in VISITED_TYPES:
        rule = rules.get(ticket_type.value)
        workflow = workflow_current(ticket_type.value)
        state = workflow.state_name(rule.trigger_state) if rule else ""
        rows.append({"type": ticket_type, "rule": rule, "state": state})
    return render(
        request, "service/setup_visit_rules.html", {"title": _("Follow-up rules"), "rows": rows}
    )


@setup_view
def visit_rule_edit(request, ticket_type: str):
    if ticket_type not in [t.value for t in VISITED_TYPES]:
        raise Http404
    rule = VisitRule.objects.filter(ticket_type=ticket_type).first()
    workflow = workflow_current(ticket_type)
    states = [(s["code"], label_of(s)) for s in workflow.definition["states"]]
    form = VisitRuleForm(request.POST or None, instance=rule, states=states)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                visit_rule_save(
                    ticket_type=ticket_type,
                    values={name: form.cleaned_data[name] for name in form.Meta.fields},
                    items=list(form.cleaned_data["items"]),
                    by=request.user,
                )
                messages.success(request, _("The follow-up rule was saved."))
                return redirect("service:visit_rule_list")
            except ApplicationError as error:
                add_application_error(form, error)
                status = error.status
    title = _("Follow-up rule: {type}").format(type=TicketType(ticket_type).label)
    return render(
        request, "service/setup_visit_rule_form.html", {"title": title, "form": form}, status=status
    )
