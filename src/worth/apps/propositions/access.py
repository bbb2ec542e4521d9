"""Propositions inherit their model's visibility: the project's team reads them, its editors write them.

A proposition rests on every customer's figures of the model, so, like the model, it does not exist for
a salesperson who sees only their own accounts.
"""

from __future__ import annotations

from django.db.models import QuerySet

from worth.apps.programs.access import AnyUser, project_record_for
from worth.apps.programs.models import Project
from worth.apps.propositions.models import Proposition
from worth.apps.valuemodels.access import visible_models


def project_propositions(user: AnyUser, project: Project) -> QuerySet[Proposition]:
    return Proposition.objects.filter(project=project, model__in=visible_models(user)).select_related(
        "model", "version", "updated_by"
    )


def proposition_for(user: AnyUser, pk: int, *, write: bool = False) -> Proposition:
    """The proposition if its project's models are visible to ``user`` (404 otherwise); 403 to readers."""
    records = Proposition.objects.select_related("project__program", "model", "version")
    return project_record_for(user, records, pk, write=write, what="value proposition", customer_records=True)
