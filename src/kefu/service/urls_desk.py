from django.urls import path

from kefu.service import views_desk

urlpatterns = [
    path("desk/", views_desk.desk, name="desk"),
    path("desk/lookup/", views_desk.desk_lookup, name="desk_lookup"),
    path("desk/customer/<int:pk>/", views_desk.desk_customer, name="desk_customer"),
    path("desk/register/", views_desk.desk_register, name="desk_register"),
]
