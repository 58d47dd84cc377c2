"""Template helpers of the service app."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kefu.core.templatetags.kefu import local

register = template.Library()

_BADGES = {
    "paused": ("secondary", "pause-circle", gettext_lazy("paused")),
    "breached": ("danger", "exclamation-octagon", gettext_lazy("breached")),
    "warning": ("warning", "hourglass-split", gettext_lazy("due soon")),
    "ok": ("success", "check-circle", gettext_lazy("on time")),
}


@register.simple_tag
def sla_badge(ticket) -> str:
    """The SLA state of one ticket with its next due time; built in Python because every ticket
    list shows it on every row."""
    state = "paused" if ticket.sla_paused_at else ticket.sla_status
    if state in _BADGES:
        colour, icon, label = _BADGES[state]
        badge = format_html(
            '<span class="badge text-bg-{}"><i class="bi bi-{}"></i> {}</span>',
            colour,
            icon,
            label,
        )
    else:
        badge = format_html('<span class="badge text-bg-light border">{}</span>', _("no target"))
    due = ""
    if ticket.next_due and not ticket.sla_paused_at and ticket.is_active:
        due = format_html(
            ' <small class="text-muted" title="{}">{}</small>',
            _("Next due"),
            local(ticket.next_due, "%m-%d %H:%M"),
        )
    return format_html(
        '<span class="kefu-sla text-nowrap" data-sla="{}">{}{}</span>', state, badge, due
    )
