"""Workflow definitions: the defaults per ticket type and the check every saved version passes.

A definition is plain data:

    {"initial": "pending",
     "states": [{"code", "name", "name_en", "category", "arrival"}],
     "transitions": [{"code", "name", "name_en", "from": [...], "to", "roles": [...],
                      "fields": [...], "note_required", "audit"}]}

`roles` empty means every role that may change tickets; `fields` are ticket fields that must have
a value once the transition is applied (the transition form asks for them); `audit` marks an
audit step (审核): only holders of `service.audit_ticket` may apply it, and it is written to the
audit log as well as the timeline.
"""

from django.utils.translation import gettext as _

from kefu.accounts.roles import ROLES
from kefu.core.errors import ApplicationError
from kefu.service.choices import FIELD_TYPES, StateCategory, TicketType

# Ticket fields a transition may require (and its form may set), with the input they take.
TRANSITION_FIELDS = {
    "assignee": "user",
    "appointment_start": "datetime",
    "appointment_end": "datetime",
    "resolution": "text",
    "serial_number": "text",
    "fault_description": "text",
    "responsible_party": "choice",
    "severity": "choice",
    "fault_phenomenon": "fault",
    "fault_cause": "fault",
    "fault_measure": "fault",
    "root_cause": "dict",
}


def _s(code, name, name_en, category, arrival=False):
    return {
        "code": code,
        "name": name,
        "name_en": name_en,
        "category": category,
        "arrival": arrival,
    }


def _t(code, name, name_en, sources, to, roles=(), fields=(), note=False, audit=False):
    return {
        "code": code,
        "name": name,
        "name_en": name_en,
        "from": list(sources),
        "to": to,
        "roles": list(roles),
        "fields": list(fields),
        "note_required": note,
        "audit": audit,
    }


_DESK = ["agent", "expert", "supervisor", "manager", "admin"]
_DISPATCH = ["dispatcher", "supervisor", "manager", "admin"]
_FIELD = ["outlet", "dispatcher", "supervisor", "manager", "admin"]


def service_order(ticket_type: str = TicketType.INSTALLATION) -> dict:
    """待处理 → 已派工 → 已接单 → 处理中 → 已完成 → 已回访 → 已审核 (seed 001/002).

    A repair is completed with its fault cause and repair measure from the taxonomy."""
    done = (
        ["resolution", "fault_cause", "fault_measure"] if ticket_type == TicketType.REPAIR else []
    )
    active = ["pending", "dispatched", "accepted", "in_progress", "waiting"]
    return {
        "initial": "pending",
        "states": [
            _s("pending", "待处理", "Pending", StateCategory.NEW),
            _s("dispatched", "已派工", "Dispatched", StateCategory.OPEN),
            _s("accepted", "已接单", "Accepted", StateCategory.OPEN),
            _s("in_progress", "处理中", "In progress", StateCategory.OPEN, arrival=True),
            _s("waiting", "待客户", "Waiting on customer", StateCategory.PENDING),
            _s("completed", "已完成", "Completed", StateCategory.RESOLVED),
            _s("visited", "已回访", "Followed up", StateCategory.RESOLVED),
            _s("audited", "已审核", "Audited", StateCategory.CLOSED),
            _s("cancelled", "已取消", "Cancelled", StateCategory.CANCELLED),
        ],
        "transitions": [
            _t("dispatch", "派工", "Dispatch", ["pending"], "dispatched", _DISPATCH + ["agent"]),
            _t(
                "accept",
                "接单",
                "Accept",
                ["dispatched"],
                "accepted",
                _FIELD,
                fields=["appointment_start"],
            ),
            _t(
                "reject", "退单", "Reject", ["dispatched", "accepted"], "pending", _FIELD, note=True
            ),
            _t("start", "开始处理", "Start work", ["accepted"], "in_progress", _FIELD),
            _t(
                "wait",
                "等待客户",
                "Wait for customer",
                ["accepted", "in_progress"],
                "waiting",
                _FIELD + ["agent"],
                note=True,
            ),
            _t("resume", "继续处理", "Resume", ["waiting"], "in_progress", _FIELD + ["agent"]),
            _t(
                "complete",
                "完工",
                "Complete",
                ["in_progress"],
                "completed",
                _FIELD,
                fields=done or ["resolution"],
            ),
            _t("visit", "回访", "Follow up", ["completed"], "visited", _DESK),
            _t(
                "audit",
                "审核",
                "Audit",
                ["visited"],
                "audited",
                ["supervisor", "manager", "admin"],
                audit=True,
            ),
            _t(
                "reopen",
                "重新打开",
                "Reopen",
                ["completed", "visited"],
                "pending",
                _DESK + _DISPATCH,
                note=True,
            ),
            _t("cancel", "取消", "Cancel", active, "cancelled", _DESK + _DISPATCH, note=True),
        ],
    }


