"""Pages of the strategies app: customer care (mounted at /strategies/care/, namespace
"strategies")."""

from django.urls import path

from kefu.strategies import views_care as views
from kefu.strategies import views_care_calendar as calendar
from kefu.strategies import views_care_campaigns as campaigns

urlpatterns = [
    path("", views.reminders, name="care_reminders"),
    path("tickets/", views.reminders_ticket, name="care_reminders_ticket"),
    path("generate/", views.reminders_generate, name="care_generate"),
    path("items/<int:pk>/ticket/", views.reminder_ticket, name="care_item_ticket"),
    path("items/<int:pk>/dismiss/", views.reminder_dismiss, name="care_item_dismiss"),
    path("birthdays/", views.birthdays, name="care_birthdays"),
    path("birthdays/tickets/", views.birthdays_ticket, name="care_birthdays_ticket"),
    path("calendar/", calendar.care_calendar, name="care_calendar"),
    path("campaigns/", campaigns.campaign_list, name="care_campaigns"),
    path("campaigns/new/", campaigns.campaign_new, name="care_campaign_new"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="care_campaign"),
    path("campaigns/<int:pk>/edit/", campaigns.campaign_edit, name="care_campaign_edit"),
    path("campaigns/<int:pk>/launch/", campaigns.campaign_launch, name="care_campaign_launch"),
    path("campaigns/<int:pk>/export/", campaigns.campaign_export, name="care_campaign_export"),
]
