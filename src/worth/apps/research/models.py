"""The organisation's customers and their part in a project's research (seed 002, "Customer Value
Research": gaining initial customer cooperation).

A customer is the organisation's record, not a project's: the same mill takes part in several projects
and, later, in calculators and documenters. Its part in one project (``Participation``) holds what the
method asks the team to prepare: the subsegment it represents, how far its cooperation has come, why it
cooperates, the incentive offered, what it gives and gets, whom the team will meet and whether its
salesperson supports the research.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from worth.apps.core.locking import Revisioned


class Customer(Revisioned):
    name = models.CharField(max_length=200, unique=True)
    salesperson = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="customers",
        verbose_name="responsible salesperson",
        help_text="Who looks after the account: they see and enter data for this customer.",
    )
    characteristics = models.TextField(
        blank=True, help_text="What sets the customer apart, e.g. size, region, machines, in words."
    )
    notes = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("research:customer", args=[self.pk])


class Contact(Revisioned):
    """A manager at the customer: who the team meets and who gives the data."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200)
    function = models.CharField(
        max_length=200, help_text="e.g. mill manager, maintenance manager, controller."
    )
    email = models.EmailField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["customer", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.function})"


class Status(models.TextChoices):
    """How far a customer's cooperation in the research has come, in order."""

    CANDIDATE = "candidate", "Candidate"
    INVITED = "invited", "Invited"
    AGREED = "agreed", "Agreed"
    DATA_GATHERED = "data_gathered", "Data gathered"
    DECLINED = "declined", "Declined"


class Reason(models.TextChoices):
    """Why a customer cooperates: the four kinds of reasons of seed 002."""

    RESOURCE = "resource", "A low-cost resource to understand its own business"
    BENCHMARK = "benchmark", "A benchmark against similar businesses"
    EARLY_ACCESS = "early_access", "Earlier access to something new"
    LOWER_PRICE = "lower_price", "A lower price"


class Incentive(models.IntegerChoices):
    """Several levels of incentive, prepared before the invitations (seed 002, task 7)."""

    NONE = 0, "None"
    FINDINGS = 1, "The findings about its own business"
    BENCHMARK = 2, "Findings and a benchmark report"
    PRICE = 3, "Findings, benchmark and a price or service concession"


class Support(models.TextChoices):
    NOT_ASKED = "not_asked", "Not asked yet"
    CONTACTED = "contacted", "Contacted"
    SUPPORTIVE = "supportive", "Contacted and supportive"
    AGAINST = "against", "Contacted and against"


#: Statuses in which a customer still counts toward the research (not declined).
TAKING_PART = (Status.CANDIDATE, Status.INVITED, Status.AGREED, Status.DATA_GATHERED)


class Participation(Revisioned):
    project = models.ForeignKey("programs.Project", on_delete=models.CASCADE, related_name="participations")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="participations")
    subsegment = models.CharField(max_length=200, blank=True, help_text="The subsegment it represents.")
    model_id = models.CharField(
        max_length=100,
        blank=True,
        verbose_name="id in the value model",
        help_text="The customer's id in the project's value model, e.g. NB-L01.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CANDIDATE)
    declined_reason = models.CharField(max_length=300, blank=True, verbose_name="why it declined")
    reasons = models.JSONField(default=list, blank=True, verbose_name="why it cooperates")
    incentive = models.PositiveSmallIntegerField(
        choices=Incentive.choices, default=Incentive.NONE, verbose_name="incentive offered"
    )
    gives = models.TextField(
        blank=True, help_text="What the customer gives: time, data, access to its people."
    )
    gets = models.TextField(blank=True, help_text="What it gets in return.")
    contacts = models.ManyToManyField(
        Contact, blank=True, related_name="participations", verbose_name="managers to meet"
    )
    salesperson_support = models.CharField(
        max_length=20,
        choices=Support.choices,
        default=Support.NOT_ASKED,
        verbose_name="salesperson's support",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "subsegment", "customer__name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "customer"], name="one_participation_per_customer"),
        ]

    def __str__(self) -> str:
        return f"{self.customer} in {self.project}"

    def reason_labels(self) -> list[str]:
        labels = dict(Reason.choices)
        return [labels.get(code, code) for code in self.reasons]


class MeetingKind(models.TextChoices):
    INITIAL = "initial", "Initial meeting"
    DATA_VISIT = "data_visit", "Data visit"
    FOLLOW_UP = "follow_up", "Follow-up"


class Meeting(Revisioned):
    """A meeting with a customer in the research: the initial meeting or a visit to gather data.

    Seed 002: at least two people of the supplier go, the salesperson with them; they agree with the
    customer's managers which elements are points of parity, difference or contention, the word
    equations, and where and when the data will come from.
    """

    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(max_length=20, choices=MeetingKind.choices, default=MeetingKind.INITIAL)
    held = models.DateField(verbose_name="held on")
    supplier_participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="research_meetings", verbose_name="our participants"
    )
    managers = models.ManyToManyField(
        Contact, blank=True, related_name="meetings", verbose_name="managers met"
    )
    data_sources = models.TextField(
        blank=True,
        verbose_name="the customer's data sources and timing",
        help_text="What data, from whom, by when.",
    )
    outside_sources = models.TextField(
        blank=True, help_text="Studies, associations or suppliers worth pursuing."
    )
    follow_ups = models.TextField(blank=True, verbose_name="follow-ups")
    notes = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-held", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.participation.customer} on {self.held:%Y-%m-%d}"


class Confirmed(models.TextChoices):
    """How this customer sees an element, as agreed in the meeting."""

    PARITY = "point-of-parity", "Point of parity"
    DIFFERENCE = "point-of-difference", "Point of difference"
    CONTENTION = "point-of-contention", "Point of contention"


class EquationVerdict(models.TextChoices):
    AGREED = "agreed", "Agreed as written"
    AMENDED = "amended", "Amended"


class Agreement(models.Model):
    """What one meeting agreed about one value element of the project's model."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agreements")
    element = models.CharField(max_length=500)
    confirmed = models.CharField(
        max_length=30, choices=Confirmed.choices, blank=True, verbose_name="the customer sees it as"
    )
    equation = models.CharField(
        max_length=20, choices=EquationVerdict.choices, blank=True, verbose_name="word equation"
    )
    amended_equation = models.TextField(blank=True, help_text="The word equation as the customer amended it.")
    note = models.CharField(max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "element"], name="one_agreement_per_element")
        ]

    def __str__(self) -> str:
        return f"{self.element}: {self.get_confirmed_display() or 'not discussed'}"