def complaint() -> dict:
    """受理 → 处理中 → 已答复 → 已回访 → 已结案; closed with its root cause (投诉根因)."""
    return {
        "initial": "received",
        "states": [
            _s("received", "受理", "Received", StateCategory.NEW),
            _s("handling", "处理中", "Handling", StateCategory.OPEN),
            _s("waiting", "待客户", "Waiting on customer", StateCategory.PENDING),
            _s("answered", "已答复", "Answered", StateCategory.RESOLVED),
            _s("visited", "已回访", "Followed up", StateCategory.RESOLVED),
            _s("closed", "已结案", "Closed", StateCategory.CLOSED),
            _s("cancelled", "已撤销", "Withdrawn", StateCategory.CANCELLED),
        ],
        "transitions": [
            _t("handle", "开始处理", "Start handling", ["received"], "handling", _DESK),
            _t("wait", "等待客户", "Wait for customer", ["handling"], "waiting", _DESK, note=True),
            _t("resume", "继续处理", "Resume", ["waiting"], "handling", _DESK),
            _t(
                "answer",
                "答复客户",
                "Answer",
                ["handling"],
                "answered",
                _DESK,
                fields=["resolution", "responsible_party"],
            ),
            _t("visit", "回访", "Follow up", ["answered"], "visited", _DESK),
            _t(
                "close",
                "结案",
                "Close",
                ["visited"],
                "closed",
                ["supervisor", "manager", "admin"],
                fields=["root_cause"],
                audit=True,
            ),
            _t(
                "reopen",
                "重新打开",
                "Reopen",
                ["answered", "visited"],
                "handling",
                _DESK,
                note=True,
            ),
            _t(
                "cancel",
                "撤销",
                "Withdraw",
                ["received", "handling", "waiting"],
                "cancelled",
                _DESK,
                note=True,
            ),
        ],
    }


def consultation() -> dict:
    """新建 → 处理中 → 已解决 → 已关闭; closable at first contact (新建 → 已关闭)."""
    return {
        "initial": "new",
        "states": [
            _s("new", "新建", "New", StateCategory.NEW),
            _s("handling", "处理中", "Handling", StateCategory.OPEN),
            _s("waiting", "待客户", "Waiting on customer", StateCategory.PENDING),
            _s("solved", "已解决", "Solved", StateCategory.RESOLVED),
            _s("closed", "已关闭", "Closed", StateCategory.CLOSED),
            _s("cancelled", "已取消", "Cancelled", StateCategory.CANCELLED),
        ],
        "transitions": [
            _t(
                "close_now",
                "当场解决",
                "Solved at first contact",
                ["new"],
                "closed",
                _DESK,
                fields=["resolution"],
            ),
            _t("handle", "开始处理", "Start handling", ["new"], "handling", _DESK),
            _t("wait", "等待客户", "Wait for customer", ["handling"], "waiting", _DESK, note=True),
            _t("resume", "继续处理", "Resume", ["waiting"], "handling", _DESK),
            _t("solve", "解决", "Solve", ["handling"], "solved", _DESK, fields=["resolution"]),
            _t("close", "关闭", "Close", ["solved"], "closed", _DESK),
            _t("reopen", "重新打开", "Reopen", ["solved", "closed"], "handling", _DESK, note=True),
            _t(
                "cancel",
                "取消",
                "Cancel",
                ["new", "handling", "waiting"],
                "cancelled",
                _DESK,
                note=True,
            ),
        ],
    }


def task() -> dict:
    """Follow-up visits and care: 待执行 → 执行中 → 已完成."""
    return {
        "initial": "todo",
        "states": [
            _s("todo", "待执行", "To do", StateCategory.NEW),
            _s("doing", "执行中", "In progress", StateCategory.OPEN),
            _s("done", "已完成", "Done", StateCategory.CLOSED),
            _s("cancelled", "已取消", "Cancelled", StateCategory.CANCELLED),
        ],
        "transitions": [
            _t("start", "开始", "Start", ["todo"], "doing", _DESK),
            _t("finish", "完成", "Finish", ["todo", "doing"], "done", _DESK, fields=["resolution"]),
            _t("reopen", "重新打开", "Reopen", ["done"], "doing", _DESK, note=True),
            _t("cancel", "取消", "Cancel", ["todo", "doing"], "cancelled", _DESK, note=True),
        ],
    }


