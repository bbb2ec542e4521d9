from django.urls import path

from worth.apps.pricing import (
    analysis_views,
    compensation_views,
    levers_views,
    mix_views,
    policy_views,
    strategy_views,
    value_views,
    views,
)

app_name = "pricing"

urlpatterns = [
    path("", views.index, name="index"),
    path("projects/<int:project_pk>/import/", views.dataset_import, name="dataset_import"),
    path("imports/<int:pk>/", views.import_status, name="import_status"),
    path("datasets/<int:pk>/", views.dataset_detail, name="dataset"),
    path("datasets/<int:pk>/delete/", views.dataset_delete, name="dataset_delete"),
    path("datasets/<int:pk>/waterfall/", analysis_views.waterfall, name="waterfall"),
    path("datasets/<int:pk>/band/", analysis_views.band, name="band"),
    path("datasets/<int:pk>/mix/", mix_views.mix, name="mix"),
    path("datasets/<int:pk>/compensation/", compensation_views.compensation, name="compensation"),
    path("projects/<int:project_pk>/policy/", policy_views.policy_detail, name="policy"),
    path("projects/<int:project_pk>/policy/import/", policy_views.policy_import, name="policy_import"),
    path("projects/<int:project_pk>/policy/file/", policy_views.policy_file, name="policy_file"),
    path("projects/<int:project_pk>/value-price/", value_views.value_price, name="value_price"),
    path("projects/<int:project_pk>/strategy/", strategy_views.strategy, name="strategy"),
    path("projects/<int:project_pk>/levers/", levers_views.levers, name="levers"),
    path("projects/<int:project_pk>/levers/new/", levers_views.structure_new, name="structure_new"),
    path("projects/<int:project_pk>/levers/<int:pk>/", levers_views.structure_edit, name="structure_edit"),
    path(
        "projects/<int:project_pk>/levers/<int:pk>/delete/",
        levers_views.structure_delete,
        name="structure_delete",
    ),
]
