"""Scenario of the knowledge base: Chinese full-text search over 100,000 articles.

The articles do not depend on customers or tickets, so the scenario makes its own: when the bench
database holds fewer than ARTICLES, it tops them up (COPY, in one transaction) from the demo's
composed articles (`kefu.demo.knowledge_data.compose_articles`), each copy with its case number
and a few varied sentences, and with "this helped" counts skewed like real votes. It does so even
with `--skip-generate` (generation takes about a minute; a re-run finds them and does nothing).

Timed: the article list page with `?q=` (search, ranking by "this helped" then recency, the
capped count, highlighted titles and snippets), as the bench user, and the same through
`/api/v1/knowledge/articles?q=`.
"""

import itertools
import random
import time
from urllib.parse import urlencode

from bench.registry import WARMUP, Bench, progress, scenario

ARTICLES = 100_000
SEARCH_P95_MS = 50
BATCH = 10_000
TABLE = "knowledge_article"
COLUMNS = (
    "created_at",
    "updated_at",
    "title",
    "kind",
    "summary",
    "body",
    "visibility",
    "status",
    "version",
    "helped_count",
    "view_count",
    "search_text",
)
# What agents type into the knowledge search: phenomena, parts, products, codes, rules.
SEARCHES = [
    "不制冷",
    "空调 漏水",
    "压缩机",
    "遥控器",
    "滤网",
    "冰箱 结冰",
    "点不着火",
    "油烟机 吸力",
    "通讯故障",
    "保修期",
    "门封",
    "排水管",
    "洗衣机 不脱水",
    "黑屏",
    "滤芯",
    "安装 注意事项",
]
PLACES = ["北京", "上海", "广州", "成都", "武汉", "西安", "沈阳", "杭州", "郑州", "长沙"]
SEASONS = ["夏季高温", "冬季低温", "梅雨季节", "春节前后", "新房装修后", "搬家移机后"]


def article_count() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")
        return cursor.fetchone()[0]


def _variants():
    """(draft, place, season) combinations with their search words computed once."""
    from kefu.core.text import search_terms
    from kefu.demo.knowledge_data import compose_articles

    drafts = compose_articles()
    for place, season in itertools.product(PLACES, SEASONS):
        for draft in drafts:
            note = f"\n\n案例背景：{place}地区{season}，类似问题报修较多，网点可参考处理。"
            body = draft.body + note
            yield draft, body, search_terms(draft.title, draft.summary, body)


def _rows(start: int, count: int, rng: random.Random, variants: list):
    from django.utils import timezone

    now = timezone.now()
    for number in range(start, start + count):
        draft, body, words = variants[number % len(variants)]
        title = f"{draft.title}（案例{number + 1:06d}）"
        helped = int(rng.paretovariate(1.3)) - 1  # most articles few votes, some many
        when = now - timezone.timedelta(minutes=rng.randrange(0, 3 * 365 * 24 * 60))
        public = "public" if draft.public else "internal"
        status = "published" if number % 40 else "draft"
        yield (
            when, when, title, draft.kind, draft.summary, body, public, status, 1,
            min(helped, 5000), rng.randrange(0, 500), f"{words} 案例{number + 1:06d}",
        )  # fmt: skip


def ensure_articles(target: int = ARTICLES, log=progress) -> int:
    """Top the bench database up to `target` articles; the number it holds afterwards."""
    from bench.bulkload import bulk_load, copy_rows, finish

    have = article_count()
    if have >= target:
        return have
    started = time.perf_counter()
    log(f"generating {target - have:,} knowledge articles …")
    rng = random.Random(20261123 + have)
    variants = list(_variants())
    with bulk_load((TABLE,), rebuild_indexes=target - have >= have) as cursor:
        for start in range(have, target, BATCH):
            rows = list(_rows(start, min(BATCH, target - start), rng, variants))
            copy_rows(cursor, TABLE, COLUMNS, rows)
    finish((TABLE,))
    log(f"  {target - have:,} articles in {time.perf_counter() - started:.0f} s")
    return article_count()


def _found(response) -> bool:
    return bool(response.json()["items"])


def _page_found(response) -> bool:
    return b"<mark>" in response.content


@scenario("knowledge.search")
def knowledge_search(bench: Bench):
    """The article list searched with Chinese words, first page, as an editor (every article)."""
    from django.urls import reverse

    total = ensure_articles()
    size = f"{total // 1000:,}k articles" if total >= 1000 else f"{total} articles"
    count = bench.n(200) + WARMUP
    queries = list(itertools.islice(itertools.cycle(SEARCHES), count))
    bench.rng.shuffle(queries)
    page = reverse("knowledge:articles")
    yield bench.measure(
        "knowledge search (list page)",
        [f"{page}?" + urlencode({"q": q}) for q in queries],
        size=size,
        target_p95_ms=SEARCH_P95_MS,
        found=_page_found,
    )
    yield bench.measure(
        "knowledge search (API)",
        ["/api/v1/knowledge/articles?" + urlencode({"q": q}) for q in queries],
        client=bench.api,
        size=size,
        target_p95_ms=SEARCH_P95_MS,
        found=_found,
    )
