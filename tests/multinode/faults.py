"""Fault injection: a consumer killed mid-job, Redis and PostgreSQL restarted, a full disk."""

import subprocess
import time
from pathlib import Path

import requests
from cluster import APP_PORTS, Cluster, log, wait_for
from web import Browser
from workload import exactly_once, probes, wait_done

S1, S2 = APP_PORTS
PAGES = ["/", "/service/tickets/", "/customers/", "/service/desk/"]
RECOVERY_WAIT = 100  # a lease, plus the next minute's recovery tick, plus the run itself


def _pages_ok(browser: Browser) -> list[str]:
    bad = []
    for port in APP_PORTS:
        for path in PAGES:
            answer = browser.get(port, path, allow_redirects=False)
            if answer.status_code >= 500 or answer.status_code == 302:
                bad.append(f":{port}{path} answered {answer.status_code}")
    return bad


def kill_consumer_mid_job(cluster: Cluster) -> list[str]:
    """kill -9 a consumer holding jobs: they run again on the other one, once each."""
    cluster.kefu("jobs", "probe", "--count", "8", "--key", "kill", "--seconds", "4")
    victim = str(cluster.consumer_pid("consumer1"))

    def victim_busy():
        rows = cluster.sql(
            "SELECT count(*) FROM core_jobrun WHERE state = 'running' AND worker LIKE %s "
            "AND kwargs->>'key' LIKE 'kill-%%'",
            (f"%:{victim}:%",),
        )
        return rows[0][0]

    held = wait_for("consumer1 holding a job", victim_busy, 30, every=0.2)
    cluster.kill9("consumer1")
    log(f"kill -9 consumer1 (pid {victim}) while it held {held} job(s)")
    runs = wait_done(cluster, "kill", 8, RECOVERY_WAIT)
    rerun = sum(1 for _s, attempts, _e in runs.values() if attempts > 1)
    log(f"kill -9: {len(runs)} jobs done, {rerun} ran again after the kill, effects once each")
    violations = exactly_once(runs, 8, "kill -9")
    if rerun < 1:
        violations.append("kill -9: no job was run again, so none was interrupted")
    cluster.start_consumer("consumer1")  # back to two consumers for what follows
    return violations


def restart_redis(cluster: Cluster, browser: Browser) -> list[str]:
    """Redis stopped: pages still work, jobs enqueued meanwhile wait in the ledger and then run."""
    cluster.stop_redis()
    log("Redis stopped")
    violations = [f"Redis down: {v}" for v in _pages_ok(browser)]
    cluster.kefu("jobs", "probe", "--count", "5", "--key", "redis-down")
    if len(probes(cluster, "redis-down")) != 5:
        violations.append("Redis down: the enqueued jobs are not in the ledger")
    time.sleep(3)
    cluster.start_redis()
    log("Redis started again (empty: no persistence)")
    violations += [f"Redis back: {v}" for v in _pages_ok(browser)]
    runs = wait_done(cluster, "redis-down", 5, RECOVERY_WAIT)
    violations += exactly_once(runs, 5, "Redis restart")
    if not violations:
        log("Redis restart: pages kept working; the 5 jobs enqueued while it was down ran once")
    return violations


def restart_postgres(cluster: Cluster, browser: Browser) -> list[str]:
    """PostgreSQL restarted under running servers: they answer again within seconds."""
    how = cluster.restart_postgres()
    started = time.monotonic()

    def all_ok():
        return all(browser.get(p, "/service/tickets/").status_code == 200 for p in APP_PORTS)

    try:
        wait_for("pages after the PostgreSQL restart", all_ok, 30, every=0.5)
    except TimeoutError:
        return [f"PostgreSQL restart ({how}): pages still failing after 30 s"]
    recovered = time.monotonic() - started
    failures = sum(
        browser.get(p, "/service/tickets/").status_code != 200
        for _n in range(10)
        for p in APP_PORTS
    )
    cluster.kefu("jobs", "probe", "--count", "4", "--key", "pg-back")
    violations = exactly_once(wait_done(cluster, "pg-back", 4, 60), 4, "after PostgreSQL restart")
    if failures:
        violations.append(f"PostgreSQL restart: {failures} of 20 requests failed after recovery")
    log(f"PostgreSQL restart ({how}): pages back after {recovered:.1f} s; jobs run again")
    return violations


def disk_full_upload(cluster: Cluster, browser: Browser, api) -> list[str]:
    """A tiny tmpfs as the attachment folder: an upload gets a clear error, no file, no row."""
    media = cluster.home / "media" / "attachments"
    media.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(media)], capture_output=True
    )
    if mounted.returncode:
        log(f"disk full: skipped, mount not permitted ({mounted.stderr.decode().strip()})")
        return []
    try:
        return _upload_to_full_disk(cluster, browser, api, media)
    finally:
        subprocess.run(["umount", "-l", str(media)], check=False)


def _upload_to_full_disk(cluster, browser, api, media: Path) -> list[str]:
    body = {"ticket_type": "fault_consult", "subject": "磁盘"}
    ticket = api.call("POST", S1, "/tickets", json=body).json()
    before = cluster.sql("SELECT count(*) FROM service_attachment")[0][0]
    answer = browser.post(
        S2, f"/service/tickets/{ticket['id']}/reply/", {"body": "大文件", "public": "0"},
        files={"files": ("big.bin", b"x" * 400_000, "application/octet-stream")},
    )  # fmt: skip
    after = cluster.sql("SELECT count(*) FROM service_attachment")[0][0]
    left = [p for p in media.rglob("*") if p.is_file()]
    violations = []
    if answer.status_code >= 500 or answer.status_code == 302:
        violations.append(f"disk full: the upload answered {answer.status_code}")
    if "disk is full" not in answer.text:
        violations.append("disk full: the page does not say the disk is full")
    if after != before or left:
        violations.append(f"disk full: {after - before} rows and {len(left)} files left behind")
    if not violations:
        log(f"disk full: answered {answer.status_code} with a clear error; no file, no row")
    return violations


def smoke_after(browser: Browser) -> list[str]:
    try:
        return [f"at the end: {v}" for v in _pages_ok(browser)]
    except requests.RequestException as exc:
        return [f"at the end: {exc}"]
