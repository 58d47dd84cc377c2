"""Repairs are completed with a fault cause and measure; complaints are closed with a root cause.

Installations still on the untouched default workflow (version 1, "默认流程") get a new current
version asking for them; a workflow an admin has edited is left as it is.
"""

from django.db import migrations

from kefu.service.workflows import default_definition

CHANGED = {
    "repair": "完工须填写故障原因和维修措施",
    "complaint": "结案须填写投诉根因",
}


def forwards(apps, schema_editor):
    workflow_model = apps.get_model("service", "WorkflowVersion")
    for ticket_type, reason in CHANGED.items():
        current = workflow_model.objects.filter(ticket_type=ticket_type, is_current=True).first()
        if current is None or current.number != 1 or current.reason != "默认流程":
            continue
        if current.definition == default_definition(ticket_type):  # a fresh installation
            continue
        workflow_model.objects.filter(pk=current.pk).update(is_current=False)
        workflow_model.objects.create(
            ticket_type=ticket_type,
            number=2,
            definition=default_definition(ticket_type),
            reason=reason,
            is_current=True,
        )


class Migration(migrations.Migration):
    dependencies = [("service", "0007_taxonomy_complaints_visits")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
