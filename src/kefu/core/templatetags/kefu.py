"""Template helpers shared by every app's pages."""

import copy

from django import forms, template
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def is_checkbox(bound_field) -> bool:
    return isinstance(bound_field.field.widget, forms.CheckboxInput)


@register.filter
def with_class(bound_field, css: str):
    """Render a bound field with Bootstrap classes, marking it invalid when it has errors."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.Select | forms.SelectMultiple) and css == "form-control":
        css = "form-select"
    classes = [css, widget.attrs.get("class", "")]
    if bound_field.errors:
        classes.append("is-invalid")
    attrs = {"class": " ".join(c for c in classes if c)}
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
    if type(widget) is forms.Select:
        return _select(bound_field, attrs)
    shown = copy.copy(widget)  # "col" is layout for the template, not an HTML attribute
    shown.attrs = {k: v for k, v in widget.attrs.items() if k != "col"}
    return bound_field.as_widget(widget=shown, attrs=attrs)


def _select(bound_field, attrs: dict) -> str:
    """A plain <select>, rendered here: through the widget templates, one option costs a
    template render, and a filter bar of selects took a third of a list page's time."""
    widget = bound_field.field.widget
    merged = {k: v for k, v in widget.attrs.items() if k != "col"} | attrs
    merged.update({"name": bound_field.html_name, "id": bound_field.auto_id})
    if bound_field.field.required:
        merged["required"] = True
    value = bound_field.value()
    chosen = {
        str(v) for v in (value if isinstance(value, list | tuple) else [value]) if v is not None
    }
    options = mark_safe(
        "".join(_option_html(key, label, chosen) for key, label in _choices(bound_field.field))
    )
    return format_html("<select{}>{}</select>", flatatt(merged), options)


def _option_html(key, label, chosen: set) -> str:
    if isinstance(label, list | tuple):  # an optgroup and its options
        inner = "".join(_option_html(k, text, chosen) for k, text in label)
        return format_html('<optgroup label="{}">{}</optgroup>', key, mark_safe(inner))
    selected = mark_safe(" selected") if str(key) in chosen else ""
    return format_html('<option value="{}"{}>{}</option>', str(key), selected, label)


def _choices(field):
    choices = field.choices
    if type(choices) is ModelChoiceIterator:  # a subclass (grouping, say) iterates its own way
        return _model_choices(choices)
    return choices


def _model_choices(iterator: ModelChoiceIterator):
    """A model field's choices from one plain query: the iterator's own `.iterator()` opens a
    server-side cursor on PostgreSQL (DECLARE, FETCH, CLOSE: three round trips per select)."""
    field = iterator.field
    if field.empty_label is not None:
        yield "", field.empty_label
    for obj in field.queryset:
        yield iterator.choice(obj)


@register.filter
def local(value, fmt: str = "%Y-%m-%d %H:%M"):
    if not value:
        return ""
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        value = timezone.localtime(value)
    return value.strftime(fmt)


@register.simple_tag
def sort_link(query: str, current: str, key: str) -> str:
    """The query string that sorts by `key`, toggling the direction when it is already sorted."""
    direction = "" if current == f"-{key}" else "-" if current == key else ""
    prefix = f"{query}&" if query else ""
    return f"?{prefix}sort={direction}{key}"
