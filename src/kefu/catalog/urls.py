from django.urls import path

from kefu.catalog import views, views_dictionary, views_taxonomy

app_name = "catalog"
urlpatterns = [
    path("regions/", views.RegionListView.as_view(), name="regions"),
    path("products/", views.ProductModelListView.as_view(), name="products"),
    *views_dictionary.urlpatterns(),
    *views_taxonomy.urlpatterns,
]
