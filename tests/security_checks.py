"""What the security matrix asserts about one response: the status a foreign object gets, and the
markers of foreign objects that must not be in any body (page, JSON, CSV export, download).
"""

from http.cookies import SimpleCookie

from django.conf import settings
from django.test import Client

from tests.security_world import SEES_ALL, sees

REFUSED = (403, 404)
# a GET of a POST-only page (or the reverse) is refused before any object is read
REFUSED_OR_WRONG_METHOD = (403, 404, 405)
# an object in scope: shown, redirected, or refused for want of a permission, never "not found"
IN_SCOPE = (200, 302, 403, 405)
# a list or search: shown, or refused to a user it is not for (the 2FA set-up is for admins)
LISTED = (200, 302, 403, 404, 405)

# Routes whose scoping rule differs from the object kind's; each with why.
ROUTE_RULES = {
    # The audit log shows the events of the reader's subtree, whatever the object: a
    # supervisor sees that agent1 created an API key. Kinds are then judged by the org rule.
    "accounts:audit": "org",
}
ROUTE_SEES_ALL = {
    # accounts.view_all_orgunits: managers and admins read the audit log of the whole install
    ("manager1", "accounts:audit"),
    ("admin", "accounts:audit"),
}


def sees_on(route: str, user, kind: str, scope) -> bool:
    """`sees`, with the route's own rule where it has one."""
    if (user.username, route) in ROUTE_SEES_ALL:
        return True
    if ROUTE_RULES.get(route) == "org":
        return kind in SEES_ALL.get(user.username, ()) or sees(user, "ticket", scope)
    return sees(user, kind, scope)


def foreign_markers(world, user, route: str) -> list[tuple[str, str, str]]:
    """(scope, kind, marker) of every object `user` may not see on `route`."""
    return [
        (scope.key, kind, marker)
        for scope in world.scopes.values()
        for kind, markers in scope.markers.items()
        if not sees_on(route, user, kind, scope)
        for marker in markers
    ]


def body_text(response) -> str:
    if getattr(response, "streaming", False):
        data = b"".join(response.streaming_content)
    else:
        data = response.content
    return data.decode("utf-8", "replace")


def leaked(response, markers) -> list[str]:
    """The markers found in the response body (and its redirect target)."""
    text = body_text(response) + response.get("Location", "")
    return [f"{key}/{kind}: {marker}" for key, kind, marker in markers if marker in text]


def page_client(world, username: str) -> Client:
    """A client with the user's session of the world. Clients are kept for the module: a new
    one loads the middleware again (WhiteNoise scans every static file), which costs more than
    the test's requests; only its cookies start afresh."""
    client = world.clients.setdefault(("page", username), Client())
    client.cookies = SimpleCookie({settings.SESSION_COOKIE_NAME: world.sessions[username]})
    return client


def api_client(world, username: str) -> Client:
    key = world.api_keys[username]
    client = world.clients.setdefault(("api", username), Client(HTTP_AUTHORIZATION=f"Bearer {key}"))
    client.cookies = SimpleCookie()
    return client


def own_ticket_number(world, user) -> str:
    """The number of a ticket `user` may see (for link/merge posts), else a foreign one."""
    for scope in world.scopes.values():
        if sees(user, "ticket", scope):
            return scope.ticket.number
    return world.scopes["b"].ticket.number


def list_queries(scope) -> list[dict]:
    """Query strings that would find the scope's rows on a list, search or export page."""
    common = {"status": "all", "customer": scope.customer.pk}
    by_name = {"q": scope.queries[0], **common}
    by_phone = {"q": scope.queries[1], "phone": scope.queries[1], **common}
    return [by_name, by_phone, {"export": "csv", **by_name}]
