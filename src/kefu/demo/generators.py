"""Deterministic fakes for the demo: Chinese names, valid phones, street addresses, company names.

Every function draws only from the `random.Random` it is given, so one seed gives one data set.
Phones are drawn until `kefu.core.phones` accepts them and they are not yet used, so none is
invalid or shared.
"""

import datetime
import random

from kefu.core.phones import try_parse_phone
from kefu.demo import content as c
from kefu.demo.content import City, Industry

# Surname weights fall with rank: 王, 李, 张 ... are drawn far more often than 汤.
_SURNAME_WEIGHTS = [1 / (rank + 4) for rank in range(len(c.SURNAMES))]
_FIRST_BIRTH = datetime.date(1950, 1, 1)
_LAST_BIRTH = datetime.date(2004, 12, 31)
_RETIRED, _STUDENT = "退休", "学生"
_WORKING = [name for _code, name in c.OCCUPATIONS if name not in (_RETIRED, _STUDENT)]


def gender(rng: random.Random) -> str:
    return rng.choice("mf")


def person_name(rng: random.Random, sex: str) -> str:
    """A surname and one or two given-name characters fitting the gender."""
    surname = rng.choices(c.SURNAMES, weights=_SURNAME_WEIGHTS)[0]
    chars = c.MALE_CHARS if sex == "m" else c.FEMALE_CHARS
    size = 1 if rng.random() < 0.35 else 2
    return surname + "".join(rng.sample(chars, size))


def birth_date(rng: random.Random) -> datetime.date:
    span = (_LAST_BIRTH - _FIRST_BIRTH).days
    return _FIRST_BIRTH + datetime.timedelta(days=rng.randint(0, span))


def occupation(rng: random.Random, born: datetime.date) -> str:
    """Mostly retired when born before 1962, often a student when born after 2001."""
    if born.year < 1962 and rng.random() < 0.7:
        return _RETIRED
    if born.year > 2001 and rng.random() < 0.5:
        return _STUDENT
    return rng.choice(_WORKING)


def hobbies(rng: random.Random) -> str:
    return "、".join(rng.sample(c.HOBBIES, rng.choice((1, 1, 2))))


def claim_phone(raw: str, used: set[str]) -> bool:
    """Mark `raw` used when it is a valid phone not used before; False otherwise."""
    parsed = try_parse_phone(raw)
    if parsed is None or parsed.e164 in used:
        return False
    used.add(parsed.e164)
    return True


def mobile(rng: random.Random, used: set[str]) -> str:
    """An unused valid mobile, 11 digits: 13x, 15x, 17x, 18x or 19x."""
    while True:
        raw = rng.choice(c.MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
        if claim_phone(raw, used):
            return raw


def fixed_line(rng: random.Random, city: City, used: set[str]) -> str:
    """An unused valid fixed line of `city`: its area code and a 7- or 8-digit local number."""
    while True:
        rest = city.digits - 1
        raw = f"{city.area_code}-{rng.randint(2, 8)}{rng.randrange(10**rest):0{rest}d}"
        if claim_phone(raw, used):
            return raw


def home_address(rng: random.Random) -> str:
    """文化路88号3单元501, or 阳光花园12号楼2单元1202."""
    unit, floor, room = rng.randint(1, 6), rng.randint(1, 18), rng.randint(1, 4)
    flat = f"{unit}单元{floor}{room:02d}"
    if rng.random() < 0.5:
        return f"{rng.choice(c.STREETS)}{rng.randint(1, 300)}号{flat}"
    return f"{rng.choice(c.COMMUNITIES)}{rng.randint(1, 30)}号楼{flat}"


def office_address(rng: random.Random) -> str:
    """人民路188号, or 人民路188号国贸大厦15层."""
    street = f"{rng.choice(c.STREETS)}{rng.randint(1, 400)}号"
    if rng.random() < 0.4:
        return f"{street}{rng.choice(c.BUILDINGS)}{rng.randint(2, 30)}层"
    return street


def company(rng: random.Random, city: City, used: set[str]) -> tuple[str, Industry]:
    """An unused company name and its industry: a chain's shop, or city + trade name + trade."""
    industry = rng.choice(c.INDUSTRIES)
    while True:
        if industry.stores and rng.random() < 0.5:
            name = f"{rng.choice(industry.stores)}{rng.choice(c.STREETS)}店"
        else:
            trade = rng.choice(c.TRADE_NAMES) + rng.choice(industry.words)
            name = f"{trade}有限公司" if rng.random() < 0.25 else f"{city.name}{trade}有限公司"
        if name not in used:
            used.add(name)
            return name, industry


def purchase_date(rng: random.Random, today: datetime.date) -> datetime.date:
    """A day in the past five years (at least a fortnight ago)."""
    return today - datetime.timedelta(days=rng.randint(14, 5 * 365))


def serial_number(rng: random.Random, type_code: str, bought: datetime.date) -> str:
    """AC2303004521: product type, year and month of manufacture, running number."""
    made = bought - datetime.timedelta(days=rng.randint(10, 120))
    return f"{type_code}{made:%y%m}{rng.randrange(10**6):06d}"
