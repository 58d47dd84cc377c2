"""Account pages: home, profile with API keys, the audit and login logs, parameters, holidays."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kefu.accounts.choices import LoginEventKind
from kefu.accounts.roles import role_label
from kefu.accounts.selectors import (
    api_key_list,
    audit_event_list,
    login_event_list,
    parameter_get,
    parameter_list,
)
from kefu.accounts.services import api_key_create, api_key_revoke, parameter_set
from kefu.core.audit_display import changes_text, object_type_label
from kefu.core.calendar import working_calendar
from kefu.core.errors import ApplicationError
from kefu.core.forms import add_application_error
from kefu.core.listing import Column, ListPageView
from kefu.core.selectors import holiday_list
from kefu.core.templatetags.kefu import local


@login_required
def home(request):
    roles = [role_label(code) for code in sorted(request.user.role_codes())]
    return render(request, "accounts/home.html", {"title": _("Home"), "roles": roles})


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Key name"),
        max_length=100,
        help_text=gettext_lazy("What the key is for, e.g. “ERP sync”."),
    )


@login_required
def profile(request):
    form = ApiKeyForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _key, new_key = api_key_create(user=request.user, name=form.cleaned_data["name"])
            form = ApiKeyForm()
        except ApplicationError as error:
            add_application_error(form, error)
    return render(
        request,
        "accounts/profile.html",
        {
            "title": _("My profile"),
            "form": form,
            "new_key": new_key,
            "keys": api_key_list(user=request.user),
            "roles": [role_label(c) for c in sorted(request.user.role_codes())],
        },
    )


@login_required
@require_POST
def api_key_revoke_view(request, pk: int):
    key = get_object_or_404(api_key_list(user=request.user), pk=pk)
    api_key_revoke(key=key, by=request.user)
    messages.success(request, _("The key was revoked."))
    return redirect("accounts:profile")


class AuditFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Object or id"), required=False)
    action = forms.CharField(label=gettext_lazy("Action"), required=False)
    actor = forms.CharField(label=gettext_lazy("User"), required=False)
    date_from = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class AuditLogView(ListPageView):
    title = gettext_lazy("Audit log")
    view_perm = "core.view_auditevent"
    filter_form_class = AuditFilterForm
    default_sort = "-at"
    export_name = "audit-log"
    columns = [
        Column(
            "at", gettext_lazy("Time"), sort="at", value=lambda e: local(e.at, "%Y-%m-%d %H:%M:%S")
        ),
        Column("actor_name", gettext_lazy("User"), sort="actor_name"),
        Column("action", gettext_lazy("Action"), sort="action"),
        Column(
            "object_type",
            gettext_lazy("Object type"),
            value=lambda e: object_type_label(e.object_type),
        ),
        Column("object_repr", gettext_lazy("Object")),
        Column(
            "changes",
            gettext_lazy("Changes"),
            value=lambda e: changes_text(e.object_type, e.changes),
        ),
        Column("ip_address", gettext_lazy("IP address")),
    ]

    def get_queryset(self, filters):
        return audit_event_list(user=self.request.user, **filters)


class LoginFilterForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Username"), required=False)
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        required=False,
        choices=[("", gettext_lazy("All"))] + LoginEventKind.choices,
    )


class LoginLogView(ListPageView):
    title = gettext_lazy("Login log")
    view_perm = "accounts.view_loginevent"
    filter_form_class = LoginFilterForm
    default_sort = "-at"
    export_name = "login-log"
    columns = [
        Column(
            "at", gettext_lazy("Time"), sort="at", value=lambda e: local(e.at, "%Y-%m-%d %H:%M:%S")
        ),
        Column("username", gettext_lazy("Username"), sort="username"),
        Column("kind", gettext_lazy("Kind")),
        Column("ip_address", gettext_lazy("IP address")),
        Column("user_agent", gettext_lazy("Browser")),
    ]

    def get_queryset(self, filters):
        return login_event_list(user=self.request.user, **filters)


@login_required
def parameters(request):
    if not request.user.has_perm("accounts.view_parameter"):
        raise PermissionDenied
    rows = parameter_list(user=request.user)
    return render(
        request,
        "accounts/parameters.html",
        {
            "title": _("System parameters"),
            "parameters": rows,
            "can_change": request.user.has_perm("accounts.change_parameter"),
        },
    )


class ParameterForm(forms.Form):
    value = forms.CharField(
        label=gettext_lazy("Value"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


@login_required
@permission_required("accounts.change_parameter", raise_exception=True)
def parameter_edit(request, key: str):
    parameter = parameter_get(user=request.user, key=key)
    if parameter is None:
        raise PermissionDenied
    form = ParameterForm(request.POST or None, initial={"value": parameter.value})
    if request.method == "POST" and form.is_valid():
        try:
            parameter_set(key=key, raw_value=form.cleaned_data["value"], by=request.user)
            messages.success(request, _("Saved."))
            return redirect("accounts:parameters")
        except ApplicationError as error:
            add_application_error(form, error)
    return render(
        request,
        "core/form_page.html",
        {
            "title": f"{_('Edit parameter')}: {parameter.key}",
            "form": form,
            "cancel_url": "../../",
            "help": parameter.description,
        },
    )


class HolidayFilterForm(forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("Year"), required=False, min_value=2000, max_value=2100
    )


class HolidayListView(ListPageView):
    title = gettext_lazy("Holiday calendar")
    template_name = "accounts/holidays.html"
    view_perm = "core.view_holiday"
    default_sort = "-date"
    export_name = "holidays"
    columns = [
        Column("date", gettext_lazy("Date"), sort="date"),
        Column("kind", gettext_lazy("Kind"), sort="kind"),
        Column("name", gettext_lazy("Name")),
    ]

    filter_form_class = HolidayFilterForm

    def get_queryset(self, filters):
        return holiday_list(user=self.request.user, **filters)

    def extra_context(self, filters):
        return {"calendar_warnings": working_calendar().warnings()}
