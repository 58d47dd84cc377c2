"""What answer templates plug into the shell at start-up: the company-name parameter, the menu."""

from django.utils.translation import gettext_lazy as _


def register_templates() -> None:
    from kefu.accounts import parameters
    from kefu.accounts.choices import ParameterKind
    from kefu.core import navigation as nav
    from kefu.knowledge.templates_variables import COMPANY_DEFAULT, COMPANY_PARAMETER

    parameters.register(
        COMPANY_PARAMETER,
        ParameterKind.TEXT,
        COMPANY_DEFAULT,
        _("Company name filled into answer templates ({公司名称})"),
    )
    section = _("Knowledge")
    nav.register(
        nav.NavEntry(
            section,
            _("Answer templates"),
            "knowledge:answer_templates",
            ("knowledge.view_answertemplate",),
            "chat-quote",
            45,
        ),
        nav.NavEntry(
            section,
            _("Forbidden phrases"),
            "knowledge:forbidden_phrases",
            ("knowledge.view_forbiddenphrase",),
            "ban",
            46,
        ),
    )
