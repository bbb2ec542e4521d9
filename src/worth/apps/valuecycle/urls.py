from django.urls import path

from worth.apps.valuecycle import views

app_name = "valuecycle"

urlpatterns = [
    path("projects/<int:pk>/", views.project_maps, name="project"),
    path("projects/<int:pk>/new/", views.map_new, name="map-new"),
    path("maps/<int:pk>/", views.map_detail, name="map"),
    path("maps/<int:pk>/edit/", views.map_edit, name="map-edit"),
    path("maps/<int:pk>/delete/", views.map_delete, name="map-delete"),
    path("maps/<int:pk>/reviews/", views.review_new, name="review-new"),
    path("maps/<int:pk>/reviews/<int:number>/", views.review_detail, name="review"),
    path("maps/<int:pk>/<slug:kind>/new/", views.part_new, name="part-new"),
    path("maps/<int:pk>/<slug:kind>/<int:part_pk>/", views.part_edit, name="part"),
    path("maps/<int:pk>/<slug:kind>/<int:part_pk>/delete/", views.part_delete, name="part-delete"),
]
