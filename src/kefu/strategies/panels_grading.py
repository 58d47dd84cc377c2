"""The 客户价值分析 panel of the customer 360 page: the grading score and the seven value scores
of the customer's last grading run, each with how it was computed."""

from kefu.strategies.scoring import Criterion, Scorer, explain
from kefu.strategies.selectors_grading import customer_score_get

VALUE_PANEL = "strategies/grading_value_panel.html"
VIEW_SCORES = "strategies.view_customerscore"


def value_panel(request, customer) -> dict | None:
    if not request.user.has_perm(VIEW_SCORES):
        return None
    score = customer_score_get(customer=customer)
    if score is None:
        return {"score": None}
    criteria = score.run.criteria if score.run is not None else []
    scorer = Scorer([Criterion.from_snapshot(c) for c in criteria], [])
    return {
        "score": score,
        "scores": explain(score, spend_full=scorer.spend_full, orders_full=scorer.orders_full),
    }
