"""Factories for customer records; they go through the services, like every writer."""

import itertools

from kefu.customers.services import customer_create
from kefu.customers.validation import CustomerData

_seq = itertools.count(1)


def make_customer(*, by, name: str | None = None, kind: str = "person", mobile: str = "", **fields):
    n = next(_seq)
    data = CustomerData(kind=kind, name=name or f"测试客户{n}", mobile=mobile, **fields)
    return customer_create(data=data, by=by)
