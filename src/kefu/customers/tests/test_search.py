import pytest

from kefu.customers.selectors import customer_by_phone, customer_list
from kefu.customers.tests.factories import make_customer

pytestmark = pytest.mark.django_db


def test_it_finds_a_customer_by_mobile_last_digits_and_pinyin_initials(users):
    # given
    agent = users["agent1"]
    zhang = make_customer(by=agent, name="张三", mobile="13800138000")
    make_customer(by=agent, name="李四", mobile="13912345678")
    # when / then
    assert list(customer_list(user=agent, q="13800138000")) == [zhang]
    assert list(customer_list(user=agent, q="8000")) == [zhang]
    assert list(customer_list(user=agent, q="zs")) == [zhang]
    assert list(customer_list(user=agent, q="张")) == [zhang]
    assert customer_by_phone(user=agent, phone="+86 138 0013 8000") == [zhang]


def test_a_branch_b_agent_sees_none_of_branch_a_customers(users):
    # given
    zhang = make_customer(by=users["agent1"], name="张三", mobile="13800138000")
    # when
    seen = list(customer_list(user=users["agent_b"], q="张三"))
    # then
    assert seen == []
    assert customer_by_phone(user=users["agent_b"], phone="13800138000") == []
    assert customer_by_phone(user=users["manager1"], phone="13800138000") == [zhang]


def test_the_province_filter_of_chongqing_does_not_take_sichuan(users):
    # given: 500000 is 重庆市; a naive prefix "5" would take 四川 (51…) too
    agent = users["manager1"]
    chongqing = make_customer(by=agent, name="重庆客户", region_code="500103")
    make_customer(by=agent, name="成都客户", region_code="510107")
    # when / then
    assert list(customer_list(user=agent, region="500000")) == [chongqing]
