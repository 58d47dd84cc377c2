"""Visit pages and /api/v1/visits: recording, the ticket's panel, satisfaction, rules setup,
and the forbidden cases."""

import pytest
from django.urls import reverse

from kefu.service.models import VisitRule
from kefu.service.services.visits import visit_items, visit_record
from kefu.service.tests.visits_helpers import completed_installation, pending_visit, scores

pytestmark = pytest.mark.django_db


def _form(visit, value=5, **extra) -> dict:
    return {f"score_{item.pk}": str(value) for item in visit_items(visit)} | extra


def test_an_agent_records_a_not_satisfied_visit_that_reopens_the_order(users, zhang, client_as):
    # given
    ticket = completed_installation(users, zhang)
    visit = pending_visit(ticket)
    client = client_as("agent1")
    url = reverse("service:visit_detail", args=[visit.pk])
    # when
    page = client.get(url)
    posted = client.post(
        url, _form(visit, 2, outcome="dissatisfied", action="reopen", comment="还是漏水")
    )
    # then
    assert page.status_code == 200 and 'id="visit-survey-link"' in page.content.decode()
    assert posted.status_code == 302
    ticket.refresh_from_db()
    assert ticket.state == "pending"


def test_a_score_out_of_range_on_the_page_changes_nothing(users, zhang, client_as):
    # given
    visit = pending_visit(completed_installation(users, zhang))
    url = reverse("service:visit_detail", args=[visit.pk])
    # when
    response = client_as("agent1").post(url, _form(visit, 7, outcome="satisfied"))
    # then
    assert response.status_code == 400
    visit.refresh_from_db()
    assert visit.status == "pending"


def test_the_ticket_page_shows_the_scores(users, zhang, client_as):
    # given
    ticket = completed_installation(users, zhang)
    visit = pending_visit(ticket)
    visit_record(visit=visit, by=users["agent1"], scores=scores(visit, 4), outcome="satisfied")
    # when
    page = client_as("agent1").get(reverse("service:ticket_detail", args=[ticket.pk]))
    # then
    body = page.content.decode()
    assert 'id="ticket-visits"' in body and "4.00 / 5" in body and "准时性" in body


def test_satisfaction_pages_show_the_outlet(users, zhang, client_as):
    # given
    visit = pending_visit(completed_installation(users, zhang, assignee=users["outlet1"]))
    visit_record(visit=visit, by=users["agent1"], scores=scores(visit, 5), outcome="satisfied")
    client = client_as("supervisor1")
    # when
    summary = client.get(reverse("service:satisfaction"), {"by": "outlet"})
    outlet = client.get(reverse("service:satisfaction_outlet", args=[visit.outlet_id]))
    by_item = client.get(reverse("service:satisfaction"), {"by": "item"})
    # then
    assert "海淀特约维修部" in summary.content.decode()
    assert outlet.status_code == 200 and visit.ticket.number in outlet.content.decode()
    assert "服务态度" in by_item.content.decode()


def test_a_user_of_another_branch_gets_404(users, zhang, client_as):
    # given
    visit = pending_visit(completed_installation(users, zhang, assignee=users["outlet1"]))
    client = client_as("agent_b")
    # when
    detail = client.get(reverse("service:visit_detail", args=[visit.pk]))
    post = client.post(reverse("service:visit_detail", args=[visit.pk]), _form(visit))
    outlet = client.get(reverse("service:satisfaction_outlet", args=[visit.outlet_id]))
    listed = client.get(reverse("service:visit_list"), {"status": "all"})
    # then
    assert detail.status_code == post.status_code == outlet.status_code == 404
    assert visit.ticket.number not in listed.content.decode()


