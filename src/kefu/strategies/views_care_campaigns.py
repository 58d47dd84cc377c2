"""Holiday greeting pages (节日问候): the campaigns (company-wide; managers and admins create and
launch, the desk views), a campaign with its recipients and items, the SMS export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kefu.core.errors import ApplicationError
from kefu.core.exports import xlsx_response
from kefu.core.forms import add_application_error
from kefu.customers.grades import grade_name, grades_by_code
from kefu.customers.selectors import customer_visible_to
from kefu.strategies import selectors_care as selectors
from kefu.strategies import services_care_campaigns as services
from kefu.strategies.choices import CampaignStatus, CareChannel, CareStatus
from kefu.strategies.forms_care import OCCASIONS, CampaignForm

VIEW, ADD, CHANGE = (
    "strategies.view_carecampaign",
    "strategies.add_carecampaign",
    "strategies.change_carecampaign",
)
CHANGE_ITEM = "strategies.change_careitem"
SAMPLE = 20


@login_required
@permission_required(VIEW, raise_exception=True)
def campaign_list(request):
    rows = selectors.campaign_visible_to(request.user)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "strategies/care_campaigns.html",
        {"title": _("Holiday greetings"), "page": page, "may_add": request.user.has_perm(ADD)},
    )


def _form_page(request, form, *, campaign=None, status=200):
    title = _("Edit campaign") if campaign else _("New greeting campaign")
    return render(
        request,
        "strategies/care_campaign_form.html",
        {"title": title, "form": form, "campaign": campaign, "occasions": OCCASIONS},
        status=status,
    )


@login_required
@permission_required(ADD, raise_exception=True)
def campaign_new(request):
    if request.method != "POST":
        return _form_page(request, CampaignForm(initial={"send_on": timezone.localdate()}))
    form = CampaignForm(request.POST)
    if not form.is_valid():
        return _form_page(request, form, status=400)
    try:
        campaign = services.campaign_create(data=form.data_object(), by=request.user)
    except ApplicationError as error:
        add_application_error(form, error)
        return _form_page(request, form, status=error.status)
    messages.success(request, _("The campaign was saved as a draft."))
    return redirect("strategies:care_campaign", campaign.pk)


@login_required
@permission_required(CHANGE, raise_exception=True)
def campaign_edit(request, pk: int):
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    if request.method != "POST":
        initial = {
            "name": campaign.name,
            "occasion": campaign.occasion,
            "send_on": campaign.send_on,
            "channel": campaign.channel,
            "message": campaign.message,
            "grades": campaign.grades,
            "segment": campaign.segment,
        }
        return _form_page(request, CampaignForm(initial=initial), campaign=campaign)
    form = CampaignForm(request.POST)
    if not form.is_valid():
        return _form_page(request, form, campaign=campaign, status=400)
    try:
        services.campaign_update(campaign=campaign, data=form.data_object(), by=request.user)
    except ApplicationError as error:
        add_application_error(form, error)
        return _form_page(request, form, campaign=campaign, status=error.status)
    messages.success(request, _("The campaign was saved."))
    return redirect("strategies:care_campaign", campaign.pk)


@login_required
@permission_required(VIEW, raise_exception=True)
def campaign_detail(request, pk: int):
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    user = request.user
    grades = grades_by_code()
    draft = campaign.status == CampaignStatus.DRAFT
    sample = []
    if draft:
        sample = selectors.campaign_recipients(
            grades=campaign.grades,
            segment=campaign.segment,
            channel=campaign.channel,
            within=customer_visible_to(user),
        ).order_by("pk")[:SAMPLE]
    items = selectors.care_item_list(user=user, campaign=campaign.pk)
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "strategies/care_campaign_detail.html",
        {
            "title": campaign.name,
            "campaign": campaign,
            "grades": [grade_name(code, grades) for code in campaign.grades],
            "recipients": selectors.campaign_recipient_count(campaign) if draft else None,
            "sample": sample,
            "counts": [
                (CareStatus(status).label, count)
                for status, count in selectors.campaign_item_counts(
                    user=user, campaign=campaign
                ).items()
            ],
            "today": timezone.localdate(),
            "page": page,
            "may_change": user.has_perm(CHANGE) and draft,
            "may_launch": user.has_perm(CHANGE) and draft,
            "may_ticket": user.has_perm(CHANGE_ITEM)
            and campaign.channel in (CareChannel.CALL, CareChannel.LETTER)
            and campaign.status == CampaignStatus.LAUNCHED,
            "may_export": user.has_perm(CHANGE)
            and campaign.channel == CareChannel.SMS
            and campaign.status == CampaignStatus.LAUNCHED,
            "query": f"campaign={campaign.pk}",
        },
    )


@login_required
@permission_required(CHANGE, raise_exception=True)
@require_POST
def campaign_launch(request, pk: int):
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    try:
        made = services.campaign_launch(campaign=campaign, by=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("strategies:care_campaign", campaign.pk)
    messages.success(request, _("Launched: {count} customers to greet.").format(count=made))
    return redirect("strategies:care_campaign", campaign.pk)


@login_required
@permission_required(CHANGE, raise_exception=True)
@require_POST
def campaign_export(request, pk: int):
    """The text-message recipients as a spreadsheet for the SMS gateway (full numbers: only for
    holders of customers.view_personal_data who see every customer); the exported greetings
    are marked done."""
    user = request.user
    if not user.has_perms(["customers.view_personal_data", "customers.view_all_customers"]):
        raise PermissionDenied  # the list is company-wide, with full numbers
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    try:
        items = services.campaign_export_sms(campaign=campaign, by=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("strategies:care_campaign", campaign.pk)
    mobiles = _mobiles([item.customer_id for item in items])
    rows = (
        [
            item.customer.code,
            item.customer.name,
            mobiles.get(item.customer_id, ""),
            services.campaign_message(campaign, item.customer, request.user),
        ]
        for item in items
    )
    headers = [_("Customer code"), _("Name"), _("Mobile"), _("Message")]
    return xlsx_response(filename=f"sms-{campaign.pk}", headers=headers, rows=rows)


def _mobiles(customer_ids) -> dict[int, str]:
    from kefu.customers.models import Phone

    found: dict[int, str] = {}
    phones = Phone.objects.filter(customer_id__in=customer_ids, kind="mobile").order_by(
        "-is_primary", "id"
    )
    for customer_id, number in phones.values_list("customer_id", "number"):
        found.setdefault(customer_id, number[3:] if number.startswith("+86") else number)
    return found
