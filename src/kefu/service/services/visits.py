"""Follow-up visits (回访): opened when a ticket enters its rule's state, answered by an agent's
call or by the customer through a signed single-use link, with their consequence on the ticket.

A visit is carried by a follow-up ticket (type "follow_up", workflow "task") in an agent's queue,
due on the working calendar; the `Visit` row holds the survey. One visit per ticket is pending at
a time: entering the trigger state again (after a reopen) cancels the old one.
"""

import secrets
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.accounts.choices import OrgUnitKind
from kefu.accounts.selectors import business_calendar
from kefu.catalog.choices import DictKind
from kefu.catalog.models import DictItem
from kefu.core.errors import ApplicationError
from kefu.core.services import audit_record
from kefu.service import sla
from kefu.service.choices import (
    ACTIVE_CATEGORIES,
    Channel,
    EventKind,
    LinkKind,
    TicketType,
    VisitAssign,
    VisitChannel,
    VisitOutcome,
    VisitStatus,
)
from kefu.service.models import Ticket, TicketLink, Visit, VisitRule, VisitScore
from kefu.service.services.tickets import (
    ticket_create,
    ticket_event_record,
    ticket_link,
    ticket_search_text,
)
from kefu.service.services.transitions import ticket_transition
from kefu.service.validation import TicketData

ACTIONS = ("reopen", "complaint")


def visit_rule_for(ticket_type: str) -> VisitRule | None:
    if ticket_type in (TicketType.FOLLOW_UP, TicketType.CARE):
        return None
    return VisitRule.objects.filter(ticket_type=ticket_type, is_active=True).first()


def visit_items(visit: Visit) -> list[DictItem]:
    """The items the visit is scored on: its rule's active items, else every active item."""
    items = DictItem.objects.filter(kind=DictKind.EVALUATION_ITEM, is_active=True)
    if visit.rule_id is not None and visit.rule.items.exists():
        items = items.filter(pk__in=visit.rule.items.values("pk"))
    return list(items.order_by("sort", "code"))


def visit_on_state(*, ticket: Ticket, old_state: str, by) -> None:
    """Called by `ticket_transition` after every step: open a visit on entering the rule's
    state; cancel a pending one when the ticket goes back to work."""
    rule = visit_rule_for(ticket.ticket_type)
    if rule is None or old_state == ticket.state:
        return
    if ticket.state == rule.trigger_state:
        visit_open(ticket=ticket, rule=rule, by=by)
    elif ticket.state_category in ACTIVE_CATEGORIES:
        visits_cancel_pending(ticket=ticket, by=by, reason=_("The ticket was reopened."))


def _outlet_of(ticket: Ticket):
    """The service outlet that did the work: the ticket's unit, else its assignee's, if either
    is an outlet."""
    for unit in (ticket.org_unit, getattr(ticket.assignee, "org_unit", None)):
        if unit is not None and unit.kind == OrgUnitKind.OUTLET:
            return unit
    return None


@transaction.atomic
def visit_open(*, ticket: Ticket, rule: VisitRule, by) -> Visit:
    """A pending visit of `ticket` and its follow-up ticket, due within the rule's hours."""
    visits_cancel_pending(ticket=ticket, by=by, reason=_("A new follow-up visit replaces it."))
    now = timezone.now()
    due = business_calendar().add_working_hours(now, rule.due_hours)
    task = _task_create(ticket=ticket, rule=rule, by=by, due=due)
    visit = Visit.objects.create(
        ticket=ticket,
        task=task,
        rule=rule,
        due_at=due,
        agent=ticket.assignee,
        outlet=_outlet_of(ticket),
        product_model_id=ticket.product_model_id,
        survey_nonce=secrets.token_hex(16) if rule.survey_days else "",
        survey_expires_at=now + timezone.timedelta(days=rule.survey_days)
        if rule.survey_days
        else None,
    )
    ticket_link(source=task, target=ticket, by=by, kind=LinkKind.FOLLOW_UP)
    audit_record(actor=by, action="visit.open", obj=visit, changes={"ticket": ticket.number})
    return visit


