"""API of a customer's transactions (spend): /api/v1/customers/{customer_id}/transactions.

Reads need customers.view_transaction, records customers.add_transaction; both only for a
customer the caller sees (anything else is 404). Posting a reference already recorded from the
same source updates that transaction (200) instead of adding one (201).
"""

import datetime
from decimal import Decimal
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from kefu.core.api_errors import errors
from kefu.core.api_types import InputSchema
from kefu.customers.choices import TransactionKind
from kefu.customers.selectors import customer_visible_to
from kefu.customers.transactions import (
    ADD,
    VIEW,
    TransactionData,
    transaction_list,
    transaction_record,
)

router = Router(tags=["customers"])

Kind = Literal[tuple(TransactionKind.values)]
_MONEY = {"max_digits": 14, "decimal_places": 2}


class TransactionOut(Schema):
    id: int
    customer_id: int
    source: str
    reference: str
    kind: str
    occurred_on: datetime.date
    amount: Decimal
    cost: Decimal | None
    due_on: datetime.date | None
    paid_on: datetime.date | None
    description: str


class TransactionIn(InputSchema):
    reference: str = Field(max_length=60, description="its number in the source system")
    source: str = Field("api", max_length=30)
    kind: Kind = TransactionKind.SALE
    occurred_on: datetime.date
    amount: Decimal = Field(description="a refund's amount is stored negative", **_MONEY)
    cost: Decimal | None = Field(None, **_MONEY)
    due_on: datetime.date | None = None
    paid_on: datetime.date | None = None
    description: str = Field("", max_length=200)


def _customer(request, customer_id: int, perm: str):
    if not request.user.has_perm(perm):
        raise PermissionDenied
    return get_object_or_404(customer_visible_to(request.user), pk=customer_id)


@router.get(
    "/{customer_id}/transactions", response={200: list[TransactionOut], **errors(403, 404, 422)}
)
@paginate
def list_transactions(request, customer_id: int):
    """The customer's transactions, newest first."""
    customer = _customer(request, customer_id, VIEW)
    return transaction_list(user=request.user, customer=customer)


@router.post(
    "/{customer_id}/transactions",
    response={200: TransactionOut, 201: TransactionOut, **errors(400, 403, 404, 422)},
)
def record_transaction(request, customer_id: int, payload: TransactionIn):
    """Record a transaction; the same source and reference again updates it (200)."""
    customer = _customer(request, customer_id, ADD)
    row, created = transaction_record(
        customer=customer, data=TransactionData(**payload.model_dump()), by=request.user
    )
    return Status(201 if created else 200, row)
