from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_totp.models import TOTPDevice

from kefu.accounts.models import ApiKey, LoginEvent, OrgUnit, Parameter, Role, User
from kefu.accounts.services import org_unit_place, two_factor_reset
from kefu.core.models import AuditEvent, Holiday


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "name", "employee_no", "org_unit", "is_active", "last_login"]
    list_filter = ["is_active", "groups", "org_unit"]
    search_fields = ["username", "name", "employee_no", "phone"]
    fieldsets = BaseUserAdmin.fieldsets + (
        ("Kefu", {"fields": ["name", "employee_no", "phone", "org_unit"]}),
    )
    actions = ["reset_two_factor"]

    @admin.action(
        description=gettext_lazy("Reset two-factor login (lost phone)"), permissions=["change"]
    )
    def reset_two_factor(self, request, queryset):
        names = []
        for user in queryset:
            two_factor_reset(user=user, by=request.user)
            names.append(user.username)
        self.message_user(
            request,
            _("Two-factor login was reset for %(names)s: they set it up again at the next login.")
            % {"names": ", ".join(names)},
            messages.SUCCESS,
        )


# django-otp's own page shows every user's secret and QR code; the reset action above is the only
# way to change a device, and it is audited.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        org_unit_place(unit=obj)


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["code", "group", "description"]


@admin.register(Parameter)
class ParameterAdmin(admin.ModelAdmin):
    list_display = ["key", "kind", "value", "description"]
    readonly_fields = ["key", "kind"]

    def has_add_permission(self, request):
        return False


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["user", "prefix", "key_hash", "last_used_at"]

    def has_add_permission(self, request):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_name", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "actor_name", "object_id"]


@admin.register(LoginEvent)
class LoginEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "username", "kind", "ip_address"]
    list_filter = ["kind"]
    search_fields = ["username"]


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    date_hierarchy = "date"