def _task_create(*, ticket: Ticket, rule: VisitRule, by, due) -> Ticket:
    """The follow-up ticket, through `ticket_create`; then given the customer and unit of the
    ticket it follows (the outlet's branch for an outlet's order: the outlet does not visit its
    own work) and the rule's due time."""
    creator = by if getattr(by, "org_unit_id", None) else (ticket.created_by or by)
    subject = _("Follow-up: {number} {subject}").format(
        number=ticket.number, subject=ticket.subject
    )
    data = TicketData(
        ticket_type=TicketType.FOLLOW_UP,
        subject=subject[:200],
        description=_("Call the customer about ticket {number} and record the visit.").format(
            number=ticket.number
        ),
        channel=Channel.PHONE_OUT,
    )
    queue, assignee = rule.queue, None
    if rule.assign == VisitAssign.CREATOR and ticket.created_by and ticket.created_by.is_active:
        queue, assignee = None, ticket.created_by
    task = ticket_create(data=data, by=creator, queue=queue, assignee=assignee)
    unit = ticket.org_unit
    if unit.kind == OrgUnitKind.OUTLET and unit.parent_id:
        unit = unit.parent
    task.customer_id, task.org_unit = ticket.customer_id, unit
    task.contact_name, task.contact_phone = ticket.contact_name, ticket.contact_phone
    task.product_model_id, task.resolution_due = ticket.product_model_id, due
    sla.sla_refresh(task, at=timezone.now())
    task.search_text = ticket_search_text(task)
    names = ["customer", "org_unit", "contact_name", "contact_phone", "product_model"]
    task.save(update_fields=[*names, "resolution_due", "next_due", "search_text"])
    return task


def _task_step(task: Ticket | None, code: str, *, by, note: str = "", fields=None) -> None:
    """Apply `code` to the follow-up ticket when its workflow allows it from where it is."""
    if task is None:
        return
    task = Ticket.objects.select_related("workflow").get(pk=task.pk)
    steps = task.workflow.definition["transitions"]
    if any(t["code"] == code and task.state in t["from"] for t in steps):
        ticket_transition(ticket=task, code=code, by=by, note=note, fields=fields, trusted=True)


@transaction.atomic
def visits_cancel_pending(*, ticket: Ticket, by, reason: str) -> int:
    """Cancel the ticket's pending visits and their follow-up tickets."""
    pending = list(
        Visit.objects.select_for_update(of=("self",))
        .select_related("task")
        .filter(ticket=ticket, status=VisitStatus.PENDING)
    )
    for visit in pending:
        Visit.objects.filter(pk=visit.pk).update(
            status=VisitStatus.CANCELLED, updated_at=timezone.now()
        )
        _task_step(visit.task, "cancel", by=by, note=reason)
        audit_record(actor=by, action="visit.cancel", obj=visit, changes={"reason": reason})
    return len(pending)


def _invalid(fields: dict) -> ApplicationError:
    return ApplicationError(
        "visit.invalid", _("The visit cannot be recorded; nothing changed."), fields=fields
    )


def _clean_scores(visit: Visit, scores) -> list[tuple[DictItem, int, str]]:
    """[(item, score, comment)] for every item of the visit, or ApplicationError naming each
    missing or out-of-range item."""
    given = {}
    for row in scores or []:
        given[str(row.get("item"))] = row
    errors, clean = {}, []
    for item in visit_items(visit):
        row = given.get(str(item.pk)) or {}
        raw, key = row.get("score"), f"score_{item.pk}"
        try:
            value = int(raw) if raw not in (None, "") and not isinstance(raw, bool) else None
        except (TypeError, ValueError):
            value = 0
        comment = str(row.get("comment") or "").strip()
        if value is None:
            errors[key] = _("Give “{item}” a score from 1 to 5.").format(item=item.name)
        elif not 1 <= value <= 5:
            errors[key] = _("“{item}”: the score must be from 1 to 5.").format(item=item.name)
        elif len(comment) > 200:
            errors[key] = _("“{item}”: at most 200 characters of comment.").format(item=item.name)
        else:
            clean.append((item, value, comment))
    if errors:
        raise _invalid(errors)
    return clean


