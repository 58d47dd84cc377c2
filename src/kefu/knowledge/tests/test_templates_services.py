"""Writing answer templates and forbidden phrases: validation, uniqueness, audit; and the
forbidden-phrase check."""

import pytest

from kefu.core.errors import ApplicationError
from kefu.core.models import AuditEvent
from kefu.knowledge.models import AnswerTemplate, ForbiddenPhrase
from kefu.knowledge.templates_selectors import forbidden_phrases_in
from kefu.knowledge.templates_services import (
    TemplateData,
    answer_template_set_active,
    answer_template_update,
    forbidden_phrase_set_active,
)
from kefu.knowledge.tests.templates_factories import make_phrase, make_template

pytestmark = pytest.mark.django_db


def test_a_template_is_created_and_audited(users):
    # when
    template = make_template(users["supervisor1"], key="WH1")
    # then
    assert template.key == "wh1"
    event = AuditEvent.objects.get(action="answer_template.create")
    assert event.object_id == str(template.pk)
    assert event.actor == users["supervisor1"]


def test_a_template_with_an_unknown_variable_is_refused_naming_the_known_ones(users):
    # when
    with pytest.raises(ApplicationError) as refused:
        make_template(users["supervisor1"], body="{客户称呼}，祝您{客户生日}快乐")
    # then
    assert "{客户生日}" in refused.value.fields["body"]
    assert "{客户称呼}" in refused.value.fields["body"]  # the list of known variables
    assert not AnswerTemplate.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="answer_template").exists()


def test_a_duplicate_key_is_refused_on_create_and_on_update(users):
    # given
    make_template(users["supervisor1"], key="wh1")
    other = make_template(users["supervisor1"], key="wh2")
    # when
    with pytest.raises(ApplicationError) as created:
        make_template(users["supervisor1"], key="WH1")
    data = TemplateData(category="greeting", key="wh1", title="改", body="您好")
    with pytest.raises(ApplicationError) as updated:
        answer_template_update(template=other, data=data, by=users["supervisor1"])
    # then
    assert "wh1" in created.value.fields["key"]
    assert "key" in updated.value.fields
    other.refresh_from_db()
    assert (other.key, AnswerTemplate.objects.count()) == ("wh2", 2)


def test_bad_fields_are_all_named_at_once(users):
    # when
    with pytest.raises(ApplicationError) as refused:
        make_template(users["admin"], key="w h", category="nonsense", title="", body="")
    # then
    assert set(refused.value.fields) == {"key", "category", "title", "body"}


def test_an_update_records_what_changed_and_deactivating_hides_it(users):
    # given
    template = make_template(users["supervisor1"])
    data = TemplateData(category="greeting", key="wh1", title="新标题", body=template.body)
    # when
    answer_template_update(template=template, data=data, by=users["supervisor1"])
    answer_template_set_active(template=template, active=False, by=users["supervisor1"])
    # then
    update = AuditEvent.objects.get(action="answer_template.update")
    assert update.changes == {"title": ["模板 wh1", "新标题"]}
    assert AuditEvent.objects.filter(action="answer_template.deactivate").exists()
    template.refresh_from_db()
    assert not template.is_active


def test_a_phrase_differing_only_in_punctuation_is_a_duplicate(users):
    # given
    make_phrase(users["admin"], phrase="喂，说话呀！")
    # when
    with pytest.raises(ApplicationError) as refused:
        make_phrase(users["admin"], phrase="喂, 说话呀")
    # then
    assert "phrase" in refused.value.fields
    assert ForbiddenPhrase.objects.count() == 1


def test_forbidden_phrases_are_found_whatever_the_punctuation_and_width(users):
    # given
    shout = make_phrase(users["admin"], phrase="喂，大声一点儿！", suggestion="请您拿起话筒说话")
    hang_up = make_phrase(users["admin"], phrase="再不说话我就挂了啊！")
    old = make_phrase(users["admin"], phrase="喂，说吧！")
    forbidden_phrase_set_active(phrase=old, active=False, by=users["admin"])
    # when
    found = forbidden_phrases_in("喂 大声一点儿!! 再不说话我就挂了啊，喂,说吧")
    # then
    assert set(found) == {hang_up, shout}  # the inactive one is not warned about
    assert forbidden_phrases_in("您好，请问有什么可以帮助您？") == []
    assert forbidden_phrases_in("") == []
