"""Properties of the workflow engine over generated attempts on a ticket (hypothesis).

On a ticket running a generated workflow, a random sequence of attempted transitions by random
roles, with random notes, fields and versions, keeps the invariants: the state is always one of
the definition's; an attempt succeeds exactly when the transition leaves the current state, the
role may apply it and the fields and note it needs are there (the taxonomy's entries hanging
together); a success raises the version by one and writes exactly one event; a refusal changes
nothing at all.

Bounded: derandomized, a few dozen examples each; every example runs in a savepoint rolled back
at its end, so examples never see each other's tickets or workflow versions.
"""

import contextlib
import datetime

from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from kefu.catalog.choices import DictKind, FaultLevel
from kefu.catalog.models import DictItem, FaultNode, ProductType
from kefu.core.errors import ApplicationError
from kefu.core.models import AuditEvent
from kefu.service import configuration
from kefu.service.choices import EventKind, ResponsibleParty, Severity, StateCategory
from kefu.service.models import Ticket, TicketEvent
from kefu.service.services import ticket_transition, workflow_save
from kefu.service.services.transitions import FAULT_LEVELS as LEVELS
from kefu.service.tests.factories import make_ticket
from kefu.service.tests.test_workflow_properties import BOUNDED, NOW, PLAYERS, definitions
from kefu.service.workflows import TRANSITION_FIELDS

# Symbolic field values, made concrete at run time (users and "now" exist only then).
FIELD_VALUES = {
    "assignee": ["outlet1", "no such user", "abc", "", None],
    "appointment_start": ["tomorrow", "yesterday", "下周", "2026-02-30T10:00", ""],
    "appointment_end": ["in two days", "in an hour", ""],
    "resolution": ["更换温控器", "  ", ""],
    "serial_number": ["SN-1", "X" * 61, ""],
    "fault_description": ["不制冷", ""],
    "severity": [Severity.values[0], "zzz", ""],
    "responsible_party": [ResponsibleParty.values[0], "zzz", ""],
    # references: names of the rows `_references` makes (P: phenomenon, C: cause, M: measure,
    # R: root cause; P2's cause is C2, C2's measure M2; R0 is inactive), or an id of nothing
    "fault_phenomenon": ["P1", "P2", "C1", "no such row", ""],
    "fault_cause": ["C1", "C2", "M1", "no such row", ""],
    "fault_measure": ["M1", "M2", "P1", "no such row", ""],
    "root_cause": ["R1", "R0", "P1", "no such row", ""],
}
assert set(FIELD_VALUES) == set(TRANSITION_FIELDS)  # generated definitions may require any
REFS: dict[str, int] = {}  # symbolic row name → id, made per example by `_references`
PICK = st.one_of(st.just(0), st.integers(0, 4))  # index into FIELD_VALUES; 0 is a valid value


def attempts_on(ticket) -> st.SearchStrategy:
    """One attempt; most aim at a transition that leaves the ticket's state, as users' do."""
    steps = ticket.workflow.definition["transitions"]
    leaving = [t["code"] for t in steps if ticket.state in t["from"]]
    anything = st.sampled_from([t["code"] for t in steps] + ["nope"])
    code = st.one_of(st.sampled_from(leaving), anything) if leaving else anything
    return code.flatmap(
        lambda chosen: st.fixed_dictionaries(
            {
                "code": st.just(chosen),
                "player": st.sampled_from(PLAYERS),
                "note": st.sampled_from(["", "   ", "客户要求"]),
                "fields": _fields_for(steps, chosen),
                "version": st.sampled_from(["current", "current", "current", "stale", None]),
            }
        )
    )


def _fields_for(steps: list[dict], code: str) -> st.SearchStrategy:
    needed = next((t["fields"] for t in steps if t["code"] == code), [])
    wanted = st.fixed_dictionaries({}, optional={name: PICK for name in needed})
    others = st.dictionaries(st.sampled_from(sorted(FIELD_VALUES)), PICK, max_size=2)
    return st.tuples(others, wanted).map(lambda pair: pair[0] | pair[1])


