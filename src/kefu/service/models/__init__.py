"""Service models: the contact log, tickets with their timeline, workflows, SLA, queues,
follow-up visits."""

from kefu.service.models.contact import Interaction, Notification
from kefu.service.models.setup import Queue, SlaLevel, SlaTarget, WorkflowVersion
from kefu.service.models.ticket import Attachment, Ticket, TicketEvent, TicketLink
from kefu.service.models.visit import Visit, VisitRule, VisitScore

__all__ = [
    "Attachment",
    "Interaction",
    "Notification",
    "Queue",
    "SlaLevel",
    "SlaTarget",
    "Ticket",
    "TicketEvent",
    "TicketLink",
    "Visit",
    "VisitRule",
    "VisitScore",
    "WorkflowVersion",
]
