"""Every page and every API operation of Kefu, found by walking the URL configuration and the
OpenAPI schema, so that a new view or endpoint is covered by the security tests without new work.

The page walk covers the URL namespaces of the apps in `settings.INSTALLED_APPS` whose module
starts with `kefu.`: a new app is walked as soon as it is installed.
"""

import re
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

_KWARG = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_API_PARAM = re.compile(r"{(?:[^}:]+:)?(?P<name>[^}]+)}")


@dataclass(frozen=True)
class Page:
    name: str  # "namespace:url_name"
    route: str  # the pattern, e.g. "service/tickets/<int:pk>/"
    kwargs: tuple[str, ...]

    def path(self, values: dict) -> str:
        """The URL with each `<kwarg>` replaced by `values[kwarg]`."""
        return "/" + _KWARG.sub(lambda m: str(values[m.group("name")]), self.route)


@dataclass(frozen=True)
class Operation:
    method: str  # "GET", "POST", …
    path: str  # "/api/v1/tickets/{ticket_id}"
    path_params: tuple[str, ...]
    required_query: tuple[str, ...]
    query: tuple[str, ...]
    has_body: bool

    @property
    def name(self) -> str:
        return f"{self.method} {self.path}"

    def url(self, values: dict) -> str:
        return _API_PARAM.sub(lambda m: str(values[m.group("name")]), self.path)


def kefu_namespaces() -> set[str]:
    """The URL namespaces of Kefu's own apps (an app's namespace is its label)."""
    return {
        config.label
        for config in apps.get_app_configs()
        if config.name in settings.INSTALLED_APPS and config.name.startswith("kefu.")
    }


def _walk(patterns, namespaces, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(
                entry.url_patterns,
                namespaces,
                prefix + str(entry.pattern),
                entry.namespace or namespace,
            )
        elif isinstance(entry, URLPattern) and namespace in namespaces:
            route = prefix + str(entry.pattern)
            kwargs = tuple(m.group("name") for m in _KWARG.finditer(route))
            yield Page(f"{namespace}:{entry.name}", route, kwargs)


def kefu_pages() -> list[Page]:
    """Every named page of every Kefu app, sorted by name."""
    found = {p.name: p for p in _walk(get_resolver().url_patterns, kefu_namespaces())}
    return [found[name] for name in sorted(found)]


def api_operations() -> list[Operation]:
    """Every operation of the ninja API, from its OpenAPI schema."""
    from kefu.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1")
    found = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            params = operation.get("parameters", [])
            query = [p for p in params if p["in"] == "query"]
            found.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    path_params=tuple(m.group("name") for m in _API_PARAM.finditer(path)),
                    required_query=tuple(p["name"] for p in query if p.get("required")),
                    query=tuple(p["name"] for p in query),
                    has_body="requestBody" in operation,
                )
            )
    return sorted(found, key=lambda o: (o.path, o.method))
