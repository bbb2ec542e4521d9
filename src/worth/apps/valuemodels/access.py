"""Value models inherit their project's visibility: one rule, decided in ``programs.access``.

A model holds every customer's research data, so a salesperson who sees only their own accounts does
not see the project's models (they enter their customers' data on the research pages).
"""

from __future__ import annotations

from django.db.models import QuerySet

from worth.apps.programs.access import AnyUser, project_record_for, sees_own_customers_only, visible_projects
from worth.apps.valuemodels.models import ValueModelRecord


def visible_models(user: AnyUser) -> QuerySet[ValueModelRecord]:
    if sees_own_customers_only(user):
        return ValueModelRecord.objects.none()
    return ValueModelRecord.objects.filter(project__in=visible_projects(user)).select_related(
        "project__program"
    )


def model_for(user: AnyUser, pk: int, *, write: bool = False) -> ValueModelRecord:
    """The model if its project is visible to ``user`` (404 otherwise); 403 for a read-only writer."""
    records = ValueModelRecord.objects.select_related("project__program")
    return project_record_for(user, records, pk, write=write, what="value model", customer_records=True)
