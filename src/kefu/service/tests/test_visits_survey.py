"""The customer's survey link: no login, signed, single use, with an expiry."""

import threading

import pytest
from django.core import signing
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kefu.service.models import Ticket, Visit, VisitScore
from kefu.service.services.survey import SALT, survey_token
from kefu.service.services.visits import visit_items
from kefu.service.tests.visits_helpers import completed_installation, pending_visit


def _answer(visit, value=5, satisfied="yes") -> dict:
    data = {f"score_{item.pk}": str(value) for item in visit_items(visit)}
    return data | {"satisfied": satisfied, "comment": "安装师傅很准时"}


def _url(visit) -> str:
    return reverse("survey", args=[survey_token(visit)])


@pytest.mark.django_db
def test_a_customer_answers_through_the_link_and_the_order_is_visited(users, zhang):
    # given
    ticket = completed_installation(users, zhang)
    visit = pending_visit(ticket)
    client = Client()
    # when
    page = client.get(_url(visit))
    answered = client.post(_url(visit), _answer(visit))
    # then
    assert page.status_code == 200
    body = page.content.decode()
    assert ticket.number in body and "张" in body
    assert "13800138000" not in body and "中关村" not in body  # no phone, no address
    assert answered.status_code == 200
    visit.refresh_from_db()
    ticket.refresh_from_db()
    assert visit.status == "done" and visit.channel == "link" and visit.visited_by is None
    assert ticket.state == "visited" and ticket.satisfaction == 5


@pytest.mark.django_db
def test_the_link_works_once(users, zhang):
    # given
    visit = pending_visit(completed_installation(users, zhang))
    client = Client()
    client.post(_url(visit), _answer(visit, 5))
    # when
    again = client.post(_url(visit), _answer(visit, 1, "no"))
    # then
    assert again.status_code == 409
    assert 'data-code="survey.done"' in again.content.decode()
    assert not VisitScore.objects.filter(visit=visit, score=1).exists()


@pytest.mark.django_db
def test_an_expired_link_is_refused(users, zhang):
    # given
    visit = pending_visit(completed_installation(users, zhang))
    Visit.objects.filter(pk=visit.pk).update(survey_expires_at=timezone.now())
    # when
    response = Client().post(_url(visit), _answer(visit))
    # then
    assert response.status_code == 410
    visit.refresh_from_db()
    assert visit.status == "pending"


@pytest.mark.django_db
def test_a_tampered_or_replaced_link_is_refused(users, zhang):
    # given
    visit = pending_visit(completed_installation(users, zhang))
    token = survey_token(visit)
    forged = signing.dumps([visit.pk, "0" * 32], salt=SALT, compress=True)
    # when
    tampered = Client().get(reverse("survey", args=[token[:-2] + "xx"]))
    wrong_nonce = Client().post(reverse("survey", args=[forged]), _answer(visit))
    # then
    assert tampered.status_code == wrong_nonce.status_code == 404
    assert 'data-code="survey.invalid"' in tampered.content.decode()
    visit.refresh_from_db()
    assert visit.status == "pending"


@pytest.mark.django_db
def test_a_survey_without_every_score_is_shown_again_with_the_item_named(users, zhang):
    # given
    visit = pending_visit(completed_installation(users, zhang))
    answer = _answer(visit)
    del answer[f"score_{visit_items(visit)[0].pk}"]
    # when
    response = Client().post(_url(visit), answer)
    # then
    assert response.status_code == 400
    assert visit_items(visit)[0].name in response.content.decode()
    visit.refresh_from_db()
    assert visit.status == "pending"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_submissions_at_once_record_one_answer(users, zhang):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers with a file lock; the race needs PostgreSQL")
    # given
    visit = pending_visit(completed_installation(users, zhang))
    url, barrier, statuses = _url(visit), threading.Barrier(2), []

    def submit(value):
        try:
            barrier.wait()
            statuses.append(Client().post(url, _answer(visit, value)).status_code)
        finally:
            connection.close()

    # when
    threads = [threading.Thread(target=submit, args=(v,)) for v in (5, 4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then
    assert sorted(statuses) == [200, 409]
    assert VisitScore.objects.filter(visit=visit).count() == len(visit_items(visit))
    assert Ticket.objects.get(pk=visit.ticket_id).state == "visited"
