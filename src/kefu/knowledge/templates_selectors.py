"""Reads of answer templates and forbidden phrases, and the forbidden-phrase check.

Templates and phrases are one set for the whole install (no org scope): a user sees them all
with the view permission and none without it.
"""

import unicodedata

from django.db.models import Q, QuerySet
from django.http import Http404

from kefu.core.api_types import MAX_BIGINT
from kefu.knowledge.models import AnswerTemplate, ForbiddenPhrase

VIEW_TEMPLATE = "knowledge.view_answertemplate"
VIEW_PHRASE = "knowledge.view_forbiddenphrase"


def answer_template_visible_to(user) -> QuerySet[AnswerTemplate]:
    if not user.has_perm(VIEW_TEMPLATE):
        return AnswerTemplate.objects.none()
    return AnswerTemplate.objects.all()


def answer_template_list(
    *, user, category: str = "", q: str = "", active: bool | None = None
) -> QuerySet[AnswerTemplate]:
    """Templates by category, then order and key; `q` matches key, title or text."""
    rows = answer_template_visible_to(user)
    if category:
        rows = rows.filter(category=category)
    q = (q or "").strip()
    if q:
        rows = rows.filter(
            Q(key__iexact=q.lstrip("/")) | Q(title__icontains=q) | Q(body__icontains=q)
        )
    if active is not None:
        rows = rows.filter(is_active=active)
    return rows.order_by("category", "sort", "key")


def _valid_pk(pk: int) -> int:
    if not 0 < pk <= MAX_BIGINT:  # no such row, and the database could not compare it
        raise Http404
    return pk


def answer_template_get(*, user, pk: int) -> AnswerTemplate:
    found = answer_template_visible_to(user).filter(pk=_valid_pk(pk)).first()
    if found is None:
        raise Http404
    return found


def forbidden_phrase_visible_to(user) -> QuerySet[ForbiddenPhrase]:
    if not user.has_perm(VIEW_PHRASE):
        return ForbiddenPhrase.objects.none()
    return ForbiddenPhrase.objects.all()


def forbidden_phrase_list(
    *, user, q: str = "", active: bool | None = None
) -> QuerySet[ForbiddenPhrase]:
    rows = forbidden_phrase_visible_to(user)
    q = (q or "").strip()
    if q:
        rows = rows.filter(Q(phrase__icontains=q) | Q(suggestion__icontains=q))
    if active is not None:
        rows = rows.filter(is_active=active)
    return rows.order_by("phrase")


def forbidden_phrase_get(*, user, pk: int) -> ForbiddenPhrase:
    found = forbidden_phrase_visible_to(user).filter(pk=_valid_pk(pk)).first()
    if found is None:
        raise Http404
    return found


def phrase_key(text: str) -> str:
    """What a phrase is matched by: full-width folded to half-width (NFKC), lower case, without
    punctuation, symbols and spaces, so that "喂，说话呀！" matches "喂,说话呀" and "喂 说话呀"."""
    folded = unicodedata.normalize("NFKC", text or "").lower()
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] in "LN")


def forbidden_phrases_in(text: str, phrases=None) -> list[ForbiddenPhrase]:
    """The active forbidden phrases `text` contains (punctuation and spacing ignored)."""
    typed = phrase_key(text)
    if not typed:
        return []
    if phrases is None:
        phrases = ForbiddenPhrase.objects.filter(is_active=True).order_by("phrase")
    return [p for p in phrases if (key := phrase_key(p.phrase)) and key in typed]


def forbidden_phrase_matches(*, user, text: str) -> QuerySet[ForbiddenPhrase]:
    """The active phrases the user may see that `text` contains, as a query (for paging)."""
    active = forbidden_phrase_list(user=user, active=True)
    found = [p.pk for p in forbidden_phrases_in(text, active)]
    return active.filter(pk__in=found)
