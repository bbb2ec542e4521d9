from django.urls import path

from worth.apps.research import meeting_views, views

app_name = "research"

urlpatterns = [
    path("customers/", views.customer_list, name="customers"),
    path("customers/<int:pk>/", views.customer_detail, name="customer"),
    path("customers/<int:pk>/contacts/", views.contact_add, name="contact-add"),
    path("customers/<int:pk>/contacts/<int:contact_pk>/", views.contact_edit, name="contact"),
    path("customers/<int:pk>/contacts/<int:contact_pk>/remove/", views.contact_remove, name="contact-remove"),
    path("projects/<int:pk>/customers/", views.project_customers, name="project-customers"),
    path("projects/<int:pk>/customers/add/", views.participation_new, name="participation-new"),
    path("projects/<int:pk>/checklist/", views.checklist, name="checklist"),
    path("projects/<int:pk>/workshop/", views.workshop, name="workshop"),
    path("projects/<int:pk>/analysis/", views.analysis, name="analysis"),
    path("projects/<int:pk>/practice/", views.practice_start, name="practice"),
    path("participations/<int:pk>/", views.participation_edit, name="participation"),
    path("participations/<int:pk>/meetings/new/", meeting_views.meeting_new, name="meeting-new"),
    path("projects/<int:pk>/meetings/", meeting_views.meetings, name="meetings"),
    path("meetings/<int:pk>/", meeting_views.meeting_edit, name="meeting"),
]
