"""API of the service app: /api/v1/tickets (list, CRUD, workflow, timeline, replies) and
/api/v1/interactions (the contact log).

Every read goes through the scoped selectors (a ticket outside the caller's scope is 404), every
write through `kefu.service.services`; permissions are the ones the pages check.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from kefu.core.api_errors import errors
from kefu.core.errors import ApplicationError
from kefu.customers.selectors import customer_visible_to
from kefu.service import services
from kefu.service.models.setup import label_of
from kefu.service.schemas import (
    EventOut,
    InteractionFilters,
    InteractionIn,
    InteractionOut,
    ReplyIn,
    TicketDetailOut,
    TicketFieldsIn,
    TicketFilters,
    TicketIn,
    TicketOut,
    TicketUpdateIn,
    TransitionIn,
    TransitionOut,
)
from kefu.service.selectors import (
    interaction_list,
    queue_list,
    ticket_get,
    ticket_list,
    ticket_timeline,
    ticket_visible_to,
)
from kefu.service.validation import TicketData

router = Router(tags=["tickets"])
interactions_router = Router(tags=["interactions"])

VIEW, ADD, CHANGE = "service.view_ticket", "service.add_ticket", "service.change_ticket"


def _require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _aware(moment):
    if moment is not None and timezone.is_naive(moment):
        return timezone.make_aware(moment)
    return moment


def _data(payload: TicketFieldsIn, ticket_type: str) -> TicketData:
    fields = payload.model_dump(include=set(TicketData.names()))
    for name in ("appointment_start", "appointment_end"):
        fields[name] = _aware(fields[name])
    return TicketData(**(fields | {"ticket_type": ticket_type}))


def _invalid(code: str, field: str, message: str) -> ApplicationError:
    return ApplicationError(code, _("Please correct the fields listed."), fields={field: message})


def _queue(request, queue_id: int | None):
    if queue_id is None:
        return None
    queue = queue_list(user=request.user).filter(pk=queue_id).first()
    if queue is None:
        raise _invalid("ticket.invalid", "queue_id", _("Choose an active queue."))
    return queue


def _assignee(request, user_id: int | None):
    if user_id is None:
        return None
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise _invalid("ticket.invalid", "assignee_id", _("Choose an active user."))
    if user != request.user and not request.user.has_perm("service.assign_ticket"):
        raise ApplicationError(
            "ticket.assign_forbidden", _("You may not reassign tickets."), status=403
        )
    return user


def _fresh(request, ticket):
    """The ticket re-read as the caller sees it (or as written, if it just left their scope)."""
    try:
        return ticket_get(user=request.user, pk=ticket.pk)
    except Http404:
        return ticket


@router.get("", response={200: list[TicketOut], **errors(403, 422)})
@paginate
def list_tickets(request, filters: Query[TicketFilters]):
    """Tickets visible to the caller, newest first, filtered as on the ticket list page."""
    _require(request, VIEW)
    return ticket_list(user=request.user, **filters.model_dump())


@router.post("", response={201: TicketDetailOut, **errors(400, 403, 422)})
def create_ticket(request, payload: TicketIn):
    """Open a ticket in its workflow's initial state (SLA due times, queue and owner set)."""
    _require(request, ADD)
    queue = _queue(request, payload.queue_id)
    assignee = _assignee(request, payload.assignee_id)
    ticket = services.ticket_create(
        data=_data(payload, payload.ticket_type), by=request.user, queue=queue, assignee=assignee
    )
    # The service's object has every relation the answer shows; a re-read would only add a
    # query whose planning alone (15 joined tables) costs more than the whole create.
    return Status(201, ticket)


@router.get("/{ticket_id}", response={200: TicketDetailOut, **errors(403, 404, 422)})
def read_ticket(request, ticket_id: int):
    _require(request, VIEW)
    return ticket_get(user=request.user, pk=ticket_id)


@router.put("/{ticket_id}", response={200: TicketDetailOut, **errors(400, 403, 404, 409, 422)})
def update_ticket(request, ticket_id: int, payload: TicketUpdateIn):
    """Replace the editable fields; `version` must be the one read (a stale one gets 409)."""
    _require(request, CHANGE)
    ticket = ticket_get(user=request.user, pk=ticket_id)
    services.ticket_update(
        ticket=ticket,
        data=_data(payload, ticket.ticket_type),
        version=payload.version,
        by=request.user,
    )
    return _fresh(request, ticket)


