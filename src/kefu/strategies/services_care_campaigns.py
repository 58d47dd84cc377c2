"""Holiday greeting campaigns (节日问候): create and edit a draft, launch it (one care item per
recipient, keyed "campaign:<id>:<customer>", so a relaunch or a second worker never greets a
customer twice), then deliver by channel: e-mail through Django's mail in a job, text messages
exported as a spreadsheet for the SMS gateway, calls and letters as care tickets.

The message uses the answer templates' variables ({客户称呼}, {客户姓名}, {公司名称}, {当前日期} …),
except those only a ticket has.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.core.errors import ApplicationError
from kefu.core.services import audit_record
from kefu.customers.models import Grade
from kefu.knowledge.templates_variables import (
    TICKET_ONLY,
    template_fill,
    unknown_variables,
    variables_help,
)
from kefu.strategies.choices import CampaignStatus, CareChannel, CareKind, CareStatus
from kefu.strategies.models import CareCampaign, CareItem, Segment
from kefu.strategies.selectors_care import campaign_recipients

CHUNK = 1000
EDITABLE = ["name", "occasion", "send_on", "channel", "message", "grades", "segment"]


@dataclass
class CampaignData:
    name: str
    occasion: str
    send_on: date | None
    channel: str
    message: str
    grades: list[str] = field(default_factory=list)
    segment_id: int | None = None


@dataclass
class _Body:
    body: str


def campaign_message(campaign: CareCampaign, customer, agent=None) -> str:
    """The campaign's message with its variables filled for one customer."""
    return template_fill(template=_Body(campaign.message), customer=customer, agent=agent).text


def _validate(data: CampaignData) -> Segment | None:
    errors: dict[str, str] = {}
    data.name, data.occasion = (data.name or "").strip(), (data.occasion or "").strip()
    data.message = (data.message or "").strip()
    for name, limit in (("name", 80), ("occasion", 40)):
        value = getattr(data, name)
        if not value:
            errors[name] = _("This field is required.")
        elif len(value) > limit:
            errors[name] = _("At most {count} characters.").format(count=limit)
    if data.send_on is None:
        errors["send_on"] = _("This field is required.")
    elif data.send_on < timezone.localdate():
        errors["send_on"] = _("The send date cannot be in the past.")
    if data.channel not in CareChannel.values:
        errors["channel"] = _("Choose one of the listed values.")
    if not data.message:
        errors["message"] = _("Write the message.")
    else:
        wrong = unknown_variables(data.message) + [
            n for n in TICKET_ONLY if f"{{{n}}}" in data.message
        ]
        if wrong:
            errors["message"] = _("Unknown variable {names}; use {known}.").format(
                names="、".join(f"{{{n}}}" for n in wrong), known=_greeting_variables()
            )
    data.grades = list(dict.fromkeys(g for g in (data.grades or []) if g))
    known = set(Grade.objects.filter(code__in=data.grades).values_list("code", flat=True))
    if set(data.grades) - known:
        errors["grades"] = _("Choose one of the listed values.")
    segment = None
    if data.segment_id:
        segment = Segment.objects.filter(pk=data.segment_id, is_active=True).first()
        if segment is None:
            errors["segment"] = _("Choose one of the listed values.")
    if not data.grades and not data.segment_id:
        errors["grades"] = _("Choose the grades or a segment to greet.")
    if errors:
        raise ApplicationError(
            "campaign.invalid", _("The campaign has errors; nothing was saved."), fields=errors
        )
    return segment


def _greeting_variables() -> str:
    return "、".join(
        part for part in variables_help().split("、") if part.strip("{}") not in TICKET_ONLY
    )


