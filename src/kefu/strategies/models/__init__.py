from kefu.strategies.models.care import CareCampaign, CareItem
from kefu.strategies.models.grading import (
    CustomerScore,
    GradingChange,
    GradingCriterion,
    GradingRun,
    Segment,
)
from kefu.strategies.models.library import Strategy, StrategyVersion
from kefu.strategies.models.needs import Need, NeedChange
from kefu.strategies.models.plans import Plan, PlanTask, PlanVersion

__all__ = [
    "CareCampaign",
    "CareItem",
    "CustomerScore",
    "GradingChange",
    "GradingCriterion",
    "GradingRun",
    "Need",
    "NeedChange",
    "Plan",
    "PlanTask",
    "PlanVersion",
    "Segment",
    "Strategy",
    "StrategyVersion",
]
