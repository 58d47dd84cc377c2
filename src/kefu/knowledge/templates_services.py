"""Writes of answer templates (应答模板) and forbidden phrases (不可以说的话).

Every function validates the whole input first and raises one ApplicationError naming each bad
field (in the user's language), so nothing is written on bad input; then saves and audits.
A template naming a variable outside `templates_variables.VARIABLES` is refused with the list of
the known ones; keys are unique (lower case), and so are phrases once punctuation is ignored.
"""

import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from kefu.core.errors import ApplicationError
from kefu.core.services import audit_record
from kefu.knowledge.choices import TemplateCategory
from kefu.knowledge.models import AnswerTemplate, ForbiddenPhrase
from kefu.knowledge.templates_selectors import phrase_key
from kefu.knowledge.templates_variables import unknown_variables, variables_help

KEY = re.compile(r"^[a-z0-9_]{1,20}$")
TEMPLATE_FIELDS = ("category", "key", "title", "body", "sort", "is_active")
PHRASE_FIELDS = ("phrase", "suggestion", "is_active")


@dataclass
class TemplateData:
    category: str
    key: str
    title: str
    body: str
    sort: int = 0
    is_active: bool = True


@dataclass
class PhraseData:
    phrase: str
    suggestion: str = ""
    is_active: bool = True


def _refuse(code: str, errors: dict) -> ApplicationError:
    return ApplicationError(code, _("Please correct the fields listed."), fields=errors)


def _template_errors(data: TemplateData, *, pk: int | None) -> dict:
    errors = {}
    if data.category not in TemplateCategory.values:
        errors["category"] = _("Choose one of the listed categories.")
    if not KEY.match(data.key):
        errors["key"] = _("Use 1 to 20 lower-case letters, digits or “_”, e.g. wh1.")
    elif AnswerTemplate.objects.filter(key=data.key).exclude(pk=pk).exists():
        errors["key"] = _("Another template already has the key “{key}”.").format(key=data.key)
    if not data.title:
        errors["title"] = _("This field is required.")
    elif len(data.title) > 100:
        errors["title"] = _("At most 100 characters.")
    if not data.body:
        errors["body"] = _("This field is required.")
    else:
        unknown = unknown_variables(data.body)
        if unknown:
            errors["body"] = _("Unknown variable {names}. Known variables: {known}.").format(
                names="、".join(f"{{{name}}}" for name in unknown), known=variables_help()
            )
    if not 0 <= data.sort <= 32767:
        errors["sort"] = _("Enter a number from 0 to 32767.")
    return errors


def _clean_template(data: TemplateData) -> TemplateData:
    return TemplateData(
        category=(data.category or "").strip(),
        key=(data.key or "").strip().lower(),
        title=(data.title or "").strip(),
        body=(data.body or "").strip(),
        sort=data.sort or 0,
        is_active=bool(data.is_active),
    )


def _save(obj, *, fields, code: str, field: str, message: str) -> None:
    """Save in a savepoint: a duplicate written beside this one is refused, not a server error."""
    try:
        with transaction.atomic():
            if fields:
                obj.save(update_fields=fields)
            else:
                obj.save()
    except IntegrityError as exc:
        raise _refuse(code, {field: message}) from exc


def _changes(obj, data, names) -> dict:
    return {
        name: [getattr(obj, name), getattr(data, name)]
        for name in names
        if getattr(obj, name) != getattr(data, name)
    }


@transaction.atomic
def answer_template_create(*, data: TemplateData, by) -> AnswerTemplate:
    data = _clean_template(data)
    errors = _template_errors(data, pk=None)
    if errors:
        raise _refuse("answer_template.invalid", errors)
    template = AnswerTemplate(**{name: getattr(data, name) for name in TEMPLATE_FIELDS})
    duplicate = _("Another template already has the key “{key}”.").format(key=data.key)
    _save(template, fields=None, code="answer_template.invalid", field="key", message=duplicate)
    audit_record(
        actor=by,
        action="answer_template.create",
        obj=template,
        changes={name: [None, getattr(data, name)] for name in TEMPLATE_FIELDS},
    )
    return template


