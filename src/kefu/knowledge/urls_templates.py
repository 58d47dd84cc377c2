"""URLs of answer templates and forbidden phrases (included by knowledge/urls.py)."""

from django.urls import path

from kefu.knowledge import views_templates as views

urlpatterns = [
    path("templates/", views.AnswerTemplateListView.as_view(), name="answer_templates"),
    path("templates/new/", views.answer_template_create, name="answer_template_create"),
    path("templates/picker/", views.answer_template_picker, name="answer_template_picker"),
    path("templates/<int:pk>/edit/", views.answer_template_edit, name="answer_template_edit"),
    path("templates/<int:pk>/active/", views.answer_template_active, name="answer_template_active"),
    path("templates/<int:pk>/render", views.answer_template_render, name="answer_template_render"),
    path("phrases/", views.ForbiddenPhraseListView.as_view(), name="forbidden_phrases"),
    path("phrases/new/", views.forbidden_phrase_create, name="forbidden_phrase_create"),
    path("phrases/list.json", views.forbidden_phrases_json, name="forbidden_phrases_json"),
    path("phrases/<int:pk>/edit/", views.forbidden_phrase_edit, name="forbidden_phrase_edit"),
    path("phrases/<int:pk>/active/", views.forbidden_phrase_active, name="forbidden_phrase_active"),
]
