"""Operations: health checks, Prometheus metrics, request ids and JSON logs."""

import io
import json
import logging
import os
import re
import subprocess
import sys
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client
from prometheus_client import REGISTRY

from kefu.core.logs import ContextFilter, JsonFormatter


def _count(route: str, status: str = "200", method: str = "GET") -> float:
    labels = {"method": method, "route": route, "status": status}
    return REGISTRY.get_sample_value("kefu_http_requests_total", labels) or 0.0


# health


def test_healthz_answers_without_touching_the_database():
    # given: no database access is allowed in this test (no `db` fixture)
    client = Client()
    # when
    response = client.get("/healthz")
    # then
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_readyz_reports_each_check_and_its_time(db):
    # when
    response = Client().get("/readyz")
    # then
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "queue", "storage"}
    assert all(check["ok"] and check["ms"] >= 0 for check in body["checks"].values())


def test_readyz_answers_503_naming_the_database_when_it_fails(db):
    # given
    broken = mock.patch(
        "kefu.core.health.check_database", side_effect=OperationalError("no route to db1")
    )
    # when
    with broken:
        response = Client().get("/readyz")
    # then
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["database"]
    assert body["checks"]["database"] == {
        "ok": False,
        "error": "OperationalError",
        "ms": body["checks"]["database"]["ms"],
    }
    assert "db1" not in response.content.decode()  # no host names on an open page
    assert body["checks"]["storage"]["ok"] is True


def test_readyz_names_the_storage_when_files_cannot_be_written(db):
    with mock.patch("kefu.core.health.default_storage.save", side_effect=PermissionError):
        response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["storage"]


# metrics


def test_metrics_count_a_request_by_its_route_name_not_its_path(db, client_as):
    # given
    client = client_as("agent1")
    before = _count("service:ticket_detail", status="404")
    # when
    client.get("/service/tickets/987654/")
    scrape = Client().get("/metrics")  # the test client comes from 127.0.0.1
    # then
    assert _count("service:ticket_detail", status="404") == before + 1
    assert scrape.status_code == 200
    text = scrape.content.decode()
    assert 'route="service:ticket_detail",status="404"' in text
    assert "987654" not in text
    assert "kefu_http_request_duration_seconds_bucket" in text
    assert "kefu_jobs_pending 0.0" in text
    assert "kefu_tickets_sla_breached 0.0" in text


def test_metrics_put_unknown_paths_under_one_label(db):
    before = _count("unmatched", status="404")
    Client().get("/no/such/page/12345")
    assert _count("unmatched", status="404") == before + 1


def test_metrics_refuse_a_remote_address_without_a_token(db):
    response = Client(REMOTE_ADDR="10.1.2.3").get("/metrics")
    assert response.status_code == 403


def test_metrics_refuse_a_request_relayed_by_a_local_proxy(db):
    # given: nginx on the same host relays a request from outside: it arrives from 127.0.0.1
    client = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    # then
    assert client.get("/metrics").status_code == 403


def test_metrics_accept_the_bearer_token_from_anywhere(db, settings):
    # given
    settings.METRICS_TOKEN = "scrape-secret"
    # when
    good = Client(REMOTE_ADDR="10.1.2.3", HTTP_AUTHORIZATION="Bearer scrape-secret")
    bad = Client(REMOTE_ADDR="10.1.2.3", HTTP_AUTHORIZATION="Bearer guess")
    # then
    assert good.get("/metrics").status_code == 200
    assert bad.get("/metrics").status_code == 403


def test_metrics_still_answer_when_a_scrape_time_source_fails(db):
    with mock.patch(
        "kefu.service.metrics.breached_open_count", side_effect=OperationalError
    ) as source:
        from kefu.core.metrics import _scrape_gauges

        saved = _scrape_gauges["kefu_tickets_sla_breached"]
        _scrape_gauges["kefu_tickets_sla_breached"] = (saved[0], source)
        try:
            response = Client().get("/metrics")
        finally:
            _scrape_gauges["kefu_tickets_sla_breached"] = saved
    assert response.status_code == 200
    assert "kefu_tickets_sla_breached" not in response.content.decode()
    assert "kefu_jobs_pending" in response.content.decode()


