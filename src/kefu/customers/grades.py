"""The grades every page shows as badges, kept in memory: a code → Grade dict.

Grades change a few times a year and are read on every customer row, so each process keeps the
dict under a token held in the shared cache; `grades_forget()` (called by whatever saves a grade)
replaces the token and every process reloads on its next read. A page reads the dict once
(`grades_by_code()`) and looks its rows up in it: one cache read per page, no query.
"""

import uuid

from django.core.cache import cache
from django.utils.html import format_html

TOKEN_KEY = "customers:grades:token"
_memo: dict = {"token": None, "grades": {}}


def grades_forget() -> None:
    cache.set(TOKEN_KEY, uuid.uuid4().hex, None)


def grades_by_code() -> dict:
    """{code: Grade} of every grade, active or not (a customer may still hold an inactive one)."""
    from kefu.customers.models import Grade

    token = cache.get(TOKEN_KEY)
    if token is None:
        token = uuid.uuid4().hex
        cache.set(TOKEN_KEY, token, None)
    if _memo["token"] != token:
        _memo["grades"] = {g.code: g for g in Grade.objects.order_by("-rank")}
        _memo["token"] = token
    return _memo["grades"]


def grade_name(code: str, grades: dict | None = None) -> str:
    """The grade's name, or the code itself when no grade has it (a code imported by hand)."""
    grade = (grades if grades is not None else grades_by_code()).get(code) if code else None
    return grade.name if grade is not None else code


def grade_badge(code: str, grades: dict | None = None):
    """The grade as a coloured badge (HTML); empty for no grade."""
    if not code:
        return ""
    grade = (grades if grades is not None else grades_by_code()).get(code)
    if grade is None:
        return format_html('<span class="badge text-bg-light border">{}</span>', code)
    return format_html(
        '<span class="badge text-bg-{}" title="{}">{}</span>', grade.color, grade.code, grade.name
    )
