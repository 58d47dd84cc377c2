"""The code lists: tree rules, deactivation of entries in use, the pages and the API."""

import pytest

from kefu.catalog.choices import DictKind
from kefu.catalog.dictionary import (
    dict_choices,
    dict_item_create,
    dict_item_deactivate,
    dict_item_delete,
    dict_item_reactivate,
    dict_item_update,
    dict_tree,
)
from kefu.catalog.models import DictItem
from kefu.catalog.tests.dictionary_factories import make_complaint_causes
from kefu.core.errors import ApplicationError
from kefu.core.models import AuditEvent

CAUSE = DictKind.COMPLAINT_CAUSE


@pytest.fixture
def causes(users):
    return make_complaint_causes(by=users["admin"])


def test_the_tree_lists_children_under_their_parent_with_the_path(causes):
    # when
    choices = dict(dict_choices(CAUSE))
    rows = [(row.depth, row.item.code) for row in dict_tree(CAUSE)]
    # then
    assert choices[causes["attitude_words"].pk] == "服务态度 / 言语不当"
    assert rows[:3] == [(0, "attitude"), (1, "attitude_words"), (1, "attitude_ignore")]


def test_a_duplicate_code_in_the_same_list_is_refused_naming_the_code(causes, users):
    # when
    with pytest.raises(ApplicationError) as refused:
        dict_item_create(kind=CAUSE, code="late", name="又一个", by=users["admin"])
    # then
    assert set(refused.value.fields) == {"code"}
    assert DictItem.objects.filter(kind=CAUSE, code="late").count() == 1


def test_the_same_code_in_another_list_is_fine(causes, users):
    # when
    item = dict_item_create(
        kind=DictKind.FEEDBACK_CATEGORY, code="late", name="时效", by=users["admin"]
    )
    # then
    assert item.pk and AuditEvent.objects.filter(action="dictionary.create").exists()


def test_a_parent_of_another_list_is_refused(causes, users):
    # given
    other = dict_item_create(kind=DictKind.FEEDBACK_CATEGORY, code="p", name="产品改进", by=None)
    # when
    with pytest.raises(ApplicationError) as refused:
        dict_item_create(kind=CAUSE, code="x", name="x", parent=other, by=users["admin"])
    # then
    assert set(refused.value.fields) == {"parent"}
    assert not DictItem.objects.filter(kind=CAUSE, code="x").exists()


def test_a_flat_list_takes_no_parent(users):
    # given
    punctual = dict_item_create(kind=DictKind.EVALUATION_ITEM, code="pq", name="准时", by=None)
    # when
    with pytest.raises(ApplicationError) as refused:
        dict_item_create(
            kind=DictKind.EVALUATION_ITEM, code="x", name="x", parent=punctual, by=None
        )
    # then
    assert set(refused.value.fields) == {"parent"}


def test_an_entry_cannot_move_under_its_own_child(causes, users):
    # given
    attitude = causes["attitude"]
    # when
    with pytest.raises(ApplicationError) as refused:
        dict_item_update(
            item=attitude,
            code="attitude",
            name="服务态度",
            parent=causes["attitude_words"],
            by=users["admin"],
        )
    # then
    assert set(refused.value.fields) == {"parent"}
    attitude.refresh_from_db()
    assert attitude.parent_id is None


def test_an_entry_in_use_is_not_deleted_but_can_be_deactivated_with_its_children(causes, users):
    # given: a complaint closed with 言语不当
    from kefu.service.tests.factories import make_ticket

    complaint = make_ticket(by=users["agent1"], ticket_type="complaint")
    type(complaint).objects.filter(pk=complaint.pk).update(root_cause=causes["attitude_words"])
    # when
    with pytest.raises(ApplicationError) as refused:
        dict_item_delete(item=causes["attitude_words"], by=users["admin"])
    count = dict_item_deactivate(item=causes["attitude"], by=users["admin"])
    # then
    assert refused.value.code == "dictionary.in_use"
    assert count == 3
    complaint.refresh_from_db()
    assert complaint.root_cause_id == causes["attitude_words"].pk
    offered = {pk for pk, _label in dict_choices(CAUSE)}
    assert causes["attitude_words"].pk not in offered and causes["late"].pk in offered


