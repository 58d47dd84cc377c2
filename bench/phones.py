"""Valid, unique Chinese phone numbers derived from a customer id, as the app stores them.

A number is an affine permutation of the id (a*k + b mod the size of the number space), so every
customer gets its own numbers without a uniqueness check and a re-run makes the same ones.
Only prefixes and area codes that `phonenumbers` accepts as valid are used (checked on samples by
the generator against `kefu.core.phones.parse_phone`).
"""

from math import gcd

MOBILE_PREFIXES = (
    "130 131 132 133 134 135 136 137 138 139 147 150 151 152 153 155 156 157 158 "
    "159 166 170 173 175 176 177 178 180 181 182 183 184 185 186 187 188 189 191 "
    "198 199"
).split()
# Province (first two digits of the region code) → capital's area code and local number length.
AREA_CODES = {
    "11": ("10", 8),
    "12": ("22", 8),
    "13": ("311", 8),
    "14": ("351", 7),
    "15": ("471", 7),
    "21": ("24", 8),
    "22": ("431", 8),
    "23": ("451", 8),
    "31": ("21", 8),
    "32": ("25", 8),
    "33": ("571", 8),
    "34": ("551", 8),
    "35": ("591", 8),
    "36": ("791", 8),
    "37": ("531", 8),
    "41": ("371", 8),
    "42": ("27", 8),
    "43": ("731", 8),
    "44": ("20", 8),
    "45": ("771", 7),
    "46": ("898", 8),
    "50": ("23", 8),
    "51": ("28", 8),
    "52": ("851", 8),
    "53": ("871", 8),
    "54": ("891", 7),
    "61": ("29", 8),
    "62": ("931", 7),
    "63": ("971", 7),
    "64": ("951", 7),
    "65": ("991", 7),
}
_MULTIPLIER, _OFFSET = 2654435761, 40503
_MOBILE_SPACE = len(MOBILE_PREFIXES) * 10**8
# Local fixed-line numbers start with 2–7 (8 would give 800 service numbers).
_FIRST_DIGITS = 6
assert gcd(_MULTIPLIER, _MOBILE_SPACE) == 1
assert all(gcd(_MULTIPLIER, _FIRST_DIGITS * 10 ** (n - 1)) == 1 for n in (7, 8))


def mobile(customer_id: int, slot: int = 0) -> str:
    """The national number of a customer's mobile (slot 0 or 1): 11 digits."""
    index = (_MULTIPLIER * (2 * customer_id + slot) + _OFFSET) % _MOBILE_SPACE
    return f"{MOBILE_PREFIXES[index // 10**8]}{index % 10**8:08d}"


def fixed_line(customer_id: int, province: str) -> str:
    """The national number of a customer's fixed line in the province's capital, without the 0."""
    area, length = AREA_CODES.get(province, AREA_CODES["11"])
    rest = 10 ** (length - 1)
    index = (_MULTIPLIER * customer_id + _OFFSET) % (_FIRST_DIGITS * rest)
    return f"{area}{2 + index // rest}{index % rest:0{length - 1}d}"


def e164(national: str) -> str:
    return f"+86{national}"


def formats(national: str, kind: str) -> list[str]:
    """Ways an agent's phone system or a person may send the number (for the look-up)."""
    if kind == "mobile":
        return [
            e164(national),
            national,
            f"{national[:3]} {national[3:7]} {national[7:]}",
            f"{national[:3]}-{national[3:7]}-{national[7:]}",
            f"0086{national}",
        ]
    area_len = (
        2 if national[:2] in ("10", "20", "21", "22", "23", "24", "25", "27", "28", "29") else 3
    )
    area, local = national[:area_len], national[area_len:]
    return [e164(national), f"0{area}-{local}", f"0{area}{local}", f"(0{area}) {local}"]