def default_definition(ticket_type: str) -> dict:
    if ticket_type in FIELD_TYPES:
        return service_order(ticket_type)
    if ticket_type == TicketType.COMPLAINT:
        return complaint()
    if ticket_type in (TicketType.FOLLOW_UP, TicketType.CARE):
        return task()
    return consultation()


def _text(value) -> str:
    """A code or name as entered; anything but text counts as missing."""
    return value.strip() if isinstance(value, str) else ""


def _texts(value) -> list[str] | None:
    """A list of codes (from, roles, fields); None when it is not a list of text."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return None
    return value


def _dicts(value) -> list[dict] | None:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        return None
    return value


def definition_check(definition: dict) -> dict:
    """The definition, normalised, or ApplicationError naming what is wrong with it.

    Whatever it is given (an edited form, JSON from elsewhere), it answers with one or the other:
    values of the wrong type are reported like missing ones, never raised as a TypeError.
    """
    if not isinstance(definition, dict):
        definition = {}
    errors: dict[str, str] = {}
    states = _dicts(definition.get("states"))
    transitions = _dicts(definition.get("transitions"))
    codes = [_text(s.get("code")) for s in states or []]
    _check_states(states, codes, errors)
    if not isinstance(definition.get("initial"), str) or definition["initial"] not in codes:
        errors["initial"] = _("The initial state must be one of the states.")
    if transitions is None:
        errors["transitions"] = _("Every transition needs a code, and codes must be unique.")
    tcodes = [_text(t.get("code")) for t in transitions or []]
    if len(set(tcodes)) != len(tcodes) or "" in tcodes:
        errors["transitions"] = _("Every transition needs a code, and codes must be unique.")
    for tr in transitions or []:
        problem = _transition_problem(tr, set(codes))
        if problem:
            errors["transitions"] = problem
    if errors:
        raise ApplicationError(
            "workflow.invalid", _("The workflow cannot be saved."), fields=errors
        )
    return {
        "initial": definition["initial"],
        "states": [_normal_state(s) for s in states],
        "transitions": [_normal_transition(t) for t in transitions],
    }


def _check_states(states: list[dict] | None, codes: list[str], errors: dict) -> None:
    if not states:
        errors["states"] = _("A workflow needs at least one state.")
    if len(set(codes)) != len(codes) or "" in codes:
        errors["states"] = _("Every state needs a code, and codes must be unique.")
    categories = {c.value for c in StateCategory}
    for state in states or []:
        code = _text(state.get("code"))
        if state.get("category") not in categories:
            errors["states"] = _("State {code}: unknown category.").format(code=code)
        if not _text(state.get("name")):
            errors["states"] = _("State {code}: a name is required.").format(code=code)


def _transition_problem(tr: dict, codes: set) -> str:
    label = _text(tr.get("code")) or "?"
    sources, roles, fields = (
        _texts(tr.get("from")),
        _texts(tr.get("roles")),
        _texts(tr.get("fields")),
    )
    if not sources or not set(sources) <= codes:
        return _("Transition {code}: every 'from' state must exist.").format(code=label)
    if not isinstance(tr.get("to"), str) or tr["to"] not in codes:
        return _("Transition {code}: the target state must exist.").format(code=label)
    if roles is None or not set(roles) <= set(ROLES):
        return _("Transition {code}: unknown role.").format(code=label)
    if fields is None or not set(fields) <= set(TRANSITION_FIELDS):
        return _("Transition {code}: unknown required field.").format(code=label)
    if not _text(tr.get("name")):
        return _("Transition {code}: a name is required.").format(code=label)
    return ""


def _normal_state(s: dict) -> dict:
    return _s(
        s["code"].strip(),
        s["name"].strip(),
        _text(s.get("name_en")),
        s["category"],
        bool(s.get("arrival")),
    )


def _normal_transition(t: dict) -> dict:
    return _t(
        t["code"].strip(),
        t["name"].strip(),
        _text(t.get("name_en")),
        list(dict.fromkeys(t["from"])),
        t["to"],
        t.get("roles") or [],
        t.get("fields") or [],
        bool(t.get("note_required")),
        bool(t.get("audit")),
    )
