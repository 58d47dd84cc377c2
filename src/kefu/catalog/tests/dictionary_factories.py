"""Code-list entries for tests: a small tree of complaint root causes and feedback categories."""

from kefu.catalog.choices import DictKind
from kefu.catalog.dictionary import dict_item_create

# (code, name, [(child code, child name)])
CAUSES = [
    ("attitude", "服务态度", [("attitude_words", "言语不当"), ("attitude_ignore", "推诿敷衍")]),
    ("late", "上门不准时", []),
    ("quality", "维修质量", [("quality_repeat", "同一故障复修")]),
    ("fee", "收费争议", []),
]
FEEDBACK = [
    ("product", "产品改进", [("product_manual", "说明书")]),
    ("service", "服务改进", []),
    ("need", "新需求", []),
]


def make_dict_tree(*, kind: str, entries: list, by) -> dict:
    """The entries created through the service, {code: entry}."""
    made = {}
    for n, (code, name, children) in enumerate(entries):
        parent = dict_item_create(kind=kind, code=code, name=name, sort=10 * n, by=by)
        made[code] = parent
        for m, (child, child_name) in enumerate(children):
            made[child] = dict_item_create(
                kind=kind, code=child, name=child_name, parent=parent, sort=10 * m, by=by
            )
    return made


def make_complaint_causes(*, by) -> dict:
    return make_dict_tree(kind=DictKind.COMPLAINT_CAUSE, entries=CAUSES, by=by)


def make_feedback_categories(*, by) -> dict:
    return make_dict_tree(kind=DictKind.FEEDBACK_CATEGORY, entries=FEEDBACK, by=by)
