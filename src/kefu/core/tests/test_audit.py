import pytest

from kefu.core.models import AuditEvent
from kefu.core.services import audit_record

pytestmark = pytest.mark.django_db


def test_the_audit_log_refuses_updates_and_deletes(users):
    # given
    event = audit_record(actor=users["admin"], action="test.action", changes={"a": [1, 2]})
    # when / then
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).actor_name == "admin"
