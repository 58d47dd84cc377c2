"""Phone numbers: parsed with `phonenumbers` (default region CN), stored as E.164.

`phonenumbers` accepts junk such as "12345" without raising, so validity is always checked.
"""

import re
from dataclasses import dataclass

import phonenumbers
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kefu.core.errors import ApplicationError

MOBILE = "mobile"
FIXED = "fixed"


@dataclass(frozen=True)
class Phone:
    e164: str
    kind: str  # MOBILE or FIXED

    @property
    def national(self) -> str:
        number = phonenumbers.parse(self.e164)
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def parse_phone(raw: str, *, field: str = "phone") -> Phone:
    """Parse and validate a phone; raise ApplicationError naming `field` when it is not one."""
    text = (raw or "").strip()
    try:
        number = phonenumbers.parse(text, settings.PHONE_REGION)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ApplicationError(
            "phone.invalid",
            _("“{value}” is not a valid phone number."),
            fields={
                field: _(
                    "Enter a valid mobile or fixed-line number, e.g. 13800138000 or 010-62345678."
                )
            },
            value=text,
        )
    kind = phonenumbers.number_type(number)
    mobile = kind in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )
    return Phone(
        e164=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
        kind=MOBILE if mobile else FIXED,
    )


def try_parse_phone(raw: str) -> Phone | None:
    try:
        return parse_phone(raw)
    except ApplicationError:
        return None


def digits(raw: str) -> str:
    return re.sub(r"\D", "", raw or "")


def mask(e164: str) -> str:
    """138****8000: what a role without the personal-data permission sees."""
    national = digits(e164)
    if national.startswith("86"):
        national = national[2:]
    if len(national) < 7:
        return "*" * len(national)
    return f"{national[:3]}****{national[-4:]}"
