"""Staff pages of the knowledge base: search and list, article, form, versions, publish/archive,
"this helped", and the suggestions panel of tickets and the agent desk."""

import difflib

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kefu.catalog.choices import FaultLevel
from kefu.catalog.models import FaultNode, ProductModel
from kefu.core.errors import ApplicationError
from kefu.core.forms import add_application_error
from kefu.customers.models import Asset
from kefu.customers.selectors import customer_visible_to
from kefu.knowledge import selectors, services
from kefu.knowledge.forms import ArticleFilterForm, ArticleForm, article_initial
from kefu.knowledge.highlight import highlight, with_highlights
from kefu.knowledge.paging import RankedPaginator
from kefu.knowledge.panels import suggestion_context

PAGE_SIZE = 20
_view = permission_required("knowledge.view_article", raise_exception=True)


def _query_without(request, *names: str) -> str:
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


@login_required
@_view
@require_GET
def article_list(request):
    user = request.user
    editor = selectors.is_editor(user)
    form = ArticleFilterForm(request.GET or None, editor=editor)
    filters = form.cleaned_data if form.is_valid() else {}
    filters = {k: v for k, v in filters.items() if v not in (None, "")}
    rows = selectors.article_list(user=user, **filters)
    page = RankedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = filters.get("q", "")
    articles = with_highlights(page.object_list, query)
    voted = selectors.user_voted_ids(user, [a.pk for a in articles])
    for article in articles:
        article.voted = article.pk in voted
    context = {
        "title": _("Knowledge base"),
        "form": form,
        "page": page,
        "articles": articles,
        "query": query,
        "query_page": _query_without(request, "page"),
        "can_add": user.has_perm("knowledge.add_article"),
    }
    template = (
        "knowledge/_article_results.html"
        if request.headers.get("HX-Request")
        else "knowledge/article_list.html"
    )
    return render(request, template, context)


@login_required
@_view
@require_GET
def article_detail(request, pk: int):
    user = request.user
    article = selectors.article_get(user=user, pk=pk)
    services.article_viewed(article=article)
    query = request.GET.get("q", "")[:100]
    context = {
        "title": article.title,
        "article": article,
        "title_marked": highlight(article.title, query),
        "body_marked": highlight(article.body, query),
        "voted": article.pk in selectors.user_voted_ids(user, [article.pk]),
        "may_edit": user.has_perm("knowledge.change_article"),
        "may_publish": user.has_perm("knowledge.publish_article"),
        "product_types": list(article.product_types.all()),
        "product_models": list(article.product_models.all()),
        "phenomena": list(article.phenomena.select_related("product_type")),
    }
    return render(request, "knowledge/article_detail.html", context)


def _form_page(request, form, *, title: str, article=None, status: int = 200):
    cancel = reverse("knowledge:article_detail", args=[article.pk]) if article else None
    context = {
        "title": title,
        "form": form,
        "article": article,
        "cancel_url": cancel or reverse("knowledge:articles"),
    }
    return render(request, "knowledge/article_form.html", context, status=status)


@login_required
@permission_required("knowledge.add_article", raise_exception=True)
def article_create(request):
    form = ArticleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            article = services.article_create(data=form.to_data(), by=request.user)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("The article was saved as a draft."))
            return redirect("knowledge:article_detail", pk=article.pk)
    status = 400 if form.errors else 200
    return _form_page(request, form, title=_("New article"), status=status)


