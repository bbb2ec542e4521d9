from django.urls import path

from worth.apps.programs import learning_views, team_views, views, workplan_views

app_name = "programs"

urlpatterns = [
    path("", views.program_list, name="list"),
    path("new/", views.program_create, name="program-create"),
    path("<int:pk>/", views.program_detail, name="program"),
    path("<int:pk>/edit/", views.program_edit, name="program-edit"),
    path("<int:pk>/learning/", learning_views.learning, name="learning"),
    path("<int:program_pk>/projects/new/", views.project_create, name="project-create"),
    path("projects/<int:pk>/", views.project_detail, name="project"),
    path("projects/<int:pk>/edit/", views.project_edit, name="project-edit"),
    path("projects/<int:pk>/team/", team_views.team, name="team"),
    path("projects/<int:pk>/team/add/", team_views.member_add, name="member-add"),
    path("projects/<int:pk>/team/<int:member_pk>/", team_views.member_edit, name="member"),
    path("projects/<int:pk>/team/<int:member_pk>/remove/", team_views.member_remove, name="member-remove"),
    path("projects/<int:pk>/milestones/new/", workplan_views.milestone_new, name="milestone-new"),
    path("projects/<int:pk>/milestones/<int:milestone_pk>/", workplan_views.milestone_edit, name="milestone"),
    path(
        "projects/<int:pk>/milestones/<int:milestone_pk>/remove/",
        workplan_views.milestone_remove,
        name="milestone-remove",
    ),
    path("projects/<int:pk>/comments/", workplan_views.comment, name="comment"),
]
