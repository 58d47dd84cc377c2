"""The fault taxonomy page (故障分类): one product type's tree — fault type → phenomenon → cause →
measure — with how many repair tickets used each entry lately, and the forms to add, edit, move,
deactivate and reactivate entries."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kefu.catalog import services_taxonomy as services
from kefu.catalog.choices import FaultLevel
from kefu.catalog.models import FaultNode, ProductType
from kefu.catalog.selectors_taxonomy import (
    fault_node_get,
    fault_tree,
    fault_usage,
    product_type_list,
)
from kefu.core import navigation as nav
from kefu.core.errors import ApplicationError
from kefu.core.forms import add_application_error

VIEW, ADD, CHANGE = "catalog.view_faultnode", "catalog.add_faultnode", "catalog.change_faultnode"
USAGE_DAYS = 90


def navigation_entries() -> list[nav.NavEntry]:
    return [
        nav.NavEntry(
            gettext_lazy("Base data"),
            gettext_lazy("Fault taxonomy"),
            "catalog:faults",
            (VIEW,),
            "diagram-2",
            820,
        )
    ]


def _flatten(nodes, counts: dict, depth: int = 0) -> list[dict]:
    """The tree as table rows, parents first; a row's count adds up its entries below."""
    rows = []
    for tree_node in nodes:
        below = _flatten(tree_node.children, counts, depth + 1)
        own = counts.get(tree_node.pk, 0)
        if tree_node.node.level == FaultLevel.FAULT_TYPE:
            own = sum(r["count"] for r in below if r["depth"] == depth + 1)
        rows.append({"node": tree_node.node, "depth": depth, "count": own})
        rows += below
    return rows


def _chosen_type(request) -> ProductType | None:
    types = product_type_list()
    raw = request.GET.get("product_type", "")
    chosen = types.filter(pk=int(raw)).first() if raw.isdigit() and len(raw) < 19 else None
    return chosen or types.first()


@login_required
@permission_required(VIEW, raise_exception=True)
def fault_taxonomy(request):
    user = request.user
    kind = _chosen_type(request)
    rows, usage = [], {"rows": {}, "counts": {}}
    if kind is not None:
        until = timezone.now()
        since = until - datetime.timedelta(days=USAGE_DAYS)
        usage = fault_usage(user=user, product_type_id=kind.pk, since=since, until=until)
        tree = fault_tree(user=user, product_type_id=kind.pk)
        rows = _flatten(tree, usage["counts"])
    context = {
        "title": _("Fault taxonomy"),
        "types": product_type_list(),
        "kind": kind,
        "rows": rows,
        "stats": [
            (_("Fault phenomena"), usage["rows"].get("phenomenon", [])[:10]),
            (_("Fault causes"), usage["rows"].get("cause", [])[:10]),
            (_("Repair measures"), usage["rows"].get("measure", [])[:10]),
        ],
        "days": USAGE_DAYS,
        "may_add": user.has_perm(ADD),
        "may_change": user.has_perm(CHANGE),
    }
    return render(request, "catalog/fault_taxonomy.html", context)


class FaultNodeForm(forms.Form):
    parent = forms.TypedChoiceField(
        label=gettext_lazy("Parent entry"), coerce=int, required=False, empty_value=None
    )
    code = forms.CharField(label=gettext_lazy("Code"), max_length=30)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    sort = forms.IntegerField(label=gettext_lazy("Order"), min_value=0, initial=0, required=False)

    def __init__(self, *args, kind: ProductType, level: int, **kwargs):
        super().__init__(*args, **kwargs)
        if level == FaultLevel.FAULT_TYPE:
            del self.fields["parent"]
            return
        parents = FaultNode.objects.filter(product_type=kind, level=level - 1, is_active=True)
        self.fields["parent"].required = True
        self.fields["parent"].choices = [
            (n.pk, n.name) for n in parents.order_by("parent__sort", "parent_id", "sort", "code")
        ]

    def parent_node(self) -> FaultNode | None:
        pk = self.cleaned_data.get("parent")
        return FaultNode.objects.filter(pk=pk).first() if pk else None


