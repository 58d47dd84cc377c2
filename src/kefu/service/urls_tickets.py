from django.urls import path

from kefu.service import views_faults as faults
from kefu.service import views_ticket_actions as actions
from kefu.service import views_ticket_detail as detail
from kefu.service import views_tickets as views

urlpatterns = [
    path("tickets/", views.TicketListView.as_view(), name="ticket_list"),
    path("tickets/new/", views.ticket_create, name="ticket_create"),
    path("tickets/customers/", views.customer_search, name="ticket_customer_search"),
    path("tickets/customer-assets/", views.customer_assets, name="ticket_customer_assets"),
    path("tickets/fault-options/", faults.fault_options, name="fault_options"),
    path("tickets/<int:pk>/", detail.ticket_detail, name="ticket_detail"),
    path("tickets/<int:pk>/edit/", views.ticket_edit, name="ticket_edit"),
    path(
        "tickets/<int:pk>/transition/<str:code>/",
        actions.ticket_transition,
        name="ticket_transition",
    ),
    path("tickets/<int:pk>/reply/", actions.ticket_reply, name="ticket_reply"),
    path("tickets/<int:pk>/assign/", actions.ticket_assign, name="ticket_assign"),
    path("tickets/<int:pk>/escalate/", actions.ticket_escalate, name="ticket_escalate"),
    path("tickets/<int:pk>/send-back/", actions.ticket_send_back, name="ticket_send_back"),
    path("tickets/<int:pk>/link/", actions.ticket_link, name="ticket_link"),
    path("tickets/<int:pk>/merge/", actions.ticket_merge, name="ticket_merge"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("interactions/", views.InteractionListView.as_view(), name="interaction_list"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read_all, name="notifications_read_all"),
    path("notifications/<int:pk>/read/", views.notification_open, name="notification_open"),
]
