"""Writes and reads of transactions (spend): the sales, refunds and paid services of a customer
that grading and value analysis read.

A transaction is named by its source system and reference: recording the same pair again
updates the row (a corrected re-import), never adds a second one. The importer, the API and the
demo all record through `transaction_record`.
"""

import dataclasses
import datetime
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from kefu.accounts.scoping import scoped
from kefu.core.errors import ApplicationError
from kefu.core.services import audit_record
from kefu.customers.choices import TransactionKind
from kefu.customers.models import Customer, Transaction

VIEW = "customers.view_transaction"
ADD = "customers.add_transaction"
_LIMIT = Decimal("1e12")  # 14 digits, 2 of them decimals
FIELDS = ["kind", "occurred_on", "amount", "cost", "due_on", "paid_on", "description"]


@dataclasses.dataclass
class TransactionData:
    reference: str
    occurred_on: datetime.date | None
    amount: Decimal | None
    kind: str = TransactionKind.SALE
    cost: Decimal | None = None
    due_on: datetime.date | None = None
    paid_on: datetime.date | None = None
    description: str = ""
    source: str = "import"


def parse_amount(text: str) -> Decimal:
    """ "1,234.50", "￥1234.5", "-20" → Decimal; ValueError for anything else."""
    cleaned = str(text).strip().replace(",", "").replace("，", "").lstrip("¥￥").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not value.is_finite():
        raise ValueError(text)
    return value


def _money_error(value: Decimal | None) -> str:
    if value is not None and (abs(value) >= _LIMIT or value != round(value, 2)):
        return _("Enter an amount below 1,000,000,000,000 with at most 2 decimals.")
    return ""


def transaction_errors(data: TransactionData) -> dict[str, str]:
    """Every field's problem at once ({} when the data can be recorded)."""
    errors: dict[str, str] = {}
    data.reference = (data.reference or "").strip()
    data.source = (data.source or "").strip() or "import"
    data.description = (data.description or "").strip()
    if not data.reference:
        errors["reference"] = _("Enter the transaction's reference (its number in the source).")
    elif len(data.reference) > 60:
        errors["reference"] = _("At most 60 characters.")
    if len(data.source) > 30:
        errors["source"] = _("At most 30 characters.")
    if len(data.description) > 200:
        errors["description"] = _("At most 200 characters.")
    if data.kind not in TransactionKind.values:
        errors["kind"] = _("Not one of the allowed values.")
    if data.occurred_on is None:
        errors["occurred_on"] = _("Enter the date of the transaction.")
    if data.amount is None:
        errors["amount"] = _("Enter the amount.")
    elif data.kind == TransactionKind.REFUND:
        data.amount = -abs(data.amount)  # a refund lowers spend, however the source wrote it
    elif data.amount < 0:
        errors["amount"] = _("A negative amount is a refund: set the type to refund.")
    for name in ("amount", "cost"):
        message = _money_error(getattr(data, name))
        if message:
            errors.setdefault(name, message)
    if data.cost is not None and data.cost < 0:
        errors.setdefault("cost", _("The cost cannot be negative."))
    if data.occurred_on and data.due_on and data.due_on < data.occurred_on:
        errors["due_on"] = _("The payment due date is before the transaction date.")
    if data.occurred_on and data.paid_on and data.paid_on < data.occurred_on:
        errors["paid_on"] = _("The payment date is before the transaction date.")
    return errors


def _refuse_on_errors(data: TransactionData) -> None:
    errors = transaction_errors(data)
    if errors:
        raise ApplicationError(
            "transaction.invalid", _("Please correct the fields listed."), fields=errors
        )


@transaction.atomic
def transaction_record(
    *, customer: Customer, data: TransactionData, by
) -> tuple[Transaction, bool]:
    """Record a transaction, or update the one of the same source and reference; (row, created).

    A reference of the same source already recorded for another customer is refused."""
    _refuse_on_errors(data)
    values = {name: getattr(data, name) for name in FIELDS}
    existing = (
        Transaction.objects.select_for_update()
        .filter(source=data.source, reference=data.reference)
        .first()
    )
    if existing is None:
        try:
            with transaction.atomic():
                row = Transaction.objects.create(
                    customer=customer, source=data.source, reference=data.reference, **values
                )
        except IntegrityError:  # recorded meanwhile by another request: update that one
            existing = Transaction.objects.select_for_update().get(
                source=data.source, reference=data.reference
            )
        else:
            audit_record(actor=by, action="transaction.create", obj=row, changes=values)
            return row, True
    if existing.customer_id != customer.pk:
        message = _("Reference {reference} of {source} belongs to another customer.").format(
            reference=data.reference, source=data.source
        )
        raise ApplicationError("transaction.other_customer", message, fields={"reference": message})
    changes = {
        name: [getattr(existing, name), value]
        for name, value in values.items()
        if getattr(existing, name) != value
    }
    if changes:
        for name, value in values.items():
            setattr(existing, name, value)
        existing.save(update_fields=[*FIELDS, "updated_at"])
        audit_record(actor=by, action="transaction.update", obj=existing, changes=changes)
    return existing, False


def transaction_visible_to(user) -> QuerySet[Transaction]:
    """Transactions of the customers the user sees (their unit's subtree, their own, or all)."""
    return scoped(
        Transaction.objects.filter(customer__deleted_at__isnull=True),
        user,
        view_all_perm="customers.view_all_customers",
        org_field="customer__org_unit",
        owner_field="customer__owner",
    )


def transaction_list(*, user, customer: Customer) -> QuerySet[Transaction]:
    """One visible customer's transactions, newest first."""
    return transaction_visible_to(user).filter(customer=customer).order_by("-occurred_on", "-id")
