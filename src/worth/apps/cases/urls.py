from django.urls import path

from worth.apps.cases import views

app_name = "cases"

urlpatterns = [
    path("project/<int:pk>/", views.project_cases_page, name="project"),
    path("project/<int:pk>/new/", views.case_new, name="new"),
    path("<int:pk>/", views.case_detail, name="case"),
    path("<int:pk>/present/", views.case_present, name="present"),
    path("<int:pk>/decide/", views.case_decide, name="decide"),
    path("<int:pk>/report.<str:fmt>", views.case_report, name="report"),
]
