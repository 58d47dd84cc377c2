"""One generated ticket row: type, customer, state on its workflow, clocks, SLA, owner, texts."""

import bisect
import datetime
import itertools
import json
import random
from dataclasses import dataclass
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from bench import ticket_texts
from bench.derived import GeneratorMismatch

COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "number",
    "ticket_type",
    "state",
    "state_category",
    "priority",
    "channel",
    "contact_name",
    "contact_phone",
    "subject",
    "description",
    "resolution",
    "serial_number",
    "fault_description",
    "appointment_start",
    "appointment_end",
    "address",
    "order_reference",
    "return_kind",
    "severity",
    "responsible_party",
    "responsible_detail",
    "root_cause_id",
    "sla_status",
    "first_response_due",
    "arrival_due",
    "resolution_due",
    "first_responded_at",
    "arrived_at",
    "resolved_at",
    "closed_at",
    "sla_paused_at",
    "next_due",
    "sla_flags",
    "search_text",
    "version",
    "asset_id",
    "assignee_id",
    "created_by_id",
    "customer_id",
    "org_unit_id",
    "product_model_id",
    "queue_id",
    "region_id",
    "sla_level_id",
    "workflow_id",
)
TYPES = {
    "repair": 30,
    "installation": 14,
    "guidance": 12,
    "fault_consult": 12,
    "business_consult": 6,
    "complaint": 6,
    "suggestion": 2,
    "delivery": 4,
    "return_exchange": 2,
    "follow_up": 9,
    "care": 3,
}
FIELD = {"repair", "installation", "delivery", "return_exchange"}
NEEDS_CUSTOMER = FIELD | {"complaint", "follow_up", "care"}
SPAN_DAYS = 730
# (age in days up to, chance that a ticket of that age is still active): ~15 % active overall.
ACTIVE_BANDS = ((30, 0.9), (120, 0.4), (None, 0.077))
ACTIVE_CATEGORIES = {"new": 30, "open": 55, "pending": 15}
DONE_CATEGORIES = {"resolved": 15, "closed": 75, "cancelled": 10}
PRIORITIES = {1: 10, 2: 70, 3: 15, 4: 5}
CHANNELS = {"phone_in": 70, "web": 10, "im": 8, "email": 4, "letter": 2, "walk_in": 3, "fax": 1}
WORKING_TO_WALL = 4.2  # a working minute (8 h a day, 5 days a week) in wall-clock minutes
WARN = datetime.timedelta(minutes=60)
CHECK_EVERY = 1000
MINUTE = datetime.timedelta(minutes=1)
NO_CUSTOMER = {"customer_id": None, "customer_name": "", "contact_name": "", "contact_phone": ""}
NO_CUSTOMER |= {"address": "", "region_id": None}


@dataclass(frozen=True)
class Plan:
    """Which ids to make, and when they were created: evenly from `start` to `now`."""

    first_pk: int
    count: int
    start: datetime.datetime
    step: float
    now: datetime.datetime
    highest_customer: int
    time_zone: str = "Asia/Shanghai"

    @classmethod
    def spread(cls, *, first_pk, count, start, now, highest_customer):
        from django.conf import settings

        begin = start or now - datetime.timedelta(days=SPAN_DAYS)
        step = max((now - begin).total_seconds(), 1.0) / max(count, 1)
        return cls(first_pk, count, begin, step, now, highest_customer, settings.TIME_ZONE)

    def created(self, pk: int) -> datetime.datetime:
        seconds = round((pk - self.first_pk + 1) * self.step)
        return self.start + datetime.timedelta(seconds=seconds)


class Weighted:
    """A weighted choice with its cumulative weights computed once."""

    def __init__(self, weights: dict):
        self.items = tuple(weights)
        self.cumulative = tuple(itertools.accumulate(weights.values()))

    def pick(self, rng: random.Random):
        return self.items[bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])]


TYPE_PICK, PRIORITY_PICK, CHANNEL_PICK = Weighted(TYPES), Weighted(PRIORITIES), Weighted(CHANNELS)
SEVERITY_PICK = Weighted({"minor": 20, "normal": 55, "serious": 20, "critical": 5})
PARTY_PICK = Weighted({"outlet": 45, "agent": 20, "product": 20, "logistics": 10, "other": 5})


