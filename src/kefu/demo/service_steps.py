"""The steps of a demo ticket's story, each recorded as its service function records it:
`ticket_transition` (a workflow step), `ticket_reply` (a reply or an internal note),
`ticket_assign` (a supervisor's reassignment), `ticket_escalate` and `ticket_send_back` (the
expert desk), `ticket_merge` and `ticket_link`; and the calls logged along the way.

A step's time follows the ticket's SLA targets (a first response within its target, a
resolution within its own, later for the slow ones), an appointment slot for arrivals on site,
or a working-time gap for everything else.
"""

import datetime
import random

from kefu.accounts.models import User
from kefu.catalog.choices import DictKind
from kefu.demo import service_content as sc
from kefu.demo.service_cast import Cast
from kefu.demo.service_timeline import (
    Contact,
    Story,
    book,
    log_contact,
    route,
    scan,
)
from kefu.service import sla
from kefu.service.choices import (
    ACTIVE_CATEGORIES,
    DONE_CATEGORIES,
    FIELD_TYPES,
    Channel,
    EventKind,
    NotificationKind,
    StateCategory,
    TicketType,
)
from kefu.service.roles import ROLE_PERMISSIONS
from kefu.service.services.tickets import MENTION
from kefu.service.services.transitions import REFERENCES
from kefu.service.workflows import TRANSITION_FIELDS

DESK_ROLES = {"agent", "expert", "supervisor", "manager"}
AUDITORS = {role for role, perms in ROLE_PERMISSIONS.items() if "service.audit_ticket" in perms}
MINUTE = datetime.timedelta(minutes=1)
DAY = datetime.timedelta(days=1)
SOLVED = (StateCategory.RESOLVED, StateCategory.CLOSED)
GAPS = {  # working minutes after the step before
    "dispatch": (10, 120),
    "accept": (20, 240),
    "reject": (30, 300),
    "wait": (15, 300),
    "resume": (240, 1500),
    "visit": (300, 1500),
    "audit": (540, 2700),
    "reopen": (300, 1500),
    "cancel": (30, 1080),
}
DEFAULT_GAP = (30, 480)
NOTES = {
    "wait": sc.WAIT_NOTES,
    "cancel": sc.CANCEL_NOTES,
    "reopen": sc.REOPEN_NOTES,
    "reject": sc.REJECT_NOTES,
}
CALLS = {"visit": sc.VISIT_CALLS, "answer": sc.ANSWER_CALLS}
ESCALATION_SHARES = {
    TicketType.FAULT_CONSULT: 0.2,
    TicketType.GUIDANCE: 0.08,
    TicketType.BUSINESS_CONSULT: 0.05,
}
SEND_BACK_SHARE = 0.4
REPLY_SHARE = 0.5
NOTE_SHARE = 0.12
CHASE_SHARE = 0.3  # field orders the customer calls about while waiting
WAIT_CALL_SHARE = 0.5
REASSIGN_SHARE = 0.03  # before a step, the supervisor gives the ticket to another agent


def story_walk(cast: Cast, story: Story, path: list[dict]) -> None:
    """Apply `path`; then, for a ticket still open, what happened until now."""
    story.escalate = cast.rng.random() < ESCALATION_SHARES.get(story.ticket.ticket_type, 0)
    for transition in path:
        _step(cast, story, transition)
    if story.ticket.is_active and story.clock < cast.now:
        _chatter(cast, story, cast.now)
        scan(cast, story, cast.now)


def _step(cast: Cast, story: Story, transition: dict) -> None:
    at = _when(cast, story, transition)
    _chatter(cast, story, at)
    scan(cast, story, at)
    actor = _actor(cast, story, transition)
    fields = _fields(cast, story, transition, at)
    _apply(story, transition, at=at, actor=actor, fields=fields, note=_note(cast, transition))
    _aftermath(cast, story, transition, actor, at)


def _share(rng: random.Random, slow: bool, usual: tuple, late: tuple) -> float:
    return rng.uniform(*(late if slow else usual))


def _on_the_call(ticket, transition: dict) -> bool:
    """Solved at first contact, while the customer is still there (the desk's "solved")."""
    to = ticket.workflow.state(transition["to"])["category"]
    new = ticket.state_category == StateCategory.NEW
    return new and to in SOLVED and ticket.channel != Channel.PHONE_OUT


