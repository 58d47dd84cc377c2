"""Complaints: the root cause at closing, repeat complaints linked, the Pareto of causes."""

import datetime

import pytest
from django.utils import timezone

from kefu.core.errors import ApplicationError
from kefu.customers.tests.factories import make_customer
from kefu.service.choices import LinkKind
from kefu.service.models import Ticket, TicketLink
from kefu.service.selectors_complaints import complaint_cause_counts
from kefu.service.services import ticket_transition
from kefu.service.tests.factories import make_ticket
from kefu.service.tests.visits_helpers import record_satisfied


def _visited(users, customer, **fields):
    """A complaint answered and followed up: ready to be closed."""
    ticket = make_ticket(by=users["agent1"], ticket_type="complaint", customer=customer, **fields)
    for code, extra in (
        ("handle", {}),
        ("answer", {"fields": {"resolution": "已致歉", "responsible_party": "outlet"}}),
    ):
        ticket = ticket_transition(ticket=ticket, code=code, by=users["agent1"], **extra)
    return record_satisfied(ticket, users["agent1"])


def _close(ticket, users, **fields):
    return ticket_transition(
        ticket=ticket, code="close", by=users["supervisor1"], fields=fields, version=ticket.version
    )


# ---- the root cause at closing ------------------------------------------------------------------


def test_closing_a_complaint_without_a_root_cause_is_refused_and_changes_nothing(users, zhang):
    # given
    ticket = _visited(users, zhang)
    version = ticket.version
    # when
    with pytest.raises(ApplicationError) as refused:
        _close(ticket, users)
    # then
    assert set(refused.value.fields) == {"root_cause"}
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert (ticket.state, ticket.version, ticket.root_cause_id) == ("visited", version, None)


def test_a_complaint_closes_with_its_root_cause(users, zhang, complaint_causes):
    # given
    ticket = _visited(users, zhang)
    # when
    ticket = _close(ticket, users, root_cause=complaint_causes["attitude_words"].pk)
    # then
    ticket.refresh_from_db()
    assert ticket.state == "closed"
    assert ticket.root_cause_id == complaint_causes["attitude_words"].pk


def test_a_deactivated_or_foreign_root_cause_is_refused(users, zhang, complaint_causes):
    # given
    from kefu.catalog.dictionary import dict_item_deactivate

    ticket = _visited(users, zhang)
    dict_item_deactivate(item=complaint_causes["fee"], by=users["admin"])
    # when / then
    with pytest.raises(ApplicationError) as refused:
        _close(ticket, users, root_cause=complaint_causes["fee"].pk)
    assert set(refused.value.fields) == {"root_cause"}
    assert Ticket.objects.get(pk=ticket.pk).state == "visited"


def test_the_close_form_offers_the_causes_as_a_tree(users, zhang, complaint_causes, client_as):
    # given
    ticket = _visited(users, zhang)
    # when
    page = client_as("supervisor1").get(f"/service/tickets/{ticket.pk}/")
    # then
    assert "服务态度 / 言语不当" in page.content.decode()


def test_the_close_form_refuses_a_missing_root_cause(users, zhang, complaint_causes, client_as):
    # given
    ticket = _visited(users, zhang)
    # when
    response = client_as("supervisor1").post(
        f"/service/tickets/{ticket.pk}/transition/close/", {"t-close-version": ticket.version}
    )
    # then
    assert response.status_code == 400
    assert Ticket.objects.get(pk=ticket.pk).state == "visited"


def test_the_api_closes_a_complaint_with_a_root_cause(users, zhang, complaint_causes, api_as):
    # given
    ticket = _visited(users, zhang)
    api = api_as("supervisor1")
    url = f"/api/v1/tickets/{ticket.pk}/transitions"
    # when
    refused = api.post(url, {"code": "close"}, content_type="application/json")
    cause = complaint_causes["late"].pk
    done = api.post(
        url, {"code": "close", "fields": {"root_cause": cause}}, content_type="application/json"
    )
    # then
    assert refused.status_code == 400 and "root_cause" in refused.json()["fields"]
    assert done.status_code == 200
    assert done.json()["root_cause"] == {"id": cause, "name": "上门不准时"}


