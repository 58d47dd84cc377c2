"""Filling an answer template's variables from the customer, the ticket and the agent."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from kefu.accounts.services import parameter_set
from kefu.knowledge.templates_variables import (
    VARIABLES,
    form_of_address,
    surname,
    template_fill,
    template_render,
    unknown_variables,
)

pytestmark = pytest.mark.django_db


def _template(body):
    return SimpleNamespace(body=body)


def _person(name, gender=""):
    return SimpleNamespace(name=name, gender=gender, kind="person")


def test_a_man_is_addressed_by_his_surname_and_xiansheng(users):
    # given
    template = _template("{客户称呼}，您好！")
    # when
    text = template_render(template=template, customer=_person("张三", "m"), agent=users["agent1"])
    # then
    assert text == "张先生，您好！"


def test_a_woman_with_a_compound_surname_is_addressed_as_nvshi():
    assert form_of_address(_person("欧阳娜娜", "f")) == "欧阳女士"
    assert surname("欧阳") == "欧"  # two characters: a surname and a given name


def test_without_a_known_gender_or_for_a_company_the_customer_is_nin():
    assert form_of_address(_person("王五")) == "您"
    assert form_of_address(SimpleNamespace(name="某某公司", gender="", kind="company")) == "您"
    assert form_of_address(None) == "您"


def test_the_agent_is_named_by_employee_number_else_user_name(users):
    # given
    agent = users["agent1"]
    template = _template("坐席{坐席工号}（{坐席姓名}）")
    # when
    before = template_render(template=template, agent=agent)
    agent.employee_no = "A0107"
    after = template_render(template=template, agent=agent)
    # then
    assert before == "坐席agent1（agent1）"
    assert after == "坐席A0107（agent1）"


def test_the_ticket_fills_number_model_and_appointment(users):
    # given
    start = timezone.make_aware(datetime.datetime(2025, 5, 3, 9, 0))
    ticket = SimpleNamespace(
        number="2025050300001",
        product_model="对开门冰箱 BCD-520",
        appointment_start=start,
        appointment_end=start + datetime.timedelta(hours=3),
        customer=_person("李四", "f"),
    )
    template = _template("{客户称呼}，单号{服务单号}，{产品型号}，{预约时间}上门。")
    # when
    text = template_render(template=template, ticket=ticket, agent=users["agent1"])
    # then
    assert text == "李女士，单号2025050300001，对开门冰箱 BCD-520，5月3日 09:00–12:00上门。"


def test_without_a_ticket_its_values_stay_placeholders_and_are_listed_as_missing(users):
    # when
    rendered = template_fill(
        template=_template("{客户姓名}，单号{服务单号}，{预约时间}"), agent=users["agent1"]
    )
    # then
    assert rendered.text == "您，单号{服务单号}，{预约时间}"
    assert rendered.missing == ["服务单号", "预约时间"]


def test_the_company_name_and_date_are_filled(users):
    # given
    parameter_set(key="knowledge.company_name", raw_value="海尔客服中心", by=users["admin"])
    # when
    text = template_render(template=_template("{公司名称}，{当前日期}"), agent=users["agent1"])
    # then
    today = timezone.localdate()
    assert text == f"海尔客服中心，{today.year}年{today.month}月{today.day}日"


def test_every_documented_variable_is_known_and_a_typo_is_not():
    body = "".join(f"{{{name}}}" for name in VARIABLES) + "{客户生日}{客户称乎}"
    assert unknown_variables(body) == ["客户生日", "客户称乎"]