def _when(cast: Cast, story: Story, transition: dict) -> datetime.datetime:
    ticket, rng, clock = story.ticket, cast.rng, story.clock
    state = ticket.workflow.state(transition["to"])
    target = cast.target(ticket)
    leaving_new = ticket.state_category == StateCategory.NEW
    solves = state["category"] in SOLVED
    if _on_the_call(ticket, transition):
        return clock + MINUTE * rng.uniform(1, 6)
    if state.get("arrival") and ticket.appointment_start and ticket.arrived_at is None:
        late = rng.uniform(60, 600) if story.slow else rng.uniform(-10, 50)
        return max(ticket.appointment_start + MINUTE * late, clock + MINUTE)
    if leaving_new and target:
        share = _share(rng, story.slow, (0.05, 0.8), (1.2, 3))
        at = cast.work(ticket.created_at, target.first_response_minutes * share)
        return max(at, cast.work(clock, rng.uniform(1, 5)))
    if solves and ticket.resolved_at is None and target:
        share = _share(rng, story.slow, (0.25, 0.9), (1.1, 2.2))
        at = cast.work(ticket.created_at, target.resolution_minutes * share)
        return max(at, cast.work(clock, rng.uniform(30, 240)))
    low, high = GAPS.get("audit" if transition["audit"] else transition["code"], DEFAULT_GAP)
    return cast.work(clock, rng.uniform(low, high))


def _fits(cast: Cast, user: User | None, transition: dict) -> bool:
    """May `user`'s role apply `transition` (its roles; the audit right for an audit step)?"""
    if user is None:
        return False
    role = cast.roles.get(user.pk)
    roles = transition["roles"]
    return (not roles or role in roles) and (not transition["audit"] or role in AUDITORS)


def _desk_role(cast: Cast, user: User | None) -> bool:
    """Does `user` work at the desk (talks to customers), as opposed to the field?"""
    return user is not None and cast.roles.get(user.pk) in DESK_ROLES


def _actor(cast: Cast, story: Story, transition: dict) -> User:
    """Who applies the step: the dispatcher dispatches, the outlet works, the desk answers."""
    ticket, case, roles = story.ticket, story.case, transition["roles"]
    opens = ticket.workflow.state(transition["to"])["category"] == StateCategory.OPEN
    if _on_the_call(ticket, transition):
        preferred = [case.desk]
    elif "dispatcher" in roles and opens and ticket.state_category == StateCategory.NEW:
        preferred = [cast.user("dispatcher1"), ticket.assignee, case.desk]
    elif "agent" not in roles:
        preferred = [case.field_user, cast.user("dispatcher1"), cast.user("supervisor1")]
    else:
        preferred = [ticket.assignee, case.desk, cast.user("supervisor1")]
    return next((u for u in preferred if _fits(cast, u, transition)), cast.user("admin"))


def _fields(cast: Cast, story: Story, transition: dict, at: datetime.datetime) -> dict:
    """What the transition form would submit: the required values the ticket lacks."""
    ticket, case, rng = story.ticket, story.case, cast.rng
    values = {}
    if "appointment_start" in transition["fields"] and (
        ticket.appointment_start is None or ticket.appointment_start <= at
    ):
        share = _share(rng, story.slow, (0.2, 0.8), (1, 2))
        book(cast, ticket, since=ticket.created_at, share=share)
        if ticket.appointment_start <= at + MINUTE * 30:
            book(cast, ticket, since=at, share=rng.uniform(0.05, 0.3))
        values = {"appointment_start": ticket.appointment_start}
        values["appointment_end"] = ticket.appointment_end
    defaults = {
        "resolution": case.resolution,
        "responsible_party": "other",
        "severity": "normal",
        "serial_number": f"SN{rng.randrange(10**10):010d}",
        "fault_description": ticket.subject,
        "assignee": case.desk,
    }
    if ticket.ticket_type == TicketType.REPAIR:  # completed with a cause and measure of its fault
        defaults |= cast.faults.completion(rng, ticket.fault_phenomenon)
    if "root_cause" in transition["fields"]:  # a complaint closed with a cause that fits it
        defaults["root_cause"] = _root_cause(cast, ticket)
    for name in transition["fields"]:
        if name not in values and getattr(ticket, name, None) in (None, ""):
            values[name] = defaults.get(name, None if TRANSITION_FIELDS[name] in REFERENCES else "")
    if transition["code"] == "dispatch" and cast.roles.get(case.field_user.pk) == "outlet":
        values["assignee"] = case.field_user
    return values


