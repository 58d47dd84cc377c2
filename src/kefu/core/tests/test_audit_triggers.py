"""The database itself refuses to change or remove audit rows, whatever SQL is sent."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from kefu.accounts.services import user_create
from kefu.core.models import AuditEvent
from kefu.core.services import audit_record


def _execute(sql: str, params=()) -> int:
    with transaction.atomic(), connection.cursor() as cursor:  # a savepoint: PostgreSQL recovers
        cursor.execute(sql, params)
        return cursor.rowcount


@pytest.mark.django_db
def test_a_raw_update_of_an_audit_row_is_refused(users):
    # given
    event = audit_record(actor=users["admin"], action="test.action")
    # when / then
    with pytest.raises(DatabaseError, match="append-only"):
        _execute("UPDATE core_auditevent SET action = 'forged' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "test.action"


@pytest.mark.django_db
def test_a_raw_delete_of_an_audit_row_is_refused(users):
    # given
    event = audit_record(actor=users["admin"], action="test.action")
    # when / then
    with pytest.raises(DatabaseError, match="append-only"):
        _execute("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError, match="append-only"):
        _execute("DELETE FROM core_auditevent")
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db
def test_a_raw_insert_into_the_audit_log_works(users):
    # when
    inserted = _execute(
        "INSERT INTO core_auditevent (at, actor_name, action, object_type, object_id,"
        " object_repr, changes) VALUES (CURRENT_TIMESTAMP, 'sql', 'test.raw', '', '', '', '{}')"
    )
    # then
    assert inserted == 1
    assert AuditEvent.objects.filter(action="test.raw").count() == 1


@pytest.mark.django_db
def test_deleting_a_user_keeps_their_audit_rows(org):
    # given: a user who did something, and nothing else that points at them
    temp = user_create(username="temp", password=None, name="临时工", org_unit=org["a"])
    event = audit_record(actor=temp, action="test.action")
    temp_id = temp.pk
    # when
    temp.delete()
    # then: the row is untouched, the actor's id and name stay for the record
    row = AuditEvent.objects.values("actor_id", "actor_name").get(pk=event.pk)
    assert row == {"actor_id": temp_id, "actor_name": "temp"}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_flush_between_tests_still_empties_the_audit_log(org):
    # given
    audit_record(actor=None, action="test.action")
    # when: the flush exactly as the test runner calls it (sequences kept: resetting them would
    # make the migrated rows restored after this test collide with the next inserts)
    call_command(
        "flush", interactive=False, verbosity=0, reset_sequences=False, inhibit_post_migrate=True
    )
    # then
    assert not AuditEvent.objects.exists()
