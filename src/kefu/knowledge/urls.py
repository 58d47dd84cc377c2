from django.urls import path

from kefu.knowledge import views, views_categories
from kefu.knowledge.urls_templates import urlpatterns as templates_urlpatterns

app_name = "knowledge"
urlpatterns = [
    path("", views.article_list, name="articles"),
    path("new/", views.article_create, name="article_create"),
    path("<int:pk>/", views.article_detail, name="article_detail"),
    path("<int:pk>/edit/", views.article_edit, name="article_edit"),
    path("<int:pk>/versions/", views.article_versions, name="article_versions"),
    path("<int:pk>/versions/<int:number>/", views.article_version, name="article_version"),
    path("<int:pk>/publish/", views.article_publish, name="article_publish"),
    path("<int:pk>/archive/", views.article_archive, name="article_archive"),
    path("<int:pk>/helped/", views.article_helped, name="article_helped"),
    path("suggestions/", views.suggestions, name="suggestions"),
    path("categories/", views_categories.categories, name="categories"),
    path("categories/<int:pk>/", views_categories.category_edit, name="category_edit"),
    *templates_urlpatterns,
]
