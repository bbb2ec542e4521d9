"""A customer journey map with the value cycle on it, and the segment's value creation plan.

Every part is its own record, so two people editing different touch points never collide and each
change has field-level history; a save on a record someone changed since is refused (``Revisioned``).
A review keeps the whole map as it was (a content-hashed snapshot, never changed), with who reviewed
it, when, and when the next review is due: the map is a living document, and "what changed since the
last review" is the current map against that snapshot.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from worth.apps.core.locking import Revisioned
from worth.apps.programs.models import Project


class JourneyMap(Revisioned):
    """The journey of one segment's (or one offering's) customers, reviewed every so many days."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="journey_maps")
    name = models.CharField(max_length=120)
    scope = models.CharField(
        max_length=200,
        verbose_name="segment or offering",
        help_text="Whose journey this is: the segment, or the offering, it maps.",
    )
    subsegment = models.CharField(
        max_length=200,
        blank=True,
        help_text="The subsegment of the project's value model whose documenters the plan is reviewed "
        "against; empty for every subsegment.",
    )
    review_every_days = models.PositiveSmallIntegerField(
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(730)],
        verbose_name="review every (days)",
        help_text="A journey map is not once and done: how often the team reviews it.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated"])

    class Meta:
        ordering = ["project", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="one_journey_map_name_per_project")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("valuecycle:map", args=[self.pk])


class _Part(Revisioned):
    """Something on a map: edited on its own, with its history."""

    journey = models.ForeignKey(JourneyMap, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0, help_text="Where it comes in its list.")

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        return reverse("valuecycle:map", args=[self.journey_id])


class Stage(_Part):
    journey = models.ForeignKey(JourneyMap, on_delete=models.CASCADE, related_name="stages")
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True, help_text="What the customer is doing at this stage.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["journey", "name"], name="one_stage_name_per_map")]

    def __str__(self) -> str:
        return self.name


class Tool(models.TextChoices):
    NONE = "", "none"
    CALCULATOR = "calculator", "Value calculator"
    DOCUMENTER = "documenter", "Value documenter"
    CASE_HISTORY = "case-history", "Value case history"
    PROPOSITION = "proposition", "Value proposition"
    PRICE = "value-price", "Value-based price"


class TouchPoint(_Part):
    journey = models.ForeignKey(JourneyMap, on_delete=models.CASCADE, related_name="touch_points")
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="touch_points")
    name = models.CharField(max_length=120)
    channel = models.CharField(
        max_length=120, blank=True, help_text="Where it happens: a visit, a call, the portal, an invoice …"
    )
    creates = models.BooleanField(default=False, verbose_name="creates value")
    communicates = models.BooleanField(default=False, verbose_name="communicates value")
    delivers = models.BooleanField(default=False, verbose_name="delivers value")
    documents = models.BooleanField(default=False, verbose_name="documents value")
    captures = models.BooleanField(default=False, verbose_name="captures value")
    element = models.CharField(
        max_length=200, blank=True, verbose_name="value element", help_text="The element it is about."
    )
    tool = models.CharField(
        max_length=20, choices=Tool.choices, blank=True, default="", verbose_name="value tool used"
    )
    description = models.TextField(blank=True, help_text="What happens, and what the customer experiences.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["stage__position", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["journey", "name"], name="one_touch_point_name_per_map")
        ]

    def __str__(self) -> str:
        return self.name

    def spokes(self) -> list[str]:
        """The spokes of the value cycle it carries, in the cycle's order."""
        flags = (
            ("create", self.creates),
            ("communicate", self.communicates),
            ("deliver", self.delivers),
            ("document", self.documents),
            ("capture", self.captures),
        )
        return [key for key, on in flags if on]


