"""Factories for service records; they go through the services, like every writer."""

from datetime import timedelta

from django.utils import timezone

from kefu.customers.tests.factories import make_customer
from kefu.service.services import ticket_create
from kefu.service.validation import TicketData


def make_ticket(*, by, ticket_type: str = "repair", customer=None, **fields):
    if customer is None and ticket_type in (
        "repair",
        "installation",
        "delivery",
        "return_exchange",
        "complaint",
    ):
        customer = make_customer(by=by, mobile="13800138000", address="北京市海淀区中关村大街1号")
    defaults = {"subject": "冰箱不制冷", "description": "客户来电：冰箱冷藏室不制冷"}
    if ticket_type == "repair":
        defaults["fault_description"] = "冷藏室温度高，压缩机不启动"
    if ticket_type == "return_exchange":
        defaults["return_kind"] = "exchange"
    data = TicketData(
        ticket_type=ticket_type,
        customer_id=customer.pk if customer is not None else None,
        **(defaults | fields),
    )
    return ticket_create(data=data, by=by)


def tomorrow_at(hour: int):
    day = timezone.localtime() + timedelta(days=1)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0)
