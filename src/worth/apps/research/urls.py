from django.urls import path

from worth.apps.research import views

app_name = "research"

urlpatterns = [
    path("customers/", views.customer_list, name="customers"),
    path("customers/<int:pk>/", views.customer_detail, name="customer"),
    path("customers/<int:pk>/contacts/", views.contact_add, name="contact-add"),
    path("projects/<int:pk>/customers/", views.project_customers, name="project-customers"),
    path("projects/<int:pk>/customers/add/", views.participation_new, name="participation-new"),
    path("projects/<int:pk>/checklist/", views.checklist, name="checklist"),
    path("participations/<int:pk>/", views.participation_edit, name="participation"),
]