class Persona(_Part):
    journey = models.ForeignKey(JourneyMap, on_delete=models.CASCADE, related_name="personas")
    name = models.CharField(max_length=120, help_text="The stakeholder, by role: “Mill maintenance manager”.")
    role = models.CharField(
        max_length=200, blank=True, help_text="Their part in buying and using the offering."
    )
    values = models.TextField(blank=True, verbose_name="what they value", help_text="In their own terms.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["journey", "name"], name="one_persona_name_per_map")]

    def __str__(self) -> str:
        return self.name


class PathStep(_Part):
    """One step of a stakeholder's value path: what each side does at a touch point for value to arrive."""

    journey = models.ForeignKey(JourneyMap, on_delete=models.CASCADE, related_name="steps")
    persona = models.ForeignKey(
        Persona, on_delete=models.CASCADE, related_name="steps", verbose_name="stakeholder"
    )
    touch_point = models.ForeignKey(TouchPoint, on_delete=models.CASCADE, related_name="steps")
    buyer_action = models.TextField(verbose_name="on the buyer's side", blank=True)
    seller_action = models.TextField(verbose_name="on the seller's side", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["persona__position", "touch_point__stage__position", "touch_point__position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["persona", "touch_point"], name="one_step_per_persona_and_point")
        ]

    def __str__(self) -> str:
        return f"{self.persona} at {self.touch_point}"


class OpportunityKind(models.TextChoices):
    GAP = "gap", "Gap"
    OPPORTUNITY = "opportunity", "Opportunity for more value"


class OpportunityStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACTING = "acting", "Being acted on"
    CLOSED = "closed", "Closed"


class Opportunity(_Part):
    journey = models.ForeignKey(JourneyMap, on_delete=models.CASCADE, related_name="opportunities")
    kind = models.CharField(max_length=20, choices=OpportunityKind.choices, default=OpportunityKind.GAP)
    touch_point = models.ForeignKey(
        TouchPoint, null=True, blank=True, on_delete=models.SET_NULL, related_name="opportunities"
    )
    description = models.TextField(help_text="What is missing, or what more value could be created.")
    element = models.CharField(max_length=200, blank=True, verbose_name="value element")
    status = models.CharField(
        max_length=20, choices=OpportunityStatus.choices, default=OpportunityStatus.OPEN
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name_plural = "opportunities"

    def __str__(self) -> str:
        return self.description[:60]


class PlanLine(_Part):
    """A line of the value creation plan: value to create, how it is created, how it is measured."""

    journey = models.ForeignKey(JourneyMap, on_delete=models.CASCADE, related_name="plan")
    element = models.CharField(max_length=200, blank=True, verbose_name="value element")
    value_to_create = models.TextField(
        help_text="As a sentence in the customer's terms: “Our lines run without unplanned stops”."
    )
    how_created = models.TextField(blank=True, verbose_name="how the value is created or captured")
    measure = models.CharField(
        max_length=200,
        help_text="How it is measured in numbers, as the customer would: “unplanned hours a year”.",
    )
    unit = models.CharField(max_length=50, blank=True)
    minimum = models.DecimalField(
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        verbose_name="minimum value sought",
        help_text="The least value per customer and period the customer seeks (the model's currency).",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.value_to_create[:60]


class Review(models.Model):
    """The map as it was when the team reviewed it; never changed."""

    journey = models.ForeignKey(JourneyMap, on_delete=models.CASCADE, related_name="reviews")
    number = models.PositiveIntegerField()
    reviewed_on = models.DateField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True, help_text="What the review found and decided.")
    next_review = models.DateField()
    content = models.JSONField(help_text="The map, its value paths and its plan as reviewed.")
    plan_review = models.JSONField(default=list, help_text="The plan against the documenters, as reviewed.")
    sha256 = models.CharField(max_length=64)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["journey", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["journey", "number"], name="one_review_number_per_map")
        ]

    def __str__(self) -> str:
        return f"review {self.number} of {self.journey}"

    def get_absolute_url(self) -> str:
        return reverse("valuecycle:review", args=[self.journey_id, self.number])
