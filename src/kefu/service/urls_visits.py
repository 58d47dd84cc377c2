"""Follow-up visit pages (namespace "service", mounted by service/urls.py)."""

from django.urls import path

from kefu.service import views_visit_setup as setup
from kefu.service import views_visits as views

urlpatterns = [
    path("visits/", views.visit_list, name="visit_list"),
    path("visits/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("visits/<int:pk>/decide/", views.visit_decide_view, name="visit_decide"),
    path("satisfaction/", views.satisfaction, name="satisfaction"),
    path("satisfaction/outlets/<int:pk>/", views.satisfaction_outlet, name="satisfaction_outlet"),
    path("setup/visit-rules/", setup.visit_rule_list, name="visit_rule_list"),
    path("setup/visit-rules/<str:ticket_type>/", setup.visit_rule_edit, name="visit_rule_edit"),
]
