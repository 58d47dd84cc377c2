"""Pages of the strategies app: grading runs (under /strategies/grading/)."""

from django.urls import path

from kefu.strategies import views_grading as views

urlpatterns = [
    path("", views.grading_run_list, name="grading_run_list"),
    path("start/", views.grading_run_start, name="grading_run_start"),
    path("<int:pk>/", views.grading_run_detail, name="grading_run_detail"),
    path("<int:pk>/apply/", views.grading_run_apply, name="grading_run_apply"),
    path("<int:pk>/discard/", views.grading_run_discard, name="grading_run_discard"),
]
