"""The arithmetic of grading and value analysis (客户价值分析): pure functions over a customer's
metrics (`metrics.Metrics` or a `CustomerScore` row: the same attribute names).

- `points`: a criterion's 0–100 points, linear between `zero_at` (0) and `full_at` (100),
  clamped; `zero_at > full_at` when lower is better (complaints, days since the last order).
- `Scorer.grading_score`: the weighted mean of the active criteria's points. A metric without a
  value (no follow-up visit, no payment due) leaves its criterion out of the mean, except the
  days since the last order: a customer who never ordered gets 0 points there.
- `grade_for`: the grade band [min, max) holding a score; the top band includes 100.
- `value_scores` / `explain`: the seven scores of seeds 003/004 (value, loyalty, satisfaction,
  profitability, potential, credit, risk; 0–100, risk higher = riskier), and how each came about.

Floats inside (speed over a million customers); a score is rounded to 2 places once, and that
rounded value picks the band, so the stored score and the proposed grade always agree.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kefu.strategies.choices import Metric

DAYS_PER_YEAR = 365.25
DEFAULT_SPEND_FULL = 20000.0
DEFAULT_ORDERS_FULL = 12.0
DEFAULT_WINDOW_DAYS = 365
CENT = Decimal("0.01")
# how a criterion reads its metric from a Metrics/CustomerScore: (attribute, scale)
_SOURCES = {
    Metric.SPEND: ("spend", 1.0),
    Metric.ORDERS: ("orders", 1.0),
    Metric.RECENCY: ("recency_days", 1.0),
    Metric.TENURE: ("tenure_days", 1 / DAYS_PER_YEAR),
    Metric.COMPLAINTS: ("complaints", 1.0),
    Metric.SATISFACTION: ("satisfaction_avg", 1.0),
    Metric.ON_TIME: ("on_time_rate", 1.0),
    Metric.OVERDUE: ("overdue_amount", 1.0),
}
VALUE_SCORES = ("value", "loyalty", "satisfaction", "profitability", "potential", "credit", "risk")
SCORE_LABELS = {
    "value": _("value"),
    "loyalty": _("loyalty"),
    "satisfaction": _("satisfaction"),
    "profitability": _("profitability"),
    "potential": _("potential"),
    "credit": _("credit"),
    "risk": _("risk"),
}


def points(value, zero_at: float, full_at: float) -> float | None:
    """0–100 points of `value` (None when there is no value)."""
    if value is None:
        return None
    if full_at == zero_at:
        return 100.0 if float(value) >= full_at else 0.0
    share = (float(value) - zero_at) / (full_at - zero_at)
    return 100.0 * min(1.0, max(0.0, share))


def metric_value(metrics, metric: str) -> float | None:
    """The value a criterion over `metric` reads (tenure in years), None when missing."""
    attribute, scale = _SOURCES[metric]
    value = getattr(metrics, attribute)
    return None if value is None else float(value) * scale


@dataclass(frozen=True)
class Criterion:
    metric: str
    weight: float
    zero_at: float
    full_at: float
    window_days: int | None = None

    @classmethod
    def from_snapshot(cls, data: dict) -> "Criterion":
        return cls(
            metric=data["metric"],
            weight=float(data["weight"]),
            zero_at=float(data["zero_at"]),
            full_at=float(data["full_at"]),
            window_days=data.get("window_days"),
        )


@dataclass(frozen=True)
class Band:
    code: str
    name: str
    min_score: float
    max_score: float

    @classmethod
    def from_snapshot(cls, data: dict) -> "Band":
        return cls(data["code"], data["name"], float(data["min_score"]), float(data["max_score"]))


def grade_for(score: float, bands: list[Band]) -> str:
    """The code of the band holding `score`: [min, max), the top band up to 100 inclusive. A
    score in a gap between bands gets the band below it, one below every band the lowest band;
    no band at all gives ""."""
    ordered = sorted(bands, key=lambda b: b.min_score, reverse=True)
    for band in ordered:
        if score >= band.min_score:
            return band.code
    return ordered[-1].code if ordered else ""


class Scorer:
    """Grading and value scores for one run's criteria, prepared once for a million rows."""

    def __init__(self, criteria: list[Criterion], bands: list[Band]):
        self.criteria = [c for c in criteria if c.weight > 0]
        self.bands = bands
        self._terms = [
            (*_SOURCES[c.metric], c.weight, c.zero_at, c.full_at - c.zero_at, c.metric)
            for c in self.criteria
        ]
        self._bands = sorted(((b.min_score, b.code) for b in bands), reverse=True)
        by_metric = {c.metric: c for c in self.criteria}
        spend, orders = by_metric.get(Metric.SPEND), by_metric.get(Metric.ORDERS)
        self.spend_full = spend.full_at if spend and spend.full_at > 0 else DEFAULT_SPEND_FULL
        self.orders_full = orders.full_at if orders and orders.full_at > 0 else DEFAULT_ORDERS_FULL

    def grading_score(self, metrics) -> float:
        """Weighted mean of the criteria's points, rounded to 2 places (0 with no criterion)."""
        total = weights = 0.0
        for attribute, scale, weight, zero_at, span, metric in self._terms:
            value = getattr(metrics, attribute)
            if value is None:
                if metric != Metric.RECENCY:
                    continue
                got = 0.0
            elif span == 0:
                got = 100.0 if float(value) * scale >= zero_at else 0.0
            else:
                share = (float(value) * scale - zero_at) / span
                got = 0.0 if share <= 0 else 100.0 if share >= 1 else 100.0 * share
            total += weight * got
            weights += weight
        if not weights:
            return 0.0
        # half-up from the shortest decimal form: what PostgreSQL does (scoring_sql)
        return float(Decimal(repr(total / weights)).quantize(CENT, ROUND_HALF_UP))

    def grade(self, score: float) -> str:
        """`grade_for`, with the bands sorted once."""
        for min_score, code in self._bands:
            if score >= min_score:
                return code
        return self._bands[-1][1] if self._bands else ""

    def value_scores(self, metrics) -> tuple[int, ...]:
        """(value, loyalty, satisfaction, profitability, potential, credit, risk)."""
        return value_scores(metrics, spend_full=self.spend_full, orders_full=self.orders_full)