def test_metrics_add_up_the_processes_in_multiprocess_mode(tmp_path):
    # given: a process (a gunicorn worker) serves two requests, another one is scraped
    folder = tmp_path / "prom"
    folder.mkdir()
    env = {
        **os.environ,
        "PROMETHEUS_MULTIPROC_DIR": str(folder),
        "KEFU_HOME": str(tmp_path / "home"),
        "KEFU_ACCESS_LOG": "false",
        "DJANGO_SETTINGS_MODULE": "kefu.settings",
    }
    env.pop("KEFU_DATABASE_URL", None)
    script = (
        "import django, sys; django.setup(); from django.test import Client; "
        "c = Client(HTTP_HOST='127.0.0.1'); "
        "[c.get(p) for p in sys.argv[1:-1]]; "
        "sys.stdout.write(c.get(sys.argv[-1]).content.decode() if sys.argv[-1] != '-' else '')"
    )

    def run(*paths):
        return subprocess.run(
            [sys.executable, "-c", script, *paths], env=env, capture_output=True, text=True
        ).stdout

    # when
    run("/healthz", "/healthz", "-")
    scraped = run("/metrics")
    # then
    assert list(folder.glob("counter_*.db"))
    assert 'kefu_http_requests_total{method="GET",route="healthz",status="200"} 2.0' in scraped


# request ids and logs


def test_a_safe_request_id_is_echoed():
    response = Client(HTTP_X_REQUEST_ID="lb-7f3a_01").get("/healthz")
    assert response["X-Request-ID"] == "lb-7f3a_01"


def test_the_request_id_is_echoed_under_asgi_too():
    # given: the async stack uvicorn workers run (in a thread of its own: the browser tests may
    # hold an event loop in this one)
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from django.test import AsyncClient

    before = _count("healthz")
    # when
    request = AsyncClient().get("/healthz", headers={"X-Request-ID": "asgi-1"})
    with ThreadPoolExecutor(1) as pool:
        response = pool.submit(asyncio.run, request).result()
    # then
    assert response.status_code == 200
    assert response["X-Request-ID"] == "asgi-1"
    assert _count("healthz") == before + 1


@pytest.mark.parametrize("sent", [None, "", "has space", "x" * 65, "semi;colon", "新"])
def test_a_missing_or_unsafe_request_id_is_replaced_by_a_new_one(sent):
    headers = {} if sent is None else {"HTTP_X_REQUEST_ID": sent}
    response = Client(**headers).get("/healthz")
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


@pytest.fixture
def json_log():
    """Records of the kefu loggers, formatted as in production with KEFU_LOG_FORMAT=json."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(ContextFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("kefu")
    logger.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        logger.removeHandler(handler)


def test_the_access_line_is_one_json_object_with_the_request_id(db, client_as, users, json_log):
    # given
    client = client_as("agent1")
    # when
    client.get("/service/tickets/?q=13800138000", HTTP_X_REQUEST_ID="req-42")
    # then
    (line,) = [entry for entry in json_log() if entry["logger"] == "kefu.access"]
    assert line["request_id"] == "req-42"
    assert line["user_id"] == users["agent1"].pk
    assert line["level"] == "INFO"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/service/tickets/", 200)
    assert line["duration_ms"] >= 0
    assert "13800138000" not in json.dumps(line)  # query strings stay out of the log
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", line["time"])


def test_a_log_line_written_in_a_request_carries_its_id_and_the_exception(json_log):
    # given
    from kefu.core.request_context import request_id_var

    token = request_id_var.set("req-77")
    # when
    try:
        raise ValueError("broken")
    except ValueError:
        logging.getLogger("kefu.test").exception("it failed for %s", "ticket 5")
    finally:
        request_id_var.reset(token)
    # then
    (line,) = json_log()
    assert line["message"] == "it failed for ticket 5"
    assert line["request_id"] == "req-77"
    assert line["level"] == "ERROR"
    assert "ValueError: broken" in line["exc_info"]


def test_the_probes_answer_a_balancer_that_asks_by_ip_address(db):
    # given a probe whose Host header is an address outside KEFU_ALLOWED_HOSTS
    client = Client(HTTP_HOST="10.0.0.7")
    # when it probes both endpoints, then both answer, while a page is refused for the host
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert client.get("/login/").status_code == 400
