"""Options of the fault taxonomy in the repair forms: phenomena of a product's type (grouped by
fault type), measures of a cause (or all of a product type, grouped by cause)."""

import json

from django import forms
from django.forms.models import ModelChoiceIterator
from django.urls import reverse
from django.utils.translation import gettext as _

from kefu.catalog.choices import FaultLevel
from kefu.catalog.models import FaultNode, ProductModel
from kefu.catalog.selectors_taxonomy import fault_choices
from kefu.customers.models import Asset
from kefu.customers.selectors import customer_visible_to


def number(value) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) < 19 else None


def product_type_of(*, user, product_model_id=None, asset_id=None) -> int | None:
    """The product type of a chosen model, or else of a chosen installed product the user may
    see (an asset of a customer outside the user's scope counts as none)."""
    model_id = number(product_model_id)
    if model_id is not None:
        found = ProductModel.objects.filter(pk=model_id).values_list("product_type_id", flat=True)
        return found.first()
    pk = number(asset_id)
    if pk is None:
        return None
    assets = Asset.objects.filter(pk=pk, customer__in=customer_visible_to(user))
    return assets.values_list("product_model__product_type_id", flat=True).first()


def phenomenon_choices(product_type_id: int | None) -> list[tuple]:
    """Options of the phenomenon select: the empty choice, then phenomena by fault type."""
    if product_type_id is None:
        return [("", _("choose the product first"))]
    grouped = fault_choices(level=FaultLevel.PHENOMENON, product_type_id=product_type_id)
    if not grouped:
        return [("", _("no taxonomy for this product type"))]
    return [("", "—"), *grouped]


def measure_choices(cause_id: int | None) -> list[tuple]:
    """Options of the measure select: the chosen cause's measures."""
    if cause_id is None:
        return [("", _("choose the cause first"))]
    return [("", "—"), *fault_choices(level=FaultLevel.MEASURE, parent_id=cause_id)]


def option_rows(choices: list[tuple]) -> dict:
    """Choices (flat or grouped) as the options template shows them."""
    empty, groups = "", []
    for value, label in choices:
        if value == "":
            empty = label
        elif isinstance(label, list | tuple):
            groups.append((value, label))
        else:
            groups.append(("", [(value, label)]))
    return {"empty": empty, "groups": groups}


def desk_phenomenon_options(*, user, form, assets) -> dict:
    """The desk's phenomenon select: phenomena of the product picked (or of the customer's only
    product, which the desk preselects), and the value posted."""
    asset_id = form["asset_id"].value()
    if not asset_id and len(assets) == 1:
        asset_id = assets[0].pk
    rows = option_rows(phenomenon_choices(product_type_of(user=user, asset_id=asset_id)))
    return rows | {"selected": str(form["fault_phenomenon_id"].value() or "")}


class _ByParent(ModelChoiceIterator):
    """The entries under their parent's name (<optgroup>), in the queryset's order."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups: dict[str, list] = {}
        for node in self.queryset.select_related("parent"):
            groups.setdefault(node.parent.name if node.parent_id else "", []).append(
                self.choice(node)
            )
        for label, rows in groups.items():
            if label:
                yield (label, rows)
            else:
                yield from rows


class FaultChoiceField(forms.ModelChoiceField):
    """A select of taxonomy entries grouped by their parent (causes under their phenomenon,
    measures under their cause), so the user sees which belong together."""

    iterator = _ByParent

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", "—")
        super().__init__(*args, **kwargs)


def follow_cause(form) -> None:
    """In a form with a cause and a measure select: reload the measures when the cause changes,
    so only the chosen cause's measures are offered (the service refuses a mismatch anyway)."""
    if "fault_cause" not in form.fields or "fault_measure" not in form.fields:
        return
    cause = form.fields["fault_cause"]
    # any measure of an offered cause is valid here: the pair is checked by the service
    form.fields["fault_measure"].queryset = FaultNode.objects.filter(
        level=FaultLevel.MEASURE, is_active=True, parent__in=cause.queryset.order_by().values("pk")
    ).order_by("parent__sort", "parent__code", "parent_id", "sort", "code")
    cause.widget.attrs.update(
        {
            "hx-get": reverse("service:fault_options"),
            "hx-trigger": "change",
            "hx-target": f"#{form['fault_measure'].auto_id}",
            "hx-swap": "innerHTML",
            "hx-vals": json.dumps({"level": "measure"}),
        }
    )