def _f(value) -> float:
    return 0.0 if value is None else float(value)


def _clamp(value: float) -> int:
    return round(0.0 if value < 0 else 100.0 if value > 100 else value)


class Parts(NamedTuple):
    """The intermediate numbers of the seven scores (what `explain` shows)."""

    spend_pts: float
    orders_pts: float
    tenure_pts: float
    recency_pts: float
    sat_base: float
    margin: float | None
    growth: float | None
    rate: float | None
    overdue_share: float
    complaints: int


def parts(metrics, *, spend_full: float, orders_full: float) -> Parts:
    spend, prev = float(metrics.spend or 0), float(metrics.prev_spend or 0)
    cost, overdue = float(metrics.cost or 0), float(metrics.overdue_amount or 0)
    recency, sat, rate = metrics.recency_days, metrics.satisfaction_avg, metrics.on_time_rate
    top = max(spend, prev)
    return Parts(
        spend_pts=min(100.0, max(0.0, 100.0 * spend / spend_full)),
        orders_pts=min(100.0, 100.0 * (metrics.orders or 0) / orders_full),
        tenure_pts=min(100.0, 100.0 * (metrics.tenure_days or 0) / (5 * DAYS_PER_YEAR)),
        recency_pts=0.0 if recency is None else max(0.0, 100.0 - 100.0 * recency / 365),
        sat_base=60.0 if sat is None else (float(sat) - 1) * 25,
        margin=100.0 * (spend - cost) / spend if spend > 0 else None,
        growth=(spend - prev) / top if top > 0 else None,
        rate=None if rate is None else float(rate),
        overdue_share=overdue / (overdue + max(spend, 0.0)) if overdue > 0 else 0.0,
        complaints=metrics.complaints or 0,
    )


def scores_from_parts(p: Parts) -> tuple[int, ...]:
    """The seven scores from their parts (what `explain` shows; `value_scores` is the fast
    twin, and a test keeps the two equal)."""
    credit = _clamp((80.0 if p.rate is None else p.rate) - 50.0 * p.overdue_share)
    risk = (
        0.4 * (100.0 - p.recency_pts) + 0.3 * min(100.0, 25.0 * p.complaints) + 0.3 * (100 - credit)
    )
    return (
        _clamp(0.7 * p.spend_pts + 0.3 * p.orders_pts),
        _clamp(0.5 * p.tenure_pts + 0.5 * p.recency_pts),
        _clamp(p.sat_base - 10.0 * p.complaints),
        _clamp(p.margin or 0.0),
        _clamp(50.0 + 50.0 * p.growth if p.growth is not None else 0.0),
        credit,
        _clamp(risk),
    )


