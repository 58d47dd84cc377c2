"""Schemas of the plans API and the turning of a body's ids into the objects a service takes."""

import contextlib
import datetime
from decimal import Decimal
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Schema

from kefu.core.api_types import Id, InputSchema
from kefu.core.errors import ApplicationError
from kefu.customers.selectors import customer_visible_to
from kefu.strategies.forms_plans import owner_choices
from kefu.strategies.models import Need, Segment, Strategy
from kefu.strategies.services_plans import PlanInput

# service field → API field, so that a refusal names what the client sent
API_FIELDS = {
    "customer": "customer_id",
    "segment": "segment_id",
    "owner": "owner_id",
    "strategies": "strategy_ids",
    "needs": "need_ids",
}


@contextlib.contextmanager
def api_field_names():
    try:
        yield
    except ApplicationError as error:
        error.fields = {API_FIELDS.get(k, k): v for k, v in error.fields.items()}
        raise


class PlanRefOut(Schema):
    id: int
    name: str


class PlanFilters(InputSchema):
    status: Literal["draft", "active", "completed", "cancelled", ""] = ""
    mine: bool = False
    q: str = Field("", max_length=100)


class PlanFieldsIn(InputSchema):
    title: str = Field(..., max_length=120)
    goal: str = Field("", max_length=5000)
    starts_on: datetime.date
    ends_on: datetime.date
    owner_id: Id | None = None
    budget: Decimal = Field(Decimal("0"), max_digits=12, decimal_places=2)
    strategy_ids: list[Id] = Field(default_factory=list, max_length=100)
    need_ids: list[Id] = Field(default_factory=list, max_length=100)


class PlanCreateIn(PlanFieldsIn):
    customer_id: Id | None = None
    segment_id: Id | None = None


class PlanChangeIn(InputSchema):
    reason: str = Field(..., max_length=300)
    version: int = Field(..., ge=1, le=2**31 - 1)
    title: str = Field(None, max_length=120)
    goal: str = Field(None, max_length=5000)
    starts_on: datetime.date = None
    ends_on: datetime.date = None
    owner_id: Id = None
    budget: Decimal = Field(None, max_digits=12, decimal_places=2)
    strategy_ids: list[Id] = Field(None, max_length=100)
    need_ids: list[Id] = Field(None, max_length=100)


class CancelIn(InputSchema):
    reason: str = Field(..., max_length=300)


class DoneIn(InputSchema):
    result: str = Field(..., max_length=2000)


class SkipIn(InputSchema):
    reason: str = Field(..., max_length=2000)


def _bad(field: str, message) -> ApplicationError:
    return ApplicationError(
        "plan.invalid", _("The plan cannot be saved; nothing changed."), fields={field: message}
    )


def _target(user, payload: PlanCreateIn) -> dict:
    customer = segment = None
    if payload.customer_id is not None:
        customer = customer_visible_to(user).filter(pk=payload.customer_id).first()
        if customer is None:
            raise _bad("customer_id", _("No such customer in your scope."))
    if payload.segment_id is not None:
        segment = Segment.objects.filter(pk=payload.segment_id).first()
        if segment is None:
            raise _bad("segment_id", _("No such segment."))
    return {"customer": customer, "segment": segment}


def resolve_input(user, payload: PlanCreateIn, *, target: bool, keep_owner=None) -> PlanInput:
    """The service's input from a body's ids; an unknown or foreign id is a 400 naming it."""
    found = _target(user, payload) if target else {}
    owner = user
    if payload.owner_id is not None:
        owner = owner_choices(user).filter(pk=payload.owner_id).first()
        if owner is None and keep_owner is not None and keep_owner.pk == payload.owner_id:
            owner = keep_owner
        if owner is None:
            raise _bad("owner_id", _("No such active user in your scope."))
    strategies = list(Strategy.objects.filter(pk__in=payload.strategy_ids))
    if len(strategies) != len(set(payload.strategy_ids)):
        raise _bad("strategy_ids", _("No such strategy."))
    needs = list(Need.objects.filter(pk__in=payload.need_ids))
    if len(needs) != len(set(payload.need_ids)):
        raise _bad("need_ids", _("No such need."))
    return PlanInput(
        title=payload.title,
        goal=payload.goal or "",
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        owner=owner,
        budget=payload.budget,
        strategies=strategies,
        needs=needs,
        **found,
    )


def _ref(obj, name: str = "name") -> dict | None:
    if obj is None:
        return None
    return {"id": obj.pk, "name": getattr(obj, name, "") or str(obj)}


def _user_ref(user) -> dict | None:
    if user is None:
        return None
    return {"id": user.pk, "name": user.get_full_name() or user.username}


class PlanOut(Schema):
    id: int
    code: str
    title: str
    status: str
    customer: PlanRefOut | None
    segment: PlanRefOut | None
    owner: PlanRefOut
    starts_on: datetime.date
    ends_on: datetime.date
    budget: Decimal
    version: int
    tasks_open: int | None = None
    tasks_done: int | None = None
    tasks_overdue: int | None = None

    @staticmethod
    def resolve_customer(obj) -> dict | None:
        return _ref(obj.customer)

    @staticmethod
    def resolve_segment(obj) -> dict | None:
        return _ref(obj.segment)

    @staticmethod
    def resolve_owner(obj) -> dict:
        return _user_ref(obj.owner)


class PlanDetailOut(PlanOut):
    goal: str
    strategies: list[PlanRefOut]
    needs: list[PlanRefOut]
    customers_count: int
    estimated_cost: Decimal
    progress: dict
    baseline: dict
    evaluation: dict

    @staticmethod
    def resolve_strategies(obj) -> list:
        return [_ref(s) for s in obj.strategies.all()]

    @staticmethod
    def resolve_needs(obj) -> list:
        return [_ref(n, "title") for n in obj.needs.all()]


class TaskOut(Schema):
    id: int
    plan: PlanRefOut
    strategy: PlanRefOut
    customer: PlanRefOut
    title: str
    due_on: datetime.date
    assignee: PlanRefOut | None
    status: str
    result: str
    done_at: datetime.datetime | None
    done_by: PlanRefOut | None

    @staticmethod
    def resolve_plan(obj) -> dict:
        return _ref(obj.plan, "code")

    @staticmethod
    def resolve_strategy(obj) -> dict:
        return _ref(obj.strategy)

    @staticmethod
    def resolve_customer(obj) -> dict:
        return _ref(obj.customer)

    @staticmethod
    def resolve_assignee(obj) -> dict | None:
        return _user_ref(obj.assignee)

    @staticmethod
    def resolve_done_by(obj) -> dict | None:
        return _user_ref(obj.done_by)


class PlanChangeOut(Schema):
    field: str
    before: str
    after: str


class PlanVersionOut(Schema):
    number: int
    reason: str
    changed_by: str | None
    at: datetime.datetime
    data: dict
    changes: list[PlanChangeOut]
