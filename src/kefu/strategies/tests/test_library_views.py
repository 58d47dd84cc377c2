"""Pages of the strategy library: list with filters, detail with plans and version history,
create and change forms (reason, stale edit), retire/put in force, and the forbidden cases."""

import pytest
from django.urls import reverse

from kefu.customers.models import Grade
from kefu.customers.tests.factories import make_customer
from kefu.service.models import SlaLevel
from kefu.strategies.models import Strategy
from kefu.strategies.tests.library_factories import make_action, make_entitlement, make_plan

pytestmark = pytest.mark.django_db
LIST = reverse("strategies:library_list")
CREATE = reverse("strategies:library_create")


@pytest.fixture
def gold_fast(users):
    return make_entitlement(by=users["manager1"], code="S-GOLD-01", name="金卡快速响应")


def _url(name, strategy):
    return reverse(f"strategies:{name}", args=[strategy.pk])


def _form(strategy=None, **fields) -> dict:
    data = {
        "name": "银卡上门保养",
        "kind": "action",
        "status": "active",
        "estimated_cost": "80",
        "grades": ["silver"],
        "action_type": "maintenance",
        "recurrence": "half_yearly",
    }
    if strategy is not None:
        data |= {"name": strategy.name, "version": strategy.version, "reason": "调整"}
        data |= {"kind": strategy.kind, "action_type": "", "recurrence": ""}
        data |= {"grades": [g.code for g in strategy.grades.all()]}
        data |= {"sla_level": strategy.sla_level_id or "", "priority": strategy.priority or ""}
        del data["status"]
    return data | fields


def test_the_list_filters_by_kind_grade_status_and_search(client_as, users, gold_fast):
    # given
    make_action(
        by=users["manager1"], name="银卡季度回访", grades=[Grade.objects.get(code="silver")]
    )
    client = client_as("agent1")
    # when
    by_kind = client.get(LIST, {"kind": "action"}).content.decode()
    by_grade = client.get(LIST, {"grade": "gold"}).content.decode()
    by_code = client.get(LIST, {"q": "gold-01"}).content.decode()
    by_status = client.get(LIST, {"status": "retired"}).content.decode()
    # then
    assert "银卡季度回访" in by_kind and "金卡快速响应" not in by_kind
    assert "金卡快速响应" in by_grade and "银卡季度回访" not in by_grade
    assert "金卡快速响应" in by_code and "银卡季度回访" not in by_code
    assert "金卡快速响应" not in by_status


def test_the_detail_shows_grades_plans_running_first_and_versions(client_as, users, gold_fast):
    # given
    customer = make_customer(by=users["agent1"], grade="gold")
    make_plan(
        owner=users["manager1"],
        strategies=[gold_fast],
        customer=customer,
        code="P-OLD-1",
        status="completed",
    )
    make_plan(owner=users["manager1"], strategies=[gold_fast], customer=customer, code="P-RUN-1")
    # when
    html = client_as("manager1").get(_url("library_detail", gold_fast)).content.decode()
    # then
    assert "金卡" in html and "贵宾" in html
    assert html.index("P-RUN-1") < html.index("P-OLD-1")
    assert 'data-version="1"' in html


def test_a_manager_creates_an_action_strategy(client_as):
    # when
    response = client_as("manager1").post(CREATE, _form())
    # then
    strategy = Strategy.objects.get(name="银卡上门保养")
    assert response.status_code == 302 and response.url == strategy.get_absolute_url()
    assert strategy.recurrence == "half_yearly" and strategy.versions.count() == 1


def test_an_entitlement_granting_nothing_is_shown_back_with_the_error(client_as):
    # when
    response = client_as("manager1").post(CREATE, _form(kind="entitlement"))
    # then
    assert response.status_code == 400
    assert response.context["form"].errors["sla_level"]
    assert not Strategy.objects.exists()


def test_an_edit_saves_a_version_with_its_reason_and_shows_the_diff(client_as, gold_fast):
    # given
    client = client_as("manager1")
    # when
    response = client.post(
        _url("library_edit", gold_fast), _form(gold_fast, priority="4", reason="投诉多，升级")
    )
    # then
    assert response.status_code == 302
    gold_fast.refresh_from_db()
    assert gold_fast.version == 2 and gold_fast.priority == 4
    html = client.get(_url("library_detail", gold_fast)).content.decode()
    assert "投诉多，升级" in html and 'data-version="2"' in html


