"""A value merchant assessment: a salesperson scored on the ten contrasts, by themself or their manager.

Assessments are never changed: each one is dated, so the history shows how a salesperson moves from
value spendthrift to value merchant.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from worth.apps.programs.models import Program
from worth.engine.merchants import merchant_share


class AssessedBy(models.TextChoices):
    SELF = "self", "Self-assessment"
    MANAGER = "manager", "Manager's assessment"


class MerchantAssessment(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="merchant_assessments")
    salesperson = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="merchant_assessments"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    by = models.CharField(max_length=10, choices=AssessedBy.choices)
    taken = models.DateTimeField(auto_now_add=True)
    scores = models.JSONField(help_text="Contrast key -> 1 (value spendthrift) to 5 (value merchant).")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-taken", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_by_display()} of {self.salesperson} on {self.taken:%Y-%m-%d}"

    @property
    def share(self) -> float:
        return merchant_share(self.scores)


class SalespersonCode(models.Model):
    """Who is behind a salesperson code of the program's invoice lines.

    Invoice lines name the code of the salesperson in the supplier's own systems, not a Worth user;
    the program's managers say whose code it is so the lines' pricing habits join that person's
    assessments. One code belongs to one person per program; a person may have several (a code per
    territory, or a new code after a reorganisation). The history shows who mapped what when.
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="salesperson_codes")
    code = models.CharField(max_length=200, help_text="The salesperson code as the invoice lines write it.")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    mapped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated"])

    class Meta:
        ordering = ["program", "code"]
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="one_person_per_salesperson_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} → {self.user}"
