"""Input types of the API bounded to what the database can hold.

An id beyond a 64-bit integer cannot name a row; unbounded, it reaches the database and fails
there (SQLite: "Python int too large to convert to SQLite INTEGER"; PostgreSQL: "bigint out of
range") as a server error. Bounded here, it is a 422 that names the field.
"""

from typing import Annotated

from ninja import Schema
from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

MAX_BIGINT = 2**63 - 1

# The id of a row (every primary key starts at 1).
Id = Annotated[int, Field(ge=1, le=MAX_BIGINT)]


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple | set):
        return any(_has_nul(v) for v in value)
    return False


class InputSchema(Schema):
    """The base of every API input (body or query): a text with a NUL character is refused, as
    Django's form fields refuse it; PostgreSQL cannot store one and would fail with a 500."""

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul_character(cls, value):
        if _has_nul(value):
            raise PydanticCustomError("null_character", "Null characters are not allowed.")
        return value
