"""Log formats: one JSON object per line for log collectors, or readable text for people.

`KEFU_LOG_FORMAT=json` selects `JsonFormatter`; both formats show the request id, which
`ContextFilter` copies from the request context onto every record.
"""

import json
import logging
from datetime import UTC, datetime

from kefu.core.request_context import current_request_id, current_user_id

# Attributes every LogRecord has; anything else was passed in `extra=` and is worth keeping.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}
# django.request passes the request itself: its repr holds the query string (phones, names).
_SKIPPED = {"request_id", "user_id", "request"}


class ContextFilter(logging.Filter):
    """Adds `request_id` and `user_id` to each record (empty outside a request or job)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id() or "-"
        if not hasattr(record, "user_id"):
            record.user_id = current_user_id()
        return True


class JsonFormatter(logging.Formatter):
    """time, level, logger, message, request_id, user_id, the `extra=` fields, exc_info."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None) or current_request_id()
        if request_id and request_id != "-":
            entry["request_id"] = request_id
        user_id = getattr(record, "user_id", None)
        if user_id is not None:
            entry["user_id"] = user_id
        for key, value in record.__dict__.items():
            if key not in _STANDARD and key not in _SKIPPED and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exc_info"] = record.exc_text
        if record.stack_info:
            entry["stack_info"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