def _concrete(name: str, pick: int, users) -> object:
    choices = FIELD_VALUES[name]
    value = choices[pick % len(choices)]
    moments = {
        "tomorrow": NOW + datetime.timedelta(days=1),
        "yesterday": NOW - datetime.timedelta(days=1),
        "in two days": NOW + datetime.timedelta(days=2),
        "in an hour": NOW + datetime.timedelta(hours=1),
    }
    if value in moments:
        return moments[value].isoformat()
    if name == "assignee" and value == "outlet1":
        return users["outlet1"].pk
    if name == "assignee" and value == "no such user":
        return 10**9
    if TRANSITION_FIELDS[name] in ("fault", "dict"):
        return REFS.get(value, 10**9) if value else value
    return value


def _value_or_error(ticket, name: str, raw):
    """(the value the step would set, or None to keep the ticket's; whether `raw` is valid)."""
    if raw in (None, ""):
        return None, True
    kind = TRANSITION_FIELDS[name]
    if kind == "user":
        ok = isinstance(raw, int) and raw < 10**9
        return (ticket.created_by if ok else None), ok  # any active user: not None is enough
    if kind == "datetime":
        try:
            moment = datetime.datetime.fromisoformat(raw)
        except ValueError:
            return None, False
        return moment, True
    if kind == "choice":
        choices = Severity.values if name == "severity" else ResponsibleParty.values
        return str(raw).strip() or None, raw in choices
    if kind in ("fault", "dict"):
        rows = (
            FaultNode.objects.filter(level=LEVELS[name])
            if kind == "fault"
            else DictItem.objects.filter(kind=DictKind.COMPLAINT_CAUSE)
        )
        row = rows.filter(pk=raw, is_active=True).first()
        return row, row is not None
    text = str(raw).strip()
    return text or None, len(text) <= (60 if name == "serial_number" else 10**6)


def _expected_to_succeed(ticket, attempt: dict, fields: dict, user) -> bool:
    """The rules of a transition, told independently of the engine's code."""
    if attempt["version"] == "stale":
        return False
    step = next(
        (t for t in ticket.workflow.definition["transitions"] if t["code"] == attempt["code"]), None
    )
    if step is None or ticket.state not in step["from"]:
        return False
    if not user.has_perm("service.change_ticket"):
        return False
    if step["audit"] and not user.has_perm("service.audit_ticket"):
        return False
    if step["roles"] and not set(step["roles"]) & user.role_codes():
        return False
    values = {name: getattr(ticket, name) for name in TRANSITION_FIELDS}
    for name, raw in fields.items():
        value, ok = _value_or_error(ticket, name, raw)
        if not ok:
            return False
        if value is not None:
            values[name] = value
    if any(values[name] in (None, "") for name in step["fields"]):
        return False
    phenomenon, cause, measure = (values[f"fault_{n}"] for n in ("phenomenon", "cause", "measure"))
    if phenomenon and cause and cause.parent_id != phenomenon.pk:
        return False  # a cause hangs under the ticket's phenomenon, a measure under its cause
    if cause and measure and measure.parent_id != cause.pk:
        return False
    if step["note_required"] and not attempt["note"].strip():
        return False
    start, end = values["appointment_start"], values["appointment_end"]
    if "appointment_start" in fields and fields["appointment_start"] and start < NOW:
        return False
    return not (start and end and end <= start)


def _references() -> None:
    """The taxonomy and code-list rows the reference fields name, for this example only."""
    kind = ProductType.objects.create(code="PROP", name="性质")

    def node(code, level, parent=None):
        row = FaultNode.objects.create(
            product_type=kind, level=level, parent=parent, code=code, name=code
        )
        REFS[code] = row.pk
        return row

    fault_type = node("T1", FaultLevel.FAULT_TYPE)
    for n in ("1", "2"):
        cause = node(f"C{n}", FaultLevel.CAUSE, node(f"P{n}", FaultLevel.PHENOMENON, fault_type))
        node(f"M{n}", FaultLevel.MEASURE, cause)
    for code, active in (("R1", True), ("R0", False)):
        item = DictItem.objects.create(
            kind=DictKind.COMPLAINT_CAUSE, code=code, name=code, is_active=active
        )
        REFS[code] = item.pk


def _snapshot(ticket) -> dict:
    row = Ticket.objects.get(pk=ticket.pk)
    return {f.attname: getattr(row, f.attname) for f in Ticket._meta.concrete_fields}


@contextlib.contextmanager
def _rolled_back():
    """One example's writes, undone at its end (a savepoint inside the test's transaction)."""
    configuration.forget()  # the cached workflows may hold a version of a previous example
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
    configuration.forget()


