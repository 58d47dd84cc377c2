"""Forms of the article pages: filters, the article form (with an edit's reason), categories."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kefu.catalog.choices import FaultLevel
from kefu.catalog.models import FaultNode, ProductModel, ProductType
from kefu.knowledge.choices import ArticleKind, ArticleStatus, Visibility
from kefu.knowledge.models import ArticleCategory
from kefu.knowledge.selectors import category_list
from kefu.knowledge.services import ArticleData

ALL = [("", _("All"))]
_MULTI = {"data-tom-select": "1", "col": "col-md-4"}


def _category_choices(*, active_only: bool = True) -> list:
    return [(c.pk, "\u3000" * c.depth + c.name) for c in category_list(active_only=active_only)]


class ArticleFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, widget=forms.TextInput(attrs={"col": "col-md-4"})
    )
    category = forms.TypedChoiceField(label=_("Category"), required=False, coerce=int)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=ALL + ArticleKind.choices)
    visibility = forms.ChoiceField(
        label=_("Visibility"), required=False, choices=ALL + Visibility.choices
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=ALL + ArticleStatus.choices
    )
    product_type = forms.TypedChoiceField(label=_("Product type"), required=False, coerce=int)

    def __init__(self, *args, editor: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = ALL + _category_choices()
        self.fields["product_type"].choices = ALL + [
            (t.pk, t.name) for t in ProductType.objects.filter(is_active=True)
        ]
        if not editor:  # readers see published articles only
            del self.fields["status"]


class HelpSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    category = forms.TypedChoiceField(label=_("Category"), required=False, coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = ALL + _category_choices()


class ArticleForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, widget=forms.TextInput(attrs={"col": "col-md-8"})
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=ArticleKind.choices)
    category = forms.TypedChoiceField(label=_("Category"), required=False, coerce=int)
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        choices=Visibility.choices,
        help_text=_("Public articles are also shown to customers in the help centre."),
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"col": "col-md-8"}),
    )
    body = forms.CharField(
        label=_("Content"), widget=forms.Textarea(attrs={"rows": 14, "col": "col-12"})
    )
    product_types = forms.ModelMultipleChoiceField(
        label=_("Product types"),
        required=False,
        queryset=ProductType.objects.filter(is_active=True),
        widget=forms.SelectMultiple(attrs=_MULTI),
    )
    product_models = forms.ModelMultipleChoiceField(
        label=_("Product models"),
        required=False,
        queryset=ProductModel.objects.filter(is_active=True).select_related("product_type"),
        widget=forms.SelectMultiple(attrs=_MULTI),
    )
    phenomena = forms.ModelMultipleChoiceField(
        label=_("Fault phenomena"),
        required=False,
        queryset=FaultNode.objects.filter(level=FaultLevel.PHENOMENON, is_active=True)
        .select_related("product_type")
        .order_by("product_type__name", "sort", "code"),
        widget=forms.SelectMultiple(attrs=_MULTI),
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=200,
        widget=forms.TextInput(attrs={"col": "col-12"}),
        help_text=_("Kept with the new version, e.g. 补充了排查步骤."),
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "—")] + _category_choices()
        self.fields["product_models"].label_from_instance = lambda m: f"{m.code} {m.name}"
        self.fields["phenomena"].label_from_instance = lambda n: f"{n.product_type.name} · {n.name}"
        if not editing:  # a new article's version 1 needs no reason
            del self.fields["reason"]

    def to_data(self) -> ArticleData:
        data = self.cleaned_data
        category = None
        if data.get("category"):
            category = ArticleCategory.objects.filter(pk=data["category"]).first()
        return ArticleData(
            title=data["title"],
            body=data["body"],
            kind=data["kind"],
            category=category,
            summary=data.get("summary", ""),
            visibility=data["visibility"],
            product_types=list(data.get("product_types") or []),
            product_models=list(data.get("product_models") or []),
            phenomena=list(data.get("phenomena") or []),
        )


def article_initial(article) -> dict:
    return {
        "title": article.title,
        "kind": article.kind,
        "category": article.category_id,
        "visibility": article.visibility,
        "summary": article.summary,
        "body": article.body,
        "product_types": list(article.product_types.all()),
        "product_models": list(article.product_models.all()),
        "phenomena": list(article.phenomena.all()),
    }


class CategoryForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=30)
    name = forms.CharField(label=_("Name"), max_length=100)
    parent = forms.TypedChoiceField(label=_("Parent category"), required=False, coerce=int)
    sort = forms.IntegerField(label=_("Order"), min_value=0, initial=0)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [("", "—")] + _category_choices(active_only=False)

    def parent_category(self):
        pk = self.cleaned_data.get("parent")
        return ArticleCategory.objects.filter(pk=pk).first() if pk else None
