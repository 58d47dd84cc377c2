"""The mixed load test: 200 staff users for 60 s against the app served the production way.

gunicorn with `uvicorn_worker.UvicornWorker` workers (KEFU_DEBUG off, a PostgreSQL pool per
worker sized to what the server has free) on a free loopback port; locust, headless, in one
process of its own on the same machine (it shares the CPUs with the server and PostgreSQL), runs
the users of `bench/locustfile.py`: agents 60 %, dispatchers 15 %, outlet staff 20 % (no portal
users: there is no customer portal yet), 5–15 s of think time between actions
(KEFU_LOAD_THINK), a busy agent's rhythm.

One row for all requests (p50, p95, requests per second over the run; requests, errors and p99
in the note) and one per class. What the run wrote (tickets, notes, contacts, its sessions) is
removed afterwards; audit rows stay.
"""

import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from bench.load_plan import WEIGHTS, clean_up, prepare_plan
from bench.registry import Bench, BenchError, Result, human, progress, scenario

USERS = int(os.environ.get("KEFU_LOAD_USERS", "200"))
SPAWN_RATE = 50
SECONDS = int(os.environ.get("KEFU_LOAD_SECONDS", "60"))
WORKERS = int(os.environ.get("KEFU_LOAD_WORKERS", "3"))
P95_MS = 300
MAX_POOL = 8
LOCUSTFILE = Path(__file__).with_name("locustfile.py")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pool_size(workers: int) -> int:
    """Connections per worker: what PostgreSQL has free, shared, with a margin for others."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('max_connections')::int, count(*) FROM pg_stat_activity"
        )
        limit, used = cursor.fetchone()
    free = limit - used - 20  # superuser slots, the bench itself, other clients
    if free < workers:
        raise BenchError(
            f"PostgreSQL has {limit - used} connections free; {workers} workers need more"
        )
    return max(1, min(MAX_POOL, free // workers))


def _wait_ready(port: int, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise BenchError(f"gunicorn exited with {server.returncode}; see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise BenchError(f"gunicorn did not answer within 90 s; see {log}")


def _redis_url() -> str:
    """KEFU_REDIS_URL, else a local Redis (database 15) when one answers, else none."""
    if os.environ.get("KEFU_REDIS_URL"):
        return os.environ["KEFU_REDIS_URL"]
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return ""
    return "redis://127.0.0.1:6379/15"


@contextmanager
def gunicorn_server(workers: int):
    """`gunicorn -k uvicorn_worker.UvicornWorker` against this process's database; the port."""
    from django.conf import settings

    port, pool = _free_port(), pool_size(workers)
    log = Path(settings.KEFU_HOME) / "bench-gunicorn.log"
    command = [sys.executable, "-m", "gunicorn", "kefu.asgi:application"]
    command += ["-k", "uvicorn_worker.UvicornWorker", "-w", str(workers)]
    command += ["-b", f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", "60"]
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="kefu.settings",
        KEFU_DEBUG="off",
        KEFU_SECURE_COOKIES="off",  # plain http on loopback
        KEFU_ADMIN_2FA="off",
        KEFU_DB_POOL_SIZE=str(pool),
        KEFU_LOG_LEVEL="WARNING",
    )
    redis_url = _redis_url()
    if redis_url:  # cache and job queue in Redis, as in production
        env["KEFU_REDIS_URL"] = redis_url
    with log.open("w") as out:
        server = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_ready(port, server, log)
        yield port, pool
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def run_locust(port: int, plan: dict, folder: Path) -> dict:
    """locust headless, one process; answers the samples the locustfile wrote."""
    plan_file, out_file = folder / "plan.json", folder / "samples.json"
    plan_file.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    command = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless"]
    command += ["-u", str(USERS), "-r", str(SPAWN_RATE), "-t", f"{SECONDS}s"]
    command += ["--host", f"http://127.0.0.1:{port}", "--only-summary", "--loglevel", "WARNING"]
    command += ["--stop-timeout", "10", "--exit-code-on-error", "0"]
    env = dict(os.environ, KEFU_LOAD_PLAN=str(plan_file), KEFU_LOAD_OUT=str(out_file))
    log = folder / "locust.log"
    with log.open("w") as out:
        done = subprocess.run(command, env=env, stdout=out, stderr=subprocess.STDOUT, check=False)
    if done.returncode != 0 or not out_file.exists():
        raise BenchError(f"locust exited with {done.returncode}: {log.read_text()[-2000:]}")
    return json.loads(out_file.read_text(encoding="utf-8"))


def _percentile(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def _note(rows: list, classes: dict, wall: float, *, workers: int, pool: int) -> str:
    errors = sum(1 for r in rows if r[3])
    per_class = ", ".join(
        f"{role} p95 {_percentile([r[2] for r in got], 95):.0f} ms"
        for role, got in classes.items()
        if len(got) > 1
    )
    return (
        f"{len(rows):,} requests in {wall:.0f} s, {errors} errors, "
        f"p99 {_percentile([r[2] for r in rows], 99):.0f} ms; {per_class}; gunicorn {workers} "
        f"uvicorn workers (pool {pool} connections each) and locust (1 process) on the same "
        f"{os.cpu_count()} CPUs; {'Redis' if _redis_url() else 'no Redis'}; think time "
        f"{os.environ.get('KEFU_LOAD_THINK', '5,15').replace(',', '–')} s; client-side times; "
        "no portal users (no customer portal yet)"
    )


def results(samples: dict, *, size: str, workers: int, pool: int) -> list[Result]:
    """One row for every request, one per user class; errors and p99 in the note."""
    rows = samples["samples"]
    if len(rows) < 10:
        raise BenchError(f"locust made only {len(rows)} requests")
    window = samples["window"]
    wall = (window["stop"] or time.time()) - window["start"]
    classes = {role: [r for r in rows if r[0] == role] for role in WEIGHTS}
    note = _note(rows, classes, wall, workers=workers, pool=pool)
    if any(r[3] for r in rows):
        note += f"; first errors: {samples['first_failures'][:3]}"
    out = [
        Result(
            f"mixed load: {USERS} users, {SECONDS} s, all requests",
            size,
            [r[2] / 1000 for r in rows],
            target_p95_ms=P95_MS,
            wall_seconds=wall,
            note=note,
        )
    ]
    for role, got in classes.items():
        if len(got) > 1:
            seconds = [r[2] / 1000 for r in got]
            out.append(Result(f"mixed load: {role} requests", size, seconds, wall_seconds=wall))
    return out


@scenario("load.mixed")
def mixed(bench: Bench):
    """200 agents, dispatchers and outlet staff for 60 s through gunicorn on loopback."""
    from django.conf import settings

    from bench.tickets_data import ticket_count

    size = f"{human(bench.customers, 'customers')}, {human(ticket_count(), 'tickets')}"
    plan, marks = prepare_plan(users=USERS, host="127.0.0.1", seed=bench.rng.randrange(97))
    folder = Path(settings.KEFU_HOME) / "bench-load"  # the plan, the samples, locust's log
    folder.mkdir(exist_ok=True)
    try:
        with gunicorn_server(WORKERS) as (port, pool):
            progress(f"  locust: {USERS} users for {SECONDS} s on port {port}")
            samples = run_locust(port, plan, folder)
        yield from results(samples, size=size, workers=WORKERS, pool=pool)
    finally:
        removed = clean_up(marks)
        progress(f"  removed the {removed:,} tickets the run created")
