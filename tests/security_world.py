"""The data of the security matrix: conftest's org tree and users, and one set of objects per
scope, each with markers that must never show outside its scope.

Scopes (`Scope.key`):
  a  branch A, owned by agent1       in scope for branch A and HQ; foreign to outlet1 and agent_b
  o  outlet A, owned by outlet1      in scope for outlet1, branch A and HQ
  b  branch B, owned by agent_b      foreign to everyone in branch A and the outlet
  z  a second root unit, agent_z     outside HQ's subtree: the foreign object for HQ users

`sees(user, kind, scope)` is the rule the matrix expects, written out rather than read from the
selectors under test (ARCHITECTURE.md, "Visibility").
"""

from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile

PASSWORD = "pw-kefu-test"

# The same tree and users as conftest's `org` and `users` fixtures (test_security.py checks
# that they stay the same): name → (org unit key, roles).
UNITS = {
    "hq": ("总部", "HQ", "hq", None),
    "a": ("华北分中心", "BR-A", "branch", "hq"),
    "b": ("华南分中心", "BR-B", "branch", "hq"),
    "outlet_a": ("海淀特约维修部", "OUT-A", "outlet", "a"),
    # not in conftest: the only place outside HQ's subtree
    "z": ("另一总部", "HQ-Z", "hq", None),
}
USERS = {
    "agent1": ("a", ("agent",)),
    "agent_b": ("b", ("agent",)),
    "expert1": ("hq", ("expert",)),
    "supervisor1": ("a", ("supervisor",)),
    "manager1": ("hq", ("manager",)),
    "dispatcher1": ("a", ("dispatcher",)),
    "outlet1": ("outlet_a", ("outlet",)),
    "parts1": ("hq", ("parts",)),
    "finance1": ("hq", ("finance",)),
    "admin": ("hq", ("admin",)),
    "nobody": ("a", ()),
}
OWNERS = {"a": ("agent1", "a"), "o": ("outlet1", "outlet_a"), "b": ("agent_b", "b")}
OWNERS["z"] = ("agent_z", "z")
MOBILES = {"a": "13911110001", "o": "13911110002", "b": "13911110003", "z": "13911110004"}
NAMES = {"a": "甲域客户", "o": "网域客户", "b": "乙域客户", "z": "外域客户"}

# kinds scoped by org unit (and owner); the others belong to their owner alone
ORG_KINDS = {"ticket", "attachment", "interaction", "customer", "phone", "visit"}
OWNER_KINDS = {"apikey", "notification", "batch"}
ORG_KINDS |= {"plan", "plantask"}  # implementation plans (org unit, owner) and their tasks
ORG_KINDS |= {"need"}  # customer needs: visible when their customer is
ORG_KINDS |= {"careitem"}  # care items: visible when their customer is

# Users who legitimately see every row of a kind, whatever its unit: the one exemption list.
SEES_ALL = {
    # managers and admins hold service.view_all_tickets (tickets, their files, the contact
    # log) and customers.view_all_customers (customers, their phones, every customer import)
    "manager1": {"ticket", "attachment", "interaction", "customer", "phone", "batch", "visit"},
    "admin": {"ticket", "attachment", "interaction", "customer", "phone", "batch", "visit"},
}
# strategies.view_all_plans: managers and admins see every plan and its tasks
for _name in ("manager1", "admin"):
    SEES_ALL[_name] = SEES_ALL[_name] | {"plan", "plantask"}
    SEES_ALL[_name] = SEES_ALL[_name] | {"need"}  # strategies.view_all_needs
    SEES_ALL[_name] = SEES_ALL[_name] | {"careitem"}  # customers.view_all_customers


@dataclass
class Scope:
    key: str
    unit: object
    owner: object
    objects: dict = field(default_factory=dict)  # kind → object
    markers: dict = field(default_factory=dict)  # kind → strings shown only to who sees it
    queries: list = field(default_factory=list)  # search terms that find this scope's rows

    @property
    def ticket(self):
        return self.objects["ticket"]

    @property
    def customer(self):
        return self.objects["customer"]


