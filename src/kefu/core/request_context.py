"""Request ids and the access log: who asked for what, traceable across servers and jobs.

`RequestContextMiddleware` takes a safe `X-Request-ID` from the proxy (or makes one), keeps it in
a contextvar for every log line written while the request runs, returns it in the response and
writes one access line per request on the `kefu.access` logger. Jobs enqueued during the request
carry the id too (see `kefu.core.job_signals`).
"""

import logging
import re
import secrets
import time
from contextvars import ContextVar

from asgiref.sync import iscoroutinefunction, markcoroutinefunction

HEADER = "X-Request-ID"
META_KEY = "HTTP_X_REQUEST_ID"
_SAFE_ID = re.compile(r"[A-Za-z0-9_\-]{1,64}")

request_id_var: ContextVar[str] = ContextVar("kefu_request_id", default="")
request_var: ContextVar[object | None] = ContextVar("kefu_request", default=None)
access_log = logging.getLogger("kefu.access")


def current_request_id() -> str:
    return request_id_var.get()


def current_user_id() -> int | None:
    """The signed-in user's id when the request already loaded the user; never a query here."""
    request = request_var.get()
    user = getattr(request, "_cached_user", None) if request is not None else None
    return getattr(user, "pk", None)


def request_id_from(value: str | None) -> str:
    """The proxy's id when it is short and plain (it lands in logs and headers), else a new one."""
    if value and _SAFE_ID.fullmatch(value):
        return value
    return secrets.token_hex(16)


class RequestContextMiddleware:
    """First in MIDDLEWARE, so every response, even an early refusal, carries the id."""

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
        tokens, started = self._begin(request), time.perf_counter()
        try:
            response = self.get_response(request)
            self._finish(request, response, started)
            return response
        finally:
            self._end(tokens)

    async def _acall(self, request):
        tokens, started = self._begin(request), time.perf_counter()
        try:
            response = await self.get_response(request)
            self._finish(request, response, started)
            return response
        finally:
            self._end(tokens)

    @staticmethod
    def _begin(request):
        request.request_id = request_id_from(request.META.get(META_KEY))  # not .headers: 12 µs
        return request_id_var.set(request.request_id), request_var.set(request)

    @staticmethod
    def _end(tokens) -> None:
        request_id_var.reset(tokens[0])
        request_var.reset(tokens[1])

    @staticmethod
    def _finish(request, response, started: float) -> None:
        response[HEADER] = request.request_id
        if not access_log.isEnabledFor(logging.INFO):
            return
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        # The path without its query string: searches carry phone numbers and names (PIPL).
        access_log.info(
            "%s %s %s %.1fms",
            request.method,
            request.path,
            response.status_code,
            duration_ms,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": duration_ms,
            },
        )