def _page_url(kind_id: int, node_id: int | None = None) -> str:
    url = reverse("catalog:faults") + f"?product_type={kind_id}"
    return url + (f"#fault-{node_id}" if node_id else "")


def _form_page(request, form, *, title: str, kind, level: int, status: int = 200):
    context = {"title": title, "form": form, "kind": kind, "level": FaultLevel(level).label}
    context["cancel_url"] = _page_url(kind.pk)
    return render(request, "catalog/fault_node_form.html", context, status=status)


@login_required
@permission_required(ADD, raise_exception=True)
def fault_node_new(request):
    """A fault type (`?product_type=`) or an entry under `?parent=`."""
    raw_parent = request.GET.get("parent", "")
    parent = fault_node_get(user=request.user, pk=int(raw_parent)) if raw_parent.isdigit() else None
    kind = parent.product_type if parent else _chosen_type(request)
    if kind is None:
        return redirect("catalog:faults")
    level = parent.level + 1 if parent else FaultLevel.FAULT_TYPE
    initial = {"parent": parent.pk if parent else None}
    form = FaultNodeForm(request.POST or None, kind=kind, level=min(level, 4), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            node = services.fault_node_create(
                by=request.user,
                product_type=kind,
                parent=form.parent_node(),
                level=level,
                code=data["code"],
                name=data["name"],
                sort=data["sort"] or 0,
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("“{name}” was added.").format(name=node.name))
            return redirect(_page_url(kind.pk, node.pk))
    title = _("New entry: {level}").format(level=FaultLevel(min(level, 4)).label)
    status = 400 if form.is_bound else 200
    return _form_page(request, form, title=title, kind=kind, level=min(level, 4), status=status)


@login_required
@permission_required(CHANGE, raise_exception=True)
def fault_node_edit(request, pk: int):
    node = fault_node_get(user=request.user, pk=pk)
    initial = {"parent": node.parent_id, "code": node.code, "name": node.name, "sort": node.sort}
    form = FaultNodeForm(
        request.POST or None, kind=node.product_type, level=node.level, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            _save_edit(node, form, request.user)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(_page_url(node.product_type_id, node.pk))
    status = 400 if form.is_bound else 200
    kind, level = node.product_type, node.level
    return _form_page(request, form, title=node.name, kind=kind, level=level, status=status)


@transaction.atomic
def _save_edit(node: FaultNode, form: FaultNodeForm, user) -> None:
    """Rename and move in one go: a refused move leaves the name unchanged too."""
    data = form.cleaned_data
    services.fault_node_update(
        node=node, by=user, name=data["name"], code=data["code"], sort=data["sort"] or 0
    )
    parent = form.parent_node()
    if parent is not None and parent.pk != node.parent_id:
        services.fault_node_move(node=node, parent=parent, by=user)


@login_required
@permission_required(CHANGE, raise_exception=True)
@require_POST
def fault_node_deactivate(request, pk: int):
    node = fault_node_get(user=request.user, pk=pk)
    count = services.fault_node_deactivate(node=node, by=request.user)
    messages.success(
        request,
        _("“{name}” was deactivated ({count} entries); tickets keep it.").format(
            name=node.name, count=count
        ),
    )
    return redirect(_page_url(node.product_type_id, node.pk))


@login_required
@permission_required(CHANGE, raise_exception=True)
@require_POST
def fault_node_activate(request, pk: int):
    node = fault_node_get(user=request.user, pk=pk)
    try:
        services.fault_node_activate(node=node, by=request.user)
    except ApplicationError as error:
        messages.error(request, " ".join(error.fields.values()) or error.message)
    else:
        messages.success(request, _("“{name}” is offered again.").format(name=node.name))
    return redirect(_page_url(node.product_type_id, node.pk))


urlpatterns = [
    path("faults/", fault_taxonomy, name="faults"),
    path("faults/new/", fault_node_new, name="fault_new"),
    path("faults/<int:pk>/edit/", fault_node_edit, name="fault_edit"),
    path("faults/<int:pk>/deactivate/", fault_node_deactivate, name="fault_deactivate"),
    path("faults/<int:pk>/activate/", fault_node_activate, name="fault_activate"),
]
