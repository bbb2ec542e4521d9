"""A pilot program of projects, each a business issue with a team, a sponsor and a success target.

The seeds: senior managers turn 3-5 business issues into projects, define success for each (commonly
"$1M incremental profit within 12 months") and pick a team: a leader, a field engineer, someone from
marketing, two or three salespeople.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from worth.apps.core.locking import Revisioned


class Program(Revisioned):
    name = models.CharField(max_length=200)
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="sponsored_programs",
        help_text="The senior manager who sponsors the program and judges its business cases.",
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_programs",
        verbose_name="program lead",
        help_text="Who runs the pilot day to day: sees and manages every project of the program.",
    )
    success_target = models.CharField(
        max_length=300, help_text='What success means, e.g. "$1M incremental profit within 12 months".'
    )
    target_profit = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        default=Decimal("0"),
        help_text="Incremental profit committed, per year.",
    )
    currency = models.CharField(max_length=3, default="USD")
    starts = models.DateField(null=True, blank=True)
    ends = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programs:program", args=[self.pk])


class Phase(models.TextChoices):
    """The five phases of customer value management, in order."""

    PROJECT = "project", "Business issue to project"
    WORKSHOP = "workshop", "Customer value workshop"
    RESEARCH = "research", "Customer value research"
    BUSINESS_CASE = "business_case", "Business case for change"
    REALIZATION = "realization", "Value realization"


class Decision(models.TextChoices):
    """What better knowledge of customer value is to inform (seed 002, "Translating Business Issues")."""

    SEGMENT = "segment", "Which segment to target"
    PRODUCT = "product", "Which product development or change"
    SERVICES = "services", "Which services as standard or for a fee"
    PRICING = "pricing", "Pricing strategy and tactics"
    OTHER = "other", "Other"


#: A project longer than this is too long for one phase of the method (3-4 months each).
LONGEST_PROJECT_DAYS = 183


class Project(Revisioned):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="projects")
    name = models.CharField(max_length=200)
    business_issue = models.TextField(
        help_text="The decision that better knowledge of customer value would improve."
    )
    scope = models.TextField(
        blank=True, help_text="Offering, segment and what is out of scope (3-4 months of work)."
    )
    decision = models.CharField(
        max_length=20,
        choices=Decision.choices,
        blank=True,
        verbose_name="decision it informs",
        help_text="What the team's findings will decide.",
    )
    success_definition = models.CharField(max_length=300, blank=True)
    phase = models.CharField(max_length=20, choices=Phase.choices, default=Phase.PROJECT)
    starts = models.DateField(null=True, blank=True)
    ends = models.DateField(null=True, blank=True)
    implementing_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="implemented_projects",
        help_text="The manager who must carry out the business case; better not its team leader.",
    )
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="Membership", related_name="projects")
    practice = models.BooleanField(
        default=False,
        help_text="A copy of the case study to practise on in the workshop; not counted in the pilot.",
    )

    history = HistoricalRecords(excluded_fields=[])

    class Meta:
        ordering = ["program__name", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programs:project", args=[self.pk])

    @property
    def days(self) -> int | None:
        """How long the project runs, when both dates are known."""
        if self.starts is None or self.ends is None:
            return None
        return (self.ends - self.starts).days

    @property
    def too_long(self) -> bool:
        days = self.days
        return days is not None and days > LONGEST_PROJECT_DAYS


class MemberRole(models.TextChoices):
    LEADER = "leader", "Team leader"
    MEMBER = "member", "Team member"
    VIEWER = "viewer", "Viewer"


class Function(models.TextChoices):
    """What a person brings to the team (seed 002: a leader, field or technical, marketing, sales)."""

    LEADER = "leader", "Leader"
    FIELD = "field", "Field or technical"
    MARKETING = "marketing", "Marketing or development"
    SALES = "sales", "Sales"
    SPONSOR = "sponsor", "Sponsor"
    OTHER = "other", "Other"


class Membership(Revisioned):
    """Who is on a project team; the basis of who may see and change the project's records."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(
        max_length=10,
        choices=MemberRole.choices,
        default=MemberRole.MEMBER,
        verbose_name="seat",
        help_text="The leader manages the team; members change the project's records; viewers read.",
    )
    function = models.CharField(max_length=20, choices=Function.choices, default=Function.OTHER)
    title = models.CharField(
        max_length=100, blank=True, help_text="Their job, e.g. field application engineer, large mills."
    )
    commitment = models.PositiveSmallIntegerField(
        default=25,
        verbose_name="time commitment",
        help_text="Share of their working time, in percent (a leader up to half, others about a quarter).",
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "user"], name="one_membership_per_user")]
        ordering = ["project", "role", "user__username"]

    def __str__(self) -> str:
        return f"{self.user} on {self.project} ({self.get_role_display()})"


class Milestone(Revisioned):
    """A dated step of the project's workplan, with the person who sees it done."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    due = models.DateField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="milestones",
    )
    done = models.DateField(null=True, blank=True, help_text="When it was reached; empty while open.")
    measure = models.CharField(
        max_length=300,
        blank=True,
        help_text="How the team and senior management will know it is reached, e.g. 20 mills signed.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["due", "pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.due:%Y-%m-%d})"


class Comment(models.Model):
    """A remark on a project, or on one of its records, by someone who reads it: the sponsor's
    questions, the team's answers. ``about`` is the record (a value model, a meeting, a customer's part
    in the research); without it the comment is on the project itself."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments")
    text = models.TextField(max_length=4000)
    created = models.DateTimeField(auto_now_add=True)
    about_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    about_id = models.PositiveBigIntegerField(null=True, blank=True)
    about = GenericForeignKey("about_type", "about_id")

    class Meta:
        ordering = ["created", "pk"]
        indexes = [models.Index(fields=["about_type", "about_id"], name="comment_about")]

    def __str__(self) -> str:
        return f"{self.author} on {self.project}"
