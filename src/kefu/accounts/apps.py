from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_after_migrate(sender, **kwargs):
    """Once every app's permissions exist: after the last app's post_migrate."""
    from django.apps import apps

    # Django sends post_migrate only for apps with a models module.
    if sender is not [c for c in apps.get_app_configs() if c.models_module is not None][-1]:
        return
    from kefu.accounts.parameters import parameters_sync
    from kefu.accounts.roles import roles_sync

    roles_sync()
    parameters_sync()


class AccountsConfig(AppConfig):
    name = "kefu.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from kefu.accounts import parameters, signals  # noqa: F401  (login log receivers)
        from kefu.accounts.choices import ParameterKind
        from kefu.core import navigation as nav

        post_migrate.connect(_sync_after_migrate, dispatch_uid="kefu_roles_sync")
        self._watch_permissions()
        parameters.register(
            "calendar.opens",
            ParameterKind.TIME,
            "09:00",
            _("Business hours: opening time on workdays"),
        )
        parameters.register(
            "calendar.closes",
            ParameterKind.TIME,
            "18:00",
            _("Business hours: closing time on workdays"),
        )
        parameters.register("ui.page_size", ParameterKind.INTEGER, 25, _("Rows per page in lists"))
        admin = _("Administration")
        nav.register(
            nav.NavEntry(
                admin,
                _("Audit log"),
                "accounts:audit",
                ("core.view_auditevent",),
                "journal-text",
                900,
            ),
            nav.NavEntry(
                admin,
                _("Login log"),
                "accounts:logins",
                ("accounts.view_loginevent",),
                "box-arrow-in-right",
                910,
            ),
            nav.NavEntry(
                admin,
                _("System parameters"),
                "accounts:parameters",
                ("accounts.view_parameter",),
                "sliders",
                920,
            ),
            nav.NavEntry(
                admin,
                _("Holiday calendar"),
                "accounts:holidays",
                ("core.view_holiday",),
                "calendar3",
                930,
            ),
            nav.NavEntry(
                admin,
                _("Users, roles and base data"),
                "admin:index",
                ("accounts.change_user",),
                "gear",
                990,
            ),
        )

    @staticmethod
    def _watch_permissions():
        """Any change of who holds which permission drops the cached permissions."""
        from django.contrib.auth.models import Group
        from django.db.models.signals import m2m_changed, post_delete

        from kefu.accounts.backends import permissions_changed
        from kefu.accounts.models import User

        for through in (
            User.groups.through,
            User.user_permissions.through,
            Group.permissions.through,
        ):
            m2m_changed.connect(
                permissions_changed,
                sender=through,
                weak=False,
                dispatch_uid=f"kefu_perms_{through.__name__}",
            )
        post_delete.connect(
            permissions_changed, sender=Group, weak=False, dispatch_uid="kefu_perms_group_delete"
        )
