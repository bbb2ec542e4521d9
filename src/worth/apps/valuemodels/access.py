"""Value models inherit their project's visibility: one rule, decided in ``programs.access``."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from worth.apps.programs.access import AnyUser, can_change_project, visible_projects
from worth.apps.valuemodels.models import ValueModelRecord


def visible_models(user: AnyUser) -> QuerySet[ValueModelRecord]:
    return ValueModelRecord.objects.filter(project__in=visible_projects(user)).select_related(
        "project__program"
    )


def model_for(user: AnyUser, pk: int, *, write: bool = False) -> ValueModelRecord:
    """The model if its project is visible to ``user`` (404 otherwise); 403 for a read-only writer."""
    record = visible_models(user).filter(pk=pk).first()
    if record is None:
        raise Http404("No such value model")
    if write and not can_change_project(user, record.project):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("You may read this value model but not change it.")
    return record
