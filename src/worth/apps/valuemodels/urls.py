from django.urls import path

from worth.apps.valuemodels import (
    analysis_views,
    builder_views,
    data_views,
    equation_views,
    grid_import_views,
    version_views,
    views,
)

app_name = "valuemodels"

urlpatterns = [
    path("", views.model_list, name="list"),
    path("import/<int:project_pk>/", views.model_import, name="import"),
    path("new/<int:project_pk>/", builder_views.model_new, name="new"),
    path("summary.css", views.summary_css, name="summary-css"),
    path("<int:pk>/", views.model_detail, name="detail"),
    path("<int:pk>/build/", builder_views.builder, name="build"),
    path("<int:pk>/build/new/<str:kind>/", builder_views.part_new, name="part-new"),
    path("<int:pk>/build/parts/<int:part_pk>/", builder_views.part_edit, name="part"),
    path("<int:pk>/build/parts/<int:part_pk>/move/", builder_views.part_move, name="part-move"),
    path("<int:pk>/build/parts/<int:part_pk>/remove/", builder_views.part_remove, name="part-remove"),
    path("<int:pk>/build/parts/<int:part_pk>/history/", builder_views.part_history_page, name="part-history"),
    path("<int:pk>/build/classification/", builder_views.classification_grid, name="classification"),
    path("<int:pk>/build/save/", builder_views.draft_save, name="draft-save"),
    path("<int:pk>/build/discard/", builder_views.draft_discard, name="draft-discard"),
    path("<int:pk>/report/", views.model_report, name="report"),
    path("<int:pk>/file/", views.model_file, name="file"),
    path("<int:pk>/sensitivity/", analysis_views.sensitivity, name="sensitivity"),
    path("<int:pk>/simulate/", analysis_views.simulate, name="simulate"),
    path("<int:pk>/simulations/<int:job_pk>/", analysis_views.simulation, name="simulation"),
    path("<int:pk>/prospects/", analysis_views.prospects, name="prospects"),
    path("<int:pk>/data/", data_views.customer_data, name="data"),
    path("<int:pk>/data.<str:fmt>", data_views.customer_data_file, name="data-file"),
    path("<int:pk>/data/import/", grid_import_views.import_cells, name="data-import"),
    path("<int:pk>/equation/", equation_views.equation_workbench, name="equation"),
    path("<int:pk>/versions/", version_views.version_list, name="versions"),
    path("<int:pk>/versions/<int:number>/", version_views.version_detail, name="version"),
    path("<int:pk>/versions/<int:number>/file/", version_views.version_file, name="version-file"),
    path("<int:pk>/versions/<int:number>/report/", version_views.version_report, name="version-report"),
    path("<int:pk>/compare/", version_views.compare_versions, name="compare"),
]