@login_required
@permission_required("knowledge.change_article", raise_exception=True)
def article_edit(request, pk: int):
    article = selectors.article_get(user=request.user, pk=pk)
    form = ArticleForm(request.POST or None, initial=article_initial(article), editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.article_update(
                article=article,
                data=form.to_data(),
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Saved as a new version."))
            return redirect("knowledge:article_detail", pk=article.pk)
    status = 400 if form.errors else 200
    title = _("Edit article")
    return _form_page(request, form, title=title, article=article, status=status)


@login_required
@_view
@require_GET
def article_versions(request, pk: int):
    article = selectors.article_get(user=request.user, pk=pk)
    context = {
        "title": _("Versions of {title}").format(title=article.title),
        "article": article,
        "versions": selectors.article_versions(article),
    }
    return render(request, "knowledge/article_versions.html", context)


def line_diff(before: str, after: str) -> list[tuple[str, str]]:
    """(mark, line) per line: "+" added, "-" removed, " " kept."""
    rows = []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        mark = line[:1]
        if mark in ("+", "-", " "):
            rows.append((mark, line[2:]))
    return rows


@login_required
@_view
@require_GET
def article_version(request, pk: int, number: int):
    article = selectors.article_get(user=request.user, pk=pk)
    version = selectors.article_version_get(article, number)
    previous = article.versions.filter(number__lt=number).order_by("-number").first()
    context = {
        "title": _("{title}, version {number}").format(title=article.title, number=number),
        "article": article,
        "version": version,
        "previous": previous,
        "diff": line_diff(previous.body if previous else "", version.body),
        "title_changed": previous is not None and previous.title != version.title,
    }
    return render(request, "knowledge/article_version.html", context)


@login_required
@permission_required("knowledge.publish_article", raise_exception=True)
@require_POST
def article_publish(request, pk: int):
    article = selectors.article_get(user=request.user, pk=pk)
    services.article_publish(article=article, by=request.user)
    messages.success(request, _("The article is published."))
    return redirect("knowledge:article_detail", pk=article.pk)


@login_required
@permission_required("knowledge.publish_article", raise_exception=True)
@require_POST
def article_archive(request, pk: int):
    article = selectors.article_get(user=request.user, pk=pk)
    services.article_archive(article=article, by=request.user)
    messages.success(request, _("The article is archived."))
    return redirect("knowledge:article_detail", pk=article.pk)


@login_required
@_view
@require_POST
def article_helped(request, pk: int):
    """Count "this helped" once per user; htmx gets the button back, a plain post the page."""
    article = selectors.article_get(user=request.user, pk=pk)
    ticket = request.POST.get("ticket", "")
    services.article_helped(
        article=article, user=request.user, ticket_id=int(ticket) if ticket.isdigit() else None
    )
    if not request.headers.get("HX-Request"):
        return redirect("knowledge:article_detail", pk=article.pk)
    article.refresh_from_db(fields=["helped_count"])
    return render(request, "knowledge/_helped_button.html", {"article": article, "voted": True})


def _int(value) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 18 else None


def _asset_model_id(user, raw) -> int | None:
    """The product model of the desk's chosen product, if the customer is one the user sees."""
    asset_id = _int(raw)
    if not asset_id:
        return None
    visible = customer_visible_to(user).values("pk")
    return (
        Asset.objects.filter(pk=asset_id, customer__in=visible)
        .values_list("product_model_id", flat=True)
        .first()
    )


@login_required
@_view
@require_GET
def suggestions(request):
    """The suggestions panel for what the agent has typed so far (the desk asks as they type)."""
    get = request.GET
    names = ("q", "summary", "subject", "description", "fault_description")
    text = " ".join(get.get(name, "")[:500] for name in names)
    model_id = _int(get.get("product_model")) or _asset_model_id(request.user, get.get("asset_id"))
    phenomenon_id = _int(get.get("fault_phenomenon_id")) or _int(get.get("phenomenon"))
    product_model = ProductModel.objects.filter(pk=model_id).first() if model_id else None
    phenomenon = (
        FaultNode.objects.filter(pk=phenomenon_id, level=FaultLevel.PHENOMENON).first()
        if phenomenon_id
        else None
    )
    context = suggestion_context(
        request.user, text=text, product_model=product_model, phenomenon=phenomenon
    )
    return render(request, "knowledge/_suggestion_list.html", context)