def _check(visit: Visit, *, outcome: str, channel: str, action, comment: str) -> None:
    errors = {}
    if outcome not in VisitOutcome.values:
        errors["outcome"] = _("Choose satisfied, not satisfied or unreachable.")
    if channel not in VisitChannel.values:
        errors["channel"] = _("Choose one of the listed values.")
    phone = channel != VisitChannel.LINK
    if outcome == VisitOutcome.DISSATISFIED and phone and action not in ACTIONS:
        errors["action"] = _("Choose: reopen the ticket or open a complaint.")
    if outcome == VisitOutcome.UNREACHABLE and not phone:
        errors["outcome"] = _("Choose satisfied or not satisfied.")
    if len(comment) > 2000:
        errors["comment"] = _("At most {count} characters.").format(count=2000)
    if errors:
        raise _invalid(errors)


def _already_answered() -> ApplicationError:
    return ApplicationError(
        "visit.done",
        _("This follow-up visit was already recorded; nothing changed."),
        status=409,
    )


def _mean(clean) -> Decimal:
    total = Decimal(sum(value for _item, value, _comment in clean))
    return (total / len(clean)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@transaction.atomic
def visit_record(
    *, visit: Visit, by, scores, outcome: str, comment: str = "", channel: str = "phone",
    action: str | None = None, close: bool = False, nonce: str | None = None,
) -> Visit:  # fmt: skip
    """Record the visit: scores 1–5 for every item, the mean on the ticket, the follow-up ticket
    closed; satisfied → the ticket's "visit" step; not satisfied → `action` "reopen" or
    "complaint" (a link answer leaves the choice to an agent); unreachable → an attempt noted,
    the follow-up stays open unless `close`. The link's `nonce` makes the answer single-use."""
    comment = (comment or "").strip()
    _check(visit, outcome=outcome, channel=channel, action=action, comment=comment)
    if outcome == VisitOutcome.UNREACHABLE:
        return _unreachable(visit, by=by, comment=comment, close=close)
    clean = _clean_scores(visit, scores)
    score, now = _mean(clean), timezone.now()
    claim = Visit.objects.filter(pk=visit.pk, status=VisitStatus.PENDING)
    if nonce is not None:
        claim = claim.filter(survey_nonce=nonce, survey_expires_at__gt=now).exclude(survey_nonce="")
    actor = by if getattr(by, "is_authenticated", False) else None
    values = {"outcome": outcome, "channel": channel, "comment": comment, "score": score}
    if not claim.update(status=VisitStatus.DONE, visited_by=actor, visited_at=now, **values):
        raise _already_answered()
    VisitScore.objects.bulk_create(
        [VisitScore(visit=visit, item=i, score=v, comment=c) for i, v, c in clean]
    )
    Ticket.objects.filter(pk=visit.ticket_id).update(satisfaction=score)
    visit.refresh_from_db()
    _consequence(visit, by=by, action=action)
    audit_record(
        actor=by,
        action="visit.record",
        obj=visit,
        changes={"outcome": outcome, "score": str(score), "channel": channel, "action": action},
    )
    return visit


def _summary(visit: Visit) -> str:
    return (
        _("Follow-up visit: {outcome}, mean score {score}. {comment}")
        .format(outcome=visit.get_outcome_display(), score=visit.score, comment=visit.comment)
        .strip()
    )


def _consequence(visit: Visit, *, by, action: str | None) -> None:
    source = visit.ticket
    if visit.outcome == VisitOutcome.SATISFIED:
        _task_step(visit.task, "finish", by=by, fields={"resolution": _summary(visit)})
        _step_if_possible(source, "visit", by=by, note=_summary(visit))
        return
    if action is None:  # the customer's link: an agent decides what follows
        if visit.task is not None:
            body = _("The customer is not satisfied: reopen the ticket or open a complaint.")
            ticket_event_record(ticket=visit.task, kind=EventKind.NOTE, body=body)
        return
    _decide(visit, by=by, action=action)


def _step_if_possible(ticket: Ticket, code: str, *, by, note: str) -> bool:
    ticket = Ticket.objects.select_related("workflow").get(pk=ticket.pk)
    steps = ticket.workflow.definition["transitions"]
    if not any(t["code"] == code and ticket.state in t["from"] for t in steps):
        return False
    ticket_transition(ticket=ticket, code=code, by=by, note=note, trusted=True)
    return True


def _decide(visit: Visit, *, by, action: str) -> None:
    source = visit.ticket
    reason = visit.comment or _("The customer was not satisfied at the follow-up visit.")
    if action == "complaint":
        complaint = _complaint_open(visit, by=by)
        Visit.objects.filter(pk=visit.pk).update(follow_up=complaint)
        visit.follow_up = complaint
    elif not _step_if_possible(source, "reopen", by=by, note=reason):
        raise ApplicationError(
            "visit.reopen_impossible",
            _("The ticket cannot be reopened from its status “{state}”.").format(
                state=source.state_name
            ),
            fields={"action": _("Open a complaint instead.")},
        )
    _task_step(visit.task, "finish", by=by, fields={"resolution": _summary(visit)})


@transaction.atomic
def visit_decide(*, visit: Visit, by, action: str) -> Visit:
    """After a customer answered "not satisfied" through the link: the agent reopens the ticket
    or opens a complaint, and the follow-up ticket is closed."""
    visit = (
        Visit.objects.select_for_update(of=("self",))
        .select_related("ticket", "task")
        .get(pk=visit.pk)
    )
    undecided = visit.follow_up_id is None and visit.task is not None and visit.task.is_active
    if visit.outcome != VisitOutcome.DISSATISFIED or not undecided:
        raise ApplicationError("visit.decided", _("Nothing is left to decide on this visit."))
    if action not in ACTIONS:
        raise _invalid({"action": _("Choose: reopen the ticket or open a complaint.")})
    _decide(visit, by=by, action=action)
    audit_record(actor=by, action="visit.decide", obj=visit, changes={"action": action})
    return visit


def _complaint_open(visit: Visit, *, by) -> Ticket:
    source, outlet = visit.ticket, visit.outlet
    scores = "；".join(f"{s.item.name} {s.score}" for s in visit.scores.select_related("item"))
    data = TicketData(
        ticket_type=TicketType.COMPLAINT,
        customer_id=source.customer_id,
        subject=_("Not satisfied with {number}: {subject}").format(
            number=source.number, subject=source.subject
        )[:200],
        description=f"{visit.comment}\n{scores}".strip(),
        channel=Channel.PHONE_OUT,
        product_model_id=source.product_model_id,
        responsible_party="outlet" if outlet is not None else "",
        responsible_detail=outlet.name[:100] if outlet is not None else "",
    )
    complaint = ticket_create(data=data, by=by)
    pair = Q(source=complaint, target=source) | Q(source=source, target=complaint)
    if not TicketLink.objects.filter(pair).exists():  # a complaint may already repeat it
        ticket_link(source=complaint, target=source, by=by, kind=LinkKind.FOLLOW_UP)
    return complaint


def _unreachable(visit: Visit, *, by, comment: str, close: bool) -> Visit:
    visit = Visit.objects.select_for_update(of=("self",)).select_related("task").get(pk=visit.pk)
    if visit.status != VisitStatus.PENDING:
        raise _already_answered()
    body = _("Could not reach the customer.") + (f" {comment}" if comment else "")
    if visit.task is not None:
        ticket_event_record(ticket=visit.task, kind=EventKind.NOTE, actor=by, body=body)
    if close:
        actor = by if getattr(by, "is_authenticated", False) else None
        Visit.objects.filter(pk=visit.pk).update(
            status=VisitStatus.DONE,
            outcome=VisitOutcome.UNREACHABLE,
            channel=VisitChannel.PHONE,
            comment=comment,
            visited_by=actor,
            visited_at=timezone.now(),
        )
        _task_step(visit.task, "finish", by=by, fields={"resolution": body})
    audit_record(
        actor=by, action="visit.unreachable", obj=visit, changes={"closed": close, "note": body}
    )
    visit.refresh_from_db()
    return visit
