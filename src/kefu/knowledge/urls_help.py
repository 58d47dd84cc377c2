"""The public help centre (no login): /help/."""

from django.urls import path

from kefu.knowledge import views_help

app_name = "help"
urlpatterns = [
    path("", views_help.help_list, name="list"),
    path("<int:pk>/", views_help.help_article, name="article"),
]
