"""Default SLA levels, targets and queues a fresh installation starts with (admins edit them).

Targets are working minutes for priority "normal"; other priorities scale them.
"""

from kefu.service.choices import CONSULT_TYPES, FIELD_TYPES, Priority, TicketType

LEVELS = [
    # code, name, rank, default, factor on the standard targets
    ("standard", "标准", 0, True, 1.0),
    ("priority", "优先", 10, False, 0.5),
    ("vip", "贵宾", 20, False, 0.25),
]
PRIORITY_FACTOR = {
    Priority.LOW: 2.0,
    Priority.NORMAL: 1.0,
    Priority.HIGH: 0.5,
    Priority.URGENT: 0.25,
}


def base_minutes(ticket_type: str) -> tuple[int, int | None, int]:
    """(first response, arrival, resolution) in working minutes at normal priority."""
    if ticket_type in FIELD_TYPES:
        return 120, 1080, 2160  # 2 h; 2 working days on site; 4 working days done
    if ticket_type == TicketType.COMPLAINT:
        return 60, None, 1620  # 1 h; 3 working days
    if ticket_type in CONSULT_TYPES:
        return 30, None, 540  # half an hour; one working day
    return 540, None, 1080  # follow-up and care tasks


QUEUES = [
    # code, name, kind, ticket types routed to it by default
    (
        "general",
        "普通坐席",
        "general",
        sorted(
            {*CONSULT_TYPES, *FIELD_TYPES, TicketType.FOLLOW_UP, TicketType.CARE}
            - {TicketType.FAULT_CONSULT}
        )
        + [TicketType.FAULT_CONSULT],
    ),
    ("expert", "专家席", "expert", []),
    ("complaint", "投诉组", "complaint", [TicketType.COMPLAINT]),
]


def install_defaults(apps, schema_editor=None) -> None:
    """Create the default levels, targets, queues and workflow versions where missing."""
    from kefu.service.workflows import default_definition

    level_model = apps.get_model("service", "SlaLevel")
    target_model = apps.get_model("service", "SlaTarget")
    queue_model = apps.get_model("service", "Queue")
    workflow_model = apps.get_model("service", "WorkflowVersion")
    for code, name, rank, is_default, factor in LEVELS:
        level, created = level_model.objects.get_or_create(
            code=code, defaults={"name": name, "rank": rank, "is_default": is_default}
        )
        if not created:
            continue
        rows = []
        for ticket_type in TicketType.values:
            first, arrival, resolution = base_minutes(ticket_type)
            for priority, pf in PRIORITY_FACTOR.items():
                scale = factor * pf
                rows.append(
                    target_model(
                        level=level,
                        ticket_type=ticket_type,
                        priority=priority,
                        first_response_minutes=max(5, round(first * scale)),
                        arrival_minutes=max(30, round(arrival * scale)) if arrival else None,
                        resolution_minutes=max(30, round(resolution * scale)),
                    )
                )
        target_model.objects.bulk_create(rows)
    for code, name, kind, types in QUEUES:
        queue_model.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "ticket_types": list(types)}
        )
    for ticket_type in TicketType.values:
        if not workflow_model.objects.filter(ticket_type=ticket_type).exists():
            workflow_model.objects.create(
                ticket_type=ticket_type,
                number=1,
                definition=default_definition(ticket_type),
                reason="默认流程",
            )
