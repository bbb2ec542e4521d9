from django.urls import path

from worth.apps.programs import views

app_name = "programs"

urlpatterns = [
    path("", views.program_list, name="list"),
    path("new/", views.program_create, name="program-create"),
    path("<int:pk>/", views.program_detail, name="program"),
    path("<int:pk>/edit/", views.program_edit, name="program-edit"),
    path("<int:program_pk>/projects/new/", views.project_create, name="project-create"),
    path("projects/<int:pk>/", views.project_detail, name="project"),
    path("projects/<int:pk>/edit/", views.project_edit, name="project-edit"),
]
