"""API of answer templates and forbidden phrases: /api/v1/answer-templates and
/api/v1/forbidden-phrases.

Reads need the view permission (the desk roles), writes the add/change/delete permissions (leads
and admins). DELETE deactivates: a template or phrase stays on record. The render operation fills
a template for a customer and a ticket the caller may see (anything else is 404).
"""

from typing import Literal

from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from kefu.core.api_errors import errors
from kefu.core.api_types import Id, InputSchema
from kefu.knowledge import templates_services as services
from kefu.knowledge.choices import TemplateCategory
from kefu.knowledge.templates_hooks import CUSTOMER, TICKET, subject_load
from kefu.knowledge.templates_selectors import (
    VIEW_PHRASE,
    VIEW_TEMPLATE,
    answer_template_get,
    answer_template_list,
    forbidden_phrase_get,
    forbidden_phrase_list,
    forbidden_phrase_matches,
)
from kefu.knowledge.templates_variables import template_fill

templates_router = Router(tags=["answer-templates"])
phrases_router = Router(tags=["forbidden-phrases"])

Category = Literal[tuple(TemplateCategory.values)]


def _require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


class TemplateOut(Schema):
    id: int
    category: str
    category_name: str = Field(alias="get_category_display")
    key: str
    title: str
    body: str
    sort: int
    is_active: bool


class TemplateIn(InputSchema):
    category: Category
    key: str = Field(max_length=20, description="lower-case letters, digits or _, e.g. wh1")
    title: str = Field(max_length=100)
    body: str = Field(max_length=5000, description="text with variables such as {客户称呼}")
    sort: int = Field(0, ge=0, le=32767)
    is_active: bool = True


class TemplateFilters(InputSchema):
    category: str = ""
    q: str = Field("", max_length=60)
    active: bool | None = None


class RenderIn(InputSchema):
    customer_id: Id | None = None
    ticket_id: Id | None = None


class RenderedOut(Schema):
    id: int
    key: str
    text: str
    missing: list[str] = Field(description="variables left as placeholders: fill them by hand")


class PhraseOut(Schema):
    id: int
    phrase: str
    suggestion: str
    is_active: bool


class PhraseIn(InputSchema):
    phrase: str = Field(max_length=100)
    suggestion: str = Field("", max_length=200)
    is_active: bool = True


class PhraseFilters(InputSchema):
    q: str = Field("", max_length=60)
    active: bool | None = None
    text: str | None = Field(
        None, max_length=20000, description="only the active phrases this text contains"
    )


# ---- answer templates ------------------------------------------------------------------------


@templates_router.get("", response={200: list[TemplateOut], **errors(403, 422)})
@paginate
def list_templates(request, filters: Query[TemplateFilters]):
    """Templates by category and order; `q` matches the key, title or text."""
    _require(request, VIEW_TEMPLATE)
    return answer_template_list(user=request.user, **filters.model_dump())


@templates_router.post("", response={201: TemplateOut, **errors(400, 403, 422)})
def create_template(request, payload: TemplateIn):
    """A new template; an unknown variable or a key in use is refused naming the field."""
    _require(request, "knowledge.add_answertemplate")
    template = services.answer_template_create(
        data=services.TemplateData(**payload.model_dump()), by=request.user
    )
    return Status(201, template)


@templates_router.get("/{template_id}", response={200: TemplateOut, **errors(403, 404, 422)})
def read_template(request, template_id: int):
    _require(request, VIEW_TEMPLATE)
    return answer_template_get(user=request.user, pk=template_id)


@templates_router.put("/{template_id}", response={200: TemplateOut, **errors(400, 403, 404, 422)})
def update_template(request, template_id: int, payload: TemplateIn):
    """Replace the template's fields."""
    _require(request, "knowledge.change_answertemplate")
    template = answer_template_get(user=request.user, pk=template_id)
    return services.answer_template_update(
        template=template, data=services.TemplateData(**payload.model_dump()), by=request.user
    )


@templates_router.delete("/{template_id}", response={204: None, **errors(403, 404, 422)})
def delete_template(request, template_id: int):
    """Deactivate the template: it leaves the desk and stays on record."""
    _require(request, "knowledge.delete_answertemplate")
    template = answer_template_get(user=request.user, pk=template_id)
    services.answer_template_set_active(template=template, active=False, by=request.user)
    return Status(204, None)


@templates_router.get("/{template_id}/render", response={200: RenderedOut, **errors(403, 404, 422)})
def render_template(request, template_id: int, subjects: Query[RenderIn]):
    """The template's text filled for the customer and the ticket (both optional)."""
    _require(request, VIEW_TEMPLATE)
    template = answer_template_get(user=request.user, pk=template_id)
    customer = ticket = None
    if subjects.customer_id is not None:
        customer = subject_load(CUSTOMER, user=request.user, pk=subjects.customer_id)
    if subjects.ticket_id is not None:
        ticket = subject_load(TICKET, user=request.user, pk=subjects.ticket_id)
    rendered = template_fill(
        template=template, customer=customer, ticket=ticket, agent=request.user
    )
    return {
        "id": template.pk,
        "key": template.key,
        "text": rendered.text,
        "missing": rendered.missing,
    }


# ---- forbidden phrases -----------------------------------------------------------------------


@phrases_router.get("", response={200: list[PhraseOut], **errors(403, 422)})
@paginate
def list_phrases(request, filters: Query[PhraseFilters]):
    """Forbidden phrases; with `text`, the active ones that text contains (punctuation ignored)."""
    _require(request, VIEW_PHRASE)
    if filters.text is not None:
        return forbidden_phrase_matches(user=request.user, text=filters.text)
    return forbidden_phrase_list(user=request.user, q=filters.q, active=filters.active)


@phrases_router.post("", response={201: PhraseOut, **errors(400, 403, 422)})
def create_phrase(request, payload: PhraseIn):
    _require(request, "knowledge.add_forbiddenphrase")
    phrase = services.forbidden_phrase_create(
        data=services.PhraseData(**payload.model_dump()), by=request.user
    )
    return Status(201, phrase)


@phrases_router.get("/{phrase_id}", response={200: PhraseOut, **errors(403, 404, 422)})
def read_phrase(request, phrase_id: int):
    _require(request, VIEW_PHRASE)
    return forbidden_phrase_get(user=request.user, pk=phrase_id)


@phrases_router.put("/{phrase_id}", response={200: PhraseOut, **errors(400, 403, 404, 422)})
def update_phrase(request, phrase_id: int, payload: PhraseIn):
    _require(request, "knowledge.change_forbiddenphrase")
    phrase = forbidden_phrase_get(user=request.user, pk=phrase_id)
    return services.forbidden_phrase_update(
        phrase=phrase, data=services.PhraseData(**payload.model_dump()), by=request.user
    )


@phrases_router.delete("/{phrase_id}", response={204: None, **errors(403, 404, 422)})
def delete_phrase(request, phrase_id: int):
    """Deactivate the phrase: no more warnings, kept on record."""
    _require(request, "knowledge.delete_forbiddenphrase")
    phrase = forbidden_phrase_get(user=request.user, pk=phrase_id)
    services.forbidden_phrase_set_active(phrase=phrase, active=False, by=request.user)
    return Status(204, None)
