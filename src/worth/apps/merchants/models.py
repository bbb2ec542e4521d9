"""A value merchant assessment: a salesperson scored on the ten contrasts, by themself or their manager.

Assessments are never changed: each one is dated, so the history shows how a salesperson moves from
value spendthrift to value merchant.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

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
