from django.db import models
from django.utils.translation import gettext_lazy as _


class TicketType(models.TextChoices):
    GUIDANCE = "guidance", _("product guidance")
    FAULT_CONSULT = "fault_consult", _("fault consultation")
    BUSINESS_CONSULT = "business_consult", _("business consultation")
    COMPLAINT = "complaint", _("complaint")
    SUGGESTION = "suggestion", _("suggestion / need")
    REPAIR = "repair", _("repair booking")
    INSTALLATION = "installation", _("installation booking")
    DELIVERY = "delivery", _("delivery")
    RETURN_EXCHANGE = "return_exchange", _("return / exchange")
    FOLLOW_UP = "follow_up", _("follow-up visit")
    CARE = "care", _("care")


# Ticket types that send someone on site: they carry an appointment and an arrival target.
FIELD_TYPES = frozenset(
    {TicketType.REPAIR, TicketType.INSTALLATION, TicketType.DELIVERY, TicketType.RETURN_EXCHANGE}
)
CONSULT_TYPES = frozenset(
    {
        TicketType.GUIDANCE,
        TicketType.FAULT_CONSULT,
        TicketType.BUSINESS_CONSULT,
        TicketType.SUGGESTION,
    }
)


class StateCategory(models.TextChoices):
    NEW = "new", _("new")
    OPEN = "open", _("open")
    PENDING = "pending", _("waiting on customer")
    RESOLVED = "resolved", _("resolved")
    CLOSED = "closed", _("closed")
    CANCELLED = "cancelled", _("cancelled")


ACTIVE_CATEGORIES = (StateCategory.NEW, StateCategory.OPEN, StateCategory.PENDING)
DONE_CATEGORIES = (StateCategory.RESOLVED, StateCategory.CLOSED, StateCategory.CANCELLED)


class Priority(models.IntegerChoices):
    LOW = 1, _("low")
    NORMAL = 2, _("normal")
    HIGH = 3, _("high")
    URGENT = 4, _("urgent")


class Channel(models.TextChoices):
    PHONE_IN = "phone_in", _("incoming call")
    PHONE_OUT = "phone_out", _("outgoing call")
    LETTER = "letter", _("letter")
    FAX = "fax", _("fax")
    EMAIL = "email", _("e-mail")
    WEB = "web", _("web")
    WALK_IN = "walk_in", _("walk-in")
    IM = "im", _("instant message")


class Direction(models.TextChoices):
    INBOUND = "in", _("inbound")
    OUTBOUND = "out", _("outbound")


class SlaStatus(models.TextChoices):
    NONE = "none", _("no target")
    OK = "ok", _("on time")
    WARNING = "warning", _("due soon")
    BREACHED = "breached", _("breached")


class EventKind(models.TextChoices):
    CREATED = "created", _("created")
    UPDATED = "updated", _("updated")
    TRANSITION = "transition", _("status changed")
    ASSIGNED = "assigned", _("assigned")
    REPLY = "reply", _("reply to customer")
    NOTE = "note", _("internal note")
    ATTACHMENT = "attachment", _("attachment")
    ESCALATED = "escalated", _("escalated to expert")
    SENT_BACK = "sent_back", _("sent back")
    SLA_WARNING = "sla_warning", _("SLA warning")
    SLA_BREACH = "sla_breach", _("SLA breached")
    MERGED = "merged", _("merged")
    LINKED = "linked", _("linked")
    INTERACTION = "interaction", _("contact logged")


class Severity(models.TextChoices):
    MINOR = "minor", _("minor")
    NORMAL = "normal", _("normal")
    SERIOUS = "serious", _("serious")
    CRITICAL = "critical", _("critical")


class ResponsibleParty(models.TextChoices):
    OUTLET = "outlet", _("service outlet")
    AGENT = "agent", _("agent")
    PRODUCT = "product", _("product")
    LOGISTICS = "logistics", _("logistics")
    OTHER = "other", _("other")


class ReturnKind(models.TextChoices):
    RETURN = "return", _("return")
    EXCHANGE = "exchange", _("exchange")


class AssignStrategy(models.TextChoices):
    MANUAL = "manual", _("manual")
    ROUND_ROBIN = "round_robin", _("round robin")
    LEAST_LOADED = "least_loaded", _("least loaded")


class QueueKind(models.TextChoices):
    GENERAL = "general", _("general agents")
    EXPERT = "expert", _("expert desk")
    COMPLAINT = "complaint", _("complaints team")
    DISPATCH = "dispatch", _("dispatch")


class NotificationKind(models.TextChoices):
    ASSIGNED = "assigned", _("assigned to you")
    SLA_WARNING = "sla_warning", _("SLA due soon")
    SLA_BREACH = "sla_breach", _("SLA breached")
    MENTION = "mention", _("mentioned you")
    ESCALATED = "escalated", _("escalated")


class LinkKind(models.TextChoices):
    RELATED = "related", _("related")
    DUPLICATE = "duplicate", _("duplicate")
    REPEAT = "repeat", _("repeat complaint")
    FOLLOW_UP = "follow_up", _("raised by a follow-up visit")


class VisitStatus(models.TextChoices):
    PENDING = "pending", _("to visit")
    DONE = "done", _("visited")
    CANCELLED = "cancelled", _("cancelled")


class VisitOutcome(models.TextChoices):
    SATISFIED = "satisfied", _("satisfied")
    DISSATISFIED = "dissatisfied", _("not satisfied")
    UNREACHABLE = "unreachable", _("could not reach the customer")


class VisitChannel(models.TextChoices):
    PHONE = "phone", _("phone call")
    LINK = "link", _("survey link")
    PORTAL = "portal", _("customer portal")


class VisitAssign(models.TextChoices):
    QUEUE = "queue", _("the rule's queue")
    CREATOR = "creator", _("whoever registered the ticket")
