"""The 客户等级 panel of the customer 360 page: the grade's badge, the manual override in force
(with a form to set one or end it), the grade history, and the latest transactions (spend)."""

from django.utils import timezone

from kefu.customers.grades import grades_by_code
from kefu.customers.transactions import VIEW as VIEW_TRANSACTIONS
from kefu.customers.transactions import transaction_list
from kefu.strategies.forms_grades import OverrideForm
from kefu.strategies.selectors_grades import VIEW_GRADE, grade_history, override_in_force
from kefu.strategies.services_overrides import PERM as OVERRIDE

GRADE_PANEL = "strategies/grades_panel.html"
TRANSACTION_ROWS = 10


def grade_panel(request, customer) -> dict | None:
    user = request.user
    if not user.has_perm(VIEW_GRADE):
        return None
    grades = grades_by_code()
    override = override_in_force(customer=customer)
    history = [
        (change, grades.get(change.from_grade), grades.get(change.to_grade))
        for change in grade_history(customer=customer)
    ]
    context = {
        "grade": grades.get(customer.grade),
        "override": override,
        "override_grade": grades.get(override.grade) if override else None,
        "override_lapsed": override is not None and override.expires_on < timezone.localdate(),
        "history": history,
        "can_override": user.has_perm(OVERRIDE),
        "transactions": None,
    }
    if context["can_override"]:
        context["form"] = OverrideForm(prefix="override")
    if user.has_perm(VIEW_TRANSACTIONS):
        context["transactions"] = list(
            transaction_list(user=user, customer=customer)[:TRANSACTION_ROWS]
        )
    return context
