"""Pricing records inherit their project's visibility: one rule, decided in ``programs.access``.

Outsiders get a 404 (a data set's existence is not revealed); people who may read the project but
not change it get a 403 when they try to change something.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from worth.apps.pricing.models import InvoiceDataset, InvoiceImport
from worth.apps.programs.access import AnyUser, can_change_project, visible_projects


def visible_datasets(user: AnyUser) -> QuerySet[InvoiceDataset]:
    return InvoiceDataset.objects.filter(project__in=visible_projects(user)).select_related(
        "project__program", "imported_by"
    )


def dataset_for(user: AnyUser, pk: int, *, write: bool = False) -> InvoiceDataset:
    """The data set if its project is visible to ``user`` (404 otherwise); 403 for a read-only writer."""
    dataset = visible_datasets(user).filter(pk=pk).first()
    if dataset is None:
        raise Http404("No such invoice data set")
    if write and not can_change_project(user, dataset.project):
        raise PermissionDenied("You may read this data set but not change it.")
    return dataset


def import_for(user: AnyUser, pk: int) -> InvoiceImport:
    """An import attempt, readable by whoever sees its project (the team sees why an import failed)."""
    found = (
        InvoiceImport.objects.filter(project__in=visible_projects(user), pk=pk)
        .select_related("project__program", "job", "dataset", "user")
        .first()
    )
    if found is None:
        raise Http404("No such import")
    return found
