from django.db import models
from django.utils.translation import gettext_lazy as _


class Metric(models.TextChoices):
    """Customer metrics grading rules and value analysis read (see `metrics.py`)."""

    SPEND = "spend", _("spend in the window")
    ORDERS = "orders", _("orders in the window")
    RECENCY = "recency_days", _("days since the last order")
    TENURE = "tenure_years", _("years as a customer")
    COMPLAINTS = "complaints", _("complaints in the window")
    SATISFACTION = "satisfaction", _("average satisfaction (1–5)")
    ON_TIME = "on_time_rate", _("payments on time (%)")
    OVERDUE = "overdue_amount", _("overdue amount")


class RunStatus(models.TextChoices):
    RUNNING = "running", _("computing")
    PREVIEW = "preview", _("preview ready")
    APPLIED = "applied", _("applied")
    DISCARDED = "discarded", _("discarded")
    SUPERSEDED = "superseded", _("superseded")
    FAILED = "failed", _("failed")


class RunTrigger(models.TextChoices):
    MANUAL = "manual", _("on demand")
    PERIODIC = "periodic", _("periodic")
    API = "api", _("API")


class StrategyKind(models.TextChoices):
    ENTITLEMENT = "entitlement", _("entitlement")
    ACTION = "action", _("action")


class StrategyStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    ACTIVE = "active", _("in force")
    RETIRED = "retired", _("retired")


class ActionType(models.TextChoices):
    CARE_CALL = "care_call", _("care call")
    VISIT = "visit", _("visit")
    GIFT = "gift", _("gift")
    MAINTENANCE = "maintenance", _("periodic maintenance")
    TRAINING = "training", _("training")


class Recurrence(models.TextChoices):
    ONCE = "once", _("once")
    WEEKLY = "weekly", _("weekly")
    MONTHLY = "monthly", _("monthly")
    QUARTERLY = "quarterly", _("quarterly")
    HALF_YEARLY = "half_yearly", _("every half year")
    YEARLY = "yearly", _("yearly")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    ACTIVE = "active", _("running")
    COMPLETED = "completed", _("completed")
    CANCELLED = "cancelled", _("cancelled")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("to do")
    DONE = "done", _("done")
    SKIPPED = "skipped", _("skipped")
    CANCELLED = "cancelled", _("cancelled")


class NeedSource(models.TextChoices):
    CALL = "call", _("call")
    TICKET = "ticket", _("ticket")
    VISIT = "visit", _("follow-up visit")
    PORTAL = "portal", _("portal")
    OTHER = "other", _("other")


class NeedStatus(models.TextChoices):
    REGISTERED = "registered", _("registered")
    REFINED = "refined", _("refined")
    PLANNED = "planned", _("in a plan")
    FULFILLED = "fulfilled", _("fulfilled")
    DECLINED = "declined", _("declined")


class NeedChangeKind(models.TextChoices):
    REGISTER = "register", _("registered")
    REFINE = "refine", _("refined")
    CHANGE = "change", _("changed")


class CareKind(models.TextChoices):
    BIRTHDAY = "birthday", _("birthday")
    MAINTENANCE = "maintenance", _("maintenance reminder")
    HOLIDAY = "holiday", _("holiday greeting")


class CareStatus(models.TextChoices):
    DUE = "due", _("due")
    GENERATED = "generated", _("ticket created")
    DONE = "done", _("done")
    DISMISSED = "dismissed", _("dismissed")


class CareChannel(models.TextChoices):
    CALL = "call", _("phone call")
    SMS = "sms", _("text message")
    EMAIL = "email", _("e-mail")
    LETTER = "letter", _("letter")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    LAUNCHED = "launched", _("launched")
    FINISHED = "finished", _("finished")
