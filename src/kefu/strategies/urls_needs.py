"""Pages of the strategies app: customer needs (客户需求), mounted at /strategies/needs/."""

from django.urls import path

from kefu.strategies import views_needs, views_needs_overview

urlpatterns = [
    path("", views_needs.NeedListView.as_view(), name="need_list"),
    path("new/", views_needs.need_register_view, name="need_register"),
    path("overview/", views_needs_overview.need_overview, name="need_overview"),
    path("customers/", views_needs.need_customer_search, name="need_customer_search"),
    path("<int:pk>/", views_needs.need_detail, name="need_detail"),
    path("<int:pk>/edit/", views_needs.need_edit, name="need_edit"),
]
