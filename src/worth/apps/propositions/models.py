"""A subsegment's value proposition, resting on one version of the project's value model.

The proposition is written against figures, so it keeps the version it was written on: later edits of
the model never change what it says; the page tells when the model has moved on and the team decides
to rest it on the newer version (after reading what changed). ``focus`` holds the elements the team
states and how (as a point of difference, as parity, or an unfavourable element addressed), in the
order the team leads with them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from worth.apps.core.locking import Revisioned
from worth.apps.programs.models import Project
from worth.apps.valuemodels.models import ModelVersion, ValueModelRecord
from worth.engine.model.proposition import Pick


class Proposition(Revisioned):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="propositions")
    model = models.ForeignKey(ValueModelRecord, on_delete=models.CASCADE, related_name="propositions")
    version = models.ForeignKey(
        ModelVersion,
        on_delete=models.PROTECT,
        related_name="propositions",
        help_text="The analysed version of the model the proposition rests on.",
    )
    subsegment = models.CharField(max_length=200)
    focus = models.JSONField(
        default=list, blank=True, help_text='The elements stated: [{"element": ..., "role": ...}].'
    )
    statement = models.TextField(
        blank=True, help_text="The value proposition as the customer will read it, in the team's words."
    )
    alternative_value = models.DecimalField(
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        verbose_name="the alternative's whole value",
        help_text=(
            "Optional: what the next-best alternative is worth to the customer per period, for the "
            "value-to-price ratios. The research measures only the difference; leave it empty if unknown."
        ),
    )
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["updated"])

    class Meta:
        ordering = ["project", "model", "subsegment"]
        constraints = [
            models.UniqueConstraint(fields=["model", "subsegment"], name="one_proposition_per_subsegment")
        ]

    def __str__(self) -> str:
        return f"Value proposition for {self.subsegment}"

    def get_absolute_url(self) -> str:
        return reverse("propositions:proposition", args=[self.pk])

    @property
    def picks(self) -> list[Pick]:
        return [Pick(item["element"], item["role"]) for item in self.focus]
