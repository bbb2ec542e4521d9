from django.urls import path

from worth.apps.offerings import views

app_name = "offerings"

urlpatterns = [
    path("", views.index, name="index"),
    path("projects/<int:pk>/", views.project, name="project"),
    path("projects/<int:pk>/parts/new/", views.component_new, name="component-new"),
    path("projects/<int:pk>/parts/<int:component_pk>/", views.component_edit, name="component-edit"),
    path(
        "projects/<int:pk>/parts/<int:component_pk>/delete/", views.component_delete, name="component-delete"
    ),
]
