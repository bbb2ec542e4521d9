from django.urls import path

from worth.apps.realization import calculator_views, case_history_views, documenter_views, share_views

app_name = "realization"

urlpatterns = [
    path("calculators/", calculator_views.calculators, name="calculators"),
    path("calculators/project/<int:pk>/", calculator_views.calculator, name="calculator"),
    path(
        "calculators/project/<int:pk>/calculator.xlsx",
        calculator_views.calculator_file,
        name="calculator-file",
    ),
    path("calculators/project/<int:pk>/save/", calculator_views.estimate_save, name="estimate-save"),
    path("calculators/estimates/<int:pk>/", calculator_views.estimate, name="estimate"),
    path(
        "calculators/estimates/<int:pk>/calculator.xlsx", calculator_views.estimate_file, name="estimate-file"
    ),
    path("calculators/estimates/<int:pk>/proposal.pdf", calculator_views.proposal, name="proposal"),
    path(
        "calculators/estimates/<int:pk>/documenter/",
        documenter_views.documenter_start,
        name="documenter-start",
    ),
    path("documenters/", documenter_views.portfolio, name="documenters"),
    path("documenters/<int:pk>/", documenter_views.documenter, name="documenter"),
    path("documenters/<int:pk>/results/", documenter_views.results, name="results"),
    path("documenters/<int:pk>/links/", documenter_views.share_create, name="share-create"),
    path(
        "documenters/<int:pk>/links/<int:link_pk>/revoke/", documenter_views.share_revoke, name="share-revoke"
    ),
    path("documenters/<int:pk>/to-research/", documenter_views.add_to_research, name="to-research"),
    path("documenters/<int:pk>/comments/", documenter_views.comment, name="comment"),
    path("documenters/<int:pk>/case-history/", case_history_views.case_history, name="case-history"),
    path(
        "documenters/<int:pk>/case-history-<str:variant>.pdf",
        case_history_views.case_history_file,
        name="case-history-file",
    ),
    path("shared/<str:token>/", share_views.shared, name="shared"),
]
