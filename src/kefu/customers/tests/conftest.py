import pytest

from kefu.customers.tests.factories import make_customer


@pytest.fixture
def existing(users):
    make_customer(by=users["supervisor1"], name="老客户", code="OLD1")
    make_customer(by=users["supervisor1"], name="周九", mobile="13200132000")
