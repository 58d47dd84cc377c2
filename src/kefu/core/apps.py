from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _holidays_changed(sender, **kwargs):
    from kefu.core.calendar import invalidate_calendar

    invalidate_calendar()


class CoreConfig(AppConfig):
    name = "kefu.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from kefu.core import job_signals
        from kefu.core.models import Holiday

        job_signals.connect()  # job metrics and request ids carried into jobs

        from django.db.backends.signals import connection_created

        from kefu.core.audit_guard import register_sqlite_functions

        # The audit table's SQLite trigger calls this function (see migration core 0005).
        connection_created.connect(register_sqlite_functions, dispatch_uid="kefu_audit_guard")

        # The calendar is cached: any edit of the holiday table (admin, import) drops the cache.
        post_save.connect(_holidays_changed, sender=Holiday, dispatch_uid="kefu_holiday_save")
        post_delete.connect(_holidays_changed, sender=Holiday, dispatch_uid="kefu_holiday_del")