@router.get(
    "/{ticket_id}/transitions", response={200: list[TransitionOut], **errors(403, 404, 422)}
)
def list_transitions(request, ticket_id: int):
    """The workflow steps the caller may apply to the ticket now."""
    _require(request, VIEW)
    ticket = ticket_get(user=request.user, pk=ticket_id)
    return [
        {
            "code": t["code"],
            "name": label_of(t),
            "to": t["to"],
            "to_name": ticket.workflow.state_name(t["to"]),
            "fields": t["fields"],
            "note_required": t["note_required"],
            "audit": t["audit"],
        }
        for t in services.transitions_allowed(ticket=ticket, user=request.user)
    ]


@router.post(
    "/{ticket_id}/transitions",
    response={200: TicketDetailOut, **errors(400, 403, 404, 409, 422)},
)
def apply_transition(request, ticket_id: int, payload: TransitionIn):
    """Apply one workflow step; `fields` sets the ticket fields the step asks for."""
    _require(request, CHANGE)
    ticket = ticket_get(user=request.user, pk=ticket_id)
    ticket = services.ticket_transition(
        ticket=ticket,
        code=payload.code,
        by=request.user,
        note=payload.note,
        fields=payload.fields,
        version=payload.version,
    )
    return _fresh(request, ticket)


@router.get("/{ticket_id}/events", response={200: list[EventOut], **errors(403, 404, 422)})
def list_events(request, ticket_id: int):
    """The timeline, oldest first (with the events of tickets merged into this one)."""
    _require(request, VIEW)
    return list(ticket_timeline(ticket_get(user=request.user, pk=ticket_id)))


@router.post("/{ticket_id}/replies", response={201: EventOut, **errors(400, 403, 404, 422)})
def reply(request, ticket_id: int, payload: ReplyIn):
    """A reply the customer sees (`public`), or an internal note."""
    _require(request, CHANGE)
    ticket = ticket_get(user=request.user, pk=ticket_id)
    event = services.ticket_reply(
        ticket=ticket, by=request.user, body=payload.body, public=payload.public
    )
    return Status(201, event)


@interactions_router.get("", response={200: list[InteractionOut], **errors(403, 422)})
@paginate
def list_interactions(request, filters: Query[InteractionFilters]):
    """The contact log visible to the caller, newest first."""
    _require(request, "service.view_interaction")
    return interaction_list(user=request.user, **filters.model_dump()).prefetch_related("tickets")


def _interaction_targets(request, payload: InteractionIn):
    """The customer and tickets named, each visible to the caller, or 400 naming the field."""
    customer = None
    if payload.customer is not None:
        customer = customer_visible_to(request.user).filter(pk=payload.customer).first()
        if customer is None:
            raise _invalid("interaction.invalid", "customer", _("No such customer."))
    wanted = list(dict.fromkeys(payload.tickets))
    tickets = list(ticket_visible_to(request.user).filter(pk__in=wanted))
    if len(tickets) != len(wanted):
        missing = sorted(set(wanted) - {t.pk for t in tickets})
        raise _invalid(
            "interaction.invalid",
            "tickets",
            _("No such ticket: {ids}").format(ids=", ".join(map(str, missing))),
        )
    return customer, tickets


@interactions_router.post("", response={201: InteractionOut, **errors(400, 403, 422)})
def log_interaction(request, payload: InteractionIn):
    """Register one contact (a call, a letter …) and link it to its tickets."""
    _require(request, "service.add_interaction")
    customer, tickets = _interaction_targets(request, payload)
    interaction = services.interaction_log(
        by=request.user,
        channel=payload.channel,
        direction=payload.direction,
        summary=payload.summary,
        customer=customer,
        phone=payload.phone,
        started_at=_aware(payload.started_at),
        duration_seconds=payload.duration_seconds,
        tickets=tickets,
    )
    return Status(
        201,
        interaction_list(user=request.user).prefetch_related("tickets").get(pk=interaction.pk),
    )