# ---- repeat complaints --------------------------------------------------------------------------


def _backdate(ticket, days: float):
    moment = timezone.now() - datetime.timedelta(days=days)
    Ticket.objects.filter(pk=ticket.pk).update(created_at=moment)


def test_a_second_complaint_within_the_window_is_linked_to_the_first(users, zhang):
    # given
    first = make_ticket(by=users["agent1"], ticket_type="complaint", customer=zhang)
    old = make_ticket(by=users["agent1"], ticket_type="complaint", customer=zhang)
    _backdate(first, 30)
    _backdate(old, 120)
    # when
    second = make_ticket(by=users["agent1"], ticket_type="complaint", customer=zhang)
    # then
    links = TicketLink.objects.filter(source=second, kind=LinkKind.REPEAT)
    assert list(links.values_list("target_id", flat=True)) == [first.pk]


def test_a_complaint_of_another_customer_is_not_linked(users, zhang):
    # given
    li = make_customer(by=users["agent1"], name="李四", mobile="13900139000")
    make_ticket(by=users["agent1"], ticket_type="complaint", customer=li)
    make_ticket(by=users["agent1"], ticket_type="repair", customer=zhang)
    # when
    complaint = make_ticket(by=users["agent1"], ticket_type="complaint", customer=zhang)
    # then
    assert not TicketLink.objects.filter(source=complaint).exists()


def test_linking_again_adds_no_duplicate(users, zhang):
    # given
    from kefu.service.services.complaints import complaint_link_repeats
    from kefu.service.services.tickets import ticket_link

    first = make_ticket(by=users["agent1"], ticket_type="complaint", customer=zhang)
    second = make_ticket(by=users["agent1"], ticket_type="complaint", customer=zhang)
    third = make_ticket(by=users["agent1"], ticket_type="complaint", customer=zhang)
    TicketLink.objects.filter(source=third, target=first).delete()
    ticket_link(source=first, target=third, by=users["agent1"])  # linked by hand, reversed
    # when
    complaint_link_repeats(ticket=third, by=users["agent1"])
    complaint_link_repeats(ticket=second, by=users["agent1"])
    # then
    assert TicketLink.objects.filter(source=second).count() == 1
    pairs = TicketLink.objects.filter(source__in=[first, third], target__in=[first, third])
    assert pairs.count() == 1


def test_the_window_is_a_parameter(users, zhang):
    # given
    from kefu.accounts.services import parameter_set

    parameter_set(key="service.repeat_complaint_days", raw_value="10", by=users["admin"])
    first = make_ticket(by=users["agent1"], ticket_type="complaint", customer=zhang)
    _backdate(first, 30)
    # when
    second = make_ticket(by=users["agent1"], ticket_type="complaint", customer=zhang)
    # then
    assert not TicketLink.objects.filter(source=second).exists()


def test_the_ticket_page_and_list_mark_a_repeat_complaint(users, zhang, client_as):
    # given
    first = make_ticket(by=users["agent1"], ticket_type="complaint", customer=zhang)
    second = make_ticket(by=users["agent1"], ticket_type="complaint", customer=zhang)
    client = client_as("agent1")
    # when
    page = client.get(f"/service/tickets/{second.pk}/").content.decode()
    listed = client.get("/service/tickets/", {"repeat": "on", "status": "all"})
    # then
    assert 'id="ticket-repeats"' in page and first.number in page
    numbers = {row.number for row, _cells in listed.context["rows"]}
    assert numbers == {second.number}


# ---- the Pareto of causes -----------------------------------------------------------------------


@pytest.fixture
def closed_complaints(users, zhang, complaint_causes):
    """Three complaints of branch A closed for 言语不当, two for 上门不准时, one for 收费争议."""
    for code, n in (("attitude_words", 3), ("late", 2), ("fee", 1)):
        for _ in range(n):
            ticket = _visited(users, zhang)
            _close(ticket, users, root_cause=complaint_causes[code].pk)
    return complaint_causes


