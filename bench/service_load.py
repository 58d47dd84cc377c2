"""Ticket creation under load: uvicorn with two workers on a free loopback port, and a pool of
client threads, each on its own keep-alive connection, posting tickets as fast as answers come.

Times are the clients' (queueing in the server included); throughput is creates over the wall
time of the whole run. The tickets created are deleted afterwards (with their timeline and
notifications; audit rows are append-only and stay), so the database keeps its generated size.
"""

import http.client
import json
import os
import random
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from bench.registry import BenchError, Result, progress

WORKERS = 2
CLIENTS = 8
WARMUP_CREATES = 40


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_ready(port: int, raw_key: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise BenchError(f"uvicorn exited with {server.returncode}; see {log}")
        try:
            status, _body = _request(_connect(port), "GET", "/api/v1/accounts/me", raw_key)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise BenchError(f"uvicorn did not answer within 90 s; see {log}")


@contextmanager
def uvicorn_server(raw_key: str):
    """`uvicorn kefu.asgi:application --workers 2` against this process's database."""
    from django.conf import settings

    port = _free_port()
    log = Path(settings.KEFU_HOME) / "bench-uvicorn.log"
    command = [sys.executable, "-m", "uvicorn", "kefu.asgi:application"]
    command += ["--workers", str(WORKERS), "--host", "127.0.0.1", "--port", str(port)]
    command += ["--no-access-log", "--log-level", "warning", "--lifespan", "off"]
    # Under ASGI each request runs in a thread of its own: persistent connections (the default
    # KEFU_DB_CONN_MAX_AGE=60) would pile up one per thread until PostgreSQL refuses more.
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="kefu.settings", KEFU_DB_CONN_MAX_AGE="0")
    with log.open("w") as out:
        server = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_ready(port, raw_key, server, log)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _connect(port: int) -> http.client.HTTPConnection:
    return http.client.HTTPConnection("127.0.0.1", port, timeout=60)


def _request(conn, method: str, path: str, raw_key: str, body: dict | None = None):
    headers = {"Authorization": f"Bearer {raw_key}", "Host": "127.0.0.1"}
    payload = None
    if body is not None:
        payload = json.dumps(body, ensure_ascii=False).encode()
        headers["Content-Type"] = "application/json"
    conn.request(method, path, body=payload, headers=headers)
    response = conn.getresponse()
    return response.status, response.read()


def _bodies(rng: random.Random, customers: list[int], count: int) -> list[dict]:
    """A desk's mix: repair bookings, installations and consultations without a customer."""
    bodies = []
    for n in range(count):
        kind = rng.choices(("repair", "installation", "guidance"), (70, 15, 15))[0]
        body = {"ticket_type": kind, "subject": "冰箱不制冷", "channel": "phone_in"}
        if kind != "guidance":
            body["customer_id"] = customers[n % len(customers)]
        if kind == "repair":
            body["fault_description"] = "冷藏室不制冷，压缩机不启动"
            body["description"] = "客户来电反映冰箱不制冷，希望尽快上门。"
        elif kind == "installation":
            body |= {"subject": "空调新机安装", "description": "客户新购空调，预约上门安装。"}
        else:
            body |= {"subject": "咨询遥控器设置", "description": "客户咨询空调遥控器设置。"}
        bodies.append(body)
    return bodies


def _branch_customers(rng: random.Random, branch: str, count: int) -> list[int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.id FROM customers_customer c JOIN accounts_orgunit u ON u.id = c.org_unit_id "
            "WHERE u.code = %s AND c.deleted_at IS NULL AND c.id %% 97 = %s LIMIT %s",
            [branch, rng.randrange(97), count],
        )
        found = [row[0] for row in cursor.fetchall()]
    if not found:
        raise BenchError(f"no customers of {branch}; generate first")
    return found


def _fire(port: int, raw_key: str, bodies: list[dict], clients: int) -> tuple[list[float], float]:
    """Post every body from `clients` threads; (each request's seconds, wall seconds)."""
    chunks = [bodies[i::clients] for i in range(clients)]

    def run(chunk: list[dict]) -> list[float]:
        conn, seconds = _connect(port), []
        for body in chunk:
            started = time.perf_counter()
            status, answer = _request(conn, "POST", "/api/v1/tickets", raw_key, body)
            seconds.append(time.perf_counter() - started)
            if status != 201:
                raise BenchError(f"POST /api/v1/tickets answered {status}: {answer[:300]!r}")
        conn.close()
        return seconds

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        timings = list(pool.map(run, chunks))
    return [s for chunk in timings for s in chunk], time.perf_counter() - started


def _highest_ticket() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM service_ticket")
        return cursor.fetchone()[0]


def _delete_created(after: int) -> int:
    """Remove the tickets the run made (ids above `after`) and the rows that point to them."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        for table in ("service_ticketevent", "service_notification", "service_attachment"):
            cursor.execute(f"DELETE FROM {table} WHERE ticket_id > %s", [after])
        cursor.execute("DELETE FROM service_interaction_tickets WHERE ticket_id > %s", [after])
        cursor.execute("DELETE FROM service_ticket WHERE id > %s", [after])
        return cursor.rowcount


def queries_per_create(agent, body: dict) -> int:
    """SQL statements one create runs in-process (test client, same code path)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = agent.api.post("/api/v1/tickets", body, content_type="application/json")
    if response.status_code != 201:
        raise BenchError(f"POST /api/v1/tickets answered {response.status_code}")
    return len(captured.captured_queries)


def create_load(bench, agent, *, branch: str, count: int, size: str, target_per_second: float):
    rng = bench.rng
    before = _highest_ticket()
    customers = _branch_customers(rng, branch, 2000)
    bodies = _bodies(rng, customers, count + WARMUP_CREATES)
    try:
        queries = queries_per_create(agent, bodies[0])
        with uvicorn_server(agent.raw) as port:
            progress(f"  ticket create: {count} requests from {CLIENTS} clients")
            _fire(port, agent.raw, bodies[:WARMUP_CREATES], CLIENTS)
            seconds, wall = _fire(port, agent.raw, bodies[WARMUP_CREATES:], CLIENTS)
    finally:
        removed = _delete_created(before)
        progress(f"  removed the {removed:,} tickets the run created")
    return Result(
        f"ticket create (API, uvicorn {WORKERS} workers, {CLIENTS} clients)",
        size,
        seconds,
        wall_seconds=wall,
        target_per_second=target_per_second,
        note=f"{queries} SQL statements per create (a repair booking, measured in-process)",
    )
