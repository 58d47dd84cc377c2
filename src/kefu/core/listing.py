"""The one list page every app reuses: filters, sort, pagination, CSV/Excel export, htmx.

A subclass names its columns, its filter form and its selector; the page does the rest:

    class CustomerListView(ListPageView):
        title = _("Customers")
        filter_form_class = CustomerFilterForm
        columns = [Column("code", _("Code"), sort="code"), ...]
        def get_queryset(self, filters): return customer_list(user=self.request.user, **filters)
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from kefu.core.exports import export_response
from kefu.core.paging import COUNT_LIMIT, CappedPaginator

EXPORT_LIMIT = 200_000


@dataclass
class Column:
    key: str
    label: str
    sort: str | None = None
    value: Callable | None = None  # row -> shown value; default: the attribute `key`
    export: bool = True

    def cell(self, row):
        if self.value is not None:
            return self.value(row)
        value = row
        for part in self.key.split("__"):
            value = getattr(value, part, None)
            if value is None:
                return ""
        labels = self._labels(row)
        return labels.get(value, value) if labels is not None else value

    def _labels(self, row) -> dict | None:
        """{value: label} of a choices field, built once: `get_FOO_display` rebuilds it per call,
        which costs more than the rest of a row."""
        if not hasattr(self, "_choice_labels"):
            try:
                field = row._meta.get_field(self.key)
            except FieldDoesNotExist:  # a property or a relation path
                field = None
            choices = (
                getattr(field, "flatchoices", None) if getattr(field, "choices", None) else None
            )
            self._choice_labels = dict(choices) if choices else None
        return self._choice_labels


class ListPageView(LoginRequiredMixin, View):
    title = ""
    template_name = "core/list.html"
    columns: list[Column] = []
    filter_form_class: type[forms.Form] | None = None
    default_sort = "-id"
    export_name = "export"
    export_perm: str | None = None
    view_perm: str | None = None
    create_url: str | None = None
    create_perm: str | None = None
    page_size = 25
    actions_template: str | None = None

    def get_queryset(self, filters: dict):
        raise NotImplementedError

    def export_columns(self) -> list[Column]:
        return [c for c in self.columns if c.export]

    def get(self, request, *args, **kwargs):
        if self.view_perm and not request.user.has_perm(self.view_perm):
            raise PermissionDenied
        form = self.filter_form_class(request.GET or None) if self.filter_form_class else None
        filters = form.cleaned_data if form is not None and form.is_valid() else {}
        filters = {k: v for k, v in filters.items() if v not in (None, "", [])}
        rows = self.get_queryset(filters).order_by(*self._ordering(request))
        fmt = request.GET.get("export")
        if fmt in ("csv", "xlsx"):
            return self._export(rows, fmt)
        page = CappedPaginator(rows, self.page_size).get_page(request.GET.get("page"))
        context = {
            "title": self.title,
            "form": form,
            "columns": self.columns,
            "page": page,
            "count_limit": COUNT_LIMIT,
            "rows": [(row, [c.cell(row) for c in self.columns]) for row in page.object_list],
            "sort": request.GET.get("sort", self.default_sort),
            "query": self._query_without("page", "sort", "export"),
            "query_page": self._query_without("page", "export"),
            "can_export": self.export_perm is None or request.user.has_perm(self.export_perm),
            "create_url": self.create_url
            if (self.create_perm is None or request.user.has_perm(self.create_perm))
            else None,
            "actions_template": self.actions_template,
        }
        context.update(self.extra_context(filters))
        template = (
            "core/list_table.html" if request.headers.get("HX-Request") else self.template_name
        )
        return render(request, template, context)

    def extra_context(self, filters: dict) -> dict:
        return {}

    def _ordering(self, request) -> list[str]:
        wanted = request.GET.get("sort", self.default_sort)
        allowed = {c.sort for c in self.columns if c.sort}
        if wanted.lstrip("-") in allowed:
            return [wanted, "-pk" if wanted.startswith("-") else "pk"]
        return [self.default_sort]

    def _query_without(self, *names: str) -> str:
        params = self.request.GET.copy()
        for name in names:
            params.pop(name, None)
        return params.urlencode()

    def _export(self, rows, fmt: str):
        if self.export_perm and not self.request.user.has_perm(self.export_perm):
            raise PermissionDenied
        columns = self.export_columns()
        data = (
            [_plain(c.cell(row)) for c in columns]
            for row in rows[:EXPORT_LIMIT].iterator(chunk_size=2000)
        )
        return export_response(
            fmt=fmt, filename=self.export_name, headers=[str(c.label) for c in columns], rows=data
        )


def _plain(value):
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return value if isinstance(value, int | float | str) or value is None else str(value)
