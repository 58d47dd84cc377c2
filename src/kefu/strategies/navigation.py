"""The strategies app's menu entries, in one section (客户策略). Orders 60–79."""

from django.utils.translation import gettext_lazy as _

from kefu.core import navigation as nav


def register() -> None:
    section = _("Customer strategy")
    entries = []
    # grades, rules, segments (60–62)
    entries.append(
        (_("Customer grades"), "strategies:grade_list", ("customers.view_grade",)) + ("award", 60)
    )
    entries.append(
        (_("Grading rules"), "strategies:grade_criteria", ("strategies.view_gradingcriterion",))
        + ("sliders", 61)
    )
    entries.append(
        (_("Customer segments"), "strategies:segment_list", ("strategies.view_segment",))
        + ("funnel", 62)
    )
    # grading runs (63)
    entries.append(
        (_("Grading runs"), "strategies:grading_run_list", ("strategies.view_gradingrun",))
        + ("arrow-repeat", 63)
    )
    # strategy library (65)
    entries.append(
        (_("Service strategies"), "strategies:library_list", ("strategies.view_strategy",))
        + ("journal-bookmark", 65)
    )
    entries.append(
        (_("New strategy"), "strategies:library_create", ("strategies.add_strategy",))
        + ("journal-plus", 66)
    )
    # plans and tasks (67–68)
    entries.append(
        (_("Implementation plans"), "strategies:plan_list", ("strategies.view_plan",))
        + ("clipboard-check", 67)
    )
    entries.append(
        (_("My tasks"), "strategies:plan_my_tasks", ("strategies.view_plantask",))
        + ("list-check", 68)
    )
    # needs (70–71)
    needs = ("strategies.view_need",)
    entries.append((_("Customer needs"), "strategies:need_list", needs) + ("chat-square-heart", 70))
    entries.append((_("Needs analysis"), "strategies:need_overview", needs) + ("bar-chart", 71))
    # care (73–75)
    care = ("strategies.view_careitem",)
    entries.append((_("Care reminders"), "strategies:care_reminders", care) + ("bell", 73))
    entries.append((_("Birthdays"), "strategies:care_birthdays", care) + ("gift", 73))
    entries.append((_("Care calendar"), "strategies:care_calendar", care) + ("calendar3", 74))
    entries.append(
        (_("Holiday greetings"), "strategies:care_campaigns", ("strategies.view_carecampaign",))
        + ("envelope-heart", 75)
    )
    nav.register(*[nav.NavEntry(section, *entry) for entry in entries])