def _today():
    return timezone.localdate()


def test_the_cause_counts_are_sorted_with_their_cumulative_share(users, closed_complaints):
    # when
    counts = complaint_cause_counts(user=users["supervisor1"], start=_today(), end=_today())
    # then
    rows = [(r.name, r.count, r.cumulative) for r in counts.causes]
    assert rows == [
        ("服务态度 / 言语不当", 3, 50.0),
        ("上门不准时", 2, 83.3),
        ("收费争议", 1, 100.0),
    ]
    assert counts.complaints == counts.with_cause == 6
    assert [(r.key, r.count) for r in counts.parties] == [("outlet", 6)]


def test_a_branch_b_supervisor_counts_none_of_branch_a(users, org, closed_complaints):
    # given
    from kefu.accounts.services import user_create

    boss_b = user_create(
        username="supervisor_b", password=None, name="b", org_unit=org["b"], roles=("supervisor",)
    )
    # when
    counts = complaint_cause_counts(user=boss_b, start=_today(), end=_today())
    # then
    assert counts.complaints == 0 and counts.causes == []


def test_the_analysis_page_and_api_for_a_supervisor(users, closed_complaints, client_as, api_as):
    # when
    page = client_as("supervisor1").get("/service/complaints/analysis/")
    answer = api_as("supervisor1").get("/api/v1/complaints/causes")
    # then
    assert page.status_code == 200 and "服务态度 / 言语不当" in page.content.decode()
    assert answer.status_code == 200
    assert [row["count"] for row in answer.json()["causes"]] == [3, 2, 1]


def test_agents_may_not_see_the_analysis(users, closed_complaints, client_as, api_as):
    # when
    page = client_as("agent1").get("/service/complaints/analysis/")
    answer = api_as("agent1").get("/api/v1/complaints/causes")
    # then
    assert page.status_code == 403 and answer.status_code == 403


def test_a_reversed_period_is_refused_naming_the_field(users, api_as):
    # when
    answer = api_as("supervisor1").get(
        "/api/v1/complaints/causes", {"start": "2026-05-02", "end": "2026-05-01"}
    )
    # then
    assert answer.status_code == 400 and "end" in answer.json()["fields"]


# ---- correcting the root cause ------------------------------------------------------------------


def test_the_edit_form_corrects_but_never_clears_a_closed_complaints_root_cause(
    users, zhang, complaint_causes, client_as
):
    # given
    ticket = _close(_visited(users, zhang), users, root_cause=complaint_causes["late"].pk)
    ticket.refresh_from_db()
    client = client_as("supervisor1")
    url = f"/service/tickets/{ticket.pk}/edit/"
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    # when
    client.post(url, data | {"root_cause": complaint_causes["fee"].pk})
    corrected = Ticket.objects.get(pk=ticket.pk)
    client.post(url, data | {"root_cause": "", "version": corrected.version})
    # then
    assert corrected.root_cause_id == complaint_causes["fee"].pk
    assert Ticket.objects.get(pk=ticket.pk).root_cause_id == complaint_causes["fee"].pk


def test_an_open_complaint_gets_its_root_cause_only_by_closing(
    users, zhang, complaint_causes, api_as
):
    # given
    ticket = make_ticket(by=users["agent1"], ticket_type="complaint", customer=zhang)
    body = {"subject": ticket.subject, "customer_id": zhang.pk, "version": ticket.version}
    body["root_cause_id"] = complaint_causes["late"].pk
    # when
    answer = api_as("agent1").put(
        f"/api/v1/tickets/{ticket.pk}", body, content_type="application/json"
    )
    # then
    assert answer.status_code == 400 and "root_cause_id" in answer.json()["fields"]
    assert Ticket.objects.get(pk=ticket.pk).root_cause_id is None
