"""Factories for base data; they go through the services, like every writer."""

from kefu.catalog.services_taxonomy import fault_node_create

# A small fridge taxonomy: fault type → phenomenon → cause → measures, by code.
FRIDGE_FAULTS = {
    ("F1", "制冷故障"): {
        ("P1", "不制冷"): {
            ("C1", "制冷剂泄漏"): [("M1", "检漏补焊后加注制冷剂"), ("M2", "更换蒸发器")],
            ("C2", "温控器损坏"): [("M3", "更换温控器")],
        },
        ("P2", "冷藏室结冰"): {("C3", "温控器失灵"): [("M4", "调整温控器档位")]},
    },
    ("F2", "噪音故障"): {
        ("P3", "压缩机噪音大"): {("C4", "压缩机减震垫老化"): [("M5", "更换减震垫")]},
    },
}


def make_fault_tree(*, product_type, by, tree: dict = FRIDGE_FAULTS) -> dict:
    """Every entry of `tree` under `product_type`; returns {code: FaultNode}."""
    made: dict = {}

    def add(branch, parent):
        items = branch.items() if isinstance(branch, dict) else ((key, None) for key in branch)
        for (code, name), below in items:
            node = fault_node_create(
                by=by,
                code=code,
                name=name,
                parent=parent,
                product_type=None if parent else product_type,
            )
            made[code] = node
            if below:
                add(below, node)

    add(tree, None)
    return made
