"""Turns an ApplicationError raised under a page into a 400 page (or JSON for htmx/API calls)."""

from django.http import JsonResponse
from django.shortcuts import render

from kefu.core.errors import ApplicationError


class ApplicationErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ApplicationError):
            return None
        if request.path.startswith("/api/") or request.headers.get("Accept") == "application/json":
            return JsonResponse(exception.as_dict(), status=exception.status)
        return render(request, "core/error.html", {"error": exception}, status=exception.status)