class TicketMaker:
    """Makes ticket rows; `customers` are (id, name, unit, region, address, address region,
    phone, asset id, asset model, asset serial) rows, used in turn."""

    def __init__(self, base, texts, plan: Plan, rng: random.Random, customers: list[tuple]):
        self.base, self.texts, self.plan, self.rng = base, texts, plan, rng
        self.customers, self.next = customers, 0
        self.zone = ZoneInfo(plan.time_zone)
        self.units = [u for u in base.staff if u != base.hq_id] or [base.hq_id]
        self.levels = Weighted(dict(base.levels))
        self.categories: dict[tuple[int, bool], Weighted] = {}

    def _customer(self, ticket_type: str):
        if ticket_type not in NEEDS_CUSTOMER and self.rng.random() < 0.12:
            return None
        row = self.customers[self.next % len(self.customers)]
        self.next += 1
        return row

    def _state(self, definition: dict, created: datetime.datetime) -> tuple[dict, int]:
        """A state of the workflow, active with the chance of the ticket's age; its position."""
        age = (self.plan.now - created).days
        chance = next(p for days, p in ACTIVE_BANDS if days is None or age <= days)
        active = self.rng.random() < chance
        states = definition["states"]
        key = (id(definition), active)
        if key not in self.categories:
            weights = ACTIVE_CATEGORIES if active else DONE_CATEGORIES
            present = {k: w for k, w in weights.items() if any(s["category"] == k for s in states)}
            self.categories[key] = Weighted(present)
        category = self.categories[key].pick(self.rng)
        choices = [i for i, s in enumerate(states) if s["category"] == category]
        index = self.rng.choice(choices)
        return states[index], index

    def _product(self, ticket_type: str, customer) -> tuple[str, int | None, int | None, str]:
        """(product type code, product model id, asset id, serial number)."""
        models = self.base.models
        if customer is not None and customer[7] is not None and ticket_type in FIELD:
            code = next((c for c, ms in models.items() if any(m == customer[8] for m, _ in ms)))
            return code, customer[8], customer[7], customer[9] or ""
        code = self.rng.choice(sorted(ticket_texts.PRODUCTS))
        if ticket_type in FIELD and models.get(code):
            return code, self.rng.choice(models[code])[0], None, ""
        return code, None, None, ""

    def _clock(self, start, low_minutes: int, high_minutes: int):
        moment = start + self.rng.randint(low_minutes, high_minutes) * MINUTE
        return min(moment, self.plan.now)

    def _times(self, definition: dict, state: dict, index: int, created) -> dict:
        """When the ticket was answered, booked, reached, resolved and closed."""
        category = state["category"]
        arrival = next((i for i, s in enumerate(definition["states"]) if s["arrival"]), None)
        t = dict.fromkeys(
            ["first_responded_at", "appointment_start", "appointment_end", "arrived_at"]
        )
        t |= {"resolved_at": None, "closed_at": None}
        if category != "new":
            t["first_responded_at"] = self._clock(created, 3, 90)
        if arrival is not None and index >= arrival - 1 and category != "cancelled":
            day = (created + datetime.timedelta(days=self.rng.randint(1, 3))).astimezone(self.zone)
            start = day.replace(hour=self.rng.choice((9, 14)), minute=0, second=0)
            t["appointment_start"], t["appointment_end"] = start, start + 3 * 60 * MINUTE
            if index >= arrival:
                t["arrived_at"] = max(created, self._clock(start, 0, 60))
        if category in ("resolved", "closed"):
            t["resolved_at"] = self._clock(t["arrived_at"] or created, 30, 3 * 1440)
        if category in ("closed", "cancelled"):
            t["closed_at"] = self._clock(t["resolved_at"] or created, 10, 3 * 1440)
        happened = [v for k, v in t.items() if v is not None and not k.startswith("appointment")]
        t["updated_at"] = max([created, *happened])
        return t

    def _sla(self, ticket_type, priority, category, created, t) -> dict:
        """Level, due times, breaches and the next due time, as `kefu.service.sla` keeps them."""
        level = self.levels.pick(self.rng)
        first, arrival, resolution = self.base.targets[(level, ticket_type, priority)]

        def due(minutes):
            return created + minutes * WORKING_TO_WALL * MINUTE if minutes else None

        s = {
            "sla_level_id": level,
            "first_response_due": due(first),
            "arrival_due": due(arrival) if ticket_type in FIELD else None,
            "resolution_due": due(resolution),
        }
        active = category in ACTIVE_CATEGORIES
        clocks = [("first_response", "first_responded_at"), ("arrival", "arrived_at")]
        clocks.append(("resolution", "resolved_at"))
        flags, pending = [], []
        for kind, met_field in clocks:
            when, met = s[f"{kind}_due"], t[met_field]
            if when is None or (met is None and not active):
                continue
            if (met or self.plan.now) > when:
                flags.append(f"{kind}:breached")
            elif met is None:
                pending.append(when)
        paused = t["updated_at"] if category == "pending" else None
        next_due = min(pending) if pending and active and paused is None else None
        status = "breached" if flags else "ok"
        if not flags and next_due is not None and next_due - self.plan.now < WARN:
            status = "warning"
        s |= {"sla_status": status, "sla_flags": json.dumps(flags), "next_due": next_due}
        return s | {"sla_paused_at": paused}

    def _owner(self, ticket_type: str, unit: int, category: str) -> tuple[int | None, int, int]:
        """(assignee, created by, queue)."""
        staff = self.base.staff.get(unit) or self.base.staff[self.base.hq_id]
        rng = self.rng
        queue = staff.queue or self.base.general_queue
        if ticket_type == "complaint":
            queue = self.base.complaint_queue
        assignee = rng.choice(staff.agents) if rng.random() < 0.9 else None
        if ticket_type in FIELD and category != "new" and staff.outlet_staff:
            assignee = rng.choice(staff.outlet_staff)
        return assignee, rng.choice(staff.agents), queue

    def _number(self, pk: int, created: datetime.datetime) -> str:
        number = f"{created.astimezone(self.zone):%y%m%d}{pk:06d}"
        if pk % CHECK_EVERY == 0:
            from kefu.service.services.tickets import number_for

            expected = number_for(SimpleNamespace(pk=pk, created_at=created))
            if number != expected:
                raise GeneratorMismatch(f"ticket {pk}: number {number} != {expected}")
        return number

    def _extras(self, ticket_type: str, subject: str, state: dict, pk: int, created) -> dict:
        rng = self.rng
        x = {"return_kind": "", "severity": "", "responsible_party": "", "order_reference": ""}
        x["root_cause_id"] = None
        if ticket_type == "return_exchange":
            x["return_kind"] = "return" if "退货" in subject else "exchange"
        if ticket_type in FIELD - {"repair"} or (ticket_type == "repair" and rng.random() < 0.2):
            x["order_reference"] = f"SO{created:%Y%m%d}{pk % 100000:05d}"
        if ticket_type == "complaint":
            x["severity"] = SEVERITY_PICK.pick(rng)
            if state["category"] in ("resolved", "closed"):
                x["responsible_party"] = PARTY_PICK.pick(rng)
            if state["category"] == "closed" and self.base.causes:  # closed with a root cause
                x["root_cause_id"] = rng.choice(self.base.causes)
        return x

    def _contact(self, ticket_type: str, customer) -> dict:
        """Customer, contact, address and region as `services.tickets._apply` fills them."""
        if customer is None:
            return dict(NO_CUSTOMER)
        address, region = "", customer[3]
        if ticket_type in FIELD and customer[4]:
            address, region = customer[4][:200], customer[5] or customer[3]
        return {
            "customer_id": customer[0],
            "customer_name": customer[1],
            "contact_name": customer[1][:50],
            "contact_phone": (customer[6] or "").removeprefix("+86")[:20],
            "address": address,
            "region_id": region,
        }

    def _content(self, pk: int, ticket_type: str, customer, category: str, created) -> dict:
        """Product, texts, number and the search column."""
        rng = self.rng
        product, model_id, asset_id, serial = self._product(ticket_type, customer)
        subject, description, fault = ticket_texts.texts(ticket_type, product, rng)
        done = category in ("resolved", "closed")
        v = {
            "number": self._number(pk, created),
            "subject": subject,
            "description": description,
            "fault_description": fault,
            "resolution": ticket_texts.resolution(ticket_type, rng) if done else "",
            "serial_number": serial,
            "product_model_id": model_id,
            "asset_id": asset_id,
        }
        return v | self._contact(ticket_type, customer)

    def row(self, pk: int) -> tuple:
        rng, created = self.rng, self.plan.created(pk)
        ticket_type = TYPE_PICK.pick(rng)
        customer = self._customer(ticket_type)
        workflow_id, definition = self.base.workflows[ticket_type]
        state, index = self._state(definition, created)
        category = state["category"]
        v = self._content(pk, ticket_type, customer, category, created)
        texts = {k: v[k] for k in self.texts.ORDER}
        v["search_text"] = self.texts.search_text(**texts)
        priority = PRIORITY_PICK.pick(rng)
        t = self._times(definition, state, index, created)
        unit = customer[2] if customer else rng.choice(self.units)
        assignee, created_by, queue = self._owner(ticket_type, unit, category)
        channel = "phone_out" if ticket_type in ("follow_up", "care") else CHANNEL_PICK.pick(rng)
        v |= {
            "id": pk,
            "created_at": created,
            "ticket_type": ticket_type,
            "state": state["code"],
            "state_category": category,
            "priority": priority,
            "channel": channel,
            "responsible_detail": "",
            "version": index + 2,
            "assignee_id": assignee,
            "created_by_id": created_by,
            "org_unit_id": unit,
            "queue_id": queue,
            "workflow_id": workflow_id,
        }
        v |= t | self._sla(ticket_type, priority, category, created, t)
        v |= self._extras(ticket_type, v["subject"], state, pk, created)
        return tuple(v[c] for c in COLUMNS)
