"""Value models inherit their project's visibility: one rule, decided in ``programs.access``."""

from __future__ import annotations

from django.db.models import QuerySet

from worth.apps.programs.access import AnyUser, project_record_for, visible_projects
from worth.apps.valuemodels.models import ValueModelRecord


def visible_models(user: AnyUser) -> QuerySet[ValueModelRecord]:
    return ValueModelRecord.objects.filter(project__in=visible_projects(user)).select_related(
        "project__program"
    )


def model_for(user: AnyUser, pk: int, *, write: bool = False) -> ValueModelRecord:
    """The model if its project is visible to ``user`` (404 otherwise); 403 for a read-only writer."""
    records = ValueModelRecord.objects.select_related("project__program")
    return project_record_for(user, records, pk, write=write, what="value model")