def test_outlet_staff_may_see_but_not_record_visits(users, zhang, client_as):
    # given a visit of the outlet's own order
    visit = pending_visit(completed_installation(users, zhang, assignee=users["outlet1"]))
    client = client_as("outlet1")
    url = reverse("service:visit_detail", args=[visit.pk])
    # when
    page = client.get(url)
    post = client.post(url, _form(visit, 1, outcome="satisfied"))
    # then
    assert page.status_code == 200 and 'id="visit-survey-link"' not in page.content.decode()
    assert post.status_code == 403
    visit.refresh_from_db()
    assert visit.status == "pending"


def test_users_without_the_permission_get_403(client_as):
    # when / then
    for name in ("service:visit_list", "service:satisfaction"):
        assert client_as("finance1").get(reverse(name)).status_code == 403
    assert client_as("agent1").get(reverse("service:visit_rule_list")).status_code == 403


def test_an_admin_edits_a_follow_up_rule(users, client_as):
    # given
    client = client_as("admin")
    rule = VisitRule.objects.get(ticket_type="delivery")
    items = [item.pk for item in rule.items.all()][:2]
    url = reverse("service:visit_rule_edit", args=["delivery"])
    # when
    bad = client.post(url, {"trigger_state": "nowhere", "assign": "creator", "due_hours": 8})
    good = client.post(
        url,
        {
            "trigger_state": "visited",
            "assign": "creator",
            "due_hours": 8,
            "survey_days": 3,
            "items": items,
            "is_active": "on",
        },
    )
    # then
    assert bad.status_code == 400 and good.status_code == 302
    rule.refresh_from_db()
    assert (rule.trigger_state, rule.assign, rule.due_hours) == ("visited", "creator", 8)
    assert sorted(i.pk for i in rule.items.all()) == sorted(items)
    assert client.get(reverse("service:visit_rule_list")).status_code == 200


def test_the_api_lists_reads_records_and_aggregates(users, zhang, api_as):
    # given
    visit = pending_visit(completed_installation(users, zhang))
    api = api_as("agent1")
    body = {"outcome": "satisfied", "scores": scores(visit, 4), "comment": "好"}
    # when
    listed = api.get("/api/v1/visits", {"status": "pending"})
    bad = api.post(
        f"/api/v1/visits/{visit.pk}/record",
        {**body, "scores": scores(visit, 4)[1:]},
        content_type="application/json",
    )
    recorded = api.post(f"/api/v1/visits/{visit.pk}/record", body, content_type="application/json")
    again = api.post(f"/api/v1/visits/{visit.pk}/record", body, content_type="application/json")
    read = api.get(f"/api/v1/visits/{visit.pk}")
    csat = api.get("/api/v1/visits/satisfaction", {"by": "item"})
    # then
    assert [row["id"] for row in listed.json()["items"]] == [visit.pk]
    assert bad.status_code == 400 and "score_" in next(iter(bad.json()["fields"]))
    assert recorded.status_code == 200 and recorded.json()["status"] == "done"
    assert again.status_code == 409
    assert len(read.json()["scores"]) == 6 and read.json()["score"] == "4.00"
    assert csat.json()["total"]["count"] == 1 and len(csat.json()["rows"]) == 6


def test_the_api_refuses_without_permission_or_scope(users, zhang, api_as):
    # given
    visit = pending_visit(completed_installation(users, zhang))
    body = {"outcome": "satisfied", "scores": scores(visit, 4)}
    # when / then
    assert api_as("finance1").get("/api/v1/visits").status_code == 403
    assert api_as("finance1").get("/api/v1/visits/satisfaction").status_code == 403
    other = api_as("agent_b")
    assert other.get(f"/api/v1/visits/{visit.pk}").status_code == 404
    assert (
        other.post(
            f"/api/v1/visits/{visit.pk}/record", body, content_type="application/json"
        ).status_code
        == 404
    )
    assert other.get("/api/v1/visits").json()["count"] == 0
    outlet = api_as("outlet1").post(
        f"/api/v1/visits/{visit.pk}/record", body, content_type="application/json"
    )
    assert outlet.status_code == 403