def value_scores(metrics, *, spend_full: float, orders_full: float) -> tuple[int, ...]:
    """The seven value-analysis scores (order of VALUE_SCORES); `explain` says how. The same
    arithmetic as `parts`, written out: it runs once per customer, a million times a run."""
    spend = float(metrics.spend or 0)
    prev = float(metrics.prev_spend or 0)
    recency, sat, rate = metrics.recency_days, metrics.satisfaction_avg, metrics.on_time_rate
    complaints = metrics.complaints or 0
    overdue = float(metrics.overdue_amount or 0)
    spend_pts = 100.0 * spend / spend_full
    spend_pts = 0.0 if spend_pts < 0 else 100.0 if spend_pts > 100 else spend_pts
    orders_pts = min(100.0, 100.0 * (metrics.orders or 0) / orders_full)
    tenure_pts = min(100.0, 100.0 * (metrics.tenure_days or 0) / (5 * DAYS_PER_YEAR))
    recency_pts = 0.0 if recency is None else max(0.0, 100.0 - 100.0 * recency / 365)
    sat_base = 60.0 if sat is None else (float(sat) - 1) * 25
    margin = 100.0 * (spend - float(metrics.cost or 0)) / spend if spend > 0 else 0.0
    top = spend if spend > prev else prev
    potential = 50.0 + 50.0 * (spend - prev) / top if top > 0 else 0.0
    share = overdue / (overdue + (spend if spend > 0 else 0.0)) if overdue > 0 else 0.0
    credit = _clamp((80.0 if rate is None else float(rate)) - 50.0 * share)
    risk = 0.4 * (100.0 - recency_pts) + 0.3 * min(100.0, 25.0 * complaints) + 0.3 * (100 - credit)
    return (
        _clamp(0.7 * spend_pts + 0.3 * orders_pts),
        _clamp(0.5 * tenure_pts + 0.5 * recency_pts),
        _clamp(sat_base - 10.0 * complaints),
        _clamp(margin),
        _clamp(potential),
        credit,
        _clamp(risk),
    )


def score_decimal(score: float) -> Decimal:
    return Decimal(f"{score:.2f}")


def _n(value: float) -> str:
    return f"{value:,.0f}"


def explain(metrics, *, spend_full: float, orders_full: float) -> list[dict]:
    """[{key, label, score, how}] for the seven scores: the inputs and the rule, in words."""
    p = parts(metrics, spend_full=spend_full, orders_full=orders_full)
    scores = scores_from_parts(p)
    recency = metrics.recency_days
    sat = metrics.satisfaction_avg
    how = {
        "value": gettext(
            "70% spend ({spend} of {spend_full} = {spend_pts} pts) + 30% orders ({orders} of "
            "{orders_full} = {orders_pts} pts)"
        ).format(
            spend=_n(_f(metrics.spend)),
            spend_full=_n(spend_full),
            spend_pts=_n(p.spend_pts),
            orders=metrics.orders,
            orders_full=_n(orders_full),
            orders_pts=_n(p.orders_pts),
        ),
        "loyalty": gettext(
            "50% years as a customer ({years:.1f} of 5 = {tenure_pts} pts) + 50% recency "
            "({recency} = {recency_pts} pts)"
        ).format(
            years=_f(metrics.tenure_days) / DAYS_PER_YEAR,
            tenure_pts=_n(p.tenure_pts),
            recency=gettext("never ordered")
            if recency is None
            else gettext("{days} days since the last order").format(days=recency),
            recency_pts=_n(p.recency_pts),
        ),
        "satisfaction": (
            gettext("no follow-up visit scored: 60")
            if sat is None
            else gettext("average visit score {avg} of 5 → {base}").format(
                avg=sat, base=_n(p.sat_base)
            )
        )
        + gettext(", minus 10 per complaint ({complaints})").format(complaints=p.complaints),
        "profitability": gettext("no spend in the window")
        if p.margin is None
        else gettext("margin: (spend {spend} − cost to serve {cost}) / spend = {margin}%").format(
            spend=_n(_f(metrics.spend)), cost=_n(_f(metrics.cost)), margin=_n(p.margin)
        ),
        "potential": gettext("no spend in this window or the one before")
        if p.growth is None
        else gettext("50 + half the growth of spend: {prev} → {spend} ({growth:+.0%})").format(
            prev=_n(_f(metrics.prev_spend)), spend=_n(_f(metrics.spend)), growth=p.growth
        ),
        "credit": (
            gettext("no payment due in the window: 80")
            if p.rate is None
            else gettext("{rate}% of payments on time").format(rate=_n(p.rate))
        )
        + gettext(", minus half the overdue share ({overdue} overdue, {share:.0%})").format(
            overdue=_n(_f(metrics.overdue_amount)), share=p.overdue_share
        ),
        "risk": gettext(
            "40% lapse (100 − {recency_pts} recency pts) + 30% complaints (25 each, {complaints}) "
            "+ 30% (100 − credit {credit})"
        ).format(recency_pts=_n(p.recency_pts), complaints=p.complaints, credit=scores[5]),
    }
    return [
        {"key": key, "label": SCORE_LABELS[key], "score": score, "how": how[key]}
        for key, score in zip(VALUE_SCORES, scores, strict=True)
    ]
