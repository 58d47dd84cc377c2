"""Who and what the demo's service history is made of, loaded once: users by role, customers
with their address, phone and products, workflows, SLA targets, queues and the working calendar.

Loading it all up front keeps the thousands of simulated tickets free of per-ticket queries.
"""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from kefu.accounts.models import User
from kefu.accounts.selectors import business_calendar
from kefu.catalog.choices import DictKind
from kefu.catalog.models import DictItem, ProductModel
from kefu.core.calendar import WorkingCalendar
from kefu.core.phones import Phone, digits
from kefu.customers.models import Address, Asset, Customer
from kefu.customers.models import Phone as CustomerPhone
from kefu.demo import content as c
from kefu.demo.fault_taxonomy import FaultBook
from kefu.service import sla
from kefu.service.models import Queue, SlaTarget, WorkflowVersion
from kefu.service.services.assignment import default_queue

# Outlet staff record the field steps of the orders in their city; elsewhere the dispatcher
# records what the outlet reports by phone.
OUTLET_CITIES = {"1101": "outlet1", "3101": "outlet2"}


@dataclass
class Card:
    """One customer as the history needs it."""

    customer: Customer
    branch: str  # org unit code of the customer's branch
    city: str  # first four digits of the region code
    address: str
    region_id: str | None
    phone: str  # national digits, as an agent dials it
    assets: list[Asset]


@dataclass
class Cast:
    rng: random.Random
    now: datetime.datetime
    calendar: WorkingCalendar
    window: datetime.timedelta  # SLA warning window
    users: dict[str, User]
    roles: dict[int, str]  # user pk → role code
    workflows: dict[str, WorkflowVersion]
    targets: dict[tuple, SlaTarget]  # (level id, ticket type, priority) → target
    queues: dict[str, Queue]
    type_queues: dict[str, Queue | None]
    members: dict[int, list[User]]  # queue pk → active members in pk order
    supervisors: list[User]
    cards: list[Card]
    models: list[ProductModel]
    categories: dict[str, DictItem]
    faults: FaultBook = field(default_factory=FaultBook)  # the taxonomy repairs draw from
    codes: dict[tuple[str, str], DictItem] = field(default_factory=dict)  # (kind, code) → entry
    last_assigned: dict[int, int] = field(default_factory=dict)  # queue pk → user pk
    busy: dict[int, list] = field(default_factory=lambda: defaultdict(list))  # user pk → spans

    def reseed(self, part: str) -> None:
        """A random source of its own for each part of the history (each ticket's story ...):
        what happens near "now" differs from run to run, and must not reshuffle everything."""
        self.rng = random.Random(f"{c.SEED}:{part}")

    def user(self, username: str) -> User:
        return self.users[username]

    def desk_agent(self, branch: str) -> User:
        """The agent of the customer's branch, or now and then the head office's."""
        agents = {unit: name for name, role, _n, unit in c.USERS if role == "agent"}
        name = agents.get(branch, "agent1")
        return self.users["agent1" if self.rng.random() < 0.3 else name]

    def field_user(self, card: Card | None) -> User:
        name = OUTLET_CITIES.get(card.city, "dispatcher1") if card else "dispatcher1"
        return self.users[name]

    def target(self, ticket) -> SlaTarget | None:
        return self.targets.get((ticket.sla_level_id, ticket.ticket_type, ticket.priority))

    def work(self, at: datetime.datetime, minutes: float) -> datetime.datetime:
        """`minutes` of business time after `at`."""
        return self.calendar.add_working_hours(at, minutes / 60)


def cast_load(*, users: dict[str, User], queues: dict[str, Queue]) -> Cast:
    roles = {users[name].pk: role for name, role, _n, _u in c.USERS if name in users}
    workflows = {w.ticket_type: w for w in WorkflowVersion.objects.filter(is_current=True)}
    targets = {(t.level_id, t.ticket_type, t.priority): t for t in SlaTarget.objects.all()}
    members = {q.pk: list(q.members.filter(is_active=True).order_by("pk")) for q in queues.values()}
    return Cast(
        rng=random.Random(c.SEED),
        now=timezone.now(),
        calendar=business_calendar(),
        window=sla.warn_window(),
        users=users,
        roles=roles,
        workflows=workflows,
        targets=targets,
        queues=queues,
        type_queues={t: _same(queues, default_queue(t)) for t in workflows},
        members=members,
        supervisors=[users[name] for name, role, _n, _u in c.USERS if role == "supervisor"],
        cards=_cards(),
        models=list(ProductModel.objects.select_related("product_type").order_by("code")),
        categories={
            item.code: item
            for item in DictItem.objects.filter(kind=DictKind.COMPLAINT_CATEGORY, is_active=True)
        },
        codes={
            (item.kind, item.code): item
            for item in DictItem.objects.filter(
                kind__in=[DictKind.COMPLAINT_CAUSE, DictKind.FEEDBACK_CATEGORY], is_active=True
            )
        },
    )


def _same(queues: dict[str, Queue], queue: Queue | None) -> Queue | None:
    """The row of `queues` that is `queue` (as the demo staffed it)."""
    return queues.get(queue.code, queue) if queue is not None else None


def _national(number: str, kind: str) -> str:
    return digits(Phone(number, kind).national)  # 03356666168, 13812345678


def _cards() -> list[Card]:
    addresses = {a.customer_id: a for a in Address.objects.filter(is_default=True)}
    phones = {
        p.customer_id: _national(p.number, p.kind)
        for p in CustomerPhone.objects.filter(is_primary=True)
    }
    assets = defaultdict(list)
    for asset in Asset.objects.select_related("product_model__product_type").order_by("pk"):
        assets[asset.customer_id].append(asset)
    cards = []
    customers = Customer.objects.filter(deleted_at__isnull=True).select_related("org_unit")
    for customer in customers.order_by("pk"):
        address = addresses.get(customer.pk)
        cards.append(
            Card(
                customer=customer,
                branch=customer.org_unit.code if customer.org_unit else "HQ",
                city=(customer.region_id or "")[:4],
                address=address.detail if address else "",
                region_id=(address.region_id if address else None) or customer.region_id,
                phone=phones.get(customer.pk, ""),
                assets=assets[customer.pk],
            )
        )
    return cards
