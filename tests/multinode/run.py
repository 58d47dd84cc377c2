"""The multi-node proof: two app servers and two job consumers on one PostgreSQL and one Redis.

    .venv/bin/python tests/multinode/run.py            # `make multinode`: the workload
    .venv/bin/python tests/multinode/run.py --faults   # `make faults`: the workload, then faults

Loopback only; every process it starts is stopped at the end, on failure too. Prints a summary
and exits 1 on any violation (a lost or doubled job, a lost update, a 5xx, a differing file).
"""

import argparse
import signal
import sys
import time

import faults
import workload
from cluster import Cluster, log
from web import Api, Browser


def _check(results: dict, name: str, run) -> None:
    """Run one check; a check that breaks is reported as its own violation, and the rest go on."""
    try:
        results[name] = run()
    except Exception as exc:
        results[name] = [f"the check broke: {type(exc).__name__}: {exc}"]


def _workload(results: dict, cluster: Cluster, api: Api, browser: Browser) -> None:
    _check(
        results,
        "session shared by both servers",
        lambda: workload.check_session_across_servers(browser),
    )
    _check(
        results,
        "versioned updates from both servers",
        lambda: workload.check_versioned_updates(api),
    )
    _check(
        results,
        "attachment across servers",
        lambda: workload.check_attachment_across_servers(browser, api),
    )
    _check(results, "jobs exactly once", lambda: workload.check_jobs_exactly_once(cluster))
    _check(results, "periodic slots once", lambda: workload.check_periodic_slots(cluster))


def _faults(results: dict, cluster: Cluster, api: Api, browser: Browser) -> None:
    _check(results, "kill -9 of a consumer mid-job", lambda: faults.kill_consumer_mid_job(cluster))
    _check(results, "Redis stopped and restarted", lambda: faults.restart_redis(cluster, browser))
    _check(results, "PostgreSQL restarted", lambda: faults.restart_postgres(cluster, browser))
    _check(results, "disk full on upload", lambda: faults.disk_full_upload(cluster, browser, api))
    _check(results, "pages at the end", lambda: faults.smoke_after(browser))


def _start(cluster: Cluster) -> Api:
    cluster.start_postgres()
    cluster.start_redis()
    started = time.monotonic()
    cluster.kefu("migrate", "--no-input")
    key = workload.seed(cluster)
    log(f"migrated and seeded in {time.monotonic() - started:.0f} s")
    cluster.start_servers()
    cluster.start_consumer("consumer1")
    cluster.start_consumer("consumer2")
    return Api(key)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--faults", action="store_true", help="also inject the faults")
    parser.add_argument("--keep", action="store_true", help="keep the logs folder")
    options = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_a: sys.exit(143))  # so that `finally` cleans up
    cluster = Cluster(lease=8, resend=5)
    results: dict[str, list[str]] = {}
    began = time.monotonic()
    try:
        api, browser = _start(cluster), Browser()
        _workload(results, cluster, api, browser)
        if options.faults:
            _faults(results, cluster, api, browser)
    except Exception as exc:  # a harness that breaks is a failure too, reported like the others
        results["harness"] = [f"{type(exc).__name__}: {exc}"]
    finally:
        failed = any(results.values()) or not results
        cluster.close(keep_logs=options.keep or failed)
    print(f"\n== multi-node summary ({time.monotonic() - began:.0f} s) ==")
    for check, violations in results.items():
        print(f"{'FAIL' if violations else 'ok  '}  {check}")
        for violation in violations:
            print(f"        {violation}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
