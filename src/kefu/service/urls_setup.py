"""Service setup pages (namespace "service", mounted by service/urls.py)."""

from django.urls import path

from kefu.service import views_setup as views

urlpatterns = [
    path("setup/workflows/", views.workflow_list, name="workflow_list"),
    path("setup/workflows/<str:ticket_type>/", views.workflow_detail, name="workflow_detail"),
    path("setup/workflows/<str:ticket_type>/edit/", views.workflow_edit, name="workflow_edit"),
    path("setup/sla/", views.sla_list, name="sla_list"),
    path("setup/sla/new/", views.sla_create, name="sla_create"),
    path("setup/sla/<int:pk>/edit/", views.sla_edit, name="sla_edit"),
    path("setup/queues/", views.QueueListView.as_view(), name="queue_list"),
    path("setup/queues/new/", views.queue_create, name="queue_create"),
    path("setup/queues/<int:pk>/edit/", views.queue_edit, name="queue_edit"),
    path("setup/users/", views.setup_user_lookup, name="setup_user_lookup"),
]
