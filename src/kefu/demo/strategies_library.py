"""The demo's strategy library and segments, written through the strategies services: each
strategy with its version 1 (初始制定) and, for some, later versions with their reasons; the
versions are then dated back over the last year, as if the library grew with the business.
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from kefu.accounts.models import User
from kefu.customers.models import Grade
from kefu.demo import strategies_content as sc
from kefu.service.models import SlaLevel
from kefu.strategies.models import Segment, Strategy, StrategyVersion
from kefu.strategies.services_library import (
    StrategyData,
    strategy_create,
    strategy_retire,
    strategy_update,
)
from kefu.strategies.services_segments import SegmentData, segment_create

CREATED_DAYS_AGO = (420, 300)  # the library was written about a year ago


def _data(row: sc.StrategyRow, grades: dict, levels: dict, users: dict) -> StrategyData:
    return StrategyData(
        code=row.code,
        name=row.name,
        kind=row.kind,
        description=row.description,
        grades=[grades[code] for code in row.grades],
        estimated_cost=Decimal(row.cost),
        sla_level=levels.get(row.sla_level),
        priority=row.priority,
        dedicated_agent=users.get(row.dedicated_agent),
        expert_seat=row.expert_seat,
        free_labour=row.free_labour,
        parts_share=row.parts_share,
        prefer_top_outlets=row.prefer_top_outlets,
        action_type=row.action_type,
        recurrence=row.recurrence,
    )


def _changed(data: StrategyData, values: dict, grades: dict) -> StrategyData:
    for name, value in values.items():
        if name == "grades":
            data.grades = [grades[code] for code in value]
        elif name == "cost":
            data.estimated_cost = Decimal(value)
        else:
            setattr(data, name, value)
    return data


def strategies_seed(rng: random.Random, users: dict[str, User]) -> dict[str, Strategy]:
    """The library of `strategies_content.STRATEGIES` (skipping codes already there)."""
    grades = {g.code: g for g in Grade.objects.all()}
    levels = {level.code: level for level in SlaLevel.objects.all()}
    manager = users["manager1"]
    existing = set(Strategy.objects.values_list("code", flat=True))
    made = {}
    for row in sc.STRATEGIES:
        if row.code in existing:
            continue
        data = _data(row, grades, levels, users)
        status = "draft" if row.status == "draft" else "active"
        strategy = strategy_create(data=data, by=manager, status=status, reason=sc.FIRST_VERSION)
        for reason, values in row.changes:
            data = _changed(_data(row, grades, levels, users), values, grades)
            strategy = strategy_update(
                strategy=strategy, data=data, version=strategy.version, reason=reason, by=manager
            )
        if row.status == "retired":
            strategy = strategy_retire(strategy=strategy, by=manager, reason=sc.RETIRE_REASON)
        made[row.code] = strategy
    _date_back(rng, made)
    return made


def _date_back(rng: random.Random, made: dict[str, Strategy]) -> None:
    """Version n of a strategy some weeks after version n − 1, the first about a year ago."""
    now = timezone.now()
    versions = StrategyVersion.objects.filter(strategy__in=made.values()).order_by("number")
    by_strategy: dict[int, list[StrategyVersion]] = {}
    for version in versions:
        by_strategy.setdefault(version.strategy_id, []).append(version)
    strategies = []
    for strategy in made.values():
        at = now - datetime.timedelta(days=rng.randint(*sorted(CREATED_DAYS_AGO)))
        at = at.replace(hour=rng.randint(9, 17), minute=rng.randint(0, 59))
        strategy.created_at = at
        for version in by_strategy.get(strategy.pk, []):
            version.at = at
            at += datetime.timedelta(days=rng.randint(30, 90), hours=rng.randint(0, 6))
        strategies.append(strategy)
    StrategyVersion.objects.bulk_update(
        [v for vs in by_strategy.values() for v in vs], ["at"], batch_size=500
    )
    Strategy.objects.bulk_update(strategies, ["created_at"])


def segments_seed(users: dict[str, User]) -> dict[str, Segment]:
    """The saved segments of `strategies_content.SEGMENTS` (skipping names already there)."""
    made = {}
    for name, description, grades, conditions in sc.SEGMENTS:
        segment = Segment.objects.filter(name=name).first()
        if segment is None:
            data = SegmentData(
                name=name, description=description, grades=grades, conditions=conditions
            )
            segment = segment_create(data=data, by=users["manager1"])
        made[name] = segment
    return made
