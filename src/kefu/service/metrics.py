"""The service app's scrape-time metrics: open tickets currently in breach of their SLA."""

from kefu.core.metrics import register_scrape_gauge
from kefu.service.choices import ACTIVE_CATEGORIES, SlaStatus


def breached_open_count() -> int:
    """Served by the partial index `ticket_breached_open`: it holds only these rows."""
    from kefu.service.models import Ticket

    return Ticket.objects.filter(
        sla_status=SlaStatus.BREACHED, state_category__in=ACTIVE_CATEGORIES
    ).count()


def register() -> None:
    register_scrape_gauge(
        "kefu_tickets_sla_breached",
        "Open tickets whose SLA is breached now",
        breached_open_count,
    )