@dataclass
class World:
    units: dict
    users: dict
    scopes: dict  # key → Scope
    api_keys: dict  # username → raw key
    sessions: dict = field(default_factory=dict)  # username → session key, logged in once
    clients: dict = field(default_factory=dict)  # test clients kept for the module

    def nearest(self, user, kinds, *, foreign: bool = True):
        """The first scope (a, o, b, z) whose objects of `kinds` are foreign to `user` (or, with
        foreign=False, all in scope), or None: the closest neighbour is the likeliest leak."""
        for scope in self.scopes.values():
            if all(sees(user, kind, scope) for kind in kinds) != foreign:
                return scope
        return None


def _is_within(unit, ancestor) -> bool:
    return unit is not None and ancestor is not None and unit.path.startswith(ancestor.path)


def sees(user, kind: str, scope: Scope) -> bool:
    """Whether `user` may see the `kind` object of `scope`: the rule the matrix asserts."""
    assert kind in ORG_KINDS | OWNER_KINDS, f"say in ORG_KINDS or OWNER_KINDS how {kind} is scoped"
    if kind in SEES_ALL.get(user.username, ()):
        return True
    if scope.owner.pk == user.pk:
        return True
    if kind in OWNER_KINDS:
        return False
    return _is_within(scope.unit, user.org_unit)


def _units():
    from kefu.accounts.services import org_unit_create

    units = {}
    for key, (name, code, kind, parent) in UNITS.items():
        units[key] = org_unit_create(
            name=name, code=code, kind=kind, parent=units[parent] if parent else None
        )
    return units


def _users(units):
    from kefu.accounts.services import user_create

    made = {}
    for username, (unit, roles) in {**USERS, "agent_z": ("z", ("agent",))}.items():
        made[username] = user_create(
            username=username, password=PASSWORD, name=username, org_unit=units[unit], roles=roles
        )
    return made


def _customer(scope: Scope):
    from kefu.customers.services import customer_create
    from kefu.customers.validation import CustomerData

    code = f"MX{scope.key.upper()}CUST"
    data = CustomerData(
        kind="person",
        name=NAMES[scope.key],
        code=code,
        mobile=MOBILES[scope.key],
        email=f"mx{scope.key}mail@example.com",
    )
    customer = customer_create(data=data, by=scope.owner)
    scope.objects |= {"customer": customer, "phone": customer.phones.first()}
    scope.markers |= {"customer": [code, f"mx{scope.key}mail@example.com"]}


def _ticket(scope: Scope):
    from kefu.service.services import attachment_add, ticket_create
    from kefu.service.validation import TicketData

    marker = f"MX{scope.key.upper()}TICKET"
    data = TicketData(
        ticket_type="repair",
        customer_id=scope.customer.pk,
        subject=f"冰箱不制冷 {marker}",
        description="客户来电：冰箱冷藏室不制冷",
        fault_description="压缩机不启动",
    )
    ticket = ticket_create(data=data, by=scope.owner, assignee=scope.owner)
    upload = SimpleUploadedFile(f"mx{scope.key}file.txt", f"MX{scope.key.upper()}BYTES".encode())
    attachment = attachment_add(ticket=ticket, upload=upload, by=scope.owner)
    scope.objects |= {"ticket": ticket, "attachment": attachment}
    scope.markers |= {"ticket": [ticket.number, marker], "attachment": [f"mx{scope.key}file.txt"]}


def _visit(scope: Scope):
    """A pending follow-up visit of the scope's ticket (with its follow-up ticket)."""
    from kefu.service.models import Visit, VisitRule
    from kefu.service.services.visits import visit_open

    rule = VisitRule.objects.get(ticket_type=scope.ticket.ticket_type)
    visit = visit_open(ticket=scope.ticket, rule=rule, by=scope.owner)
    marker = f"MX{scope.key.upper()}VISIT"
    Visit.objects.filter(pk=visit.pk).update(comment=marker)
    scope.objects |= {"visit": visit}
    scope.markers |= {"visit": [marker]}


