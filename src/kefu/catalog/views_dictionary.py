"""Pages of the code lists admins maintain: complaint categories, complaint root causes, feedback
categories (trees) and evaluation items (flat). One list page and one form per list; the entries'
actions are posted to shared URLs by entry id."""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kefu.catalog import dictionary
from kefu.catalog.choices import DictKind
from kefu.catalog.models import DictItem
from kefu.core import navigation as nav
from kefu.core.errors import ApplicationError
from kefu.core.forms import add_application_error

VIEW, ADD = "catalog.view_dictitem", "catalog.add_dictitem"
CHANGE, DELETE = "catalog.change_dictitem", "catalog.delete_dictitem"


@dataclass(frozen=True)
class ListPage:
    slug: str
    kind: str
    title: str
    icon: str
    order: int

    @property
    def url_name(self) -> str:
        return f"dict_{self.slug.replace('-', '_')}"

    @property
    def is_tree(self) -> bool:
        return self.kind in dictionary.TREE_KINDS


PAGES = [
    ListPage(
        "complaint-categories",
        DictKind.COMPLAINT_CATEGORY,
        gettext_lazy("Complaint categories"),
        "exclamation-octagon",
        830,
    ),
    ListPage(
        "complaint-causes",
        DictKind.COMPLAINT_CAUSE,
        gettext_lazy("Complaint root causes"),
        "diagram-3",
        831,
    ),
    ListPage(
        "feedback-categories",
        DictKind.FEEDBACK_CATEGORY,
        gettext_lazy("Feedback categories"),
        "chat-square-text",
        832,
    ),
    ListPage(
        "evaluation-items", DictKind.EVALUATION_ITEM, gettext_lazy("Evaluation items"), "star", 833
    ),
]
BY_KIND = {page.kind: page for page in PAGES}


def navigation_entries() -> list[nav.NavEntry]:
    section = gettext_lazy("Base data")
    return [
        nav.NavEntry(
            section, page.title, f"catalog:{page.url_name}", (VIEW,), page.icon, page.order
        )
        for page in PAGES
    ]


class DictItemForm(forms.Form):
    parent = forms.TypedChoiceField(
        label=gettext_lazy("Parent entry"), required=False, coerce=int, empty_value=None
    )
    code = forms.CharField(label=gettext_lazy("Code"), max_length=40)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    sort = forms.IntegerField(
        label=gettext_lazy("Order"),
        min_value=0,
        initial=0,
        help_text=gettext_lazy("Smaller numbers come first."),
    )

    def __init__(self, *args, page: ListPage, item: DictItem | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if not page.is_tree:
            del self.fields["parent"]
            return
        own = set()
        if item is not None:  # not under itself or its own entries
            own = {item.pk, *dictionary._descendant_ids(item)}
        self.fields["parent"].choices = [("", _("— top level —"))] + [
            (pk, label) for pk, label in dictionary.dict_choices(page.kind) if pk not in own
        ]

    def parent_item(self) -> DictItem | None:
        pk = self.cleaned_data.get("parent")
        return DictItem.objects.filter(pk=pk).first() if pk else None


def _page_of(item: DictItem) -> ListPage:
    page = BY_KIND.get(item.kind)
    if page is None:
        raise ApplicationError("dictionary.no_page", _("This list has no page."), status=404)
    return page


def _list_url(page: ListPage) -> str:
    return reverse(f"catalog:{page.url_name}")


def list_view(request, *, page: ListPage):
    rows = dictionary.dict_tree(page.kind)
    user = request.user
    return render(
        request,
        "catalog/dictionary_list.html",
        {
            "title": page.title,
            "page": page,
            "rows": rows,
            "create_url": reverse(f"catalog:{page.url_name}_new"),
            "may_add": user.has_perm(ADD),
            "may_change": user.has_perm(CHANGE),
            "may_delete": user.has_perm(DELETE),
        },
    )


def _form_page(request, *, page: ListPage, form, title: str):
    return render(
        request,
        "core/form_page.html",
        {"title": f"{page.title} · {title}", "form": form, "cancel_url": _list_url(page)},
    )


def create_view(request, *, page: ListPage):
    parent = request.GET.get("parent", "")
    initial = {"parent": parent} if parent.isdigit() else {}
    form = DictItemForm(request.POST or None, page=page, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = dictionary.dict_item_create(
                kind=page.kind,
                code=data["code"],
                name=data["name"],
                sort=data["sort"],
                parent=form.parent_item() if page.is_tree else None,
                by=request.user,
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("“{name}” was added.").format(name=item.name))
            return redirect(_list_url(page))
    return _form_page(request, page=page, form=form, title=_("New entry"))


@login_required
@permission_required(CHANGE, raise_exception=True)
def item_edit(request, item_id: int):
    item = get_object_or_404(DictItem, pk=item_id)
    page = _page_of(item)
    initial = {"parent": item.parent_id, "code": item.code, "name": item.name, "sort": item.sort}
    form = DictItemForm(request.POST or None, page=page, item=item, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            dictionary.dict_item_update(
                item=item,
                code=data["code"],
                name=data["name"],
                sort=data["sort"],
                parent=form.parent_item() if page.is_tree else None,
                by=request.user,
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(_list_url(page))
    return _form_page(request, page=page, form=form, title=item.name)


def _entry_action(request, item_id: int, action) -> object:
    item = get_object_or_404(DictItem, pk=item_id)
    page = _page_of(item)
    try:
        messages.success(request, action(item))
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect(_list_url(page))


@login_required
@permission_required(CHANGE, raise_exception=True)
@require_POST
def item_deactivate(request, item_id: int):
    def apply(item):
        count = dictionary.dict_item_deactivate(item=item, by=request.user)
        return _("“{name}” was deactivated ({count} entries); tickets keep it.").format(
            name=item.name, count=count
        )

    return _entry_action(request, item_id, apply)


@login_required
@permission_required(CHANGE, raise_exception=True)
@require_POST
def item_reactivate(request, item_id: int):
    def apply(item):
        dictionary.dict_item_reactivate(item=item, by=request.user)
        return _("“{name}” is offered again.").format(name=item.name)

    return _entry_action(request, item_id, apply)


@login_required
@permission_required(DELETE, raise_exception=True)
@require_POST
def item_delete(request, item_id: int):
    def apply(item):
        name = item.name
        dictionary.dict_item_delete(item=item, by=request.user)
        return _("“{name}” was deleted.").format(name=name)

    return _entry_action(request, item_id, apply)


def _guarded(view, perm: str):
    return login_required(permission_required(perm, raise_exception=True)(view))


def urlpatterns() -> list:
    """Two URLs per list (its page and its form), and the entry actions by id."""
    patterns = []
    for page in PAGES:
        patterns += [
            path(
                f"dictionary/{page.slug}/",
                _guarded(list_view, VIEW),
                {"page": page},
                name=page.url_name,
            ),
            path(
                f"dictionary/{page.slug}/new/",
                _guarded(create_view, ADD),
                {"page": page},
                name=f"{page.url_name}_new",
            ),
        ]
    return patterns + [
        path("dictionary/entries/<int:item_id>/edit/", item_edit, name="dict_item_edit"),
        path(
            "dictionary/entries/<int:item_id>/deactivate/",
            item_deactivate,
            name="dict_item_deactivate",
        ),
        path(
            "dictionary/entries/<int:item_id>/reactivate/",
            item_reactivate,
            name="dict_item_reactivate",
        ),
        path("dictionary/entries/<int:item_id>/delete/", item_delete, name="dict_item_delete"),
    ]
