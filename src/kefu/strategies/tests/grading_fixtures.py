"""Helpers of the grading tests: customers with spend, tickets and visits, made by hand."""

import datetime
import itertools
from decimal import Decimal

from django.utils import timezone

from kefu.customers.models import Customer, Transaction
from kefu.service.models import Ticket, Visit

_refs = itertools.count(1)


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


def spend(customer, amount, *, days: int = 10, kind: str = "sale", **fields) -> Transaction:
    return Transaction.objects.create(
        customer=customer,
        reference=f"T{next(_refs)}",
        kind=kind,
        occurred_on=days_ago(days),
        amount=Decimal(str(amount)),
        **fields,
    )


def age_ticket(ticket: Ticket, days: int) -> Ticket:
    """Pretend the ticket was opened `days` ago."""
    when = timezone.now() - datetime.timedelta(days=days)
    Ticket.objects.filter(pk=ticket.pk).update(created_at=when)
    ticket.created_at = when
    return ticket


def visit(ticket: Ticket, score: str, *, days: int = 5) -> Visit:
    return Visit.objects.create(
        ticket=ticket,
        status="done",
        outcome="satisfied",
        score=Decimal(score),
        visited_at=timezone.now() - datetime.timedelta(days=days),
    )


def grade_of(customer) -> str:
    return Customer.objects.values_list("grade", flat=True).get(pk=customer.pk)
