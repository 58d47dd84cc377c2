"""The rows tickets point to: staff and outlets of the bench tree, branch queues, workflows, SLA.

Users and org units are created through the accounts services when missing; the workflow
versions, SLA levels and targets are the ones the service migrations install. Each branch of the
bench tree (bench/basedata.py) gets agents, a supervisor, a dispatcher, two outlets with their
staff and a queue of its own whose members are its agents.
"""

from dataclasses import dataclass, field

from bench.basedata import BRANCHES, HQ

AGENTS_PER_UNIT = 6
OUTLETS_PER_BRANCH = 2
STAFF_PER_OUTLET = 3
STAFF_NAMES = "王静 李娜 张伟 刘洋 陈杰 杨帆 赵敏 黄磊 周婷 吴昊 徐丽 孙强 马超 朱琳 胡军".split()


def agent_username(unit_code: str, n: int = 1) -> str:
    """bench-n-agent1: the first agent of branch BENCH-N (the scenarios act as this one)."""
    return f"{unit_code.lower()}-agent{n}"


@dataclass
class Staff:
    """Who works on the tickets of one org unit."""

    agents: list[int] = field(default_factory=list)
    outlet_staff: list[int] = field(default_factory=list)
    queue: int | None = None


@dataclass
class ServiceBase:
    workflows: dict[str, tuple[int, dict]]  # ticket type → (current version id, definition)
    levels: list[tuple[int, int]]  # (SLA level id, weight)
    targets: dict[tuple[int, str, int], tuple[int, int | None, int]]  # minutes per clock
    staff: dict[int, Staff]  # org unit id → staff
    hq_id: int
    general_queue: int
    complaint_queue: int
    models: dict[str, list[tuple[int, str]]]  # product type code → [(model id, model name)]
    causes: list[int] = field(default_factory=list)  # complaint root causes closed complaints get


def _user(username: str, name: str, unit, role: str) -> int:
    from kefu.accounts.models import User
    from kefu.accounts.services import user_create

    user = User.objects.filter(username=username).first()
    if user is None:
        user = user_create(
            username=username, password=None, name=name, org_unit=unit, roles=(role,)
        )
    return user.pk


def _unit(code: str, name: str, kind: str, parent=None):
    from kefu.accounts.models import OrgUnit
    from kefu.accounts.services import org_unit_create

    return OrgUnit.objects.filter(code=code).first() or org_unit_create(
        name=name, code=code, kind=kind, parent=parent
    )


def _queue(unit, agents: list[int]) -> int:
    from kefu.service.models import Queue

    queue, _created = Queue.objects.get_or_create(
        code=unit.code.lower(),
        defaults={"name": f"{unit.name}坐席", "kind": "general", "org_unit": unit},
    )
    queue.members.set(agents)
    return queue.pk


def _staff_of(unit, branch: bool, index: int) -> Staff:
    names = STAFF_NAMES[index % len(STAFF_NAMES) :] + STAFF_NAMES[: index % len(STAFF_NAMES)]
    staff = Staff()
    for n in range(1, AGENTS_PER_UNIT + 1):
        name = names[n % len(names)]
        staff.agents.append(_user(agent_username(unit.code, n), name, unit, "agent"))
    if not branch:
        return staff
    prefix = unit.code.lower()
    _user(f"{prefix}-supervisor", names[0], unit, "supervisor")
    _user(f"{prefix}-dispatcher", names[1], unit, "dispatcher")
    for o in range(1, OUTLETS_PER_BRANCH + 1):
        outlet = _unit(f"{unit.code}-O{o}", f"{unit.name[:2]}第{o}特约维修部", "outlet", unit)
        for s in range(1, STAFF_PER_OUTLET + 1):
            username = f"{prefix}-o{o}-tech{s}"
            staff.outlet_staff.append(_user(username, names[(o * 3 + s) % 15], outlet, "outlet"))
    staff.queue = _queue(unit, staff.agents)
    return staff


def _sla() -> tuple[list[tuple[int, int]], dict]:
    from kefu.service.models import SlaLevel, SlaTarget

    weights = {"standard": 85, "priority": 10, "vip": 5}
    levels = [(lv.pk, weights.get(lv.code, 1)) for lv in SlaLevel.objects.all()]
    targets = {
        (t.level_id, t.ticket_type, t.priority): (
            t.first_response_minutes,
            t.arrival_minutes,
            t.resolution_minutes,
        )
        for t in SlaTarget.objects.all()
    }
    return levels, targets


def _models() -> dict[str, list[tuple[int, str]]]:
    from kefu.catalog.models import ProductModel

    found: dict[str, list[tuple[int, str]]] = {}
    for pk, name, type_code in ProductModel.objects.values_list("pk", "name", "product_type__code"):
        found.setdefault(type_code, []).append((pk, name))
    return found


BENCH_CAUSES = [
    ("bench_attitude", "服务态度"),
    ("bench_late", "上门不准时"),
    ("bench_quality", "维修质量"),
    ("bench_fee", "收费争议"),
    ("bench_parts", "配件质量"),
]


def _causes() -> list[int]:
    """The active complaint root causes (a few created when there are none): a closed complaint
    has one, as the complaint workflow requires."""
    from kefu.catalog.choices import DictKind
    from kefu.catalog.dictionary import dict_item_create
    from kefu.catalog.models import DictItem

    causes = DictItem.objects.filter(kind=DictKind.COMPLAINT_CAUSE, is_active=True)
    if not causes.exists():
        for n, (code, name) in enumerate(BENCH_CAUSES):
            dict_item_create(kind=DictKind.COMPLAINT_CAUSE, code=code, name=name, sort=n, by=None)
    return sorted(causes.values_list("pk", flat=True))


def service_base() -> ServiceBase:
    """Create what is missing and answer the ids the ticket rows use."""
    from kefu.service.choices import TicketType
    from kefu.service.models import Queue
    from kefu.service.services import workflow_current

    hq = _unit(HQ[0], HQ[1], "hq")
    staff = {hq.pk: _staff_of(hq, False, 0)}
    for index, (code, name, _provinces) in enumerate(BRANCHES, start=1):
        unit = _unit(code, name, "branch", hq)
        staff[unit.pk] = _staff_of(unit, True, index)
    workflows = {}
    for ticket_type in TicketType.values:
        version = workflow_current(ticket_type)
        workflows[ticket_type] = (version.pk, version.definition)
    levels, targets = _sla()
    return ServiceBase(
        workflows=workflows,
        levels=levels,
        targets=targets,
        staff=staff,
        hq_id=hq.pk,
        general_queue=Queue.objects.get(code="general").pk,
        complaint_queue=Queue.objects.get(code="complaint").pk,
        models=_models(),
        causes=_causes(),
    )
