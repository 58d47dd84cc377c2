"""Import of transactions (spend) from Excel and CSV: columns, row checks, and applying a row.

A row names its customer by code (a customer the uploader can see), its transaction by source
and reference; recording a reference of the same source again updates that transaction, so a
corrected file can be imported again. Each row goes through `transaction_errors`, like the API.
"""

import dataclasses
import datetime
from decimal import Decimal

from django.db import DataError, IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kefu.core.choices import ImportRowStatus
from kefu.core.errors import ApplicationError
from kefu.customers.choices import TransactionKind
from kefu.customers.importing.checking import parse_date
from kefu.customers.importing.reading import Column, cell_text, lookup, norm
from kefu.customers.selectors import customer_visible_to
from kefu.customers.transactions import (
    TransactionData,
    parse_amount,
    transaction_errors,
    transaction_record,
)

COLUMNS = [
    Column(
        "customer_code",
        gettext_lazy("Customer code"),
        ("客户编号", "客户编码", "客户代码", "customer", "customer_code"),
        True,
    ),
    Column(
        "reference",
        gettext_lazy("Reference"),
        ("单号", "单据号", "交易编号", "交易单号", "业务单号", "订单号", "reference"),
        True,
    ),
    Column("occurred_on", gettext_lazy("Date"), ("日期", "交易日期", "业务日期", "date"), True),
    Column("amount", gettext_lazy("Amount"), ("金额", "交易金额", "amount"), True),
    Column("cost", gettext_lazy("Cost"), ("成本", "成本金额", "cost")),
    Column("kind", gettext_lazy("Transaction type"), ("类型", "交易类型", "type", "kind")),
    Column("due_on", gettext_lazy("Payment due"), ("应付日期", "到期日", "付款期限", "应收日期")),
    Column("paid_on", gettext_lazy("Paid on"), ("付款日期", "回款日期", "实付日期")),
    Column("description", gettext_lazy("Description"), ("摘要", "说明", "描述", "备注")),
    Column("source", gettext_lazy("Source system"), ("来源", "来源系统", "source")),
]
NO_ROWS = gettext_lazy("The file has a header row but no transaction rows.")
EXAMPLE = {
    "customer_code": "C000001",
    "reference": "SO-2025-0001",
    "occurred_on": "2025-03-01",
    "amount": "12800.00",
    "cost": "9100.00",
    "kind": gettext_lazy("sale"),
    "due_on": "2025-03-31",
    "paid_on": "2025-03-20",
    "description": "空调 KFR-35GW",
    "source": "erp",
}
_KIND_ALIASES = {
    TransactionKind.SALE: ("销售", "销售单", "sale"),
    TransactionKind.REFUND: ("退款", "退货", "refund"),
    TransactionKind.SERVICE: ("服务", "有偿服务", "收费服务", "service"),
}
_DATES = ("occurred_on", "due_on", "paid_on")
_MONEY = ("amount", "cost")


@dataclasses.dataclass
class TransactionRow:
    line: int
    cells: list[list[str]]  # [title, field, text] of each column kept
    data: TransactionData
    customer_code: str
    errors: dict[str, str]
    customer_id: int | None = None


def stored(row: TransactionRow) -> dict:
    data = dataclasses.asdict(row.data)
    for name in _DATES:
        data[name] = data[name].isoformat() if data[name] else None
    for name in _MONEY:
        data[name] = str(data[name]) if data[name] is not None else None
    return {"cells": row.cells, "transaction": data, "customer_id": row.customer_id}


def _data_of(stored_data: dict) -> TransactionData:
    values = dict(stored_data)
    for name in _DATES:
        values[name] = datetime.date.fromisoformat(values[name]) if values[name] else None
    for name in _MONEY:
        values[name] = Decimal(values[name]) if values[name] is not None else None
    return TransactionData(**values)


