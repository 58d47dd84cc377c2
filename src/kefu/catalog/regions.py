"""Regions of China from the data cpca ships (GB/T 2260 codes, centre points, 2020 edition).

The file is read directly, without importing cpca (which loads pandas), by `regions_load`.
"""

import csv
import importlib.util
from decimal import Decimal
from pathlib import Path

# City-level rows that are not cities stay out of full names:
# 北京市东城区, not 北京市市辖区东城区.
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def adcodes_path() -> Path:
    spec = importlib.util.find_spec("cpca")
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"


def read_regions() -> list[dict]:
    """Rows of (code, name, level, parent code, full name, lng, lat), parents first."""
    with adcodes_path().open(encoding="utf-8") as handle:
        raw = [
            (r["adcode"][:6], r["name"], r["longitude"], r["latitude"])
            for r in csv.DictReader(handle)
        ]
    names = {code: name for code, name, _lng, _lat in raw}
    rows = []
    for code, name, lng, lat in raw:
        if name in PLACEHOLDERS and not code.endswith("00"):
            continue  # a "市辖区" row at district level is no district: nothing points to it
        if code.endswith("0000"):
            level, parent = 1, None
        elif code.endswith("00"):
            level, parent = 2, code[:2] + "0000"
        else:
            level, city = 3, code[:4] + "00"
            parent = city if city in names else code[:2] + "0000"
        rows.append(
            {
                "code": code,
                "name": name,
                "level": level,
                "parent": parent,
                "longitude": Decimal(lng) if lng else None,
                "latitude": Decimal(lat) if lat else None,
            }
        )
    for row in rows:
        code = row["code"]
        city = names.get(code[:4] + "00", "")
        chain = [names[code[:2] + "0000"], "" if city in PLACEHOLDERS else city, row["name"]]
        row["full_name"] = "".join(
            dict.fromkeys(chain[: row["level"]] if row["level"] < 3 else chain)
        )
    rows.sort(key=lambda r: (r["level"], r["code"]))
    return rows
