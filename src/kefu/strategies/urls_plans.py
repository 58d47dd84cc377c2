"""Pages of the strategies app: implementation plans and their tasks (mounted at /strategies/plans/,
namespace "strategies")."""

from django.urls import path

from kefu.strategies import views_plans as views
from kefu.strategies import views_plans_tasks as tasks

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("new/", views.plan_new, name="plan_new"),
    path("new/suggestions/", views.plan_suggestions, name="plan_suggestions"),
    path("new/customers/", views.plan_customer_search, name="plan_customer_search"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("<int:pk>/activate/", views.plan_activate_view, name="plan_activate"),
    path("<int:pk>/complete/", views.plan_complete_view, name="plan_complete"),
    path("<int:pk>/cancel/", views.plan_cancel_view, name="plan_cancel"),
    path("<int:pk>/versions/", views.plan_versions, name="plan_versions"),
    path("tasks/", tasks.my_tasks, name="plan_my_tasks"),
    path("tasks/<int:pk>/", tasks.task_detail, name="plan_task"),
    path("tasks/<int:pk>/done/", tasks.task_done_view, name="plan_task_done"),
    path("tasks/<int:pk>/skip/", tasks.task_skip_view, name="plan_task_skip"),
]
