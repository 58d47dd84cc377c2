"""The survey page greets the customer by surname and title, nothing more."""

import pytest
from django.utils import translation

from kefu.customers.models import Customer
from kefu.service.views_survey import _salutation


@pytest.mark.parametrize(
    ("name", "gender", "greeting"),
    [
        ("张三", "m", "张先生"),
        ("李梅", "f", "李女士"),
        ("张三", "", "张先生/女士"),
        ("欧阳修", "", "欧阳先生/女士"),  # a compound surname, not 欧
        ("John Smith", "m", "John Smith先生/女士"),  # not written in Chinese: kept whole,
    ],
)
def test_the_customer_is_greeted_by_surname_and_title(name, gender, greeting):
    # given
    customer = Customer(kind="person", name=name, gender=gender)
    # when
    with translation.override("zh-hans"):
        shown = _salutation(customer)
    # then
    assert shown == greeting