def test_an_edit_without_reason_is_refused(client_as, gold_fast):
    # when
    response = client_as("manager1").post(
        _url("library_edit", gold_fast), _form(gold_fast, priority="4", reason="")
    )
    # then
    assert response.status_code == 400
    gold_fast.refresh_from_db()
    assert gold_fast.version == 1


def test_a_stale_edit_is_refused_with_409(client_as, gold_fast):
    # given: the form was opened at version 1; someone saved version 2 since
    client = client_as("manager1")
    client.post(_url("library_edit", gold_fast), _form(gold_fast, priority="4"))
    # when
    response = client.post(
        _url("library_edit", gold_fast), _form(gold_fast, priority="1", version=1)
    )
    # then
    assert response.status_code == 409
    gold_fast.refresh_from_db()
    assert gold_fast.priority == 4 and gold_fast.version == 2


def test_retiring_a_strategy_in_use_shows_the_plans_and_changes_nothing(
    client_as, users, gold_fast
):
    # given
    customer = make_customer(by=users["agent1"], grade="gold")
    make_plan(owner=users["manager1"], strategies=[gold_fast], customer=customer, code="P-RUN-7")
    # when
    response = client_as("manager1").post(_url("library_retire", gold_fast), {"version": 1})
    # then
    assert response.status_code == 400 and "P-RUN-7" in response.content.decode()
    gold_fast.refresh_from_db()
    assert gold_fast.status == "active"


def test_a_manager_retires_and_puts_back_a_strategy(client_as, gold_fast):
    # given
    client = client_as("manager1")
    # when
    client.post(_url("library_retire", gold_fast), {"version": 1, "reason": "停用"})
    gold_fast.refresh_from_db()
    retired = gold_fast.status
    client.post(_url("library_activate", gold_fast), {"version": 2})
    # then
    gold_fast.refresh_from_db()
    assert (retired, gold_fast.status, gold_fast.version) == ("retired", "active", 3)


@pytest.mark.parametrize("username", ["agent1", "supervisor1", "expert1"])
def test_desk_roles_read_the_library_but_may_not_write_it(client_as, username, gold_fast):
    # given
    client = client_as(username)
    # when
    reads = [client.get(LIST), client.get(_url("library_detail", gold_fast))]
    writes = [
        client.get(CREATE),
        client.post(CREATE, _form()),
        client.get(_url("library_edit", gold_fast)),
        client.post(_url("library_edit", gold_fast), _form(gold_fast, priority="4")),
        client.post(_url("library_retire", gold_fast), {"version": 1}),
        client.post(_url("library_activate", gold_fast), {"version": 1}),
    ]
    # then
    assert [r.status_code for r in reads] == [200, 200]
    assert [r.status_code for r in writes] == [403] * 6
    gold_fast.refresh_from_db()
    assert gold_fast.version == 1 and Strategy.objects.count() == 1


@pytest.mark.parametrize("username", ["nobody", "outlet1", "finance1"])
def test_users_without_the_library_see_none_of_it(client_as, username, gold_fast):
    # given
    client = client_as(username)
    # when
    codes = [
        client.get(LIST).status_code,
        client.get(_url("library_detail", gold_fast)).status_code,
        client.get(CREATE).status_code,
        client.post(_url("library_retire", gold_fast), {"version": 1}).status_code,
    ]
    # then
    assert codes == [403] * 4


def test_a_strategy_that_does_not_exist_is_404(client_as):
    # when
    response = client_as("manager1").get(reverse("strategies:library_detail", args=[999999]))
    # then
    assert response.status_code == 404


def test_the_form_shows_the_fields_of_each_kind_in_sections(client_as):
    # when
    html = client_as("manager1").get(CREATE).content.decode()
    # then: the Alpine component switches the sections; no inline script
    assert 'x-data="strategyForm"' in html and 'x-show="isEntitlement"' in html
    assert 'x-model="kind"' in html and "<script>" not in html
    assert SlaLevel.objects.get(code="vip").name in html
