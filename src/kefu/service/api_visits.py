"""API of follow-up visits: /api/v1/visits (list, read with scores, record) and the satisfaction
aggregate /api/v1/visits/satisfaction. Scoped like the pages: a visit of a ticket outside the
caller's scope is 404; aggregates count only the visits the caller may see."""

import datetime
from decimal import Decimal
from typing import Literal

from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from kefu.core.api_errors import errors
from kefu.core.api_types import Id, InputSchema
from kefu.service.selectors_visits import csat, visit_get, visit_list, visit_scores
from kefu.service.services.visits import visit_record

router = Router(tags=["visits"])
VIEW, CHANGE = "service.view_visit", "service.change_visit"


def _require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


class RefOut(Schema):
    id: int
    name: str


def _ref(obj, name: str = "name") -> dict | None:
    if obj is None:
        return None
    return {"id": obj.pk, "name": getattr(obj, name, "") or str(obj)}


class ScoreOut(Schema):
    item: RefOut
    score: int
    comment: str

    @staticmethod
    def resolve_item(obj) -> dict:
        return _ref(obj.item)


class VisitOut(Schema):
    id: int
    ticket: RefOut
    task: RefOut | None
    status: str
    outcome: str
    channel: str
    due_at: datetime.datetime | None
    agent: RefOut | None
    outlet: RefOut | None
    product_model: RefOut | None
    score: Decimal | None
    comment: str
    visited_at: datetime.datetime | None
    follow_up: RefOut | None

    @staticmethod
    def resolve_ticket(obj) -> dict:
        return _ref(obj.ticket, "number")

    @staticmethod
    def resolve_task(obj) -> dict | None:
        return _ref(obj.task, "number")

    @staticmethod
    def resolve_follow_up(obj) -> dict | None:
        return _ref(obj.follow_up, "number")

    @staticmethod
    def resolve_agent(obj) -> dict | None:
        agent = obj.agent
        return _ref(agent, "name" if agent is None or agent.name else "username")

    @staticmethod
    def resolve_outlet(obj) -> dict | None:
        return _ref(obj.outlet)

    @staticmethod
    def resolve_product_model(obj) -> dict | None:
        return _ref(obj.product_model)


class VisitDetailOut(VisitOut):
    scores: list[ScoreOut]

    @staticmethod
    def resolve_scores(obj) -> list:
        return visit_scores(obj)


class VisitFilters(InputSchema):
    status: Literal["pending", "overdue", "done", "cancelled", ""] = ""
    ticket: Id | None = None
    outlet: Id | None = None
    agent: Id | None = None
    date_from: datetime.date | None = Field(None, alias="from")
    date_to: datetime.date | None = Field(None, alias="to")


class ScoreIn(InputSchema):
    item: Id
    score: int = Field(..., ge=1, le=5)
    comment: str = Field("", max_length=200)


class RecordIn(InputSchema):
    outcome: Literal["satisfied", "dissatisfied", "unreachable"]
    scores: list[ScoreIn] = Field(default_factory=list, max_length=50)
    comment: str = Field("", max_length=2000)
    action: Literal["reopen", "complaint"] | None = None
    close: bool = False


class CsatRowOut(Schema):
    key: int | None
    label: str
    count: int
    mean: float | None
    satisfied: float | None


class CsatOut(Schema):
    by: str
    total: CsatRowOut
    rows: list[CsatRowOut]


class CsatFilters(InputSchema):
    by: Literal["outlet", "agent", "product", "item"] = "outlet"
    date_from: datetime.date | None = Field(None, alias="from")
    date_to: datetime.date | None = Field(None, alias="to")


@router.get("", response={200: list[VisitOut], **errors(403, 422)})
@paginate
def list_visits(request, filters: Query[VisitFilters]):
    """Visits of tickets the caller may see, newest first; `overdue` = pending past due."""
    _require(request, VIEW)
    return visit_list(user=request.user, **filters.model_dump())


@router.get("/satisfaction", response={200: CsatOut, **errors(403, 422)})
def satisfaction(request, filters: Query[CsatFilters]):
    """CSAT per outlet, agent, product model or evaluation item over the answered visits the
    caller may see: count, mean score (1–5), share satisfied (for items: scored 4 or 5)."""
    _require(request, VIEW)
    rows, total = csat(
        user=request.user, by=filters.by, date_from=filters.date_from, date_to=filters.date_to
    )
    return {"by": filters.by, "total": total, "rows": rows}


@router.get("/{visit_id}", response={200: VisitDetailOut, **errors(403, 404, 422)})
def read_visit(request, visit_id: int):
    _require(request, VIEW)
    return visit_get(user=request.user, pk=visit_id)


@router.post(
    "/{visit_id}/record", response={200: VisitDetailOut, **errors(400, 403, 404, 409, 422)}
)
def record_visit(request, visit_id: int, payload: RecordIn):
    """Record the visit by phone: every evaluation item scored 1–5; not satisfied needs
    `action` (reopen the ticket or open a complaint); unreachable keeps it open unless `close`."""
    _require(request, CHANGE)
    visit = visit_get(user=request.user, pk=visit_id)
    visit_record(
        visit=visit,
        by=request.user,
        scores=[row.model_dump() for row in payload.scores],
        outcome=payload.outcome,
        comment=payload.comment,
        channel="phone",
        action=payload.action,
        close=payload.close,
    )
    return visit_get(user=request.user, pk=visit_id)