def _root_cause(cast: Cast, ticket):
    """A root cause plausible for the complaint's category (any cause for another category)."""
    category = ticket.complaint_category.code if ticket.complaint_category else ""
    codes = sc.COMPLAINT_CAUSES.get(category)
    codes = codes or [code for listed in sc.COMPLAINT_CAUSES.values() for code in listed]
    return cast.codes.get((DictKind.COMPLAINT_CAUSE, cast.rng.choice(codes)))


def _note(cast: Cast, transition: dict) -> str:
    if transition["code"] in NOTES:
        return cast.rng.choice(NOTES[transition["code"]])
    return "已按流程处理。" if transition["note_required"] else ""


def _apply(story: Story, transition: dict, *, at, actor, fields: dict, note: str) -> None:
    """The transition as `ticket_transition` applies it."""
    ticket = story.ticket
    for name, value in fields.items():
        setattr(ticket, name, value)
    old_state, old_category = ticket.state, ticket.state_category
    state = ticket.workflow.state(transition["to"])
    ticket.state, ticket.state_category = state["code"], state["category"]
    sla.sla_on_state(ticket, old_category=old_category, state=state, at=at)
    if state["category"] in (StateCategory.CLOSED, StateCategory.CANCELLED):
        ticket.closed_at = ticket.closed_at or at
    elif old_category in (StateCategory.CLOSED, StateCategory.CANCELLED):
        ticket.closed_at = None
    ticket.version += 1
    data = {
        "transition": transition["code"],
        "name": transition["name"],
        "from": old_state,
        "to": ticket.state,
        "fields": {name: str(getattr(ticket, name)) for name in fields},
    }
    story.add(at, EventKind.TRANSITION, actor, note, data=data)
    if state["category"] in DONE_CATEGORIES and old_category in ACTIVE_CATEGORIES:
        story.done_at = at
    elif state["category"] in ACTIVE_CATEGORIES:
        story.done_at = None


def _aftermath(cast: Cast, story: Story, transition: dict, actor: User, at) -> None:
    """The call that goes with a step, and the escalation after a consultation is taken up."""
    code, ticket, rng = transition["code"], story.ticket, cast.rng
    summary = ""
    if code in CALLS:
        summary = rng.choice(CALLS[code])
    elif code == "wait" and rng.random() < WAIT_CALL_SHARE:
        summary = rng.choice(sc.WAIT_CALLS)
    elif ticket.channel == Channel.PHONE_OUT and ticket.state_category == StateCategory.CLOSED:
        summary = story.case.resolution  # the follow-up or care call is the work itself
    if summary:
        agent = actor if _desk_role(cast, actor) else story.case.desk
        _call(cast, story, summary, agent=agent, at=at)
    if story.escalate and ticket.state_category == StateCategory.OPEN:
        story.escalate = False
        escalate(cast, story, at=cast.work(at, rng.uniform(5, 60)))


def _call(cast: Cast, story: Story, summary: str, *, agent: User, at, inbound=False) -> None:
    duration = cast.rng.randint(60, 420)
    ticket = story.ticket
    contact = Contact(
        started_at=at - datetime.timedelta(seconds=duration) if not inbound else at,
        channel=Channel.PHONE_IN if inbound else Channel.PHONE_OUT,
        agent=agent,
        summary=summary,
        customer=ticket.customer,
        phone=ticket.contact_phone,
        duration=duration,
    )
    end = contact.started_at + datetime.timedelta(seconds=duration)
    log_contact(story, contact, at=max(end, at) + datetime.timedelta(seconds=5))


# ---- replies, notes, calls between the steps ----------------------------------------------------


def _chatter(cast: Cast, story: Story, until: datetime.datetime) -> None:
    """Before the next step: a first reply to the customer, an internal note, and for a field
    order waiting for its technician, the customer calling to ask when he comes."""
    ticket, rng = story.ticket, cast.rng
    if not ticket.is_active or ticket.state_category == StateCategory.RESOLVED:
        return
    inbound = ticket.channel != Channel.PHONE_OUT
    if inbound and ticket.first_responded_at is None and rng.random() < REPLY_SHARE:
        _say(cast, story, until, rng.choice(sc.REPLIES), public=True)
    if rng.random() < NOTE_SHARE:
        _say(cast, story, until, rng.choice(sc.NOTES), public=False)
    if rng.random() < REASSIGN_SHARE:
        _reassign(cast, story, until)
    if ticket.ticket_type in FIELD_TYPES and until - story.clock > DAY:
        if rng.random() < CHASE_SHARE:
            at = cast.work(story.clock, rng.uniform(60, 480))
            if at < until - 10 * MINUTE:
                scan(cast, story, at)
                summary = rng.choice(sc.CHASE_CALLS)
                _call(cast, story, summary, agent=story.case.desk, at=at, inbound=True)


