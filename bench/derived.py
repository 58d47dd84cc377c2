"""Columns the app derives from others, computed with the app's own functions and memoised.

`search_text` of a person depends on the name and the code only; the code is one word (`KH…`),
so the text is computed once per distinct name with a placeholder code that is then replaced.
Every 1,000th memoised value, and every sampled phone, is checked against the app's functions
uncached: a change in the app that the generator does not follow stops the generation.
"""

import datetime
from types import SimpleNamespace

from dateutil.relativedelta import relativedelta

from kefu.core.phones import Phone as ParsedPhone
from kefu.core.phones import parse_phone
from kefu.core.text import pinyin_forms
from kefu.customers.models import Customer
from kefu.customers.services import customer_search_text, phone_row

PLACEHOLDER = "KH99999999"
CHECK_EVERY = 1000


class GeneratorMismatch(RuntimeError):
    """The generator's rows differ from what the app would write."""


def _search_text(name: str, code: str, contact: str, business: str) -> str:
    return customer_search_text(
        SimpleNamespace(name=name, code=code, contact_person=contact, main_business=business)
    )


class TextCache:
    def __init__(self):
        self._names: dict[str, tuple[str, str]] = {}
        self._warranty: dict[tuple[datetime.date, int], datetime.date] = {}
        self._calls = 0

    def texts(self, *, name: str, code: str, contact: str, business: str) -> tuple[str, str]:
        """(name_initials, search_text) as `customers.services` computes them."""
        self._calls += 1
        if contact or business:  # companies: names hardly repeat, nothing to memoise
            return pinyin_forms(name)[0][:30], _search_text(name, code, contact, business)
        hit = self._names.get(name)
        if hit is None:
            hit = (pinyin_forms(name)[0][:30], _search_text(name, PLACEHOLDER, "", ""))
            self._names[name] = hit
        initials, template = hit
        text = template.replace(PLACEHOLDER.lower(), code.lower(), 1)
        if self._calls % CHECK_EVERY == 0 and text != _search_text(name, code, "", ""):
            raise GeneratorMismatch(f"search_text of {name!r} {code}: {text!r}")
        return initials, text

    def full_pinyin(self, name: str) -> str:
        return pinyin_forms(name)[1]

    def warranty_end(self, bought: datetime.date, months: int) -> datetime.date:
        """As `asset_register` computes it: purchase date plus the model's warranty months."""
        key = (bought, months)
        end = self._warranty.get(key)
        if end is None:
            end = self._warranty[key] = bought + relativedelta(months=months)
        return end


def check_phone(national: str, row: tuple) -> None:
    """`row` (customer_id, number, reversed_digits, kind, ...) must be what the app stores."""
    parsed = parse_phone(national)
    expected = phone_row(Customer(), ParsedPhone(e164=parsed.e164, kind=parsed.kind))
    got = (row[1], row[2], row[3])
    if got != (expected.number, expected.reversed_digits, expected.kind):
        raise GeneratorMismatch(
            f"phone {national}: {got} != {expected.number}, "
            f"{expected.reversed_digits}, {expected.kind}"
        )
