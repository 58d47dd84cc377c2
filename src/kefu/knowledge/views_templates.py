"""Pages of answer templates (应答模板) and forbidden phrases, and the desk's JSON endpoints.

Agents, experts and leads view; leads and admins create, edit and deactivate. The render endpoint
fills a template for a customer and a ticket the user may see (anything else is 404), the phrase
list feeds the reply boxes' inline warning.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from kefu.core.errors import ApplicationError
from kefu.core.forms import add_application_error
from kefu.core.listing import Column, ListPageView
from kefu.knowledge import templates_services as services
from kefu.knowledge.choices import TemplateCategory
from kefu.knowledge.templates_forms import (
    PhraseFilterForm,
    PhraseForm,
    TemplateFilterForm,
    TemplateForm,
)
from kefu.knowledge.templates_hooks import CUSTOMER, TICKET, subject_load
from kefu.knowledge.templates_selectors import (
    VIEW_PHRASE,
    VIEW_TEMPLATE,
    answer_template_get,
    answer_template_list,
    forbidden_phrase_get,
    forbidden_phrase_list,
    forbidden_phrases_in,
    phrase_key,
)
from kefu.knowledge.templates_variables import VARIABLES, template_fill

CHANGE_TEMPLATE = "knowledge.change_answertemplate"
ADD_TEMPLATE = "knowledge.add_answertemplate"
CHANGE_PHRASE = "knowledge.change_forbiddenphrase"
ADD_PHRASE = "knowledge.add_forbiddenphrase"


def _excerpt(text: str, size: int = 60) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


class AnswerTemplateListView(ListPageView):
    title = gettext_lazy("Answer templates")
    template_name = "knowledge/templates_list.html"
    view_perm = VIEW_TEMPLATE
    filter_form_class = TemplateFilterForm
    default_sort = "category"
    export_name = "answer-templates"
    create_url = reverse_lazy("knowledge:answer_template_create")
    create_perm = ADD_TEMPLATE
    actions_template = "knowledge/templates_row_actions.html"
    columns = [
        Column("key", gettext_lazy("Key"), sort="key"),
        Column("title", gettext_lazy("Title"), sort="title"),
        Column("category", gettext_lazy("Category"), sort="category"),
        Column("body", gettext_lazy("Text"), value=lambda row: _excerpt(row.body)),
        Column(
            "is_active",
            gettext_lazy("Active"),
            value=lambda row: _("Yes") if row.is_active else _("No"),
        ),
    ]

    def get_queryset(self, filters):
        active = {"1": True, "0": False}.get(filters.get("active", ""))
        return answer_template_list(
            user=self.request.user,
            category=filters.get("category", ""),
            q=filters.get("q", ""),
            active=active,
        )

    def _ordering(self, request) -> list[str]:
        return [*super()._ordering(request), "sort", "key"]

    def extra_context(self, filters):
        return {
            "edit_url": "knowledge:answer_template_edit",
            "active_url": "knowledge:answer_template_active",
            "may_change": self.request.user.has_perm(CHANGE_TEMPLATE),
            "variables": VARIABLES.items(),
        }


class ForbiddenPhraseListView(ListPageView):
    title = gettext_lazy("Forbidden phrases")
    template_name = "knowledge/templates_list.html"
    view_perm = VIEW_PHRASE
    filter_form_class = PhraseFilterForm
    default_sort = "phrase"
    export_name = "forbidden-phrases"
    create_url = reverse_lazy("knowledge:forbidden_phrase_create")
    create_perm = ADD_PHRASE
    actions_template = "knowledge/templates_row_actions.html"
    columns = [
        Column("phrase", gettext_lazy("Phrase"), sort="phrase"),
        Column("suggestion", gettext_lazy("Say instead")),
        Column(
            "is_active",
            gettext_lazy("Active"),
            value=lambda row: _("Yes") if row.is_active else _("No"),
        ),
    ]

    def get_queryset(self, filters):
        return forbidden_phrase_list(user=self.request.user, q=filters.get("q", ""))

    def extra_context(self, filters):
        return {
            "edit_url": "knowledge:forbidden_phrase_edit",
            "active_url": "knowledge:forbidden_phrase_active",
            "may_change": self.request.user.has_perm(CHANGE_PHRASE),
        }


def _form_page(request, form, *, title, back):
    return render(
        request,
        "knowledge/templates_form.html",
        {"title": title, "form": form, "cancel_url": back, "variables": VARIABLES.items()},
    )


def _save(request, form, write) -> bool:
    """Run the service on a valid form; its refusal is shown on the form, field by field."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        write(form.data_object())
    except ApplicationError as error:
        add_application_error(form, error)
        return False
    messages.success(request, _("Saved."))
    return True


