"""What the pricing area keeps per project: invoice data sets, their imports, and the pricing policy.

The invoice lines themselves never enter the application database: a data set is a Parquet store
(``DATA_DIR/pricing/<id>``) that the analytics layer reads with DuckDB, so millions of lines cost
one folder, not millions of rows. The database keeps what a person needs to find, trust and audit
it: which project it belongs to, how many lines, who imported it when, from which file, and how
the deductions were read (the contract). The policy is kept as the YAML text as written, like a
value model, so a download is the file that was imported and the history shows every version.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from worth.apps.core.locking import Revisioned
from worth.apps.core.models import Job
from worth.apps.programs.models import Project
from worth.engine.pricing.policy import PricingPolicy as PolicyDocument
from worth.engine.pricing.policy_check import parse_policy

#: Folder (under DATA_DIR) holding one Parquet store per data set and the staging area of imports.
PRICING_FOLDER = "pricing"


def pricing_root() -> Path:
    """Where the pricing area keeps its files; read from settings each time so tests can move it."""
    return Path(settings.DATA_DIR) / PRICING_FOLDER


class InvoiceDataset(models.Model):
    """A set of imported invoice lines: the Parquet store the waterfall and band are computed from."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="invoice_datasets")
    name = models.CharField(max_length=200)
    rows = models.BigIntegerField(help_text="Invoice lines loaded.")
    source_name = models.CharField(max_length=255, blank=True, help_text="The file the lines came from.")
    contract_text = models.TextField(
        blank=True, help_text="The column mapping and price items the lines were read with (JSON)."
    )
    imported = models.DateTimeField()
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="one_dataset_name_per_project")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("pricing:dataset", args=[self.pk])

    @property
    def store(self) -> Path:
        """The data set's Parquet store (see ``worth.analytics.store``)."""
        return pricing_root() / str(self.pk)


class InvoiceImport(models.Model):
    """One attempt to import a file: its job while it runs, then the data set or why it was refused.

    A refused import leaves no data set and no files; this record keeps the reasons (the first
    problems with their row, column and value as written, and how many rows were bad) so the person
    who tried, and the team, can see what to fix.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="invoice_imports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200, help_text="The data set name asked for.")
    source_name = models.CharField(max_length=255)
    job = models.ForeignKey(Job, null=True, on_delete=models.SET_NULL, related_name="+")
    dataset = models.ForeignKey(InvoiceDataset, null=True, on_delete=models.SET_NULL, related_name="+")
    refused = models.BooleanField(default=False)
    message = models.TextField(blank=True)
    bad_rows = models.BigIntegerField(default=0)
    problems: models.JSONField[Any] = models.JSONField(
        default=list,
        blank=True,
        help_text="The first problems: row, column, value as written, what is wrong.",
    )
    more_problems = models.BigIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"import of {self.source_name} into {self.project}"

    def get_absolute_url(self) -> str:
        return reverse("pricing:import_status", args=[self.pk])


class PricingPolicy(Revisioned):
    """A project's pricing policy: discounts tied to customer actions, and price guidelines (YAML text)."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="pricing_policy")
    text = models.TextField(help_text="The policy file as written (YAML).")
    updated = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["updated"])

    class Meta:
        verbose_name_plural = "pricing policies"

    def __str__(self) -> str:
        return f"pricing policy of {self.project}"

    def get_absolute_url(self) -> str:
        return reverse("pricing:policy", args=[self.project_id])

    def load(self) -> PolicyDocument:
        """The checked policy (checked on import; a newer engine may still refuse it: PolicyError)."""
        return parse_policy(self.text, source="the project's pricing policy")


class CostStructure(Revisioned):
    """A business's price and cost structure over one period, for its profit levers.

    Price and units may come from the project's invoice lines (``source`` says which, and when it
    was read); the costs are always the team's figures, so ``note`` names where they come from:
    every lever is traceable to data or to a named assumption.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="cost_structures")
    name = models.CharField(max_length=120, help_text="The business: an offering, a segment, a product line.")
    currency = models.CharField(max_length=3, default="USD")
    period = models.CharField(
        max_length=60, help_text="The period the units and fixed costs cover, e.g. “2025”."
    )
    price = models.DecimalField(
        max_digits=18, decimal_places=4, help_text="Price per unit: the pocket price the supplier keeps."
    )
    units = models.DecimalField(max_digits=18, decimal_places=4, help_text="Units sold in the period.")
    variable_cost = models.DecimalField(
        max_digits=18, decimal_places=4, help_text="Variable cost per unit (material, freight, commission)."
    )
    fixed_cost = models.DecimalField(
        max_digits=18, decimal_places=4, default=0, help_text="Fixed costs of the business in the period."
    )
    source = models.CharField(
        max_length=300,
        blank=True,
        help_text="Where the price and units come from (filled in from invoice lines).",
    )
    note = models.TextField(blank=True, help_text="Where the costs come from: the assumption, named.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated"])

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="one_cost_structure_name_per_project")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.period})"

    def get_absolute_url(self) -> str:
        return reverse("pricing:levers", args=[self.project_id]) + f"#structure-{self.pk}"
