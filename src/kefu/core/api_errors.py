"""The API's one error shape, declared in the OpenAPI schema beside each operation's answer.

`kefu.api` renders every refusal as `{"code", "message", "fields"}`; an operation lists the error
statuses it can answer with `response={200: ThingOut, **errors(404, 409)}` so that clients (and
the schema fuzzer, tests/test_api_fuzz.py) know them. 401 is in every list: every operation needs
a session or a key.
"""

from ninja import Schema


class ErrorOut(Schema):
    code: str
    message: str
    fields: dict[str, str]


# What each status means in this API, for the reader of a `response=` declaration:
# 400 a business rule refused the input (ApplicationError), naming the fields;
# 401 no valid session or key; 403 the role does not allow it (or a session without CSRF);
# 404 not found, or outside the caller's scope; 409 a stale version or a possible duplicate;
# 422 the input does not parse (a wrong type, an unknown field, a missing one).
ERROR_STATUSES = (400, 401, 403, 404, 409, 422)


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """The error answers of one operation: 401 and the statuses given."""
    unknown = set(statuses) - set(ERROR_STATUSES)
    if unknown:
        raise ValueError(f"not an error status of this API: {sorted(unknown)}")
    return {status: ErrorOut for status in sorted({401, *statuses})}
