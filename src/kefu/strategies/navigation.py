"""The strategies app's menu entries, in one section (客户策略). Orders 60–79."""

from django.utils.translation import gettext_lazy as _

from kefu.core import navigation as nav


def register() -> None:
    section = _("Customer strategy")
    entries = []
    # grades, rules, segments (60–62)
    # grading runs (63)
    # strategy library (65)
    # plans and tasks (67–68)
    # needs (70–71)
    # care (73–75)
    nav.register(*[nav.NavEntry(section, *entry) for entry in entries])
