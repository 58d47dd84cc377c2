"""Properties of workflow definitions, over generated workflows (hypothesis).

A generated definition is refused by `definition_check` with errors naming its parts, or comes
back normalised and usable (every reference resolves); nothing else ever escapes it. The
generators here (`definitions`, `BOUNDED`, `PLAYERS`) also drive the attempts on tickets in
`test_workflow_attempt_properties.py`.

Bounded: derandomized, a few dozen examples each.
"""

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kefu.accounts.roles import ROLES
from kefu.core.errors import ApplicationError
from kefu.service.choices import StateCategory
from kefu.service.workflows import TRANSITION_FIELDS, definition_check

BOUNDED = settings(
    max_examples=30,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
STATE_CODES = ["s0", "s1", "s2", "s3", "s4"]
PLAYERS = [
    "agent1",
    "expert1",
    "supervisor1",
    "manager1",
    "dispatcher1",
    "outlet1",
    "finance1",
    "admin",
    "nobody",
]
NOW = timezone.now()


@st.composite
def definitions(draw) -> dict:
    """A well-formed definition: 1–5 states, 0–8 transitions among them."""
    codes = STATE_CODES[: draw(st.integers(1, len(STATE_CODES)))]
    states = [
        {
            "code": code,
            "name": f"状态{code}",
            "category": draw(st.sampled_from(StateCategory.values)),
            "arrival": draw(st.booleans()),
        }
        for code in codes
    ]
    transitions = [
        {
            "code": f"t{i}",
            "name": f"步骤{i}",
            "from": draw(st.lists(st.sampled_from(codes), min_size=1, unique=True)),
            "to": draw(st.sampled_from(codes)),
            "roles": draw(st.lists(st.sampled_from(sorted(ROLES)), max_size=3, unique=True)),
            "fields": draw(st.lists(st.sampled_from(sorted(TRANSITION_FIELDS)), max_size=2)),
            "note_required": draw(st.booleans()),
            "audit": draw(st.booleans()),
        }
        for i in range(draw(st.integers(0, 8)))
    ]
    return {"initial": draw(st.sampled_from(codes)), "states": states, "transitions": transitions}


def _break(definition: dict, defect: str) -> dict:
    """The definition with one defect that `definition_check` must refuse."""
    states, transitions = definition["states"], definition["transitions"]
    first = transitions[0] if transitions else None
    edits = {
        "no states": lambda: definition.update(states=[]),
        "duplicate state": lambda: states.append(dict(states[0])),
        "state without code": lambda: states[0].update(code="  "),
        "state code not text": lambda: states[0].update(code=7),
        "unknown category": lambda: states[0].update(category="limbo"),
        "state without name": lambda: states[0].update(name=""),
        "unknown initial": lambda: definition.update(initial="nowhere"),
        "states not a list": lambda: definition.update(states="s0"),
        "duplicate transition": lambda: first and transitions.append(dict(first)),
        "transition from nowhere": lambda: first and first.update({"from": ["nowhere"]}),
        "transition from nothing": lambda: first and first.update({"from": []}),
        "from not a list": lambda: first and first.update({"from": "s0"}),
        "transition to nowhere": lambda: first and first.update(to="nowhere"),
        "unknown role": lambda: first and first.update(roles=["astronaut"]),
        "unknown field": lambda: first and first.update(fields=["salary"]),
        "transition without name": lambda: first and first.update(name=None),
        "transitions not a list": lambda: definition.update(transitions={"t0": {}}),
    }
    edits[defect]()
    return definition


DEFECTS = [
    "no states",
    "duplicate state",
    "state without code",
    "state code not text",
    "unknown category",
    "state without name",
    "unknown initial",
    "states not a list",
    "duplicate transition",
    "transition from nowhere",
    "transition from nothing",
    "from not a list",
    "transition to nowhere",
    "unknown role",
    "unknown field",
    "transition without name",
    "transitions not a list",
]
NEEDS_A_TRANSITION = (
    "duplicate transition",
    "transition ",
    "from ",
    "unknown role",
    "unknown field",
)
_KEYS = ["initial", "states", "transitions", "code", "name", "category", "from", "to", "roles"]
JSON_JUNK = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.sampled_from(["", "s0", "agent", "x"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(_KEYS), inner),
    max_leaves=12,
)


def _assert_usable(clean: dict) -> None:
    codes = [s["code"] for s in clean["states"]]
    assert codes and len(set(codes)) == len(codes) and all(isinstance(c, str) for c in codes)
    assert clean["initial"] in codes
    assert all(s["category"] in StateCategory.values and s["name"] for s in clean["states"])
    tcodes = [t["code"] for t in clean["transitions"]]
    assert len(set(tcodes)) == len(tcodes) and all(tcodes)
    for t in clean["transitions"]:
        assert isinstance(t["from"], list) and t["from"] and set(t["from"]) <= set(codes)
        assert t["to"] in codes and t["name"]
        assert set(t["roles"]) <= set(ROLES) and set(t["fields"]) <= set(TRANSITION_FIELDS)
        assert isinstance(t["note_required"], bool) and isinstance(t["audit"], bool)


@BOUNDED
@given(definition=st.one_of(definitions(), JSON_JUNK))
def test_a_generated_definition_is_either_refused_with_named_errors_or_usable(definition):
    # when
    try:
        clean = definition_check(definition)
    # then
    except ApplicationError as refused:
        assert refused.code == "workflow.invalid"
        assert refused.fields and set(refused.fields) <= {"states", "initial", "transitions"}
        assert all(message.strip() for message in refused.fields.values())
    else:
        _assert_usable(clean)


@BOUNDED
@given(definition=definitions(), defect=st.sampled_from(DEFECTS))
def test_a_definition_with_a_defect_is_refused(definition, defect):
    # given
    assume(definition["transitions"] or not defect.startswith(NEEDS_A_TRANSITION))
    broken = _break(definition, defect)
    # when / then
    with pytest.raises(ApplicationError) as refused:
        definition_check(broken)
    assert refused.value.code == "workflow.invalid" and refused.value.fields, defect
