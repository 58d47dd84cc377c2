from django.urls import path

from kefu.accounts import views

app_name = "accounts"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/keys/<int:pk>/revoke/", views.api_key_revoke_view, name="apikey_revoke"),
    path("audit/", views.AuditLogView.as_view(), name="audit"),
    path("logins/", views.LoginLogView.as_view(), name="logins"),
    path("parameters/", views.parameters, name="parameters"),
    path("parameters/<str:key>/", views.parameter_edit, name="parameter_edit"),
    path("holidays/", views.HolidayListView.as_view(), name="holidays"),
]
