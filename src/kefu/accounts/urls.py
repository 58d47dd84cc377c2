from django.urls import path

from kefu.accounts import views, views_twofactor

app_name = "accounts"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    # Under /accounts/2fa/: the prefix AdminTwoFactorMiddleware keeps open.
    path("2fa/setup/", views_twofactor.two_factor_setup, name="two_factor_setup"),
    path("2fa/verify/", views_twofactor.two_factor_verify, name="two_factor_verify"),
    path("profile/keys/<int:pk>/revoke/", views.api_key_revoke_view, name="apikey_revoke"),
    path("audit/", views.AuditLogView.as_view(), name="audit"),
    path("logins/", views.LoginLogView.as_view(), name="logins"),
    path("parameters/", views.parameters, name="parameters"),
    path("parameters/<str:key>/", views.parameter_edit, name="parameter_edit"),
    path("holidays/", views.HolidayListView.as_view(), name="holidays"),
]
