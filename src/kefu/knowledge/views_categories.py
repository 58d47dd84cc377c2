"""The article categories page: the tree, a form to add one and to change one (admins)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from kefu.core.errors import ApplicationError
from kefu.core.forms import add_application_error
from kefu.knowledge import services
from kefu.knowledge.forms import CategoryForm
from kefu.knowledge.models import ArticleCategory
from kefu.knowledge.selectors import category_list

_manage = permission_required("knowledge.change_articlecategory", raise_exception=True)


def _page(request, form, *, category=None, status=200):
    context = {
        "title": _("Article categories"),
        "categories": category_list(),
        "form": form,
        "category": category,
        "may_add": request.user.has_perm("knowledge.add_articlecategory"),
    }
    return render(request, "knowledge/categories.html", context, status=status)


def _save(request, form, category=None):
    try:
        services.category_save(
            category=category,
            code=form.cleaned_data["code"],
            name=form.cleaned_data["name"],
            parent=form.parent_category(),
            sort=form.cleaned_data["sort"] or 0,
            is_active=form.cleaned_data["is_active"],
            by=request.user,
        )
    except ApplicationError as error:
        add_application_error(form, error)
        return None
    messages.success(request, _("Saved."))
    return redirect("knowledge:categories")


@login_required
@_manage
def categories(request):
    """The tree; a post adds a category."""
    if request.method == "POST":
        if not request.user.has_perm("knowledge.add_articlecategory"):
            return render(request, "403.html", status=403)
        form = CategoryForm(request.POST)
        if form.is_valid() and (done := _save(request, form)) is not None:
            return done
        return _page(request, form, status=400)
    return _page(request, CategoryForm())


@login_required
@_manage
def category_edit(request, pk: int):
    category = get_object_or_404(ArticleCategory, pk=pk)
    initial = {
        "code": category.code,
        "name": category.name,
        "parent": category.parent_id,
        "sort": category.sort,
        "is_active": category.is_active,
    }
    form = CategoryForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid() and (done := _save(request, form, category)) is not None:
            return done
        return _page(request, form, category=category, status=400)
    return _page(request, form, category=category)
