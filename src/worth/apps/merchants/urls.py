from django.urls import path

from worth.apps.merchants import views

app_name = "merchants"

urlpatterns = [
    path("programs/<int:pk>/", views.program, name="program"),
    path("programs/<int:pk>/codes/", views.codes, name="codes"),
    path("programs/<int:pk>/people/<int:person_pk>/", views.person, name="person"),
    path("programs/<int:pk>/people/<int:person_pk>/assess/", views.assess, name="assess"),
]
