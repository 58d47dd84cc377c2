"""The demo's customer grades: two years of transactions drawn so that grading spreads the
customers over the default grades (about 5% diamond, 15% gold, 30% silver, the rest regular),
an older grade history for some (imported from the old CRM: regular → silver → gold ...), the
grading run itself (preview, then apply, as the demo admin), and a few manual overrides.

Transactions are validated with the customers app's own `transaction_errors` and inserted in
bulk (thousands of `transaction_record` calls would take seconds); grading and overrides go
through the strategies services.
"""

import datetime
import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from kefu.accounts.models import User
from kefu.customers.choices import GradeChangeSource, TransactionKind
from kefu.customers.models import Customer, Grade, GradeChange, GradeOverride, Transaction
from kefu.customers.transactions import TransactionData, transaction_errors
from kefu.demo import strategies_content as sc
from kefu.demo.content import PRODUCTS
from kefu.strategies.choices import Metric
from kefu.strategies.metrics import Windows, customer_metrics
from kefu.strategies.models import GradingCriterion
from kefu.strategies.scoring import Band, Criterion, Scorer
from kefu.strategies.services_grading import grading_apply, grading_preview
from kefu.strategies.services_overrides import grade_override_set

SOURCE = "erp"
DAYS = 730
# target grade → (orders a year, spend a year in yuan, days since the last order,
#                 share of credit sales paid late, share left unpaid past due)
PROFILES = {
    "diamond": ((8, 16), (24000, 60000), (0, 20), 0.0, 0.0),
    "gold": ((5, 9), (12000, 20000), (5, 45), 0.05, 0.0),
    "silver": ((2, 5), (4000, 10000), (15, 90), 0.15, 0.05),
    "regular": ((0, 2), (0, 3000), (120, 600), 0.3, 0.2),
}
# the score each grade's customers are nudged towards (inside the default bands)
AIMS = {"diamond": 90.0, "gold": 77.0, "silver": 60.0, "regular": 38.0}
CALIBRATIONS = 2
MIN_SCALE = 0.05
CENT = Decimal("0.01")
REFUND_SHARE = 0.04
SERVICE_SHARE = 0.2  # of orders, a paid service (out-of-warranty repair, cleaning)
CREDIT_DAYS = 30  # companies pay on account
_MODELS = [(t, name) for t, _n, models in PRODUCTS for _c, name, _m in models]
SERVICES = ("空调深度清洗", "热水器除垢保养", "净水器滤芯更换", "过保维修人工费", "油烟机拆洗")


def grade_targets(rng: random.Random, customers: list[Customer]) -> dict[int, str]:
    """customer id → the grade their transactions aim at: by the score their service history
    alone gives (busy customers are worth more), with luck, and companies leaning to the top."""
    base = {pk: score for pk, (score, _m) in scores_now().items()}
    rank = sorted(
        customers,
        key=lambda c: -(base.get(c.pk, 0) + rng.uniform(0, 12) + (8 if c.is_company else 0)),
    )
    targets: dict[int, str] = {}
    for grade, share in sc.GRADE_SHARES.items():
        for _n in range(round(share * len(customers))):
            targets[rank.pop(0).pk] = grade
    return targets | {c.pk: "regular" for c in rank}


def scores_now() -> dict[int, tuple[float, object]]:
    """customer id → (grading score, metrics) as a grading run would compute them now."""
    criteria = [
        Criterion(c.metric, float(c.weight), float(c.zero_at), float(c.full_at), c.window_days)
        for c in GradingCriterion.objects.filter(is_active=True, weight__gt=0)
    ]
    bands = [
        Band(g.code, g.name, float(g.min_score), float(g.max_score))
        for g in Grade.objects.filter(is_active=True)
    ]
    scorer = Scorer(criteria, bands)
    return {
        found.customer_id: (scorer.grading_score(found.metrics), found.metrics)
        for found in customer_metrics(windows=Windows.from_criteria(scorer.criteria))
    }


def _money(value: float) -> Decimal:
    return Decimal(f"{value:.2f}")


