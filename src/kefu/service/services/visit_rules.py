"""Follow-up rules (回访规则): one per ticket type, edited on the service setup pages."""

from django.db import transaction
from django.utils.translation import gettext as _

from kefu.core.errors import ApplicationError
from kefu.core.services import audit_record
from kefu.service.choices import TicketType, VisitAssign
from kefu.service.models import VisitRule
from kefu.service.services.records import workflow_current

FIELDS = ["trigger_state", "assign", "queue", "due_hours", "survey_days", "is_active"]


@transaction.atomic
def visit_rule_save(*, ticket_type: str, values: dict, items, by) -> VisitRule:
    """Create or change the rule of `ticket_type`; the trigger state must be one of the states
    of the type's current workflow, and a queue rule needs a queue."""
    if ticket_type not in TicketType.values or ticket_type in (TicketType.FOLLOW_UP, "care"):
        raise ApplicationError("visit_rule.type", _("Follow-ups have no follow-up rule."))
    states = {s["code"] for s in workflow_current(ticket_type).definition["states"]}
    errors = {}
    if values.get("trigger_state") not in states:
        errors["trigger_state"] = _("Choose a state of this ticket type's workflow.")
    if values.get("assign") == VisitAssign.QUEUE and values.get("queue") is None:
        errors["queue"] = _("Choose the queue that makes the visits.")
    if errors:
        raise ApplicationError(
            "visit_rule.invalid", _("The rule has errors; nothing was saved."), fields=errors
        )
    rule = VisitRule.objects.select_for_update().filter(ticket_type=ticket_type).first()
    before = {name: str(getattr(rule, name)) for name in FIELDS} if rule else {}
    rule = rule or VisitRule(ticket_type=ticket_type)
    for name in FIELDS:
        setattr(rule, name, values[name])
    rule.save()
    rule.items.set(items)
    changes = {n: [before.get(n), str(getattr(rule, n))] for n in FIELDS}
    changes["items"] = sorted(item.code for item in items)
    audit_record(actor=by, action="visit_rule.save", obj=rule, changes=changes)
    return rule
