"""What the service app plugs into the shell at start-up: parameters, menu, scoping hook."""

from django.utils.translation import gettext_lazy as _


def register_all() -> None:
    from kefu.accounts import parameters
    from kefu.accounts.choices import ParameterKind
    from kefu.accounts.scoping import register_queue_provider
    from kefu.service import metrics, signals
    from kefu.service.panels import register_panels
    from kefu.service.selectors import user_queue_ids

    register_queue_provider(user_queue_ids)
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
    _menu()


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
    )
