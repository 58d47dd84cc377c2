from django.urls import path

from kefu.customers import imports_views, views, views_details

app_name = "customers"
urlpatterns = [
    path("", views.CustomerListView.as_view(), name="list"),
    path("new/", views.customer_create, name="create"),
    path("regions/", views.region_lookup, name="regions"),
    path("import/", imports_views.import_upload, name="import"),
    path("import/template.xlsx", imports_views.import_template, name="import_template"),
    path(
        "import/transactions/",
        imports_views.transaction_import_upload,
        name="transaction_import",
    ),
    path(
        "import/transactions/template.xlsx",
        imports_views.transaction_import_template,
        name="transaction_import_template",
    ),
    path("import/<int:pk>/", imports_views.import_detail, name="import_detail"),
    path("import/<int:pk>/apply/", imports_views.import_apply, name="import_apply"),
    path(
        "import/<int:pk>/rejected.<str:fmt>", imports_views.import_rejected, name="import_rejected"
    ),
    path("<int:pk>/", views.customer_detail, name="detail"),
    path("<int:pk>/edit/", views.customer_edit, name="edit"),
    path("<int:pk>/delete/", views.customer_delete, name="delete"),
    path("<int:pk>/phones/new/", views_details.phone_add, name="phone_add"),
    path("<int:pk>/phones/<int:phone_pk>/remove/", views_details.phone_remove, name="phone_remove"),
    path("<int:pk>/addresses/new/", views_details.address_add, name="address_add"),
    path("<int:pk>/assets/new/", views_details.asset_add, name="asset_add"),
    path("<int:pk>/contacts/new/", views_details.contact_add, name="contact_add"),
]