def test_a_child_is_reactivated_only_after_its_parent(causes, users):
    # given
    dict_item_deactivate(item=causes["attitude"], by=users["admin"])
    child = DictItem.objects.get(pk=causes["attitude_words"].pk)
    # when
    with pytest.raises(ApplicationError):
        dict_item_reactivate(item=child, by=users["admin"])
    dict_item_reactivate(item=DictItem.objects.get(pk=causes["attitude"].pk), by=users["admin"])
    dict_item_reactivate(item=DictItem.objects.get(pk=child.pk), by=users["admin"])
    # then
    assert DictItem.objects.get(pk=child.pk).is_active


def test_an_unused_entry_is_deleted(causes, users):
    # when
    dict_item_delete(item=causes["fee"], by=users["admin"])
    # then
    assert not DictItem.objects.filter(pk=causes["fee"].pk).exists()


# ---- pages --------------------------------------------------------------------------------------


def test_an_admin_adds_a_child_entry_on_the_page(client_as, causes):
    # given
    client = client_as("admin")
    # when
    response = client.post(
        "/catalog/dictionary/complaint-causes/new/",
        {"parent": causes["late"].pk, "code": "late_nocall", "name": "未提前告知", "sort": 5},
    )
    page = client.get("/catalog/dictionary/complaint-causes/")
    # then
    assert response.status_code == 302
    assert DictItem.objects.get(kind=CAUSE, code="late_nocall").parent_id == causes["late"].pk
    assert "未提前告知" in page.content.decode()


def test_the_page_shows_a_duplicate_code_next_to_the_field(client_as, causes):
    # when
    response = client_as("admin").post(
        "/catalog/dictionary/complaint-causes/new/", {"code": "late", "name": "重复", "sort": 0}
    )
    # then
    assert response.status_code == 200
    assert "late" in response.context["form"].errors["code"][0]


def test_an_admin_edits_and_deactivates_an_entry(client_as, causes):
    # given
    client = client_as("admin")
    item = causes["fee"]
    # when
    client.post(
        f"/catalog/dictionary/entries/{item.pk}/edit/",
        {"code": "fee", "name": "收费不合理", "sort": 3},
    )
    client.post(f"/catalog/dictionary/entries/{item.pk}/deactivate/")
    # then
    item.refresh_from_db()
    assert (item.name, item.sort, item.is_active) == ("收费不合理", 3, False)


def test_an_agent_sees_the_list_but_may_not_change_it(client_as, causes):
    # given
    client = client_as("agent1")
    item = causes["fee"]
    # when
    listed = client.get("/catalog/dictionary/complaint-causes/")
    created = client.post(
        "/catalog/dictionary/complaint-causes/new/", {"code": "n", "name": "n", "sort": 0}
    )
    edited = client.post(
        f"/catalog/dictionary/entries/{item.pk}/edit/", {"code": "x", "name": "x", "sort": 0}
    )
    deactivated = client.post(f"/catalog/dictionary/entries/{item.pk}/deactivate/")
    deleted = client.post(f"/catalog/dictionary/entries/{item.pk}/delete/")
    # then
    assert listed.status_code == 200
    assert {created.status_code, edited.status_code, deactivated.status_code} == {403}
    assert deleted.status_code == 403
    item.refresh_from_db()
    assert (item.code, item.is_active) == ("fee", True)
    assert not DictItem.objects.filter(kind=CAUSE, code="n").exists()


def test_a_user_without_a_role_may_not_see_the_lists(client_as, causes):
    # when
    response = client_as("nobody").get("/catalog/dictionary/complaint-causes/")
    # then
    assert response.status_code == 403


# ---- API ----------------------------------------------------------------------------------------


def test_the_api_lists_one_list_as_a_tree(api_as, causes):
    # when
    response = api_as("agent1").get("/api/v1/dictionary", {"kind": "complaint_cause"})
    # then
    assert response.status_code == 200
    paths = {row["code"]: row["path"] for row in response.json()}
    assert paths["attitude_words"] == "服务态度 / 言语不当"


def test_the_api_refuses_an_unknown_list_naming_the_field(api_as):
    # when
    response = api_as("agent1").get("/api/v1/dictionary", {"kind": "salaries"})
    # then
    assert response.status_code == 400 and "kind" in response.json()["fields"]


def test_the_api_refuses_a_user_without_a_role(api_as):
    # when
    response = api_as("nobody").get("/api/v1/dictionary", {"kind": "complaint_cause"})
    # then
    assert response.status_code == 403
