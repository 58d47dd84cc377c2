"""Side effects only: configuration changes invalidate the per-process configuration memo."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from kefu.service import configuration


def _forget(sender, **kwargs):
    configuration.forget()


def connect() -> None:
    from kefu.service.models import Queue, SlaLevel, SlaTarget, WorkflowVersion

    for model in (Queue, SlaLevel, SlaTarget, WorkflowVersion):
        post_save.connect(_forget, sender=model, dispatch_uid=f"service-config-{model.__name__}")
        post_delete.connect(
            _forget, sender=model, dispatch_uid=f"service-config-d-{model.__name__}"
        )
    m2m_changed.connect(_forget, sender=Queue.members.through, dispatch_uid="service-config-m2m")
