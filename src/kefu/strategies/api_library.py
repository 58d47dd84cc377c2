"""API of the strategy library: /api/v1/strategies — list, create, read (with its versions),
change (PUT the whole strategy or PATCH some fields; `reason` and the `version` read are
required, a stale version is 409), retire, put in force, and the version history.

Grades are named by code, the response-time level by its code, the dedicated agent by user id.
"""

import datetime
from decimal import Decimal
from typing import Literal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict

from kefu.core.api_errors import errors
from kefu.core.api_types import Id, InputSchema
from kefu.core.errors import ApplicationError
from kefu.customers.models import Grade
from kefu.service.models import SlaLevel
from kefu.strategies import selectors_library as selectors
from kefu.strategies import services_library as services
from kefu.strategies.choices import ActionType, Recurrence, StrategyKind, StrategyStatus

router = Router(tags=["strategies"])
VIEW, ADD, CHANGE = (
    "strategies.view_strategy",
    "strategies.add_strategy",
    "strategies.change_strategy",
)


def _require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _one_of(choices) -> str:
    return "^(" + "|".join(choices.values) + ")?$"


class StrategyOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    status: str
    description: str
    grades: list[str]
    estimated_cost: Decimal
    sla_level: str | None
    priority: int | None
    dedicated_agent_id: int | None
    expert_seat: bool
    free_labour: bool
    parts_share: int | None
    prefer_top_outlets: bool
    action_type: str
    recurrence: str
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_grades(obj) -> list[str]:
        return sorted(g.code for g in obj.grades.all())

    @staticmethod
    def resolve_sla_level(obj) -> str | None:
        return obj.sla_level.code if obj.sla_level_id else None


class StrategyVersionOut(Schema):
    number: int
    reason: str
    changed_by: str | None
    at: datetime.datetime
    data: dict
    changed: list[str] = Field(description="fields that differ from the version before")


class StrategyDetailOut(StrategyOut):
    versions: list[StrategyVersionOut]

    @staticmethod
    def resolve_versions(obj) -> list[dict]:
        return obj.versions_out


class StrategyFilters(InputSchema):
    q: str = Field("", max_length=100, description="part of the name or code")
    kind: str = Field("", pattern=_one_of(StrategyKind), description="empty: both kinds")
    grade: str = Field("", max_length=20, description="a grade code")
    status: str = Field("", pattern=_one_of(StrategyStatus), description="empty: every status")


class StrategyIn(InputSchema):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(max_length=100)
    kind: str = Field(pattern=_one_of(StrategyKind))
    description: str = ""
    grades: list[str] = Field([], description="grade codes")
    estimated_cost: Decimal = Field(Decimal(0), ge=0, max_digits=12, decimal_places=2)
    sla_level: str | None = Field(None, max_length=20, description="a response-time level code")
    priority: int | None = Field(None, ge=1, le=4, description="1 low … 4 urgent")
    dedicated_agent_id: Id | None = None
    expert_seat: bool = False
    free_labour: bool = False
    parts_share: int | None = Field(None, ge=0, le=100)
    prefer_top_outlets: bool = False
    action_type: str = Field("", pattern=_one_of(ActionType))
    recurrence: str = Field("", pattern=_one_of(Recurrence))


class StrategyCreateIn(StrategyIn):
    code: str = Field("", max_length=20, description="empty: S-<id>")
    status: Literal["active", "draft"] = "active"


class StrategyUpdateIn(StrategyIn):
    reason: str = Field(max_length=300, description="why it changes: kept with the version")
    version: int = Field(ge=1, le=2**31 - 1, description="the version you read")


class StrategyPatchIn(InputSchema):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, max_length=100)
    kind: str | None = Field(None, pattern=_one_of(StrategyKind))
    description: str | None = None
    grades: list[str] | None = None
    estimated_cost: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    sla_level: str | None = Field(None, max_length=20)
    priority: int | None = Field(None, ge=1, le=4)
    dedicated_agent_id: Id | None = None
    expert_seat: bool | None = None
    free_labour: bool | None = None
    parts_share: int | None = Field(None, ge=0, le=100)
    prefer_top_outlets: bool | None = None
    action_type: str | None = Field(None, pattern=_one_of(ActionType))
    recurrence: str | None = Field(None, pattern=_one_of(Recurrence))
    reason: str = Field(max_length=300)
    version: int = Field(ge=1, le=2**31 - 1)


class StatusIn(InputSchema):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field("", max_length=300)
    version: int | None = Field(None, ge=1, le=2**31 - 1, description="refused if stale")


def _bad(field: str, message: str) -> ApplicationError:
    return ApplicationError(
        "strategy.invalid", _("Please correct the fields listed."), fields={field: message}
    )


def _grades(codes: list[str]) -> list:
    found = list(Grade.objects.filter(code__in=codes))
    if len(found) != len(set(codes)):
        raise _bad("grades", _("Some of these grades do not exist."))
    return found


def _level(code: str | None):
    if not code:
        return None
    level = SlaLevel.objects.filter(code=code).first()
    if level is None:
        raise _bad("sla_level", _("No such response-time level."))
    return level


def _agent(pk: int | None):
    if pk is None:
        return None
    agent = get_user_model().objects.filter(pk=pk).first()
    if agent is None:
        raise _bad("dedicated_agent_id", _("No such user."))
    return agent


