"""Tickets (服务单) of every type, their timeline, attachments and links."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kefu.core.models import TimeStampedModel
from kefu.service.choices import (
    Channel,
    EventKind,
    LinkKind,
    Priority,
    ResponsibleParty,
    ReturnKind,
    Severity,
    SlaStatus,
    StateCategory,
    TicketType,
)

_USER = settings.AUTH_USER_MODEL


def _fk(to, label, related="+", **extra):
    """A nullable reference. Without its own index unless `db_index=True`: every index costs each
    insert, and the lists filter through the composite indexes in Meta, led by these columns."""
    extra.setdefault("db_index", False)
    return models.ForeignKey(
        to,
        verbose_name=label,
        null=True,
        blank=True,
        on_delete=extra.pop("on_delete", models.PROTECT),
        related_name=related,
        **extra,
    )


class Ticket(TimeStampedModel):
    """A customer's request of any type, moving through its workflow version.

    Common fields first; the per-type fields (repair, installation, delivery, return; complaint)
    are plain nullable columns so lists can filter on them. `version` guards against stale edits.
    """

    number = models.CharField(_("ticket number"), max_length=20, unique=True)
    ticket_type = models.CharField(_("ticket type"), max_length=20, choices=TicketType.choices)
    workflow = models.ForeignKey(
        "service.WorkflowVersion", verbose_name=_("workflow"), on_delete=models.PROTECT
    )
    state = models.CharField(_("status"), max_length=40)
    state_category = models.CharField(
        _("status category"), max_length=10, choices=StateCategory.choices
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.PHONE_IN
    )
    customer = _fk("customers.Customer", _("customer"), related="tickets")
    contact_name = models.CharField(_("contact name"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    org_unit = models.ForeignKey(
        "accounts.OrgUnit",
        verbose_name=_("org unit"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # led by ticket_unit
    )
    queue = _fk("service.Queue", _("queue"), related="tickets")
    assignee = _fk(_USER, _("assignee"))
    created_by = _fk(_USER, _("created by"))
    escalated_from = _fk(_USER, _("escalated by"))
    # repair, installation, delivery, return / exchange
    product_model = _fk("catalog.ProductModel", _("product model"))
    asset = _fk("customers.Asset", _("installed product"), on_delete=models.SET_NULL)
    serial_number = models.CharField(_("serial number"), max_length=60, blank=True)
    fault_description = models.TextField(_("fault description"), blank=True)
    appointment_start = models.DateTimeField(_("appointment from"), null=True, blank=True)
    appointment_end = models.DateTimeField(_("appointment until"), null=True, blank=True)
    region = _fk("catalog.Region", _("region"))
    address = models.CharField(_("service address"), max_length=200, blank=True)
    order_reference = models.CharField(_("sales order number"), max_length=60, blank=True)
    return_kind = models.CharField(
        _("return or exchange"), max_length=10, choices=ReturnKind.choices, blank=True
    )
    # complaint
    complaint_category = _fk("catalog.DictItem", _("complaint category"))
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, blank=True)
    responsible_party = models.CharField(
        _("complaint against"), max_length=10, choices=ResponsibleParty.choices, blank=True
    )
    responsible_detail = models.CharField(_("against whom"), max_length=100, blank=True)
    root_cause = _fk("catalog.DictItem", _("root cause"))
    # suggestion / need
    feedback_category = _fk("catalog.DictItem", _("feedback category"))
    # fault taxonomy: the phenomenon at intake, the cause and the measure at completion
    fault_phenomenon = _fk("catalog.FaultNode", _("fault phenomenon"))
    fault_cause = _fk("catalog.FaultNode", _("fault cause"))
    fault_measure = _fk("catalog.FaultNode", _("repair measure"))
    # the mean score (1-5) of the latest follow-up visit
    satisfaction = models.DecimalField(
        _("satisfaction"), max_digits=3, decimal_places=2, null=True, blank=True
    )
    # SLA
    sla_level = _fk("service.SlaLevel", _("response-time level"), on_delete=models.SET_NULL)
    sla_status = models.CharField(
        _("SLA"), max_length=10, choices=SlaStatus.choices, default=SlaStatus.NONE
    )
    first_response_due = models.DateTimeField(_("first response due"), null=True, blank=True)
    arrival_due = models.DateTimeField(_("arrival due"), null=True, blank=True)
    resolution_due = models.DateTimeField(_("resolution due"), null=True, blank=True)
    first_responded_at = models.DateTimeField(_("first response at"), null=True, blank=True)
    arrived_at = models.DateTimeField(_("arrived at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    sla_paused_at = models.DateTimeField(_("SLA paused since"), null=True, blank=True)
    next_due = models.DateTimeField(_("next due"), null=True, blank=True, db_index=True)
    sla_flags = models.JSONField(default=list, blank=True, editable=False)
    merged_into = _fk("self", _("merged into"), related="merged_tickets", db_index=True)
    search_text = models.TextField(editable=False, default="")
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["-id"]
        permissions = [
            ("view_all_tickets", _("See tickets of every unit")),
            ("export_tickets", _("Export tickets")),
            ("assign_ticket", _("Assign and reassign tickets")),
            ("audit_ticket", _("Approve audit steps of a workflow")),
            ("merge_ticket", _("Merge duplicate tickets")),
            ("manage_workflows", _("Edit workflows, SLA levels and queues")),
        ]
        indexes = [
            models.Index(fields=["state_category", "-id"], name="ticket_category_id"),
            models.Index(fields=["assignee", "state_category"], name="ticket_assignee"),
            models.Index(fields=["queue", "state_category"], name="ticket_queue"),
            models.Index(fields=["customer", "-id"], name="ticket_customer"),
            models.Index(fields=["org_unit", "state_category", "-id"], name="ticket_unit"),
            # Only open tickets in breach (few): the metrics gauge counts them at each scrape.
            models.Index(
                fields=["state_category"],
                name="ticket_breached_open",
                condition=models.Q(
                    sla_status="breached", state_category__in=["new", "open", "pending"]
                ),
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.subject}"

    @property
    def is_active(self) -> bool:
        return self.state_category in (
            StateCategory.NEW,
            StateCategory.OPEN,
            StateCategory.PENDING,
        )

    @property
    def state_name(self) -> str:
        from kefu.service.configuration import workflow_version

        version = workflow_version(self.workflow_id) if self.workflow_id else None
        return version.state_name(self.state) if version else self.state


class TicketEvent(models.Model):
    """One entry of a ticket's timeline: a status change, a reply, a note, an assignment ..."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        _USER,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)
    body = models.TextField(_("text"), blank=True)
    public = models.BooleanField(_("visible to the customer"), default=False)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("ticket event")
        verbose_name_plural = _("ticket events")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["ticket", "at"], name="ticketevent_ticket_at")]

    def __str__(self):
        return f"{self.ticket_id} {self.kind}"


class Attachment(models.Model):
    """A file on a ticket; its SHA-256 is stored at upload and checked on every read."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="attachments")
    event = models.ForeignKey(
        TicketEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to="attachments/%Y/%m/", max_length=255)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.name


class TicketLink(models.Model):
    """Two related tickets (or a duplicate pair); shown on both."""

    source = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(
        _("kind"), max_length=10, choices=LinkKind.choices, default=LinkKind.RELATED
    )
    created_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ticket link")
        verbose_name_plural = _("ticket links")
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="ticketlink_pair"),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")), name="ticketlink_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.source_id} → {self.target_id}"
