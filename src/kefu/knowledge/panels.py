"""The suggested-articles panel for other apps' pages (the ticket page, the agent desk).

The service app includes `knowledge/_ticket_suggestions.html` with `ticket_suggestions(...)` as
`knowledge_suggestions`, and registers `knowledge/_desk_suggestions.html` as a desk panel; the
desk panel asks `knowledge:suggestions` again as the agent types.
"""

from kefu.knowledge import selectors


def suggestion_context(user, *, text: str, product_model=None, phenomenon=None, ticket=None):
    """{"suggestions": [...] or None when the user may not read articles, "suggestions_ticket"}"""
    if not user.has_perm("knowledge.view_article"):
        return {"suggestions": None, "suggestions_ticket": ticket}
    found = selectors.article_suggestions(
        user=user, text=text, product_model=product_model, phenomenon=phenomenon
    )
    voted = selectors.user_voted_ids(user, [a.pk for a in found])
    for article in found:
        article.voted = article.pk in voted
    return {"suggestions": found, "suggestions_ticket": ticket}


def ticket_suggestions(user, ticket) -> dict:
    """The panel's context for a ticket: its subject, description and fault description, its
    product model and its fault phenomenon."""
    text = " ".join(
        part for part in (ticket.subject, ticket.description, ticket.fault_description) if part
    )
    return suggestion_context(
        user,
        text=text,
        product_model=ticket.product_model,
        phenomenon=ticket.fault_phenomenon,
        ticket=ticket,
    )
