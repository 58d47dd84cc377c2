"""Template helpers shared by every app's pages."""

import copy

from django import forms, template
from django.utils import timezone

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
    shown = copy.copy(widget)  # "col" is layout for the template, not an HTML attribute
    shown.attrs = {k: v for k, v in widget.attrs.items() if k != "col"}
    return bound_field.as_widget(widget=shown, attrs=attrs)


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