def _attempt(ticket, attempt: dict, users):
    user = users[attempt["player"]]
    fields = {n: _concrete(n, pick, users) for n, pick in attempt["fields"].items()}
    version = {"current": ticket.version, "stale": ticket.version - 1, None: None}
    expected = _expected_to_succeed(ticket, attempt, fields, user)
    try:
        ticket_transition(
            ticket=ticket,
            code=attempt["code"],
            by=user,
            note=attempt["note"],
            fields=fields,
            version=version[attempt["version"]],
        )
    except ApplicationError as refused:
        return expected, False, refused
    return expected, True, None


def _assert_invariants(ticket, before: dict, events: int, audits: int, outcome) -> None:
    expected, succeeded, refused = outcome
    states = {s["code"]: s for s in ticket.workflow.definition["states"]}
    assert ticket.state in states
    assert ticket.state_category == states[ticket.state]["category"]
    assert succeeded == expected, refused and refused.as_dict()
    if succeeded:
        assert ticket.version == before["version"] + 1
        new = list(TicketEvent.objects.filter(ticket=ticket, pk__gt=events))
        assert [e.kind for e in new] == [EventKind.TRANSITION]
        assert (new[0].data["from"], new[0].data["to"]) == (before["state"], ticket.state)
    else:
        assert _snapshot(ticket) == before
        assert TicketEvent.objects.filter(ticket=ticket, pk__gt=events).count() == 0
        assert AuditEvent.objects.count() == audits


@BOUNDED
@given(definition=definitions(), data=st.data())
def test_random_attempts_keep_the_workflow_invariants(users, definition, data):
    with _rolled_back():
        # given
        workflow_save(
            ticket_type="guidance", definition=definition, reason="生成", by=users["admin"]
        )
        ticket = make_ticket(by=users["agent1"], ticket_type="guidance")
        assert ticket.state == definition["initial"]
        _references()
        for _step in range(data.draw(st.integers(1, 12), label="steps")):
            attempt = data.draw(attempts_on(ticket), label="attempt")
            before, audits = _snapshot(ticket), AuditEvent.objects.count()
            events = TicketEvent.objects.filter(ticket=ticket).order_by("-pk")[0].pk
            # when
            outcome = _attempt(ticket, attempt, users)
            # then
            ticket = Ticket.objects.select_related("workflow").get(pk=ticket.pk)
            _assert_invariants(ticket, before, events, audits, outcome)


LOOP = {
    "initial": "s0",
    "states": [{"code": "s0", "name": "处理中", "category": StateCategory.OPEN}],
    "transitions": [
        {"code": "t0", "name": "记录", "from": ["s0"], "to": "s0", "roles": [], "fields": []}
    ],
}
FAULT_FIELDS = ["fault_phenomenon", "fault_cause", "fault_measure"]


@BOUNDED
@given(data=st.data())
def test_the_fault_chain_holds_whatever_the_order_of_the_steps(users, data):
    with _rolled_back():
        # given: a step that only records values, on a ticket of a generated history
        workflow_save(ticket_type="guidance", definition=LOOP, reason="生成", by=users["admin"])
        ticket = make_ticket(by=users["agent1"], ticket_type="guidance")
        _references()
        fields = st.dictionaries(st.sampled_from(FAULT_FIELDS), PICK, min_size=1, max_size=3)
        for _step in range(data.draw(st.integers(1, 8), label="steps")):
            attempt = {"code": "t0", "player": "agent1", "note": "", "version": "current"}
            attempt["fields"] = data.draw(fields, label="fields")
            before, audits = _snapshot(ticket), AuditEvent.objects.count()
            events = TicketEvent.objects.filter(ticket=ticket).order_by("-pk")[0].pk
            # when
            outcome = _attempt(ticket, attempt, users)
            # then: as the rules say, and the ticket's entries always hang together
            ticket = Ticket.objects.select_related(*FAULT_FIELDS).get(pk=ticket.pk)
            _assert_invariants(ticket, before, events, audits, outcome)
            phenomenon, cause, measure = (getattr(ticket, name) for name in FAULT_FIELDS)
            assert not (phenomenon and cause) or cause.parent_id == phenomenon.pk
            assert not (cause and measure) or measure.parent_id == cause.pk
