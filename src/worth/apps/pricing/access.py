"""Pricing records inherit their project's visibility: one rule, decided in ``programs.access``.

Outsiders get a 404 (a data set's existence is not revealed); people who may read the project but
not change it get a 403 when they try to change something. Invoice lines name every customer, so a
salesperson who sees only their own accounts does not see the project's data sets.
"""

from __future__ import annotations

from django.db.models import QuerySet

from worth.apps.pricing.models import InvoiceDataset, InvoiceImport
from worth.apps.programs.access import AnyUser, project_record_for, sees_own_customers_only, visible_projects


def visible_datasets(user: AnyUser) -> QuerySet[InvoiceDataset]:
    if sees_own_customers_only(user):
        return InvoiceDataset.objects.none()
    return InvoiceDataset.objects.filter(project__in=visible_projects(user)).select_related(
        "project__program", "imported_by"
    )


def dataset_for(user: AnyUser, pk: int, *, write: bool = False) -> InvoiceDataset:
    """The data set if its project is visible to ``user`` (404 otherwise); 403 for a read-only writer."""
    records = InvoiceDataset.objects.select_related("project__program", "imported_by")
    return project_record_for(user, records, pk, write=write, what="invoice data set", customer_records=True)


def import_for(user: AnyUser, pk: int) -> InvoiceImport:
    """An import attempt, readable by whoever sees its project (the team sees why an import failed)."""
    records = InvoiceImport.objects.select_related("project__program", "job", "dataset", "user")
    return project_record_for(user, records, pk, what="import", customer_records=True)
