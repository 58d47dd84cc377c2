"""The customer's survey link of a follow-up visit: signed, single-use, with an expiry.

The token signs the visit's id and its nonce (`django.core.signing`, salted): a changed token
fails the signature, a token of a cancelled or replaced visit no longer matches the nonce, and an
answer is accepted only while the visit is still pending (one conditional UPDATE in
`visit_record`), so two submissions at once record one answer.
"""

from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.core.errors import ApplicationError
from kefu.service.choices import VisitChannel, VisitOutcome, VisitStatus
from kefu.service.models import Visit
from kefu.service.services.visits import visit_record

SALT = "kefu.service.visit.survey"


def survey_token(visit: Visit) -> str:
    """The token of the visit's link; empty when the rule sends no link."""
    if not visit.survey_nonce:
        return ""
    return signing.dumps([visit.pk, visit.survey_nonce], salt=SALT, compress=True)


def _refused(code: str, message: str, status: int = 400) -> ApplicationError:
    return ApplicationError(code, message, status=status)


def survey_visit(token: str) -> Visit:
    """The visit the token opens, or ApplicationError: "survey.invalid" (tampered, unknown,
    replaced), "survey.expired", "survey.done" (already answered or cancelled)."""
    invalid = _refused("survey.invalid", _("This survey link is not valid."), 404)
    try:
        visit_id, nonce = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise invalid from None
    visit = (
        Visit.objects.select_related("ticket", "ticket__customer", "product_model", "rule")
        .filter(pk=visit_id)
        .first()
        if isinstance(visit_id, int)
        else None
    )
    if visit is None or not nonce or visit.survey_nonce != nonce:
        raise invalid
    if visit.status == VisitStatus.DONE:
        raise _refused("survey.done", _("This survey was already answered. Thank you!"), 409)
    if visit.status != VisitStatus.PENDING:
        raise invalid
    if visit.survey_expires_at is None or visit.survey_expires_at <= timezone.now():
        raise _refused("survey.expired", _("This survey link has expired."), 410)
    return visit


def survey_submit(*, token: str, scores, satisfied: bool | None, comment: str = "") -> Visit:
    """The customer's answer, recorded as the agent's would be, with channel "link"."""
    visit = survey_visit(token)
    if satisfied is None:
        raise ApplicationError(
            "visit.invalid",
            _("The visit cannot be recorded; nothing changed."),
            fields={"satisfied": _("Say whether you are satisfied.")},  # the survey form field
        )
    outcome = VisitOutcome.SATISFIED if satisfied else VisitOutcome.DISSATISFIED
    try:
        return visit_record(
            visit=visit,
            by=None,
            scores=scores,
            outcome=outcome,
            comment=comment,
            channel=VisitChannel.LINK,
            nonce=visit.survey_nonce,
        )
    except ApplicationError as error:
        if error.code == "visit.done":  # another submission won the race
            message = _("This survey was already answered. Thank you!")
            raise _refused("survey.done", message, 409) from error
        raise
