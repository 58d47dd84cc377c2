"""The public help centre at /help/: published public articles for anyone, no login.

The customer portal will link here. Internal and unpublished articles are not found (404).
"""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kefu.knowledge import selectors, services
from kefu.knowledge.forms import HelpSearchForm
from kefu.knowledge.highlight import highlight, with_highlights
from kefu.knowledge.paging import RankedPaginator

PAGE_SIZE = 20


@require_GET
def help_list(request):
    form = HelpSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    query = filters.get("q") or ""
    rows = selectors.public_article_list(q=query, category=filters.get("category") or None)
    page = RankedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "title": _("Help centre"),
        "form": form,
        "page": page,
        "articles": with_highlights(page.object_list, query),
        "query": query,
        "query_page": params.urlencode(),
        "bare_page": True,
    }
    return render(request, "knowledge/help_list.html", context)


@require_GET
def help_article(request, pk: int):
    article = selectors.public_article_get(pk=pk)
    services.article_viewed(article=article)
    query = request.GET.get("q", "")[:100]
    context = {
        "title": article.title,
        "article": article,
        "title_marked": highlight(article.title, query),
        "body_marked": highlight(article.body, query),
        "bare_page": True,
    }
    return render(request, "knowledge/help_article.html", context)