class _Ledger:
    """Draws the transactions of one customer after another; references stay unique."""

    def __init__(self, rng: random.Random, today: datetime.date):
        self.rng, self.today, self.seq = rng, today, 0
        self.rows: list[Transaction] = []
        self.scales: dict[int, float] = {}  # customer id → factor on their spend in the window
        grades = Grade.objects.filter(is_active=True)
        self.bands = {g.code: (float(g.min_score), float(g.max_score)) for g in grades}
        self.bands = {
            code: (low, high if high < 100 else 101.0) for code, (low, high) in self.bands.items()
        }
        criteria = list(GradingCriterion.objects.filter(is_active=True, weight__gt=0))
        self.weights = sum(float(c.weight) for c in criteria)
        spend = next((c for c in criteria if c.metric == Metric.SPEND), None)
        self.spend_weight = float(spend.weight) if spend else 1.0
        self.sat_weight = sum(float(c.weight) for c in criteria if c.metric == Metric.SATISFACTION)
        self.spend_full = float(spend.full_at) if spend and spend.full_at > 0 else 20000.0
        self.spend_window = spend.window_days if spend and spend.window_days else 365

    def reference(self, prefix: str, day: datetime.date) -> str:
        self.seq += 1
        return f"{prefix}{day:%Y%m%d}{self.seq:05d}"

    def add(self, customer: Customer, data: TransactionData) -> None:
        errors = transaction_errors(data)
        assert not errors, errors  # the demo writes only what the importer would accept
        self.rows.append(
            Transaction(
                customer=customer,
                source=data.source,
                reference=data.reference,
                kind=data.kind,
                occurred_on=data.occurred_on,
                amount=data.amount,
                cost=data.cost,
                due_on=data.due_on,
                paid_on=data.paid_on,
                description=data.description,
            )
        )

    def nudge(self, customer: Customer, grade: str, score: float, metrics) -> None:
        """Where the customer's score misses the target grade's band, one more sale (or, for
        too much, smaller sales: `_scale`) moves their spend so that the score lands near the
        band's aim."""
        band = self.bands[grade]
        if band[0] <= score < band[1]:
            return
        # a metric without a value (no visit scored) leaves its criterion out of the mean
        weights = self.weights - (self.sat_weight if metrics.satisfaction_avg is None else 0)
        spend = float(metrics.spend)
        points = min(100.0, max(0.0, spend / self.spend_full * 100))
        wanted = points + (AIMS[grade] - score) * weights / self.spend_weight
        if wanted < 0 and score - points * self.spend_weight / weights >= band[1]:
            return  # busy with service orders: no refund would bring the score down enough
        wanted = min(100.0, max(0.0, wanted)) * self.spend_full / 100
        rng, delta = self.rng, wanted - min(spend, self.spend_full)
        if delta < -50 and spend > 0:
            self.scales[customer.pk] = max(MIN_SCALE, (spend + delta) / spend)
        if delta <= 50:
            return
        day = self.today - timedelta(days=rng.randint(1, 40))
        _type, name = rng.choice(_MODELS)
        data = TransactionData(
            reference=self.reference("SO", day),
            occurred_on=day,
            amount=_money(delta),
            kind=TransactionKind.SALE,
            cost=_money(delta * rng.uniform(0.55, 0.8)),
            due_on=day,
            paid_on=day,
            description=f"批量采购{name}" if customer.is_company else f"购买{name}",
            source=SOURCE,
        )
        self.add(customer, data)

    def customer(self, customer: Customer, grade: str) -> None:
        rng = self.rng
        (low, high), (spend_low, spend_high), (last_low, last_high), late, unpaid = PROFILES[grade]
        per_year = rng.randint(low, high)
        count = per_year * 2 + (0 if per_year else rng.randint(0, 1))
        if not count:
            return
        spend = rng.uniform(spend_low, spend_high) * 2 * (1.3 if customer.is_company else 1)
        since = max(timezone.localdate(customer.created_at), self.today - timedelta(DAYS))
        latest = self.today - timedelta(days=rng.randint(last_low, last_high))
        latest = max(latest, since)
        span = max(1, (latest - since).days)
        days = [latest] + [since + timedelta(days=rng.randint(0, span)) for _n in range(count - 1)]
        days.sort()
        shares = [rng.uniform(0.5, 1.5) for _day in days]
        for day, share in zip(days, shares, strict=True):
            amount = spend * share / sum(shares)
            self._order(customer, day, amount, late=late, unpaid=unpaid)

    def _order(self, customer, day, amount, *, late: float, unpaid: float) -> None:
        rng = self.rng
        service = rng.random() < SERVICE_SHARE
        if service:
            kind, prefix, amount = TransactionKind.SERVICE, "FW", min(amount, rng.uniform(120, 900))
            text = rng.choice(SERVICES)
        else:
            kind, prefix = TransactionKind.SALE, "SO"
            _type, name = rng.choice(_MODELS)
            text = f"批量采购{name}" if customer.is_company else f"购买{name}"
        due = paid = day
        if customer.is_company:
            due = day + timedelta(days=CREDIT_DAYS)
            paid = due - timedelta(days=rng.randint(0, 20))
            if rng.random() < late:
                paid = due + timedelta(days=rng.randint(5, 60))
            if due < self.today and rng.random() < unpaid:
                paid = None  # overdue and still unpaid
            elif paid > self.today:
                paid = None  # not due yet
        data = TransactionData(
            reference=self.reference(prefix, day),
            occurred_on=day,
            amount=_money(max(amount, 50)),
            kind=kind,
            cost=_money(max(amount, 50) * rng.uniform(0.55, 0.8)),
            due_on=due,
            paid_on=paid,
            description=text,
            source=SOURCE,
        )
        self.add(customer, data)
        if kind == TransactionKind.SALE and rng.random() < REFUND_SHARE and day < self.today:
            back = min(self.today, day + timedelta(days=rng.randint(1, 15)))
            refund = TransactionData(
                reference=self.reference("RT", back),
                occurred_on=back,
                amount=_money(-float(data.amount) * rng.choice((1, 0.5, 0.3))),
                kind=TransactionKind.REFUND,
                paid_on=back,
                description=f"退货退款：{text}",
                source=SOURCE,
            )
            self.add(customer, refund)


