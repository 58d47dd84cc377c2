"""The demo's fault taxonomy: seeded for every demo product type before the service history, and
drawn from by the repair tickets (a phenomenon at intake, a cause and a measure at completion).

Seeded level by level in bulk (a few hundred entries), skipping codes an admin already entered;
codes follow the tree: F01 → F01P02 → F01P02C01 → F01P02C01M01.
"""

import random

from kefu.catalog.choices import FaultLevel
from kefu.catalog.models import FaultNode, ProductType
from kefu.demo.fault_taxonomy_content import TAXONOMY


def taxonomy_parse(text: str) -> list:
    """[(fault type, [(phenomenon, [(cause, [measure, ...]), ...]), ...]), ...] from the text."""
    tree: list = []
    for line in text.strip("\n").splitlines():
        depth, entry = (len(line) - len(line.lstrip(" "))) // 2, line.strip()
        if not entry:
            continue
        if depth == 0:
            tree.append((entry, []))
        elif depth == 1:
            tree[-1][1].append((entry, []))
        else:
            cause, _colon, measures = entry.partition(":")
            names = [m.strip() for m in measures.split(";") if m.strip()]
            tree[-1][1][-1][1].append((cause.strip(), names))
    return tree


def _rows(tree: list) -> list[tuple[int, str, str, str]]:
    """(level, code, parent code, name) of every entry, parents first."""
    rows = []
    for f, (fault_type, phenomena) in enumerate(tree, start=1):
        f_code = f"F{f:02d}"
        rows.append((FaultLevel.FAULT_TYPE, f_code, "", fault_type))
        for p, (phenomenon, causes) in enumerate(phenomena, start=1):
            p_code = f"{f_code}P{p:02d}"
            rows.append((FaultLevel.PHENOMENON, p_code, f_code, phenomenon))
            for c, (cause, measures) in enumerate(causes, start=1):
                c_code = f"{p_code}C{c:02d}"
                rows.append((FaultLevel.CAUSE, c_code, p_code, cause))
                rows += [
                    (FaultLevel.MEASURE, f"{c_code}M{m:02d}", c_code, measure)
                    for m, measure in enumerate(measures, start=1)
                ]
    return rows


def fault_taxonomy_seed() -> int:
    """Every demo product type's taxonomy; returns how many entries were added."""
    types = {t.code: t for t in ProductType.objects.filter(code__in=list(TAXONOMY))}
    rows = {code: _rows(taxonomy_parse(text)) for code, text in TAXONOMY.items() if code in types}
    added = 0
    for level in FaultLevel.values:
        existing = {
            (n.product_type_id, n.code): n
            for n in FaultNode.objects.filter(product_type__in=types.values())
        }
        new = [
            FaultNode(
                product_type=types[type_code],
                level=level,
                code=code,
                name=name,
                parent=existing.get((types[type_code].pk, parent)) if parent else None,
                sort=10 * int(code[-2:]),
            )
            for type_code, entries in rows.items()
            for entry_level, code, parent, name in entries
            if entry_level == level and (types[type_code].pk, code) not in existing
        ]
        # an entry whose parent an admin removed or recoded is left out
        new = [n for n in new if level == FaultLevel.FAULT_TYPE or n.parent is not None]
        FaultNode.objects.bulk_create(new)
        added += len(new)
    return added


class FaultBook:
    """The active taxonomy in memory, for drawing thousands of demo repairs without queries."""

    def __init__(self):
        self.phenomena: dict[int, list[FaultNode]] = {}
        self.children: dict[int, list[FaultNode]] = {}
        nodes = FaultNode.objects.filter(is_active=True, level__gt=FaultLevel.FAULT_TYPE)
        for node in nodes.order_by("level", "sort", "code"):
            if node.level == FaultLevel.PHENOMENON:
                self.phenomena.setdefault(node.product_type_id, []).append(node)
            else:
                self.children.setdefault(node.parent_id, []).append(node)

    def phenomenon(self, rng: random.Random, product_type_id: int, words: str) -> FaultNode | None:
        """The phenomenon named `words` (or containing them), else any of the product type."""
        found = self.phenomena.get(product_type_id, [])
        named = [n for n in found if n.name == words] or [n for n in found if words in n.name]
        candidates = named or found
        return rng.choice(candidates) if candidates else None

    def completion(self, rng: random.Random, phenomenon: FaultNode | None) -> dict:
        """A cause of the phenomenon and a measure of that cause (None where there is none)."""
        causes = self.children.get(phenomenon.pk, []) if phenomenon else []
        cause = rng.choice(causes) if causes else None
        measures = self.children.get(cause.pk, []) if cause else []
        return {"fault_cause": cause, "fault_measure": rng.choice(measures) if measures else None}
