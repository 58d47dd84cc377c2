"""How every form renders (Bootstrap 5, inline errors) and how service errors reach a form."""

from django.forms.renderers import TemplatesSetting

from kefu.core.errors import ApplicationError


class FormRenderer(TemplatesSetting):
    form_template_name = "core/form_body.html"
    field_template_name = "core/field.html"


def add_application_error(form, error: ApplicationError) -> None:
    """Show a service's refusal on the form: each named field inline, the rest on top."""
    placed = False
    for name, message in error.fields.items():
        if name in form.fields:
            form.add_error(name, message)
            placed = True
    if not placed:
        form.add_error(None, error.message)