@transaction.atomic
def answer_template_update(*, template: AnswerTemplate, data: TemplateData, by) -> AnswerTemplate:
    data = _clean_template(data)
    errors = _template_errors(data, pk=template.pk)
    if errors:
        raise _refuse("answer_template.invalid", errors)
    changes = _changes(template, data, TEMPLATE_FIELDS)
    if not changes:
        return template
    for name in changes:
        setattr(template, name, getattr(data, name))
    duplicate = _("Another template already has the key “{key}”.").format(key=data.key)
    _save(
        template,
        fields=[*changes, "updated_at"],
        code="answer_template.invalid",
        field="key",
        message=duplicate,
    )
    audit_record(actor=by, action="answer_template.update", obj=template, changes=changes)
    return template


@transaction.atomic
def answer_template_set_active(*, template: AnswerTemplate, active: bool, by) -> AnswerTemplate:
    """Deactivate (hidden from the desk, kept for the record) or activate again."""
    if template.is_active == active:
        return template
    before = template.is_active
    template.is_active = active
    template.save(update_fields=["is_active", "updated_at"])
    action = "answer_template.activate" if active else "answer_template.deactivate"
    audit_record(actor=by, action=action, obj=template, changes={"is_active": [before, active]})
    return template


def _clean_phrase(data: PhraseData) -> PhraseData:
    return PhraseData(
        phrase=(data.phrase or "").strip(),
        suggestion=(data.suggestion or "").strip(),
        is_active=bool(data.is_active),
    )


def _phrase_errors(data: PhraseData, *, pk: int | None) -> dict:
    errors = {}
    key = phrase_key(data.phrase)
    if not data.phrase:
        errors["phrase"] = _("This field is required.")
    elif len(data.phrase) > 100:
        errors["phrase"] = _("At most 100 characters.")
    elif not key:
        errors["phrase"] = _("Enter words, not only punctuation.")
    else:
        others = ForbiddenPhrase.objects.exclude(pk=pk).values_list("phrase", flat=True)
        same = next((p for p in others.iterator() if phrase_key(p) == key), None)
        if same is not None:
            errors["phrase"] = _("This phrase is already listed as “{phrase}”.").format(phrase=same)
    if len(data.suggestion) > 200:
        errors["suggestion"] = _("At most 200 characters.")
    return errors


@transaction.atomic
def forbidden_phrase_create(*, data: PhraseData, by) -> ForbiddenPhrase:
    data = _clean_phrase(data)
    errors = _phrase_errors(data, pk=None)
    if errors:
        raise _refuse("forbidden_phrase.invalid", errors)
    phrase = ForbiddenPhrase(**{name: getattr(data, name) for name in PHRASE_FIELDS})
    duplicate = _("This phrase is already listed.")
    _save(phrase, fields=None, code="forbidden_phrase.invalid", field="phrase", message=duplicate)
    audit_record(
        actor=by,
        action="forbidden_phrase.create",
        obj=phrase,
        changes={name: [None, getattr(data, name)] for name in PHRASE_FIELDS},
    )
    return phrase


@transaction.atomic
def forbidden_phrase_update(*, phrase: ForbiddenPhrase, data: PhraseData, by) -> ForbiddenPhrase:
    data = _clean_phrase(data)
    errors = _phrase_errors(data, pk=phrase.pk)
    if errors:
        raise _refuse("forbidden_phrase.invalid", errors)
    changes = _changes(phrase, data, PHRASE_FIELDS)
    if not changes:
        return phrase
    for name in changes:
        setattr(phrase, name, getattr(data, name))
    duplicate = _("This phrase is already listed.")
    _save(
        phrase,
        fields=[*changes, "updated_at"],
        code="forbidden_phrase.invalid",
        field="phrase",
        message=duplicate,
    )
    audit_record(actor=by, action="forbidden_phrase.update", obj=phrase, changes=changes)
    return phrase


@transaction.atomic
def forbidden_phrase_set_active(*, phrase: ForbiddenPhrase, active: bool, by) -> ForbiddenPhrase:
    if phrase.is_active == active:
        return phrase
    before = phrase.is_active
    phrase.is_active = active
    phrase.save(update_fields=["is_active", "updated_at"])
    action = "forbidden_phrase.activate" if active else "forbidden_phrase.deactivate"
    audit_record(actor=by, action=action, obj=phrase, changes={"is_active": [before, active]})
    return phrase
