"""What the service app plugs into the shell at start-up: parameters, menu, scoping hook."""

from django.utils.translation import gettext_lazy as _


def register_all() -> None:
    from kefu.accounts import parameters
    from kefu.accounts.choices import ParameterKind
    from kefu.accounts.scoping import register_queue_provider
    from kefu.catalog.selectors_taxonomy import register_fault_usage_provider
    from kefu.service import metrics, signals
    from kefu.service.panels import register_panels
    from kefu.service.selectors import user_queue_ids
    from kefu.service.selectors_faults import fault_usage_provider

    register_queue_provider(user_queue_ids)
    _answer_templates()
    register_fault_usage_provider(fault_usage_provider)
    signals.connect()
    register_panels()
    metrics.register()
    parameters.register(
        "service.sla_warn_minutes",
        ParameterKind.INTEGER,
        60,
        _("Warn this many minutes before an SLA due time"),
    )
    parameters.register(
        "service.attachment_max_mb",
        ParameterKind.INTEGER,
        20,
        _("Largest attachment accepted (MB)"),
    )
    parameters.register(
        "service.repeat_complaint_days",
        ParameterKind.INTEGER,
        90,
        _("A complaint repeats the same customer's complaints of this many days before"),
    )
    _menu()


def _answer_templates() -> None:
    """The knowledge app's template picker on the desk, reading customers and tickets as the
    user sees them (knowledge may not import customers or service)."""
    from kefu.customers.selectors import customer_get
    from kefu.knowledge.templates_hooks import register_subject_loader
    from kefu.service.hooks import register_desk_panel
    from kefu.service.selectors import ticket_get

    register_subject_loader("customer", customer_get)
    register_subject_loader("ticket", ticket_get)
    register_desk_panel("knowledge/templates_desk_panel.html")
    register_desk_panel("knowledge/_desk_suggestions.html")  # suggested articles


def _menu() -> None:
    from kefu.core import navigation as nav

    service, setup = _("Service"), _("Service setup")
    nav.register(
        nav.NavEntry(
            service, _("Agent desk"), "service:desk", ("service.add_ticket",), "headset", 1
        ),
        nav.NavEntry(
            service,
            _("Tickets"),
            "service:ticket_list",
            ("service.view_ticket",),
            "card-checklist",
            20,
        ),
        nav.NavEntry(
            service,
            _("New ticket"),
            "service:ticket_create",
            ("service.add_ticket",),
            "plus-square",
            21,
        ),
        nav.NavEntry(
            service,
            _("Contact log"),
            "service:interaction_list",
            ("service.view_interaction",),
            "telephone",
            22,
        ),
        nav.NavEntry(
            service,
            _("Complaint analysis"),
            "service:complaint_analysis",
            ("service.audit_ticket",),
            "bar-chart-line",
            30,
        ),
        nav.NavEntry(
            setup,
            _("Workflows"),
            "service:workflow_list",
            ("service.manage_workflows",),
            "diagram-3",
            700,
        ),
        nav.NavEntry(
            setup,
            _("Response-time levels"),
            "service:sla_list",
            ("service.manage_workflows",),
            "stopwatch",
            710,
        ),
        nav.NavEntry(
            setup, _("Queues"), "service:queue_list", ("service.manage_workflows",), "people", 720
        ),
        nav.NavEntry(
            service,
            _("Follow-up visits"),
            "service:visit_list",
            ("service.view_visit",),
            "telephone-outbound",
            23,
        ),
        nav.NavEntry(
            service,
            _("Satisfaction"),
            "service:satisfaction",
            ("service.view_visit",),
            "emoji-smile",
            24,
        ),
        nav.NavEntry(
            setup,
            _("Follow-up rules"),
            "service:visit_rule_list",
            ("service.manage_workflows",),
            "telephone-forward",
            730,
        ),
    )
