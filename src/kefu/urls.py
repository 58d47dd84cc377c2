from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from kefu.accounts.views import home
from kefu.api import api
from kefu.core.health import healthz, readyz
from kefu.core.metrics import metrics_view
from kefu.service.views_survey import survey

admin.site.site_header = admin.site.site_title = "Kefu 客服"

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("metrics", metrics_view, name="metrics"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("accounts/", include("kefu.accounts.urls")),
    path("catalog/", include("kefu.catalog.urls")),
    path("customers/", include("kefu.customers.urls")),
    path("service/", include("kefu.service.urls")),
    path("knowledge/", include("kefu.knowledge.urls")),
    path("strategies/", include("kefu.strategies.urls")),
    path("help/", include("kefu.knowledge.urls_help")),
    path("survey/<str:token>/", survey, name="survey"),  # public: the token is the key
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