def _parsed(values: dict[str, str], kinds: dict) -> tuple[TransactionData, dict]:
    errors: dict[str, str] = {}
    parsed: dict = {}
    for name in _DATES:
        text = values.get(name, "")
        try:
            parsed[name] = parse_date(text) if text else None
        except ValueError:
            errors[name] = _("“{value}” is not a date; write it as 2025-03-01.").format(value=text)
            parsed[name] = None
    for name in _MONEY:
        text = values.get(name, "")
        try:
            parsed[name] = parse_amount(text) if text else None
        except ValueError:
            errors[name] = _("“{value}” is not an amount.").format(value=text)
            parsed[name] = None
    kind_text = values.get("kind", "")
    data = TransactionData(
        reference=values.get("reference", ""),
        kind=kinds.get(norm(kind_text), kind_text) if kind_text else TransactionKind.SALE,
        description=values.get("description", ""),
        source=values.get("source", ""),
        **parsed,
    )
    found = transaction_errors(data)
    if "occurred_on" in errors or "amount" in errors:  # said better above than "enter the …"
        found = {k: v for k, v in found.items() if k not in errors}
    return data, {**found, **errors}


def check_rows(titles: list[str], fields: list, body: list, *, user) -> list[TransactionRow]:
    """Every row's data and errors: values, the customer's code, a reference repeated."""
    kinds = lookup((v.value, v.label, a) for v, a in _KIND_ALIASES.items())
    rows = []
    for line, cells in body:
        kept = [
            [titles[i], field, cell_text(cells[i]) if i < len(cells) else ""]
            for i, field in enumerate(fields)
            if field
        ]
        values = {f: t for _t, f, t in kept}
        data, errors = _parsed(values, kinds)
        code = values.get("customer_code", "").strip().upper()
        if not code:
            errors["customer_code"] = _("Enter the customer's code.")
        rows.append(TransactionRow(line, kept, data, code, errors))
    _find_customers(rows, user=user)
    _flag_repeated(rows)
    return rows


def _find_customers(rows: list[TransactionRow], *, user) -> None:
    codes = sorted({r.customer_code for r in rows if r.customer_code})
    known: dict[str, int] = {}
    for start in range(0, len(codes), 500):
        known.update(
            customer_visible_to(user)
            .filter(code__in=codes[start : start + 500])
            .values_list("code", "pk")
        )
    for row in rows:
        if row.customer_code:
            row.customer_id = known.get(row.customer_code)
            if row.customer_id is None:
                row.errors.setdefault(
                    "customer_code",
                    _("No customer {code} among the customers you can see.").format(
                        code=row.customer_code
                    ),
                )


def _flag_repeated(rows: list[TransactionRow]) -> None:
    first: dict[tuple[str, str], int] = {}
    for row in rows:
        if not row.data.reference:
            continue
        line = first.setdefault((row.data.source, row.data.reference), row.line)
        if line != row.line:
            row.errors.setdefault(
                "reference", _("Same reference as line {line}.").format(line=line)
            )


def apply_rows(rows, *, by) -> None:
    """Record each valid row (an ImportRow) in its own savepoint; a refused one is rejected."""
    ids = {r.data.get("customer_id") for r in rows}
    customers = {c.pk: c for c in customer_visible_to(by).filter(pk__in=ids)}
    for row in rows:
        customer = customers.get(row.data.get("customer_id"))
        if customer is None:  # deleted or moved out of the uploader's sight since the preview
            row.status = ImportRowStatus.REJECTED
            row.errors = {"customer_code": _("This customer is no longer among yours.")}
            continue
        try:
            with transaction.atomic():
                recorded, _created = transaction_record(
                    customer=customer, data=_data_of(row.data["transaction"]), by=by
                )
        except ApplicationError as exc:
            row.status, row.errors = ImportRowStatus.REJECTED, exc.fields or {"row": exc.message}
        except (IntegrityError, DataError) as exc:
            row.status, row.errors = (
                ImportRowStatus.REJECTED,
                {"row": _("The database refused this row: {error}").format(error=exc)},
            )
        else:
            row.status, row.object_id = ImportRowStatus.IMPORTED, str(recorded.pk)
