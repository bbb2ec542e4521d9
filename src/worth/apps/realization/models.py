"""Value realization: estimates made with a value calculator, and the documenters that prove them.

A salesperson runs a subsegment's value calculator with a customer or prospect and saves the result as
a :class:`ValueEstimate`: the promised value, every input with its source, the model version, who ran it
and when; it never changes afterwards. After the sale a :class:`Documenter` (seed 004's value creation
plan) states each element in the customer's terms with its measure, baseline, target and the minimum
the customer seeks, and records :class:`Measurement`\\ s over time. The customer manager reviews them
through a :class:`ShareLink` (this documenter only, expiring, revocable, every use logged): an approved
figure is customer-confirmed, gray money turned green.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from worth.apps.core.locking import Revisioned
from worth.apps.programs.models import Project
from worth.apps.research.models import Customer
from worth.apps.valuemodels.models import ModelVersion


class EstimateChangeError(Exception):
    """A saved estimate is what was promised: it is never changed; a new estimate is saved instead."""


def _money(**kwargs: object) -> models.DecimalField:  # type: ignore[type-arg]
    return models.DecimalField(max_digits=16, decimal_places=2, **kwargs)  # type: ignore[arg-type]


class ValueEstimate(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="value_estimates")
    version = models.ForeignKey(ModelVersion, on_delete=models.PROTECT, related_name="value_estimates")
    subsegment = models.CharField(max_length=200)
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="value_estimates")
    inputs = models.JSONField(help_text='[{"name", "value", "unit", "source", "note"}], in the order asked.')
    elements = models.JSONField(help_text="Element name -> promised value per period (unfavourable < 0).")
    total = _money(help_text="The promised value over the next-best alternative, per period.")
    offering_price = _money()
    alternative_price = _money()
    currency = models.CharField(max_length=3)
    period = models.CharField(max_length=10, help_text="year, quarter, month...")
    sentence = models.TextField(help_text="The customer's choice in one sentence, as the calculator said it.")
    note = models.CharField(max_length=500, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"Value estimate for {self.customer}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise EstimateChangeError(f"{self} is saved and cannot change; save a new estimate instead")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("realization:estimate", args=[self.pk])

    def input_values(self) -> dict[str, float]:
        return {item["name"]: float(item["value"]) for item in self.inputs if item.get("value") is not None}


class Documenter(Revisioned):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="documenters")
    estimate = models.OneToOneField(ValueEstimate, on_delete=models.PROTECT, related_name="documenter")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="documenters")
    title = models.CharField(max_length=200)
    schedule = models.TextField(
        blank=True,
        verbose_name="measurement schedule",
        help_text="When and with whom the results are measured, as agreed with the customer.",
    )
    renewal = models.DateField(
        null=True, blank=True, verbose_name="contract renewal", help_text="Reminds the team beforehand."
    )
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated"])

    class Meta:
        ordering = ["project", "customer__name", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("realization:documenter", args=[self.pk])


class DocumentedElement(Revisioned):
    """One element of the plan: in the customer's words, how it is created and how it is measured."""

    documenter = models.ForeignKey(Documenter, on_delete=models.CASCADE, related_name="plan")
    element = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)
    sentence = models.TextField(blank=True, verbose_name="in the customer's terms")
    how_created = models.TextField(blank=True, verbose_name="how the value is created")
    measure = models.CharField(max_length=200, help_text="The model input that is measured.")
    unit = models.CharField(max_length=50, blank=True)
    baseline = models.FloatField(null=True, blank=True, help_text="The measure before the change.")
    target = models.FloatField(null=True, blank=True, help_text="The measure the promise rests on.")
    minimum = _money(
        null=True, blank=True, help_text="The least value per period the customer seeks from this element."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["documenter", "position"]
        constraints = [
            models.UniqueConstraint(fields=["documenter", "element"], name="one_plan_line_per_element")
        ]

    def __str__(self) -> str:
        return f"{self.documenter}: {self.element}"


class Verdict(models.TextChoices):
    PENDING = "pending", "Awaiting the customer"
    CONFIRMED = "confirmed", "Customer-confirmed"
    CONTESTED = "contested", "Contested by the customer"


class Measurement(models.Model):
    """A result measured at the customer: a model input, up to a day, with its source and its verdict."""

    documenter = models.ForeignKey(Documenter, on_delete=models.CASCADE, related_name="measurements")
    driver = models.CharField(max_length=200)
    taken = models.DateField(verbose_name="measured up to")
    value = models.FloatField()
    source = models.CharField(max_length=30, default="measured")
    method = models.CharField(max_length=300, blank=True)
    note = models.CharField(max_length=500, blank=True)
    recorded = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    verdict = models.CharField(max_length=10, choices=Verdict.choices, default=Verdict.PENDING)
    verdict_by = models.CharField(max_length=200, blank=True)
    verdict_at = models.DateTimeField(null=True, blank=True)
    verdict_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["documenter", "taken", "driver"]
        constraints = [
            models.UniqueConstraint(
                fields=["documenter", "driver", "taken"], name="one_result_per_measure_and_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.driver} up to {self.taken}: {self.value:g}"


class ShareLink(models.Model):
    """A customer manager's narrow way in: this documenter only; only the token's hash is kept."""

    documenter = models.ForeignKey(Documenter, on_delete=models.CASCADE, related_name="share_links")
    token_hash = models.CharField(max_length=64, unique=True)
    manager = models.CharField(max_length=200, verbose_name="customer manager")
    expires = models.DateTimeField()
    revoked = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"Link for {self.manager}"


class LinkUse(models.Model):
    """Every use of a share link, allowed or refused: who, when, what."""

    link = models.ForeignKey(ShareLink, on_delete=models.CASCADE, related_name="uses")
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=20)
    detail = models.CharField(max_length=300, blank=True)
    address = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]


class DocumenterComment(models.Model):
    documenter = models.ForeignKey(Documenter, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    link = models.ForeignKey(ShareLink, null=True, blank=True, on_delete=models.SET_NULL)
    author_name = models.CharField(max_length=200)
    body = models.TextField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]


class CaseHistory(Revisioned):
    """A value case history from a documenter: the narrative and the customer-confirmed numbers only.

    It is published in one of two variants: named, or anonymized (no customer name, no figure that
    identifies the customer: shares and rounded amounts instead of the measured numbers). Publishing
    needs the customer's approval, given through the documenter's share link and recorded with who and
    when.
    """

    documenter = models.OneToOneField(Documenter, on_delete=models.CASCADE, related_name="case_history")
    title = models.CharField(max_length=200)
    narrative = models.TextField(help_text="The customer's situation, what changed and what it brought.")
    anonymous_name = models.CharField(
        max_length=200,
        verbose_name="the customer, anonymized",
        help_text="How the anonymized variant names the customer: 'A large integrated paper mill'.",
    )
    approved_by = models.CharField(max_length=200, blank=True, verbose_name="publication approved by")
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_variant = models.CharField(
        max_length=10, blank=True, choices=[("named", "Named"), ("anonymized", "Anonymized")]
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["updated"])

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("realization:case-history", args=[self.documenter_id])
