"""Hooks on the job queue (Huey signals): jobs counted by outcome, request ids carried into jobs.

Huey messages have no headers, so a job enqueued during a request gets the request id as a prefix
of its task id (`<request id>.<uuid>`): the id travels inside the message, through any storage,
and the consumer puts it back into the log context while the job runs. This relies on Huey
emitting `enqueued` before it serialises the task (huey 3.5 `Huey.enqueue`).
"""

from huey import signals as S

from kefu.core.metrics import JOBS
from kefu.core.request_context import current_request_id, request_id_var

_OUTCOMES = {
    S.SIGNAL_COMPLETE: "complete",
    S.SIGNAL_ERROR: "error",
    S.SIGNAL_TIMEOUT: "timeout",
    S.SIGNAL_LOCKED: "locked",
    S.SIGNAL_CANCELED: "canceled",
    S.SIGNAL_EXPIRED: "expired",
}
_connected = False


def request_id_of(task) -> str:
    prefix, dot, _uuid = str(task.id).rpartition(".")
    return prefix if dot else ""


def _on_enqueued(signal, task, *args) -> None:
    rid = current_request_id()
    if rid and "." not in str(task.id):  # a retry is enqueued again with the id it already has
        task.id = f"{rid}.{task.id}"
        task.revoke_id = f"r:{task.id}"


def _on_executing(signal, task, *args) -> None:
    from huey.contrib.djhuey import HUEY

    if not HUEY.immediate:  # inline jobs already run inside the request's context
        request_id_var.set(request_id_of(task))


def _on_outcome(signal, task, *args) -> None:
    JOBS.labels(task.name, _OUTCOMES[signal]).inc()


def connect() -> None:
    """Called once from `CoreConfig.ready()`."""
    global _connected
    if _connected:
        return
    from huey.contrib.djhuey import HUEY

    HUEY.signal(S.SIGNAL_ENQUEUED)(_on_enqueued)
    HUEY.signal(S.SIGNAL_EXECUTING)(_on_executing)
    HUEY.signal(*_OUTCOMES)(_on_outcome)
    _connected = True
