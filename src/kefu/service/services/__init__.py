"""Every write of the service app: one function per business action.

Tickets change only here, whether the caller is a page, the API or a job. Each function takes
keyword arguments, runs in one transaction, validates, saves with `update_fields`, records the
ticket's timeline event (and an audit row where the action matters beyond the ticket), and
returns the object.
"""

from kefu.service.services.assignment import (
    queue_pick_member,
    ticket_assign,
    ticket_escalate,
    ticket_send_back,
)
from kefu.service.services.attachments import attachment_add, attachment_read
from kefu.service.services.records import (
    interaction_log,
    notification_mark_read,
    notify,
    workflow_current,
    workflow_save,
)
from kefu.service.services.tickets import (
    ticket_create,
    ticket_event_record,
    ticket_link,
    ticket_merge,
    ticket_reply,
    ticket_update,
)
from kefu.service.services.transitions import ticket_transition, transitions_allowed

__all__ = [
    "attachment_add",
    "attachment_read",
    "interaction_log",
    "notification_mark_read",
    "notify",
    "queue_pick_member",
    "ticket_assign",
    "ticket_create",
    "ticket_escalate",
    "ticket_event_record",
    "ticket_link",
    "ticket_merge",
    "ticket_reply",
    "ticket_send_back",
    "ticket_transition",
    "ticket_update",
    "transitions_allowed",
    "workflow_current",
    "workflow_save",
]
