"""The mixed workload, through both app servers at once. Each check returns its violations."""

import hashlib
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from cluster import APP_PORTS, Cluster, log, wait_for
from web import Api, Browser, attachment_links

SEED = """
from kefu.accounts.services import api_key_create, org_unit_create, user_create
hq = org_unit_create(name="总部", code="HQ", kind="hq")
user = user_create(username="mn_agent", password="multinode-pw-1", name="多节点", org_unit=hq,
                   roles=["agent", "supervisor"])
print("KEY", api_key_create(user=user, name="multinode")[1])
"""
S1, S2 = APP_PORTS


def seed(cluster: Cluster) -> str:
    out = cluster.kefu("shell", "-c", SEED)
    return next(line.split()[1] for line in out.splitlines() if line.startswith("KEY "))


def check_session_across_servers(browser: Browser) -> list[str]:
    """Log in on server 1; the same cookie is a logged-in user on server 2."""
    response = browser.login(S1, "mn_agent")
    if response.status_code != 302:
        return [f"login on server 1 answered {response.status_code}"]
    page = browser.get(S2, "/service/tickets/", allow_redirects=False)
    if page.status_code != 200 or ("mn_agent" not in page.text and "多节点" not in page.text):
        return [f"the session of server 1 is not known to server 2 ({page.status_code})"]
    return []


def _update_race(api: Api, ticket_id: int, writers: int) -> tuple[list[str], int]:
    """`writers` clients read the same version, then all write: one wins, the rest get 409."""
    start = threading.Barrier(writers)
    accepted, refused, errors = [], 0, []

    def write(n: int):
        nonlocal refused
        port = APP_PORTS[n % 2]
        current = api.call("GET", port, f"/tickets/{ticket_id}").json()
        start.wait()
        body = {"subject": f"writer {n}", "priority": 2, "version": current["version"]}
        answer = api.call("PUT", port, f"/tickets/{ticket_id}", json=body)
        if answer.status_code == 200:
            accepted.append((answer.json()["version"], body["subject"]))
        elif answer.status_code == 409:
            refused += 1
        else:
            errors.append(f"ticket {ticket_id}: PUT answered {answer.status_code}")

    with ThreadPoolExecutor(writers) as pool:
        list(pool.map(write, range(writers)))
    return errors, accepted, refused


def check_versioned_updates(api: Api, *, tickets: int = 6, writers: int = 6) -> list[str]:
    violations, created = [], []
    for n in range(tickets):
        answer = api.call(
            "POST", APP_PORTS[n % 2], "/tickets",
            json={"ticket_type": "fault_consult", "subject": f"多节点 {n}", "channel": "phone_in"},
        )  # fmt: skip
        if answer.status_code != 201:
            return [f"creating a ticket answered {answer.status_code}: {answer.text[:300]}"]
        created.append(answer.json())
    stats = {"accepted": 0, "refused": 0}
    for ticket in created:
        for _round in range(3):
            errors, accepted, refused = _update_race(api, ticket["id"], writers)
            violations += errors
            stats["accepted"] += len(accepted)
            stats["refused"] += refused
            if len(accepted) != 1:
                violations.append(f"ticket {ticket['id']}: {len(accepted)} of one race accepted")
        final = api.call("GET", S2, f"/tickets/{ticket['id']}").json()
        if final["version"] != ticket["version"] + 3:
            violations.append(f"ticket {ticket['id']}: version {final['version']}, 3 accepted")
        if accepted and final["subject"] != max(accepted)[1]:
            violations.append(f"ticket {ticket['id']}: final subject is not the last accepted")
    log(f"versioned updates: {stats['accepted']} accepted, {stats['refused']} refused (409)")
    return violations


