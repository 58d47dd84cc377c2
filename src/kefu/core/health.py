"""Health checks for load balancers and orchestrators.

`/healthz` (liveness) answers as long as the process serves requests and touches nothing else, so
a database outage never gets every app server restarted. `/readyz` (readiness) checks what a
request needs: the database, the job queue (Redis, or the Huey SQLite file) and file storage;
it answers 503 naming the checks that failed, so the proxy stops sending traffic to this server.
Neither needs a login; both are never cached.
"""

import logging
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.urls import resolve
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

log = logging.getLogger(__name__)


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_queue() -> None:
    from huey.contrib.djhuey import HUEY

    if settings.REDIS_URL:
        HUEY.storage.conn.ping()  # the cache lives on the same Redis
    else:
        HUEY.storage.queue_size()  # opens the job file and reads it


def check_storage() -> None:
    """Write and delete a small probe file through the configured storage (local or S3)."""
    name = default_storage.save(f"health/probe-{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    default_storage.delete(name)


def _checks() -> dict[str, Callable[[], None]]:
    return {
        "database": check_database,
        "redis" if settings.REDIS_URL else "queue": check_queue,
        "storage": check_storage,
    }


def _run(name: str, check: Callable[[], None]) -> dict:
    started = time.perf_counter()
    try:
        check()
        result = {"ok": True}
    except Exception as exc:  # any failure means "not ready"; the reason goes to the log
        log.warning("readiness check %s failed", name, exc_info=True)
        # Only the class name: the message may hold host names, and this page needs no login.
        result = {"ok": False, "error": exc.__class__.__name__}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


@csrf_exempt
@require_safe
@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


@csrf_exempt
@require_safe
@never_cache
def readyz(request):
    results = {name: _run(name, check) for name, check in _checks().items()}
    failing = [name for name, result in results.items() if not result["ok"]]
    body = {"status": "fail" if failing else "ok", "checks": results}
    if failing:
        body["failing"] = failing
    return JsonResponse(body, status=503 if failing else 200)


class ProbeMiddleware:
    """Answers the probes before the `Host` check: a load balancer probes by IP address.

    Placed before CommonMiddleware (which validates the host against KEFU_ALLOWED_HOSTS); the
    probes reveal nothing a host check would protect.
    """

    PROBES = {"/healthz": healthz, "/readyz": readyz}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = self.PROBES.get(request.path_info)
        if probe is None:
            return self.get_response(request)
        request.resolver_match = resolve(request.path_info)  # the metrics name the route
        return probe(request)
