"""Business cases inherit their project's visibility, like the value model and proposition they rest on.

The team's editors write and present a case; the program's sponsor, its program lead and administrators
decide on it (the senior management the case is made to). A case rests on every customer's figures, so
it does not exist for a salesperson who sees only their own accounts.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from worth.apps.cases.models import BusinessCase
from worth.apps.programs.access import AnyUser, can_change_program, project_record_for
from worth.apps.programs.models import Project
from worth.apps.valuemodels.access import visible_models


def project_cases(user: AnyUser, project: Project) -> QuerySet[BusinessCase]:
    return BusinessCase.objects.filter(
        project=project, proposition__model__in=visible_models(user)
    ).select_related("proposition__model", "proposition__version", "version", "decided_by")


def case_for(user: AnyUser, pk: int, *, write: bool = False, decide: bool = False) -> BusinessCase:
    """The case if visible (404 otherwise); 403 to a reader who writes, or to anyone but the program's
    sponsor, program lead or an administrator who decides."""
    records = BusinessCase.objects.select_related(
        "project__program", "proposition__model", "proposition__version", "version"
    )
    case = project_record_for(user, records, pk, write=write, what="business case", customer_records=True)
    if decide and not can_change_program(user, case.project.program):
        raise PermissionDenied("The program's sponsor or program lead decides on a business case.")
    return case