def _records(scope: Scope):
    from kefu.accounts.services import api_key_create
    from kefu.customers import importing
    from kefu.service.services import interaction_log, notify

    key = scope.key.upper()
    interaction = interaction_log(
        by=scope.owner,
        channel="phone_in",
        summary=f"来电咨询 MX{key}CALL",
        customer=scope.customer,
        tickets=[scope.ticket],
    )
    notification = notify(
        user=scope.owner, kind="mention", message=f"MX{key}NOTE", ticket=scope.ticket
    )
    apikey, _raw = api_key_create(user=scope.owner, name=f"MX{key}KEY")
    csv = f"客户类型,客户名称,手机\n个人,MX{key}ROW,12345\n".encode()
    batch = importing.import_batch_create(
        filename=f"mx{scope.key}import.csv", content=csv, by=scope.owner
    )
    scope.objects |= {
        "interaction": interaction,
        "notification": notification,
        "apikey": apikey,
        "batch": batch,
    }
    scope.markers |= {
        "interaction": [f"MX{key}CALL"],
        "notification": [f"MX{key}NOTE"],
        "apikey": [f"MX{key}KEY"],
        "batch": [f"mx{scope.key}import.csv", f"MX{key}ROW"],
    }


def _plan(scope: Scope):
    """An active plan for the scope's customer (owned by the scope's owner) with one task."""
    from kefu.strategies.models import PlanTask, Strategy
    from kefu.strategies.services_plans import PlanInput, plan_activate, plan_create

    strategy, _new = Strategy.objects.get_or_create(
        code="MXACTION",
        defaults={"name": "矩阵关怀电话", "kind": "action", "action_type": "care_call"},
    )
    key = scope.key.upper()
    today = scope.ticket.created_at.date()
    data = PlanInput(
        title=f"MX{key}PLAN",
        starts_on=today,
        ends_on=today,
        owner=scope.owner,
        strategies=[strategy],
        customer=scope.customer,
    )
    plan = plan_create(data=data, by=scope.owner)
    plan_activate(plan=plan, by=scope.owner)
    task = plan.tasks.get()
    PlanTask.objects.filter(pk=task.pk).update(title=f"MX{key}TASK")
    scope.objects |= {"plan": plan, "plantask": task}
    scope.markers |= {"plan": [f"MX{key}PLAN"], "plantask": [f"MX{key}TASK"]}


def _need(scope: Scope):
    """A need of the scope's customer, registered from the scope's ticket."""
    from kefu.strategies.services_needs import NeedData, need_register

    marker = f"MX{scope.key.upper()}NEED"
    data = NeedData(
        customer=scope.customer.pk, title=marker, source="ticket", source_ticket=scope.ticket.pk
    )
    need = need_register(data=data, by=scope.owner)
    scope.objects |= {"need": need}
    scope.markers |= {"need": [marker, need.code]}


def _care(scope: Scope):
    """A due care item (a birthday) of the scope's customer."""
    from kefu.strategies.models import CareItem

    marker = f"MX{scope.key.upper()}CARE"
    day = scope.ticket.created_at.date()
    item = CareItem.objects.create(
        kind="birthday",
        key=f"birthday:{scope.customer.pk}:{day.isoformat()}",
        customer=scope.customer,
        due_on=day,
        note=marker,
    )
    scope.objects |= {"careitem": item}
    scope.markers |= {"careitem": [marker]}


def _sessions(users) -> dict:
    """A logged-in session per user (admins past 2FA, as conftest's `client_as` does)."""
    from django.test import Client

    import conftest

    sessions = {}
    for name, user in users.items():
        client = Client()
        client.force_login(user)
        if "admin" in user.role_codes():
            conftest.two_factor_pass(client, user)
        sessions[name] = client.session.session_key
    return sessions