def transactions_seed(rng, customers: list[Customer], targets: dict[int, str], today) -> int:
    if Transaction.objects.filter(source=SOURCE).exists():
        return 0
    ledger = _Ledger(rng, today)
    for customer in customers:
        ledger.customer(customer, targets[customer.pk])
    Transaction.objects.bulk_create(ledger.rows, batch_size=1000)
    made = len(ledger.rows)
    by_pk = {c.pk: c for c in customers}
    for _n in range(CALIBRATIONS):
        ledger.rows, ledger.scales = [], {}
        for pk, (score, metrics) in scores_now().items():
            if pk in by_pk:
                ledger.nudge(by_pk[pk], targets[pk], score, metrics)
        Transaction.objects.bulk_create(ledger.rows, batch_size=1000)
        _scale(ledger.scales, since=today - timedelta(days=ledger.spend_window - 1))
        made += len(ledger.rows)
    return made


def _scale(scales: dict[int, float], *, since) -> None:
    """Smaller sales and services in the spend window for the customers who spent too much
    for their target grade (as if they had bought the cheaper models)."""
    rows = Transaction.objects.filter(
        customer_id__in=scales, occurred_on__gte=since, amount__gt=0
    ).exclude(kind=TransactionKind.REFUND)
    changed = []
    for row in rows:
        factor = Decimal(f"{scales[row.customer_id]:.4f}")
        row.amount = max(Decimal("1.00"), (row.amount * factor).quantize(CENT))
        if row.cost is not None:
            row.cost = (row.cost * factor).quantize(CENT)
        changed.append(row)
    Transaction.objects.bulk_update(changed, ["amount", "cost"], batch_size=500)


# ---- history before the first grading run -------------------------------------------------------


def earlier_history_seed(rng, customers: list[Customer], targets: dict[int, str], admin) -> int:
    """Some customers' grades two years and one year ago (imported from the old CRM), so that
    the run moves them on from there (regular → silver → gold) and their history has three
    steps. Their grade is set to last year's before the run."""
    now = timezone.now()
    rows, updated = [], []
    for grade, paths in sc.EARLIER.items():
        ours = [c for c in customers if targets[c.pk] == grade]
        picked = rng.sample(ours, min(len(paths) * 2, len(ours)))
        for customer, (first, second) in zip(picked, (paths * 2)[: len(picked)], strict=True):
            two = now - timedelta(days=rng.randint(700, 720), hours=rng.randint(0, 8))
            one = now - timedelta(days=rng.randint(350, 370), hours=rng.randint(0, 8))
            rows.append(_change(customer, two, "", first, sc.IMPORT_REASONS[0], admin))
            if second != first:
                rows.append(_change(customer, one, first, second, sc.IMPORT_REASONS[1], admin))
            customer.grade = second
            updated.append(customer)
    GradeChange.objects.bulk_create(rows)
    Customer.objects.bulk_update(updated, ["grade"])
    return len(rows)


def _change(customer, at, before, after, reason, by) -> GradeChange:
    return GradeChange(
        customer=customer,
        at=at,
        from_grade=before,
        to_grade=after,
        source=GradeChangeSource.IMPORT,
        reason=reason,
        changed_by=by,
    )


# ---- the run and the overrides ------------------------------------------------------------------


def grading_seed(admin: User) -> dict[str, int]:
    """Preview a grading run and apply it, as a manager would."""
    run = grading_preview(by=admin, trigger="manual")
    run = grading_apply(run=run, by=admin)
    return {"grading changes": run.applied_count}


def overrides_seed(rng, manager: User, today: datetime.date) -> int:
    """Grades set by hand with a reason, still in force."""
    made = 0
    grades = {g.code: g for g in Grade.objects.all()}
    for before, after, reason in sc.OVERRIDES:
        in_force = GradeOverride.objects.filter(ended_at__isnull=True).values("customer_id")
        found = Customer.objects.filter(grade=before, deleted_at__isnull=True).exclude(
            pk__in=in_force
        )
        candidates = list(found.order_by("pk")[:40])
        if not candidates:
            continue
        customer = rng.choice(candidates)
        expires = today + timedelta(days=rng.choice((60, 90, 180, 365)))
        grade_override_set(
            customer=customer, grade=grades[after], reason=reason, expires_on=expires, by=manager
        )
        made += 1
    return made
