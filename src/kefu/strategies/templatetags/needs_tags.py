"""Template tags of the needs panels that other apps' pages include (the ticket and visit pages
know nothing of needs: the panels ask here, scoped to the reader)."""

from django import template

from kefu.strategies.selectors_needs import ticket_needs, visit_needs

register = template.Library()


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None) or context.get("user")


@register.simple_tag(takes_context=True)
def needs_from_ticket(context, ticket) -> list:
    return ticket_needs(user=_user(context), ticket_id=ticket.pk) if ticket else []


@register.simple_tag(takes_context=True)
def needs_from_visit(context, visit) -> list:
    return visit_needs(user=_user(context), visit_id=visit.pk) if visit else []
