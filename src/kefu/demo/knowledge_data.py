"""Demo knowledge base: a few hundred Chinese articles for the demo products, composed from the
parts in `knowledge_content` (phenomenon, cause, steps), in categories, some public, some edited
into later versions, with "this helped" votes of the demo users.

`compose_articles` is also what the bench generates 100k articles from (see bench/knowledge.py).
"""

import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from kefu.demo import content as c
from kefu.demo import knowledge_content as k

REVISIONS = [
    "补充了排查步骤",
    "根据网点反馈修正了说法",
    "更新了保修政策描述",
    "增加了安全提示",
    "统一了用语",
]
SAFETY = "涉及拆机、带电或燃气部件的操作，请由持证网点师傅完成，切勿让客户自行拆修。"


@dataclass
class Draft:
    """One composed article, before it is saved."""

    title: str
    body: str
    kind: str = "problem"
    category: str = "KB-FAULT"
    summary: str = ""
    public: bool = False
    type_code: str | None = None
    model_codes: list[str] = field(default_factory=list)
    phenomenon: str | None = None


def _steps(steps: list[str]) -> str:
    return "\n".join(
        f"{n}. {step}；" if n < len(steps) else f"{n}. {step}。" for n, step in enumerate(steps, 1)
    )


def _cause_article(type_name, code, phenomenon, cause, steps) -> Draft:
    body = (
        f"【现象】客户反映{type_name}{phenomenon}。\n\n【可能原因】{cause}。\n\n"
        f"【处理步骤】\n{_steps(steps)}\n\n【注意】{SAFETY}"
    )
    return Draft(
        title=f"{type_name}{phenomenon}：{cause}",
        summary=f"{type_name}{phenomenon}时，先排查“{cause}”。",
        body=body,
        type_code=code,
        phenomenon=phenomenon,
    )


def _overview(type_name, code, phenomenon, causes, *, public: bool) -> Draft:
    parts = [f"{type_name}{phenomenon}通常由以下 {len(causes)} 类原因引起，请按顺序排查："]
    for n, (cause, steps) in enumerate(causes, 1):
        parts.append(f"\n（{n}）{cause}\n{_steps(steps)}")
    parts.append("\n以上方法仍不能解决时，请拨打服务热线预约网点师傅上门检修。")
    return Draft(
        title=f"{type_name}{phenomenon}的常见原因与处理方法",
        summary=f"{type_name}{phenomenon}：{'、'.join(cause for cause, _s in causes)}。",
        body="\n".join(parts),
        public=public,
        type_code=code,
        phenomenon=phenomenon,
    )


def _phone_guide(type_name, code, phenomenon, causes) -> Draft:
    first, steps = causes[0]
    body = (
        f"客户来电反映{type_name}{phenomenon}时，坐席可先在电话中指导客户自查：\n\n"
        f"1. 询问购买时间、型号和机身条码，确认是否在保修期内；\n"
        f"2. 先排除最常见的原因“{first}”：{steps[0]}；\n"
        f"3. 自查无效时，登记维修服务单，故障现象选择“{phenomenon}”，并与客户约定上门时间。\n\n"
        "通话结束前复述预约时间和客户地址。"
    )
    return Draft(
        title=f"客户反映{type_name}{phenomenon}时的电话指导",
        kind="rule",
        category="KB-RULE",
        body=body,
        type_code=code,
        phenomenon=phenomenon,
    )


def _model_article(type_name, code, model_code, model_name, phenomenon, causes) -> Draft:
    lines = [f"适用型号：{model_code}（{model_name}）。", f"该型号{phenomenon}的排查顺序："]
    for cause, steps in causes:
        lines.append(f"— {cause}：{steps[0]}。")
    lines.append(f"\n若需更换部件，请在服务单上登记型号 {model_code} 与机身条码后申领配件。")
    return Draft(
        title=f"{model_code} {model_name}{phenomenon}排查",
        body="\n".join(lines),
        type_code=code,
        model_codes=[model_code],
        phenomenon=phenomenon,
    )


def _problem_drafts(rng: random.Random) -> Iterator[Draft]:
    products = {code: (name, models) for code, name, models in c.PRODUCTS}
    for code, problems in k.PROBLEMS.items():
        type_name, models = products[code]
        for index, (phenomenon, causes) in enumerate(problems):
            yield _overview(type_name, code, phenomenon, causes, public=index < 2)
            yield _phone_guide(type_name, code, phenomenon, causes)
            for cause, steps in causes:
                yield _cause_article(type_name, code, phenomenon, cause, steps)
        for model_code, model_name, _months in models:
            for phenomenon, causes in rng.sample(problems, min(4, len(problems))):
                yield _model_article(type_name, code, model_code, model_name, phenomenon, causes)


