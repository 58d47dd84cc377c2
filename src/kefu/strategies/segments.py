"""Which customers a saved segment (客户细分) holds: its grades and score conditions over the
customers' last computed scores (`CustomerScore`)."""

from django.db.models import QuerySet

from kefu.customers.models import Customer

SCORE_FIELDS = (
    "grading_score",
    "value",
    "loyalty",
    "satisfaction",
    "profitability",
    "potential",
    "credit",
    "risk",
)
OPS = {">=": "gte", "<=": "lte", ">": "gt", "<": "lt"}


def segment_filter(queryset: QuerySet[Customer], *, grades, conditions) -> QuerySet[Customer]:
    """`queryset` narrowed to the grades (any of) and every score condition."""
    if grades:
        queryset = queryset.filter(grade__in=list(grades))
    for condition in conditions or []:
        field, op = condition["score"], OPS[condition["op"]]
        if field not in SCORE_FIELDS:
            raise ValueError(f"unknown score {field!r}")
        queryset = queryset.filter(**{f"score__{field}__{op}": condition["value"]})
    return queryset


def segment_customers(segment, queryset: QuerySet[Customer] | None = None) -> QuerySet[Customer]:
    """The customers of `segment`, within `queryset` (pass the user's visible customers)."""
    if queryset is None:
        queryset = Customer.objects.filter(deleted_at__isnull=True)
    return segment_filter(queryset, grades=segment.grades, conditions=segment.conditions)
