"""Pages of the strategies app: the strategy library (/strategies/library/)."""

from django.urls import path

from kefu.strategies import views_library as views

urlpatterns = [
    path("", views.StrategyListView.as_view(), name="library_list"),
    path("new/", views.strategy_create, name="library_create"),
    path("<int:pk>/", views.strategy_detail, name="library_detail"),
    path("<int:pk>/edit/", views.strategy_edit, name="library_edit"),
    path("<int:pk>/retire/", views.strategy_retire, name="library_retire"),
    path("<int:pk>/activate/", views.strategy_activate, name="library_activate"),
]
