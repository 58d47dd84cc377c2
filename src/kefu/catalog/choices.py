from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.IntegerChoices):
    PROVINCE = 1, _("province")
    CITY = 2, _("city")
    DISTRICT = 3, _("district")


class DictKind(models.TextChoices):
    """Code lists kept in the one dictionary table; later issues add kinds here."""

    FEEDBACK_CATEGORY = "feedback_category", _("feedback category")
    COMPLAINT_CATEGORY = "complaint_category", _("complaint category")
    COMPLAINT_CAUSE = "complaint_cause", _("complaint root cause")
    EVALUATION_ITEM = "evaluation_item", _("evaluation item")
    RESPONSE_LEVEL = "response_level", _("response-time level")
    CUSTOMER_TAG = "customer_tag", _("customer tag")
    INDUSTRY = "industry", _("industry")
    OCCUPATION = "occupation", _("occupation")
    CUSTOMER_SOURCE = "customer_source", _("customer source")


class FaultLevel(models.IntegerChoices):
    """The levels of the fault taxonomy under a product type (seed 001)."""

    FAULT_TYPE = 1, _("fault type")
    PHENOMENON = 2, _("fault phenomenon")
    CAUSE = 3, _("fault cause")
    MEASURE = 4, _("repair measure")
