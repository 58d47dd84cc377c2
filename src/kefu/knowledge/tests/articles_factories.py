"""Articles and the catalogue rows they link to, for the knowledge tests."""

from kefu.catalog.choices import FaultLevel
from kefu.catalog.models import FaultNode, ProductModel, ProductType
from kefu.knowledge.choices import ArticleStatus, Visibility
from kefu.knowledge.services import ArticleData, article_create


def make_article(by, title: str, body: str = "", *, status=ArticleStatus.PUBLISHED, **fields):
    data = ArticleData(title=title, body=body or f"{title}的处理方法。", **fields)
    return article_create(data=data, by=by, status=status)


def make_public(by, title: str, body: str = "", **fields):
    return make_article(by, title, body, visibility=Visibility.PUBLIC, **fields)


def make_products():
    """An air conditioner type, one model and the phenomenon 不制冷 under a fault type."""
    aircon = ProductType.objects.create(code="AC", name="空调")
    model = ProductModel.objects.create(product_type=aircon, code="KFR-35GW", name="挂式空调")
    fault_type = FaultNode.objects.create(
        level=FaultLevel.FAULT_TYPE, product_type=aircon, code="COOL", name="制冷故障"
    )
    not_cooling = FaultNode.objects.create(
        level=FaultLevel.PHENOMENON,
        product_type=aircon,
        parent=fault_type,
        code="NOCOOL",
        name="不制冷",
    )
    return {"type": aircon, "model": model, "phenomenon": not_cooling}
