"""The customer's survey page, reached through a signed link without logging in.

Public by design: the token is the credential (see `services.survey`). The page shows only the
ticket's number, subject, product and the customer's surname with a title, never a phone or an
address.
"""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from kefu.core.errors import ApplicationError
from kefu.core.forms import add_application_error
from kefu.knowledge.templates_variables import form_of_address, surname
from kefu.service.forms_visits import SurveyForm
from kefu.service.services.survey import survey_submit, survey_visit
from kefu.service.services.visits import visit_items


def _salutation(customer) -> str:
    """ "张先生" when the gender is known, else "张先生/女士" (欧阳先生/女士 for a compound
    surname): the surname and a title, nothing more."""
    if customer is None or not customer.name:
        return _("Dear customer")
    if getattr(customer, "kind", "person") != "person":
        return customer.name
    family = surname(customer.name)
    if family != customer.name.strip() and form_of_address(customer) != "您":
        return form_of_address(customer)  # a Chinese name of known gender
    return _("{surname} (Mr/Ms)").format(surname=family)


def _closed(request, error: ApplicationError):
    return render(
        request, "service/survey_closed.html", {"error": error, "title": _("Survey")},
        status=error.status,
    )  # fmt: skip


@never_cache
def survey(request, token: str):
    try:
        visit = survey_visit(token)
    except ApplicationError as error:
        return _closed(request, error)
    items = visit_items(visit)
    form = SurveyForm(request.POST or None, items=items)
    status = 200
    if request.method == "POST" and form.is_valid():
        answer = form.cleaned_data["satisfied"]
        try:
            survey_submit(
                token=token,
                scores=form.scores(),
                satisfied={"yes": True, "no": False}.get(answer),
                comment=form.cleaned_data["comment"],
            )
            return render(request, "service/survey_thanks.html", {"title": _("Thank you")})
        except ApplicationError as error:
            if error.code.startswith("survey."):
                return _closed(request, error)
            add_application_error(form, error)
            status = error.status
    elif request.method == "POST":
        status = 400
    context = {
        "title": _("Your opinion of our service"),
        "visit": visit,
        "ticket": visit.ticket,
        "salutation": _salutation(visit.ticket.customer),
        "form": form,
    }
    return render(request, "service/survey.html", context, status=status)
