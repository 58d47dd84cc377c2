"""Pages of the strategies app: grades, grading rules, manual overrides, segments."""

from django.urls import path

from kefu.strategies import views_grades as views
from kefu.strategies import views_segments as segments

urlpatterns = [
    path("grades/", views.grade_list_page, name="grade_list"),
    path("grades/new/", views.grade_create, name="grade_create"),
    path("grades/<int:pk>/edit/", views.grade_edit, name="grade_edit"),
    path("grades/<int:pk>/active/", views.grade_active, name="grade_active"),
    path("grades/<int:pk>/delete/", views.grade_delete, name="grade_delete"),
    path("grades/rules/", views.grade_criteria, name="grade_criteria"),
    path(
        "grades/customers/<int:customer_pk>/override/",
        views.grade_override_set_view,
        name="grade_override_set",
    ),
    path(
        "grades/customers/<int:customer_pk>/override/end/",
        views.grade_override_end_view,
        name="grade_override_end",
    ),
    path("segments/", segments.SegmentListView.as_view(), name="segment_list"),
    path("segments/new/", segments.segment_create, name="segment_create"),
    path("segments/<int:pk>/", segments.segment_detail, name="segment_detail"),
    path("segments/<int:pk>/edit/", segments.segment_edit, name="segment_edit"),
    path("segments/<int:pk>/active/", segments.segment_active, name="segment_active"),
]