def build_world() -> World:
    """Everything once: called by the matrix's module-scoped fixture."""
    from django.test.utils import override_settings

    # the function-scoped conftest fixture that picks a fast hasher has not run yet
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        return _build()


def _build() -> World:
    from kefu.accounts.services import api_key_create

    units = _units()
    users = _users(units)
    scopes = {}
    for key, (owner, unit) in OWNERS.items():
        scope = Scope(key=key, unit=units[unit], owner=users[owner])
        _customer(scope)
        _ticket(scope)
        _visit(scope)
        _records(scope)
        _plan(scope)
        _need(scope)
        _care(scope)
        scope.queries = [NAMES[key], MOBILES[key]]
        scopes[key] = scope
    for scope in scopes.values():
        for obj in scope.objects.values():
            obj.refresh_from_db()  # versions as the actions will find them
    keys = {name: api_key_create(user=user, name="matrix")[1] for name, user in users.items()}
    return World(units, users, scopes, api_keys=keys, sessions=_sessions(users))


def world_for_module(django_db_blocker):
    """Build the world once in a transaction that is rolled back when the module is done; each
    test's own transaction nests inside it as a savepoint (SQLite and PostgreSQL alike)."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        yield world
        transaction.set_rollback(True)


def fingerprint(scope: Scope) -> dict:
    """What an action on the scope's objects would change: compared before and after a post."""
    from django.db.models import Q

    from kefu.accounts.models import ApiKey
    from kefu.core.models import ImportBatch
    from kefu.customers.models import Customer
    from kefu.service.models import (
        Interaction,
        Notification,
        Ticket,
        TicketEvent,
        TicketLink,
        Visit,
    )
    from kefu.strategies.models import Need

    ticket, customer = scope.ticket, scope.customer
    return {
        "ticket": list(
            Ticket.objects.filter(pk=ticket.pk).values(
                "version", "state", "assignee_id", "queue_id", "subject", "updated_at"
            )
        ),
        "events": TicketEvent.objects.filter(ticket=ticket).count(),
        "links": TicketLink.objects.filter(Q(source=ticket) | Q(target=ticket)).count(),
        "customer": list(
            Customer.objects.filter(pk=customer.pk).values(
                "version", "name", "deleted_at", "updated_at"
            )
        ),
        "details": [
            getattr(customer, name).count()
            for name in ("phones", "addresses", "assets", "contacts")
        ],
        "interactions": Interaction.objects.filter(customer=customer).count(),
        "visits": list(
            Visit.objects.filter(ticket=ticket).values_list("status", "outcome", "updated_at")
        ),
        "notification": list(
            Notification.objects.filter(user=scope.owner).values_list("read_at", flat=True)
        ),
        "keys": list(ApiKey.objects.filter(user=scope.owner).values_list("revoked_at", flat=True)),
        "plan": _plan_state(scope),
        "care": _care_state(scope),
        "need": list(
            Need.objects.filter(pk=scope.objects["need"].pk).values_list(
                "version", "title", "status", "updated_at"
            )
        ),
        "batch": list(
            ImportBatch.objects.filter(pk=scope.objects["batch"].pk).values(
                "status", "imported_rows"
            )
        ),
    }


def _plan_state(scope: Scope) -> list:
    from kefu.strategies.models import Plan, PlanTask

    plan = scope.objects["plan"]
    return [
        list(Plan.objects.filter(pk=plan.pk).values_list("status", "version", "title")),
        list(PlanTask.objects.filter(plan=plan).values_list("status", "result", "updated_at")),
    ]


def _care_state(scope: Scope) -> list:
    from kefu.strategies.models import CareItem

    item = scope.objects["careitem"]
    return list(
        CareItem.objects.filter(pk=item.pk).values_list("status", "ticket_id", "note", "updated_at")
    )
