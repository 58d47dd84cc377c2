"""What every ticket creation reads: current workflows, SLA levels and targets, default queues.

These rows change a few times a year but are read on every new ticket, so each process keeps
them in memory under a token held in the shared cache (Redis in production). Any save or delete of
a workflow version, level, target or queue replaces the token (see `signals.py`), so every
process reloads on its next read. A page reads these many times: the token itself is read from
the shared cache at most once a second per process (another process's change shows within 1 s;
this process's own at once).
"""

import time
import uuid

from django.core.cache import cache

TOKEN_KEY = "service:configuration:token"
TOKEN_SECONDS = 1.0
_memo: dict = {"token": None}
_checked = {"at": float("-inf")}


def forget() -> None:
    cache.set(TOKEN_KEY, uuid.uuid4().hex, None)
    forget_local()


def forget_local() -> None:
    """Read the shared token again on the next use (tests that clear the cache call this)."""
    _checked["at"] = float("-inf")


def _data() -> dict:
    now = time.monotonic()
    if _memo.get("token") is not None and now - _checked["at"] < TOKEN_SECONDS:
        return _memo
    token = cache.get(TOKEN_KEY)
    if token is None:
        token = uuid.uuid4().hex
        cache.set(TOKEN_KEY, token, None)
    _checked["at"] = now
    if _memo.get("token") != token:
        _memo.clear()
        _memo.update(_load(), token=token)
    return _memo


def _load() -> dict:
    from kefu.service.models import Queue, SlaLevel, SlaTarget, WorkflowVersion

    return {
        "versions": {w.pk: w for w in WorkflowVersion.objects.all()},
        "levels": list(SlaLevel.objects.all()),
        "targets": {(t.level_id, t.ticket_type, t.priority): t for t in SlaTarget.objects.all()},
        "queues": list(Queue.objects.filter(is_active=True).order_by("code")),
    }


def current_workflow(ticket_type: str):
    return next(
        (v for v in _data()["versions"].values() if v.ticket_type == ticket_type and v.is_current),
        None,
    )


def workflow_version(pk: int):
    """Any version by id (versions never change, so lists need not join them)."""
    version = _data()["versions"].get(pk)
    if version is None:  # saved by another process since the token was read
        forget()
        version = _data()["versions"].get(pk)
    return version


def sla_levels() -> list:
    return _data()["levels"]


def sla_target(level_id: int, ticket_type: str, priority: int):
    return _data()["targets"].get((level_id, ticket_type, priority))


def default_queue(ticket_type: str):
    return next((q for q in _data()["queues"] if ticket_type in (q.ticket_types or [])), None)
