from django.urls import include, path

from kefu.strategies import (
    urls_care,
    urls_grades,
    urls_grading,
    urls_library,
    urls_needs,
    urls_plans,
)

app_name = "strategies"

urlpatterns = [
    path("", include(urls_grades)),
    path("grading/", include(urls_grading)),
    path("library/", include(urls_library)),
    path("plans/", include(urls_plans)),
    path("needs/", include(urls_needs)),
    path("care/", include(urls_care)),
]