@transaction.atomic
def campaign_create(*, data: CampaignData, by) -> CareCampaign:
    segment = _validate(data)
    campaign = CareCampaign.objects.create(
        name=data.name,
        occasion=data.occasion,
        send_on=data.send_on,
        channel=data.channel,
        message=data.message,
        grades=data.grades,
        segment=segment,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    audit_record(actor=by, action="care.campaign_create", obj=campaign)
    return campaign


@transaction.atomic
def campaign_update(*, campaign: CareCampaign, data: CampaignData, by) -> CareCampaign:
    """Edit a draft; a launched campaign is refused."""
    segment = _validate(data)
    locked = CareCampaign.objects.select_for_update().get(pk=campaign.pk)
    if locked.status != CampaignStatus.DRAFT:
        raise ApplicationError(
            "campaign.launched", _("A launched campaign cannot be changed."), status=409
        )
    before = {name: str(getattr(locked, name)) for name in EDITABLE}
    for name in ("name", "occasion", "send_on", "channel", "message", "grades"):
        setattr(locked, name, getattr(data, name))
    locked.segment = segment
    locked.save(update_fields=EDITABLE + ["updated_at"])
    after = {name: str(getattr(locked, name)) for name in EDITABLE}
    changes = {k: [before[k], after[k]] for k in EDITABLE if before[k] != after[k]}
    audit_record(actor=by, action="care.campaign_update", obj=locked, changes=changes)
    return locked


@transaction.atomic
def campaign_launch(*, campaign: CareCampaign, by) -> int:
    """Launch a draft: a care item for each recipient, due on the send date. Returns how many."""
    if campaign.send_on < timezone.localdate():
        raise ApplicationError(
            "campaign.invalid",
            _("The send date is past; change it before launching."),
            fields={"send_on": _("The send date cannot be in the past.")},
        )
    launched = CareCampaign.objects.filter(pk=campaign.pk, status=CampaignStatus.DRAFT).update(
        status=CampaignStatus.LAUNCHED, updated_at=timezone.now()
    )
    if not launched:
        raise ApplicationError(
            "campaign.launched", _("This campaign was already launched."), status=409
        )
    recipients = campaign_recipients(
        grades=campaign.grades, segment=campaign.segment, channel=campaign.channel
    )
    made, chunk = 0, []
    ids = recipients.values_list("pk", flat=True).order_by("pk")
    for customer_id in ids.iterator(chunk_size=CHUNK):
        chunk.append(_item(campaign, customer_id))
        if len(chunk) >= CHUNK:
            made += len(CareItem.objects.bulk_create(chunk, ignore_conflicts=True))
            chunk = []
    if chunk:
        made += len(CareItem.objects.bulk_create(chunk, ignore_conflicts=True))
    if not made:
        raise ApplicationError(
            "campaign.empty",
            _("No customer matches the campaign's grades and segment; nothing was launched."),
            fields={"grades": _("No customer matches.")},
        )
    campaign.refresh_from_db()
    audit_record(actor=by, action="care.campaign_launch", obj=campaign, changes={"items": made})
    if campaign.channel == CareChannel.EMAIL and campaign.send_on <= timezone.localdate():
        from kefu.strategies.tasks_care import send_care_campaign_task

        send_care_campaign_task(campaign_id=campaign.pk)
    return made


def _item(campaign: CareCampaign, customer_id: int) -> CareItem:
    return CareItem(
        kind=CareKind.HOLIDAY,
        key=f"campaign:{campaign.pk}:{customer_id}",
        customer_id=customer_id,
        campaign=campaign,
        due_on=campaign.send_on,
    )


def _finish_if_done(campaign: CareCampaign) -> None:
    if not CareItem.objects.filter(campaign=campaign, status=CareStatus.DUE).exists():
        CareCampaign.objects.filter(pk=campaign.pk, status=CampaignStatus.LAUNCHED).update(
            status=CampaignStatus.FINISHED, updated_at=timezone.now()
        )


def campaign_send_emails(*, campaign_id: int) -> dict:
    """Send a launched e-mail campaign's due greetings (from its send date on). Each item is
    claimed (due → done) before its mail goes, so a second run never mails anyone twice; a mail
    that fails puts its item back to due with the error."""
    campaign = CareCampaign.objects.filter(
        pk=campaign_id, channel=CareChannel.EMAIL, status=CampaignStatus.LAUNCHED
    ).first()
    if campaign is None or campaign.send_on > timezone.localdate():
        return {"sent": 0, "failed": 0}
    sent = failed = 0
    items = CareItem.objects.filter(campaign=campaign, status=CareStatus.DUE).select_related(
        "customer"
    )
    for item in items.order_by("pk").iterator(chunk_size=CHUNK):
        claimed = CareItem.objects.filter(pk=item.pk, status=CareStatus.DUE).update(
            status=CareStatus.DONE, note=_("sent by e-mail"), updated_at=timezone.now()
        )
        if not claimed:
            continue
        try:
            send_mail(
                subject=campaign.name,
                message=campaign_message(campaign, item.customer),
                from_email=None,
                recipient_list=[item.customer.email],
            )
            sent += 1
        except Exception as error:  # any mail failure (SMTP, address) is kept on the item
            failed += 1
            CareItem.objects.filter(pk=item.pk).update(
                status=CareStatus.DUE, note=str(error)[:200], updated_at=timezone.now()
            )
    if not failed:
        _finish_if_done(campaign)
    return {"sent": sent, "failed": failed}


def campaigns_send_due() -> dict:
    """Send every launched e-mail campaign whose day has come (the daily job)."""
    totals = {"sent": 0, "failed": 0}
    due = CareCampaign.objects.filter(
        channel=CareChannel.EMAIL,
        status=CampaignStatus.LAUNCHED,
        send_on__lte=timezone.localdate(),
    ).values_list("pk", flat=True)
    for pk in list(due):
        result = campaign_send_emails(campaign_id=pk)
        totals = {k: totals[k] + result[k] for k in totals}
    return totals


@transaction.atomic
def campaign_export_sms(*, campaign: CareCampaign, by) -> list[CareItem]:
    """The due items of a launched text-message campaign, marked done ("exported") as they
    are handed to the SMS gateway: the export is the delivery."""
    if campaign.channel != CareChannel.SMS or campaign.status != CampaignStatus.LAUNCHED:
        raise ApplicationError(
            "campaign.not_sms",
            _("Only a launched text-message campaign is exported for the SMS gateway."),
            status=409,
        )
    items = list(
        CareItem.objects.select_for_update()
        .filter(campaign=campaign, status=CareStatus.DUE)
        .select_related("customer")
        .order_by("pk")
    )
    CareItem.objects.filter(pk__in=[item.pk for item in items]).update(
        status=CareStatus.DONE,
        note=_("exported for the SMS gateway"),
        handled_by=by,
        updated_at=timezone.now(),
    )
    _finish_if_done(campaign)
    audit_record(
        actor=by, action="care.campaign_export", obj=campaign, changes={"items": len(items)}
    )
    return items