def _other_drafts() -> Iterator[Draft]:
    for code, type_name, models in c.PRODUCTS:
        for model_code, model_name, months in models:
            for title, text in k.PRODUCT_NOTES:
                values = {"model": model_name, "code": model_code, "type": type_name}
                values["months"] = months
                yield Draft(
                    title=title.format(**values),
                    body=text.format(**values),
                    kind="product",
                    category="KB-PRODUCT",
                    public=title.endswith("产品介绍"),
                    type_code=code,
                    model_codes=[model_code],
                )
        for tip in k.PUBLIC_TIPS.get(code, []):
            yield Draft(
                title=f"{type_name}使用小贴士：{tip.split('，')[0]}",
                body=f"{tip}。\n\n正确使用和定期保养可以延长{type_name}的使用寿命，减少故障。",
                kind="product",
                category="KB-TIPS",
                public=True,
                type_code=code,
            )
    for title, body in k.RULES:
        yield Draft(title=title, body=body, kind="rule", category="KB-RULE")
    for title, body in k.HELP:
        yield Draft(title=title, body=body, kind="help", category="KB-HELP")


def compose_articles(seed: int = c.SEED) -> list[Draft]:
    """Every demo article, in a stable order; titles are unique."""
    rng = random.Random(seed)
    drafts, seen = [], set()
    for draft in [*_problem_drafts(rng), *_other_drafts()]:
        if draft.title not in seen:
            seen.add(draft.title)
            drafts.append(draft)
    return drafts


# ---- seeding through the knowledge services --------------------------------------------------


def _categories(by) -> dict:
    from kefu.knowledge.models import ArticleCategory
    from kefu.knowledge.services import category_save

    found = {}
    for sort, (code, name, _parent) in enumerate(k.CATEGORIES):
        category = ArticleCategory.objects.filter(code=code).first()
        found[code] = category or category_save(code=code, name=name, sort=sort, by=by)
    products = {code: name for code, name, _models in c.PRODUCTS}
    for sort, (code, name) in enumerate(products.items()):
        sub = f"KB-FAULT-{code}"
        category = ArticleCategory.objects.filter(code=sub).first()
        found[sub] = category or category_save(
            code=sub, name=f"{name}故障", parent=found["KB-FAULT"], sort=sort, by=by
        )
    return found


def _phenomena() -> dict[tuple[str, str], object]:
    """The taxonomy's phenomena by (product type code, name); empty without a taxonomy."""
    from kefu.catalog.choices import FaultLevel
    from kefu.catalog.models import FaultNode

    nodes = FaultNode.objects.filter(level=FaultLevel.PHENOMENON).select_related("product_type")
    return {(n.product_type.code, n.name): n for n in nodes}


def _phenomenon_for(phenomena: dict, type_code: str, name: str | None):
    if not name:
        return []
    exact = phenomena.get((type_code, name))
    if exact is not None:
        return [exact]
    close = [n for (code, n_name), n in phenomena.items() if code == type_code and name in n_name]
    return close[:1]


def _data(draft: Draft, categories, types, models, phenomena):
    from kefu.knowledge.services import ArticleData

    category = (
        categories.get(f"KB-FAULT-{draft.type_code}") if draft.category == "KB-FAULT" else None
    )
    return ArticleData(
        title=draft.title,
        body=draft.body,
        kind=draft.kind,
        category=category or categories[draft.category],
        summary=draft.summary,
        visibility="public" if draft.public else "internal",
        product_types=[types[draft.type_code]] if draft.type_code in types else [],
        product_models=[models[m] for m in draft.model_codes if m in models],
        phenomena=_phenomenon_for(phenomena, draft.type_code, draft.phenomenon),
    )


def knowledge_seed(users: dict) -> dict[str, int]:
    """The demo articles (once: nothing when there are articles already)."""
    from kefu.catalog.models import ProductModel, ProductType
    from kefu.knowledge.models import Article
    from kefu.knowledge.services import article_create, article_helped, article_update

    if Article.objects.exists():
        return {"articles": Article.objects.count()}
    rng = random.Random(c.SEED + 5)
    authors = [u for name, u in users.items() if name.startswith(("expert", "supervisor"))]
    authors = authors or list(users.values())[:1]
    readers = list(users.values())
    categories = _categories(authors[0])
    types = {t.code: t for t in ProductType.objects.all()}
    models = {m.code: m for m in ProductModel.objects.all()}
    phenomena = _phenomena()
    for n, draft in enumerate(compose_articles()):
        data = _data(draft, categories, types, models, phenomena)
        status = "draft" if n % 23 == 5 else "published"
        article = article_create(data=data, by=rng.choice(authors), status=status)
        if rng.random() < 0.3:
            data.body += f"\n\n补充：{rng.choice(k.RULES)[0]}请参见知识库相关文章。"
            article_update(
                article=article, data=data, by=rng.choice(authors), reason=rng.choice(REVISIONS)
            )
        if status == "published":
            for reader in rng.sample(readers, rng.choice([0, 0, 1, 2, 3, 5, 8])):
                article_helped(article=article, user=reader)
    return {"articles": Article.objects.count()}
