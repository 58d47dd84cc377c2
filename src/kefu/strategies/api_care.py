"""API of customer care: /api/v1/care/reminders (list, generate now, a care ticket per item,
dismiss) and /api/v1/care/campaigns (list, create, read, launch). Reminders are scoped like the
pages (an item of a customer outside the caller's scope is 404); campaigns are company-wide."""

import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from kefu.core.api_errors import errors
from kefu.core.api_types import Id, InputSchema
from kefu.strategies import selectors_care as selectors
from kefu.strategies import services_care as services
from kefu.strategies import services_care_campaigns as campaigns
from kefu.strategies.selectors_care import campaign_recipient_count

router = Router(tags=["care"])
VIEW, CHANGE, GENERATE = (
    "strategies.view_careitem",
    "strategies.change_careitem",
    "strategies.add_careitem",
)
VIEW_CAMPAIGN, CHANGE_CAMPAIGN = "strategies.view_carecampaign", "strategies.change_carecampaign"
ADD_CAMPAIGN = "strategies.add_carecampaign"


def _require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


class CareRefOut(Schema):
    id: int
    name: str


class ReminderOut(Schema):
    id: int
    kind: str
    key: str
    status: str
    due_on: datetime.date
    customer: CareRefOut
    asset: CareRefOut | None
    campaign: CareRefOut | None
    ticket: CareRefOut | None
    note: str

    @staticmethod
    def resolve_customer(obj) -> dict:
        return {"id": obj.customer_id, "name": obj.customer.name}

    @staticmethod
    def resolve_asset(obj) -> dict | None:
        return {"id": obj.asset_id, "name": str(obj.asset)} if obj.asset_id else None

    @staticmethod
    def resolve_campaign(obj) -> dict | None:
        return {"id": obj.campaign_id, "name": obj.campaign.name} if obj.campaign_id else None

    @staticmethod
    def resolve_ticket(obj) -> dict | None:
        return {"id": obj.ticket_id, "name": obj.ticket.number} if obj.ticket_id else None


class ReminderFilters(InputSchema):
    kind: Literal["birthday", "maintenance", "holiday", ""] = ""
    status: Literal["due", "generated", "done", "dismissed", ""] = ""
    due_from: datetime.date | None = None
    due_to: datetime.date | None = None
    product_model: Id | None = None
    campaign: Id | None = None
    customer: Id | None = None


class GenerateIn(InputSchema):
    lookahead: int = Field(14, ge=0, le=services.MAX_LOOKAHEAD)
    birthday_lookahead: int = Field(7, ge=0, le=services.MAX_LOOKAHEAD)


class GenerateOut(Schema):
    maintenance: int
    birthday: int
    done: int


class CareTicketOut(Schema):
    reminder: ReminderOut
    ticket: CareRefOut


class DismissIn(InputSchema):
    note: str = Field(..., min_length=1, max_length=200)


@router.get("/reminders", response={200: list[ReminderOut], **errors(403, 422)})
@paginate
def list_reminders(request, filters: Query[ReminderFilters]):
    """Care items of customers the caller may see, by due date."""
    _require(request, VIEW)
    return selectors.care_item_list(user=request.user, **filters.model_dump())


@router.post("/reminders/generate", response={200: GenerateOut, **errors(400, 403, 422)})
def generate_reminders(request, payload: GenerateIn):
    """Run the reminders generation now (what the daily job does): maintenance due within
    `lookahead` days and birthdays within `birthday_lookahead`. Never doubles an item."""
    _require(request, GENERATE)
    return services.care_reminders_generate(by=request.user, **payload.model_dump())


@router.get("/reminders/{reminder_id}", response={200: ReminderOut, **errors(403, 404, 422)})
def read_reminder(request, reminder_id: Id):
    _require(request, VIEW)
    return selectors.care_item_get(user=request.user, pk=reminder_id)


@router.post(
    "/reminders/{reminder_id}/ticket",
    response={201: CareTicketOut, **errors(400, 403, 404, 409, 422)},
)
def ticket_reminder(request, reminder_id: Id):
    """Open the care ticket of a due item; an item that has one already is 409."""
    _require(request, CHANGE)
    item = selectors.care_item_get(user=request.user, pk=reminder_id)
    ticket = services.care_item_ticket(item=item, by=request.user)
    item = selectors.care_item_get(user=request.user, pk=reminder_id)
    return Status(201, {"reminder": item, "ticket": {"id": ticket.pk, "name": ticket.number}})


@router.post(
    "/reminders/{reminder_id}/dismiss",
    response={200: ReminderOut, **errors(400, 403, 404, 409, 422)},
)
def dismiss_reminder(request, reminder_id: Id, payload: DismissIn):
    _require(request, CHANGE)
    item = selectors.care_item_get(user=request.user, pk=reminder_id)
    services.care_item_dismiss(item=item, by=request.user, note=payload.note)
    return selectors.care_item_get(user=request.user, pk=reminder_id)


# campaigns


class CampaignOut(Schema):
    id: int
    name: str
    occasion: str
    send_on: datetime.date
    channel: str
    message: str
    grades: list[str]
    segment: CareRefOut | None
    status: str

    @staticmethod
    def resolve_segment(obj) -> dict | None:
        return {"id": obj.segment_id, "name": obj.segment.name} if obj.segment_id else None


class CampaignDetailOut(CampaignOut):
    recipients: int

    @staticmethod
    def resolve_recipients(obj) -> int:
        return campaign_recipient_count(obj)


class CampaignIn(InputSchema):
    name: str = Field(..., max_length=80)
    occasion: str = Field(..., max_length=40)
    send_on: datetime.date
    channel: Literal["call", "sms", "email", "letter"]
    message: str = Field(..., max_length=2000)
    grades: list[str] = Field(default_factory=list, max_length=20)
    segment_id: Id | None = None


class LaunchOut(Schema):
    campaign: CampaignOut
    items: int


@router.get("/campaigns", response={200: list[CampaignOut], **errors(403, 422)})
@paginate
def list_campaigns(request):
    _require(request, VIEW_CAMPAIGN)
    return selectors.campaign_visible_to(request.user)


@router.post("/campaigns", response={201: CampaignDetailOut, **errors(400, 403, 422)})
def create_campaign(request, payload: CampaignIn):
    """A draft campaign; its recipients are counted in the answer."""
    _require(request, ADD_CAMPAIGN)
    campaign = campaigns.campaign_create(
        data=campaigns.CampaignData(**payload.model_dump()), by=request.user
    )
    return Status(201, campaign)


@router.get("/campaigns/{campaign_id}", response={200: CampaignDetailOut, **errors(403, 404, 422)})
def read_campaign(request, campaign_id: Id):
    _require(request, VIEW_CAMPAIGN)
    return selectors.campaign_get(user=request.user, pk=campaign_id)


@router.post(
    "/campaigns/{campaign_id}/launch", response={200: LaunchOut, **errors(400, 403, 404, 409, 422)}
)
def launch_campaign(request, campaign_id: Id):
    """Launch a draft: one care item per recipient."""
    _require(request, CHANGE_CAMPAIGN)
    campaign = selectors.campaign_get(user=request.user, pk=campaign_id)
    made = campaigns.campaign_launch(campaign=campaign, by=request.user)
    return {"campaign": selectors.campaign_get(user=request.user, pk=campaign_id), "items": made}
