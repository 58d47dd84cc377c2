from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "kefu.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge")

    def ready(self):
        from kefu.core import navigation as nav
        from kefu.knowledge.templates_registry import register_templates

        register_templates()

        section = _("Knowledge")
        nav.register(
            nav.NavEntry(
                section,
                _("Articles"),
                "knowledge:articles",
                ("knowledge.view_article",),
                "journal-text",
                40,
            ),
            nav.NavEntry(
                section,
                _("New article"),
                "knowledge:article_create",
                ("knowledge.add_article",),
                "journal-plus",
                41,
            ),
            nav.NavEntry(
                section,
                _("Article categories"),
                "knowledge:categories",
                ("knowledge.change_articlecategory",),
                "folder",
                42,
            ),
        )
