"""Prometheus metrics: request counts and latency, job queue depth, jobs, SLA breaches.

Counters and histograms are recorded where things happen (`MetricsMiddleware`, the job signals
in `kefu.core.job_signals`, the SLA scan); gauges that describe the whole system (queue depth,
tickets in breach) are computed when `/metrics` is scraped, from sources apps register with
`register_scrape_gauge`.

Several processes serve Kefu (gunicorn workers, job consumers). With `PROMETHEUS_MULTIPROC_DIR`
set in the environment of every process of a machine (before start: prometheus_client reads it on
import), each process writes its samples to files in that folder and `/metrics` adds them up.
"""

import hmac
import ipaddress
import logging
import os
import time
from collections.abc import Callable

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings
from django.http import HttpResponse, HttpResponseForbidden
from django.views.decorators.cache import never_cache
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

log = logging.getLogger(__name__)

REQUESTS = Counter(
    "kefu_http_requests",
    "HTTP requests by method, route name and status",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "kefu_http_request_duration_seconds",
    "Time to the response (headers, for streams) by route name",
    ["route"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
JOBS = Counter("kefu_jobs", "Jobs run by task name and outcome", ["task", "outcome"])
SLA_BREACHES = Counter(
    "kefu_sla_breaches", "SLA breaches recorded by the scan, by clock", ["clock"]
)

_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
_FORWARDED = ("HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_FORWARDED")
_scrape_gauges: dict[str, tuple[str, Callable[[], float]]] = {}
_children: dict[tuple[str, str, int], tuple] = {}  # bounded: routes × methods × statuses


def register_scrape_gauge(name: str, documentation: str, source: Callable[[], float]) -> None:
    """Let an app publish a gauge computed at scrape time; `source` must be cheap (an indexed
    count). A source that fails is left out of that scrape and logged, never a failed scrape."""
    _scrape_gauges[name] = (documentation, source)


def route_of(request) -> str:
    """The URL's name, never the raw path: ids in paths would make a series per ticket."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.view_name or match.route or "unnamed"
    if request.path.startswith(settings.STATIC_URL):
        return "static"
    return "unmatched"


class MetricsMiddleware:
    """Counts each request and times it. Placed right after the request-id middleware."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request):
        if self.is_async:
            return self._acall(request)
        started = time.perf_counter()
        response = self.get_response(request)
        _record(request, response.status_code, time.perf_counter() - started)
        return response

    async def _acall(self, request):
        started = time.perf_counter()
        response = await self.get_response(request)
        _record(request, response.status_code, time.perf_counter() - started)
        return response


def _record(request, status: int, seconds: float) -> None:
    route = route_of(request)
    method = request.method if request.method in _METHODS else "OTHER"
    key = (method, route, status)
    children = _children.get(key)
    if children is None:  # `.labels()` takes a lock and builds a tuple: 3 µs a call
        children = _children[key] = (
            REQUESTS.labels(method, route, str(status)),
            LATENCY.labels(route),
        )
    children[0].inc()
    children[1].observe(seconds)


class ScrapeTimeCollector:
    """The gauges computed when scraped: job queue depth and what apps registered."""

    def collect(self):
        yield from _queue_depth()
        for name, (documentation, source) in _scrape_gauges.items():
            try:
                value = source()
            except Exception:  # a scrape must still answer when one source is down
                log.warning("metric %s could not be computed", name, exc_info=True)
                continue
            yield GaugeMetricFamily(name, documentation, value=value)


def _queue_depth():
    from huey.contrib.djhuey import HUEY

    try:
        pending, scheduled = HUEY.pending_count(), HUEY.scheduled_count()
    except Exception:
        log.warning("job queue depth could not be read", exc_info=True)
        return
    yield GaugeMetricFamily("kefu_jobs_pending", "Jobs waiting in the queue", value=pending)
    yield GaugeMetricFamily(
        "kefu_jobs_scheduled", "Jobs scheduled for later (delays, retries)", value=scheduled
    )


def _allowed(request) -> bool:
    token = getattr(settings, "METRICS_TOKEN", "")
    if token:
        sent = request.headers.get("Authorization", "")
        if hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
            return True
    # A request relayed by a proxy on this host arrives from loopback too: it is not local.
    if any(header in request.META for header in _FORWARDED):
        return False
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


def _registry() -> CollectorRegistry:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = CollectorRegistry()
        registry.register(_DefaultRegistryView())
    registry.register(ScrapeTimeCollector())
    return registry


class _DefaultRegistryView:
    """This process's own metrics (single-process mode), merged into the scrape's registry."""

    def collect(self):
        return REGISTRY.collect()


@never_cache
def metrics_view(request):
    if not _allowed(request):
        return HttpResponseForbidden("metrics: loopback or bearer token only\n")
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
