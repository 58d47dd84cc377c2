"""Free-text Chinese addresses → (district region, street detail).

cpca recognises province, city and district names (full or short) at the start of an address;
it is imported on first use because it loads pandas.
"""

from functools import lru_cache

from kefu.catalog.models import Region
from kefu.catalog.selectors import region_get


@lru_cache(maxsize=1)
def _cpca():
    import cpca

    return cpca


def parse_addresses(texts: list[str]) -> list[tuple[Region | None, str]]:
    """Parse many addresses at once (cpca is vectorised); unknown parts stay in the detail."""
    if not texts:
        return []
    frame = _cpca().transform(texts)
    results = []
    for text, (_idx, row) in zip(texts, frame.iterrows(), strict=True):
        adcode = str(row.get("adcode") or "")
        region = region_get(adcode[:6]) if adcode and adcode[:6] != "000000" else None
        if region is not None and region.level == 1 and not text.startswith(region.name):
            region = None  # "河北大街1号" is a street, not the province of Hebei
        rest = row.get("地址")
        detail = rest.strip() if region is not None and isinstance(rest, str) else text.strip()
        results.append((region, detail or text.strip()))
    return results


def parse_address(text: str) -> tuple[Region | None, str]:
    return parse_addresses([text])[0]