def _data(values: dict) -> services.StrategyData:
    return services.StrategyData(
        name=values["name"],
        kind=values["kind"],
        code=values.get("code", ""),
        description=values.get("description") or "",
        grades=_grades(values.get("grades") or []),
        estimated_cost=values.get("estimated_cost"),
        sla_level=_level(values.get("sla_level")),
        priority=values.get("priority"),
        dedicated_agent=_agent(values.get("dedicated_agent_id")),
        expert_seat=bool(values.get("expert_seat")),
        free_labour=bool(values.get("free_labour")),
        parts_share=values.get("parts_share"),
        prefer_top_outlets=bool(values.get("prefer_top_outlets")),
        action_type=values.get("action_type") or "",
        recurrence=values.get("recurrence") or "",
    )


def _current(strategy) -> dict:
    return {
        "name": strategy.name,
        "kind": strategy.kind,
        "description": strategy.description,
        "grades": [g.code for g in strategy.grades.all()],
        "estimated_cost": strategy.estimated_cost,
        "sla_level": strategy.sla_level.code if strategy.sla_level_id else None,
        "priority": strategy.priority,
        "dedicated_agent_id": strategy.dedicated_agent_id,
        "expert_seat": strategy.expert_seat,
        "free_labour": strategy.free_labour,
        "parts_share": strategy.parts_share,
        "prefer_top_outlets": strategy.prefer_top_outlets,
        "action_type": strategy.action_type,
        "recurrence": strategy.recurrence,
    }


def _versions(strategy) -> list[dict]:
    rows = list(strategy.versions.select_related("changed_by").order_by("number"))
    out, previous = [], None
    for version in rows:
        data = version.data
        changed = [k for k in data if previous is None or previous.get(k) != data.get(k)]
        by = version.changed_by
        out.append(
            {
                "number": version.number,
                "reason": version.reason,
                "changed_by": (by.name or by.username) if by is not None else None,
                "at": version.at,
                "data": data,
                "changed": changed,
            }
        )
        previous = data
    return out[::-1]


def _read(request, pk: int):
    strategy = selectors.strategy_get(user=request.user, pk=pk)
    strategy.versions_out = _versions(strategy)
    return strategy


@router.get("", response={200: list[StrategyOut], **errors(403, 422)})
@paginate
def list_strategies(request, filters: Query[StrategyFilters]):
    """Strategies of the library, by code; filter by kind, grade code, status; `q` matches part
    of the name or code."""
    _require(request, VIEW)
    return selectors.strategy_list(user=request.user, **filters.model_dump()).order_by("code")


@router.post("", response={201: StrategyDetailOut, **errors(400, 403, 422)})
def create_strategy(request, payload: StrategyCreateIn):
    """A new strategy (version 1). An entitlement grants at least one thing; an action names
    its type and recurrence."""
    _require(request, ADD)
    strategy = services.strategy_create(
        data=_data(payload.model_dump()), by=request.user, status=payload.status
    )
    return Status(201, _read(request, strategy.pk))


@router.get("/{strategy_id}", response={200: StrategyDetailOut, **errors(403, 404, 422)})
def read_strategy(request, strategy_id: Id):
    _require(request, VIEW)
    return _read(request, strategy_id)


@router.get(
    "/{strategy_id}/versions", response={200: list[StrategyVersionOut], **errors(403, 404, 422)}
)
def strategy_versions(request, strategy_id: Id):
    """Every version, newest first: content, reason, author, time, fields changed."""
    _require(request, VIEW)
    return _versions(selectors.strategy_get(user=request.user, pk=strategy_id))


def _update(request, strategy_id: int, values: dict, *, reason: str, version: int):
    _require(request, CHANGE)
    strategy = selectors.strategy_get(user=request.user, pk=strategy_id)
    services.strategy_update(
        strategy=strategy, data=_data(values), version=version, reason=reason, by=request.user
    )
    return _read(request, strategy_id)


@router.put("/{strategy_id}", response={200: StrategyDetailOut, **errors(400, 403, 404, 409, 422)})
def replace_strategy(request, strategy_id: Id, payload: StrategyUpdateIn):
    """Change the whole strategy: saved as its next version with `reason`. Refused (409) when
    `version` is no longer the current one; refused (400, naming the plans) when it would
    orphan draft or running plans."""
    values = payload.model_dump(exclude={"reason", "version"})
    return _update(request, strategy_id, values, reason=payload.reason, version=payload.version)


@router.patch(
    "/{strategy_id}", response={200: StrategyDetailOut, **errors(400, 403, 404, 409, 422)}
)
def change_strategy(request, strategy_id: Id, payload: StrategyPatchIn):
    """Change the fields given (the rest stay); as PUT otherwise."""
    _require(request, CHANGE)
    strategy = selectors.strategy_get(user=request.user, pk=strategy_id)
    values = _current(strategy) | payload.model_dump(
        exclude_unset=True, exclude={"reason", "version"}
    )
    return _update(request, strategy_id, values, reason=payload.reason, version=payload.version)


@router.post(
    "/{strategy_id}/retire", response={200: StrategyDetailOut, **errors(400, 403, 404, 409, 422)}
)
def retire_strategy(request, strategy_id: Id, payload: StatusIn):
    """Take the strategy out of force; refused (400, naming them) while draft or running plans
    use it."""
    _require(request, CHANGE)
    strategy = selectors.strategy_get(user=request.user, pk=strategy_id)
    services.strategy_retire(
        strategy=strategy, by=request.user, reason=payload.reason, version=payload.version
    )
    return _read(request, strategy_id)


@router.post(
    "/{strategy_id}/activate", response={200: StrategyDetailOut, **errors(400, 403, 404, 409, 422)}
)
def activate_strategy(request, strategy_id: Id, payload: StatusIn):
    """Put a draft or retired strategy in force."""
    _require(request, CHANGE)
    strategy = selectors.strategy_get(user=request.user, pk=strategy_id)
    services.strategy_activate(
        strategy=strategy, by=request.user, reason=payload.reason, version=payload.version
    )
    return _read(request, strategy_id)
