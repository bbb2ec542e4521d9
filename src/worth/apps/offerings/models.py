"""The parts of a project's market offering: product features, services, programs and systems.

Seed 001 section 5: each part has a strategic alternative (not offered, standard at no charge,
optional with a charge), a status (new, existing standard, existing optional), a cost to serve, and
a decision with its rationale. A part that delivers a value element of the project's model gets its
value from the model's research; the others are decided on their usage and cost.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from worth.apps.core.locking import Revisioned
from worth.apps.programs.models import Project


class Kind(models.TextChoices):
    FEATURE = "product-feature", "Product feature"
    SERVICE = "service", "Service"
    PROGRAM = "program", "Program"
    SYSTEM = "system", "System"


class Status(models.TextChoices):
    NEW = "new", "New"
    STANDARD = "existing-standard", "Existing, standard"
    OPTIONAL = "existing-optional", "Existing, optional"


class OfferedAs(models.TextChoices):
    NOT_OFFERED = "not-offered", "Not offered"
    STANDARD = "standard", "Standard, at no charge"
    OPTIONAL = "optional", "Optional, with a charge"


class Decision(models.TextChoices):
    UNDECIDED = "undecided", "Not decided yet"
    PRUNE = "prune", "Prune from the offering"
    RETAIN = "retain", "Retain in the standard offering"
    RECAST = "recast", "Recast as a surcharge option"
    SHELF = "shelf", "Keep it on the shelf"
    AUGMENT = "augment", "Augment the standard offering"
    INTRODUCE = "introduce", "Introduce as a value-adding option"
    KEEP_OPTION = "keep-option", "Keep as an option"


class OfferingComponent(Revisioned):
    """One part of the offering, what it costs to serve a customer, and what the team decided."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="offering_components")
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SERVICE)
    element = models.CharField(
        max_length=200,
        blank=True,
        verbose_name="value element",
        help_text="The element of the project's value model this part delivers, if any.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.STANDARD)
    offered_as = models.CharField(
        max_length=20, choices=OfferedAs.choices, default=OfferedAs.STANDARD, verbose_name="offered today as"
    )
    cost_to_serve = models.DecimalField(
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="What providing it costs per customer and period of the model (its currency).",
    )
    usage_share = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        verbose_name="customers using it (%)",
        help_text="The share of the segment's customers who use it today, in %.",
    )
    decision = models.CharField(max_length=20, choices=Decision.choices, default=Decision.UNDECIDED)
    rationale = models.TextField(
        blank=True, help_text="Why: the figures and the judgement behind the decision."
    )
    guarantee = models.TextField(
        blank=True,
        verbose_name="service guarantee or pilot",
        help_text="A guarantee competitors cannot claim without the capability, or the pilot that proves it.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated"])

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "name"], name="one_offering_component_name_per_project"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("offerings:project", args=[self.project_id]) + f"#component-{self.pk}"