def _say(cast: Cast, story: Story, until, body: str, *, public: bool) -> None:
    """A reply (the first one is the first response) or a note (its @mentions notify), written
    in working time before `until`."""
    at = cast.work(story.clock, cast.rng.uniform(5, 120))
    if at >= until - MINUTE:
        return
    scan(cast, story, at)
    ticket = story.ticket
    by = ticket.assignee if _desk_role(cast, ticket.assignee) else story.case.desk
    story.add(at, EventKind.REPLY if public else EventKind.NOTE, by, body, public=public)
    if public:
        sla.sla_first_response(ticket, at=at)
        return
    for name in dict.fromkeys(MENTION.findall(body)):
        user = cast.users.get(name)
        if user is not None and user != by:
            story.notify(user, NotificationKind.MENTION, at, by=by)


def _reassign(cast: Cast, story: Story, until: datetime.datetime) -> None:
    """The supervisor gives an agent's ticket to another member of its queue (`ticket_assign`)."""
    ticket, rng = story.ticket, cast.rng
    assignee = ticket.assignee
    if ticket.queue is None or assignee is None or cast.roles.get(assignee.pk) != "agent":
        return
    others = [u for u in cast.members.get(ticket.queue.pk, []) if u != assignee]
    at = cast.work(story.clock, rng.uniform(10, 240))
    if not others or at >= until - MINUTE:
        return
    scan(cast, story, at)
    note, other = rng.choice(sc.REASSIGN_NOTES), rng.choice(others)
    by = cast.user("supervisor1")
    route(cast, story, queue=ticket.queue, assignee=other, by=by, at=at, note=note)


# ---- the expert desk, duplicates, links ---------------------------------------------------------


def escalate(cast: Cast, story: Story, *, at: datetime.datetime) -> None:
    """To the expert desk with a note (`ticket_escalate`); some come back (`ticket_send_back`)."""
    queue = next((q for q in cast.queues.values() if q.kind == "expert"), None)
    if queue is None:
        return
    scan(cast, story, at)
    ticket, rng = story.ticket, cast.rng
    by = ticket.assignee if _desk_role(cast, ticket.assignee) else story.case.desk
    note = rng.choice(sc.ESCALATE_NOTES)
    story.add(at, EventKind.ESCALATED, by, note, data={"queue": queue.name})
    ticket.escalated_from = ticket.assignee or by
    route(cast, story, queue=queue, assignee=None, by=by, at=at)
    if ticket.assignee is None:  # a manual queue: every member hears of it
        for member in cast.members.get(queue.pk, []):
            story.notify(member, NotificationKind.ESCALATED, at, queue=queue.name)
        return
    if rng.random() >= SEND_BACK_SHARE:
        return
    back_at = cast.work(at, rng.uniform(30, 300))
    scan(cast, story, back_at)
    expert, note = ticket.assignee, rng.choice(sc.SEND_BACK_NOTES)
    story.add(back_at, EventKind.SENT_BACK, expert, note)
    back_to, ticket.escalated_from = ticket.escalated_from, None
    queue = cast.type_queues.get(ticket.ticket_type)
    route(cast, story, queue=queue, assignee=back_to, by=expert, at=back_at, note=note)


def story_merge(cast: Cast, source: Story, target: Story, *, at, by: User) -> None:
    """`source` closed as a duplicate of `target` (`ticket_merge`)."""
    scan(cast, source, at)
    ticket = source.ticket
    states = ticket.workflow.definition["states"]
    cancelled = next(s for s in states if s["category"] == StateCategory.CANCELLED)
    old_state = ticket.state
    ticket.state, ticket.state_category = cancelled["code"], StateCategory.CANCELLED
    ticket.closed_at, source.merged_into, source.done_at = at, target, at
    ticket.version += 1
    sla.sla_refresh(ticket, at=at)
    data = {"into": target, "from_state": old_state}
    source.add(at, EventKind.MERGED, by, sc.MERGE_NOTE, data=data)
    target.add(at, EventKind.MERGED, by, sc.MERGE_NOTE, data={"from": source})
    for contact in source.contacts:
        contact.stories.append(target)


def story_link(source: Story, target: Story, *, at, by: User) -> None:
    """Two related tickets (`ticket_link`): an entry on each."""
    source.add(at, EventKind.LINKED, by, data={"ticket": target})
    target.add(at, EventKind.LINKED, by, data={"ticket": source})
