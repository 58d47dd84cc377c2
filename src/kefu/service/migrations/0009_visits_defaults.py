"""Default evaluation items (服务考评项目) and follow-up rules (回访规则), where missing.

Service orders are visited within 48 working hours of completion, complaints within 24 of the
answer; every rule scores every default item. Admins edit both afterwards; their edits stick (an
item or rule that exists is left alone).
"""

from django.db import migrations

ITEMS = [
    # code, name, order
    ("punctuality", "准时性", 10),
    ("attitude", "服务态度", 20),
    ("quality", "维修质量", 30),
    ("price", "收费合理", 40),
    ("cleanliness", "清洁整理", 50),
    ("overall", "总体满意度", 60),
]
RULES = [
    # ticket type, trigger state, due hours, queue code
    ("repair", "completed", 48, "general"),
    ("installation", "completed", 48, "general"),
    ("delivery", "completed", 48, "general"),
    ("return_exchange", "completed", 48, "general"),
    ("complaint", "answered", 24, "complaint"),
]


def forwards(apps, schema_editor):
    item_model = apps.get_model("catalog", "DictItem")
    rule_model = apps.get_model("service", "VisitRule")
    queue_model = apps.get_model("service", "Queue")
    for code, name, sort in ITEMS:
        item_model.objects.get_or_create(
            kind="evaluation_item", code=code, defaults={"name": name, "sort": sort}
        )
    items = list(item_model.objects.filter(kind="evaluation_item", code__in=[i[0] for i in ITEMS]))
    for ticket_type, state, hours, queue_code in RULES:
        if rule_model.objects.filter(ticket_type=ticket_type).exists():
            continue
        rule = rule_model.objects.create(
            ticket_type=ticket_type,
            trigger_state=state,
            assign="queue",
            queue=queue_model.objects.filter(code=queue_code).first(),
            due_hours=hours,
            survey_days=7,
        )
        rule.items.set(items)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0004_fault_taxonomy"),
        ("service", "0008_workflow_fault_and_root_cause"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
