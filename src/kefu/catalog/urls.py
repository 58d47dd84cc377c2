from django.urls import path

from kefu.catalog import views

app_name = "catalog"
urlpatterns = [
    path("regions/", views.RegionListView.as_view(), name="regions"),
    path("products/", views.ProductModelListView.as_view(), name="products"),
]
