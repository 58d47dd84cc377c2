"""The fault taxonomy in the repair forms: the options of the phenomenon select (reloaded when the
product changes, on the desk and on the ticket form) and of the measure select (reloaded when the
cause changes, in the completion step).
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kefu.catalog.choices import FaultLevel
from kefu.catalog.models import FaultNode
from kefu.service.fault_choices import (
    measure_choices,
    number,
    option_rows,
    phenomenon_choices,
    product_type_of,
)

PRODUCT_PARAMS = ("product_model",)
ASSET_PARAMS = ("asset", "asset_id")


def _param(request, names) -> str:
    return next((request.GET[n] for n in names if request.GET.get(n)), "")


def _ending(request, suffix: str) -> str:
    """A value whose name ends with `suffix` (form prefixes such as "t-complete-")."""
    return next((v for k, v in request.GET.items() if k.endswith(suffix) and v), "")


@login_required
@require_GET
def fault_options(request):
    """`<option>`s for a repair form: phenomena of the product (`product_model`, `asset` or
    `asset_id`), or measures of the cause (`…fault_cause`)."""
    user = request.user
    if not (user.has_perm("service.add_ticket") or user.has_perm("service.change_ticket")):
        raise PermissionDenied
    if request.GET.get("level") == "measure":
        cause = FaultNode.objects.filter(
            pk=number(_ending(request, "fault_cause")), level=FaultLevel.CAUSE
        ).first()
        choices = measure_choices(cause.pk if cause else None)
    else:
        product_type = product_type_of(
            user=user,
            product_model_id=_param(request, PRODUCT_PARAMS),
            asset_id=_param(request, ASSET_PARAMS),
        )
        choices = phenomenon_choices(product_type)
    return render(request, "service/fault_options.html", {"options": option_rows(choices)})
