from django.urls import path

from kefu.service import views_complaints

urlpatterns = [
    path("complaints/analysis/", views_complaints.complaint_analysis, name="complaint_analysis"),
]
