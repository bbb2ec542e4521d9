"""A project's business case for change (seed 002, "Constructing a Business Case for Change").

It rests on a value proposition, so on one version of the value model. While a draft, the team edits it
and its figures follow the proposition's version; presenting it to senior management freezes it: the
version and every figure shown are kept as they were, later edits of the model never change them, and
the decision (approved, rejected, revise) is recorded with who and when. An approved case is the
project's commitment, which the program page sums.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from worth.apps.core.locking import Revisioned
from worth.apps.programs.models import Project
from worth.apps.propositions.models import Proposition
from worth.apps.valuemodels.models import ModelVersion


class Period(models.TextChoices):
    MONTH = "month", "Month"
    QUARTER = "quarter", "Quarter"
    YEAR = "year", "Year"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PRESENTED = "presented", "Presented, awaiting the decision"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    REVISE = "revise", "To revise"


#: What a decision may be, from a presented case.
DECISIONS = (Status.APPROVED, Status.REJECTED, Status.REVISE)
#: States in which the team may still change the case.
EDITABLE = (Status.DRAFT, Status.REVISE)


def _money(**kwargs: object) -> models.DecimalField:  # type: ignore[type-arg]
    return models.DecimalField(max_digits=14, decimal_places=2, **kwargs)  # type: ignore[arg-type]


class BusinessCase(Revisioned):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="business_cases")
    proposition = models.ForeignKey(Proposition, on_delete=models.PROTECT, related_name="business_cases")
    title = models.CharField(max_length=200)
    actions = models.TextField(blank=True, verbose_name="recommended actions", help_text="One per line.")
    resources = models.TextField(
        blank=True, verbose_name="resources needed", help_text="People and money, one per line."
    )
    concerns = models.TextField(
        blank=True, help_text="What senior management will ask about, and the answer; one per line."
    )
    period = models.CharField(max_length=10, choices=Period.choices, default=Period.MONTH)
    periods = models.PositiveSmallIntegerField(
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text="How many periods the case covers (1 to 600).",
    )
    profit_at_full_adoption = _money(
        help_text="Incremental profit per period if every targeted customer adopted.",
    )
    adoption = models.CharField(
        max_length=3000,
        help_text="The share of targeted customers who have adopted, in % per period: 10, 20, 35, ...",
    )
    investment = _money(default=Decimal("0"), help_text="Spent before the first period.")
    running_cost = _money(default=Decimal("0"), help_text="Spent in every period.")
    cost_of_capital = models.DecimalField(
        max_digits=7,
        decimal_places=3,
        default=Decimal("8"),
        verbose_name="cost of capital (% a year)",
        help_text="Discounts the flows; turned into a rate per period.",
    )
    target_amount = _money(
        null=True,
        blank=True,
        verbose_name="success target",
        help_text="Incremental profit to reach; empty: the program's success target.",
    )
    target_within = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name="within (periods)", help_text="Empty: the whole case."
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    version = models.ForeignKey(
        ModelVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="business_cases",
        help_text="The model version the case was presented on.",
    )
    figures = models.JSONField(null=True, blank=True, help_text="Every figure as presented.")
    presented = models.DateTimeField(null=True, blank=True)
    presented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["updated", "figures"])

    class Meta:
        ordering = ["project", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cases:case", args=[self.pk])

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def frozen(self) -> bool:
        return self.figures is not None and not self.editable