def check_attachment_across_servers(browser: Browser, api: Api) -> list[str]:
    ticket = api.call(
        "POST", S1, "/tickets", json={"ticket_type": "fault_consult", "subject": "附件"}
    ).json()  # fmt: skip
    content = os.urandom(300_000)
    answer = browser.post(
        S1, f"/service/tickets/{ticket['id']}/reply/", {"body": "照片", "public": "0"},
        files={"files": ("photo.bin", content, "application/octet-stream")},
    )  # fmt: skip
    if answer.status_code != 302:
        return [f"upload on server 1 answered {answer.status_code}"]
    links = attachment_links(browser.get(S2, f"/service/tickets/{ticket['id']}/").text)
    if len(links) != 1:
        return [f"server 2 lists {len(links)} attachments, not 1"]
    download = browser.get(S2, f"/service/attachments/{links[0]}/")
    if hashlib.sha256(download.content).digest() != hashlib.sha256(content).digest():
        return [f"the download from server 2 differs ({download.status_code})"]
    log("attachment: uploaded on server 1, downloaded hash-equal from server 2")
    return []


def probes(cluster: Cluster, key: str) -> dict[str, tuple[str, int, int]]:
    """{key: (state, attempts, effects)} of every probe job whose key starts with `key`."""
    rows = cluster.sql(
        "SELECT j.kwargs->>'key', j.state, j.attempts, "
        "(SELECT count(*) FROM core_auditevent a WHERE a.action = 'jobs.probe' "
        " AND a.object_repr = j.kwargs->>'key') "
        "FROM core_jobrun j WHERE j.task = 'kefu.core.tasks.probe_job_task' "
        "AND j.kwargs->>'key' LIKE %s",
        (f"{key}-%",),
    )
    return {k: (state, attempts, effects) for k, state, attempts, effects in rows}


def wait_done(cluster: Cluster, key: str, count: int, timeout: float) -> dict:
    def finished():
        runs = probes(cluster, key)
        done = len(runs) == count and all(s in ("done", "failed") for s, _a, _e in runs.values())
        return runs if done else None

    try:
        return wait_for(f"{count} jobs {key}", finished, timeout, every=1)
    except TimeoutError:
        return probes(cluster, key)


def exactly_once(runs: dict, count: int, label: str) -> list[str]:
    violations = [] if len(runs) == count else [f"{label}: {len(runs)} runs, not {count}"]
    for key, (state, _attempts, effects) in sorted(runs.items()):
        if state != "done" or effects != 1:
            violations.append(f"{label}: {key} is {state} with {effects} effects")
    return violations


def check_jobs_exactly_once(cluster: Cluster, *, count: int = 60) -> list[str]:
    """Two processes enqueue at once; two consumers run them; each runs once, with one effect."""
    started = time.monotonic()
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda k: cluster.kefu("jobs", "probe", "--count", str(count // 2),
                                             "--key", k), ("mn-a", "mn-b")))  # fmt: skip
    runs = {
        **wait_done(cluster, "mn-a", count // 2, 60),
        **wait_done(cluster, "mn-b", count // 2, 60),
    }
    violations = exactly_once(runs, count, "jobs")
    workers = cluster.sql(
        "SELECT count(DISTINCT split_part(worker, ':', 2)) FROM core_jobrun "
        "WHERE task = 'kefu.core.tasks.probe_job_task'"
    )[0][0]
    took = time.monotonic() - started
    log(f"jobs: {len(runs)} ran once each in {took:.1f} s on {workers} consumers")
    return violations


def check_periodic_slots(cluster: Cluster) -> list[str]:
    """Both consumers tick every minute; each slot of each periodic job has one run."""
    rows = cluster.sql(
        "SELECT task, count(*), count(DISTINCT id), sum(attempts) FROM core_jobrun "
        "WHERE id LIKE '%%@%%' GROUP BY task"
    )
    for task, runs, slots, attempts in rows:
        log(f"periodic {task.rsplit('.', 1)[-1]}: {slots} slots, {runs} runs, {attempts} attempts")
    return [f"{task}: {attempts} attempts for {slots} slots" for task, _r, slots, attempts in rows
            if attempts > slots]  # fmt: skip
