"""Reads of grading runs, their proposed changes and customers' scores.

A run is one for the whole installation (every customer is graded by the same rules), so who
sees runs is a rule of roles (`strategies.view_gradingrun`); the changes listed, and the counts
of the from → to matrix, are those of the customers the user may see.
"""

from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from kefu.customers.models import Customer
from kefu.customers.selectors import customer_visible_to
from kefu.strategies.models import CustomerScore, GradingChange, GradingRun

VIEW = "strategies.view_gradingrun"
NOT_GRADED = ""


def grading_run_visible_to(user) -> QuerySet[GradingRun]:
    if not user.has_perm(VIEW):
        return GradingRun.objects.none()
    return GradingRun.objects.all()


def grading_run_list(*, user, status: str = "") -> QuerySet[GradingRun]:
    runs = grading_run_visible_to(user).select_related("requested_by", "applied_by")
    if status:
        runs = runs.filter(status=status)
    return runs.defer("criteria", "grades")


def grading_run_get(*, user, pk: int) -> GradingRun:
    run = grading_run_visible_to(user).select_related("requested_by", "applied_by").filter(pk=pk)
    found = run.first()
    if found is None:
        raise Http404
    return found


def _visible_changes(*, user, run: GradingRun) -> QuerySet[GradingChange]:
    changes = GradingChange.objects.filter(run=run)
    if user.has_perm("customers.view_all_customers"):
        return changes
    return changes.filter(customer__in=customer_visible_to(user).values("pk"))


def grading_change_list(
    *, user, run: GradingRun, from_grade: str | None = None, to_grade: str | None = None
) -> QuerySet[GradingChange]:
    changes = _visible_changes(user=user, run=run)
    if from_grade is not None:
        changes = changes.filter(from_grade=from_grade)
    if to_grade is not None:
        changes = changes.filter(to_grade=to_grade)
    return changes.select_related("customer").only(
        "id",
        "run_id",
        "from_grade",
        "to_grade",
        "score",
        "customer__id",
        "customer__name",
        "customer__code",
    )


def grading_matrix(*, user, run: GradingRun) -> dict:
    """{"grades": [(code, name)] best first (then unknown codes and "not graded"), "rows":
    [(from code, name, [(to code, count)], row total)], "total": n} over the visible changes;
    grades without a change either way are left out."""
    counts = {
        (row["from_grade"], row["to_grade"]): row["n"]
        for row in _visible_changes(user=user, run=run)
        .order_by()
        .values("from_grade", "to_grade")
        .annotate(n=Count("id"))
    }
    names = {g["code"]: g["name"] for g in run.grades}
    codes = list(names)
    for pair in counts:
        codes += [c for c in pair if c not in codes and c != NOT_GRADED]
    codes.append(NOT_GRADED)
    labelled = [(code, names.get(code) or code or _("not graded")) for code in codes]
    rows = []
    for code, name in labelled:
        cells = [counts.get((code, to), 0) for to, _name in labelled]
        if any(cells):
            rows.append((code, name, cells, sum(cells)))
    shown = [i for i, (to, _n) in enumerate(labelled) if any(r[2][i] for r in rows)]
    return {
        "grades": [labelled[i] for i in shown],
        "rows": [
            (code, name, [(labelled[i][0], cells[i]) for i in shown], n)
            for code, name, cells, n in rows
        ],
        "total": sum(counts.values()),
    }


def customer_score_get(*, customer: Customer) -> CustomerScore | None:
    return CustomerScore.objects.select_related("run").filter(customer=customer).first()