@login_required
@permission_required(ADD_TEMPLATE, raise_exception=True)
def answer_template_create(request):
    form = TemplateForm(request.POST or None)
    if _save(
        request, form, lambda data: services.answer_template_create(data=data, by=request.user)
    ):
        return redirect("knowledge:answer_templates")
    return _form_page(request, form, title=_("New answer template"), back="../")


@login_required
@permission_required(CHANGE_TEMPLATE, raise_exception=True)
def answer_template_edit(request, pk: int):
    template = answer_template_get(user=request.user, pk=pk)
    initial = {name: getattr(template, name) for name in services.TEMPLATE_FIELDS}
    form = TemplateForm(request.POST or None, initial=initial)

    def write(data):
        services.answer_template_update(template=template, data=data, by=request.user)

    if _save(request, form, write):
        return redirect("knowledge:answer_templates")
    title = f"{_('Edit answer template')}: {template.key}"
    return _form_page(request, form, title=title, back="../../")


@login_required
@require_POST
@permission_required(CHANGE_TEMPLATE, raise_exception=True)
def answer_template_active(request, pk: int):
    template = answer_template_get(user=request.user, pk=pk)
    active = request.POST.get("active") == "1"
    services.answer_template_set_active(template=template, active=active, by=request.user)
    messages.success(request, _("Activated.") if active else _("Deactivated."))
    return redirect("knowledge:answer_templates")


@login_required
@permission_required(ADD_PHRASE, raise_exception=True)
def forbidden_phrase_create(request):
    form = PhraseForm(request.POST or None)
    if _save(
        request, form, lambda data: services.forbidden_phrase_create(data=data, by=request.user)
    ):
        return redirect("knowledge:forbidden_phrases")
    return _form_page(request, form, title=_("New forbidden phrase"), back="../")


@login_required
@permission_required(CHANGE_PHRASE, raise_exception=True)
def forbidden_phrase_edit(request, pk: int):
    phrase = forbidden_phrase_get(user=request.user, pk=pk)
    initial = {name: getattr(phrase, name) for name in services.PHRASE_FIELDS}
    form = PhraseForm(request.POST or None, initial=initial)

    def write(data):
        services.forbidden_phrase_update(phrase=phrase, data=data, by=request.user)

    if _save(request, form, write):
        return redirect("knowledge:forbidden_phrases")
    return _form_page(
        request, form, title=f"{_('Edit forbidden phrase')}: {phrase.phrase}", back="../../"
    )


@login_required
@require_POST
@permission_required(CHANGE_PHRASE, raise_exception=True)
def forbidden_phrase_active(request, pk: int):
    phrase = forbidden_phrase_get(user=request.user, pk=pk)
    active = request.POST.get("active") == "1"
    services.forbidden_phrase_set_active(phrase=phrase, active=active, by=request.user)
    messages.success(request, _("Activated.") if active else _("Deactivated."))
    return redirect("knowledge:forbidden_phrases")


# ---- the desk: picker, render, phrases ------------------------------------------------------


def _subject(request, kind: str):
    """The customer or ticket named by the query, as the user may see it (else 404)."""
    raw = request.GET.get(kind, "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404
    return subject_load(kind, user=request.user, pk=int(raw))


@login_required
@require_GET
@permission_required(VIEW_TEMPLATE, raise_exception=True)
def answer_template_render(request, pk: int):
    """`{"text", "missing"}`: the template filled for ?customer= and ?ticket= (both optional)."""
    template = answer_template_get(user=request.user, pk=pk)
    customer, ticket = _subject(request, CUSTOMER), _subject(request, TICKET)
    rendered = template_fill(
        template=template, customer=customer, ticket=ticket, agent=request.user
    )
    return JsonResponse(
        {"id": template.pk, "key": template.key, "text": rendered.text, "missing": rendered.missing}
    )


@login_required
@require_GET
@permission_required(VIEW_TEMPLATE, raise_exception=True)
def answer_template_picker(request):
    """The picker's list: active templates grouped by category (an htmx partial)."""
    rows = list(answer_template_list(user=request.user, active=True))
    labels = dict(TemplateCategory.choices)
    groups: dict[str, list] = {}
    for row in rows:
        groups.setdefault(labels.get(row.category, row.category), []).append(row)
    return render(request, "knowledge/templates_picker_list.html", {"groups": groups.items()})


@login_required
@require_GET
@permission_required(VIEW_PHRASE, raise_exception=True)
def forbidden_phrases_json(request):
    """Active phrases with their match keys; with ?text= only the ones that text contains."""
    phrases = list(forbidden_phrase_list(user=request.user, active=True))
    text = request.GET.get("text")
    if text is not None:
        phrases = forbidden_phrases_in(text[:20000], phrases)
    return JsonResponse(
        {
            "phrases": [
                {"phrase": p.phrase, "suggestion": p.suggestion, "key": phrase_key(p.phrase)}
                for p in phrases
            ]
        }
    )
