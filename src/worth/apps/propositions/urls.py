from django.urls import path

from worth.apps.propositions import views

app_name = "propositions"

urlpatterns = [
    path("", views.proposition_list, name="list"),
    path("program/<int:pk>/", views.program_differences, name="program"),
    path("project/<int:pk>/", views.project_propositions_page, name="project"),
    path("<int:pk>/", views.proposition_detail, name="proposition"),
    path("<int:pk>/rest-on-current/", views.rest_on_current, name="rest-on-current"),
]
