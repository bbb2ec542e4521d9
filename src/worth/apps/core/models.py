"""Long tasks run as jobs whose progress the page shows while the person waits.

A simulation of a million draws or an import of a million invoice lines takes seconds to minutes: the
view records a job and answers at once; a worker process (``worth worker``) runs it from the task
queue; the page polls the job's progress (HTMX) and moves on to the result when it is done. The job
row is the single place progress and outcome are kept, so a reload, a second tab or a colleague on the
same project sees the same state, and a restart of the web process or of the worker changes nothing:
a job a stopped worker left running is run again once, or failed with the reason (see ``jobs``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Waiting for a worker"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


#: A job in one of these states still holds a place against the limits and may be cancelled.
ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)


class Job(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs")
    project = models.ForeignKey(
        "programs.Project",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="jobs",
        help_text="Whose team sees the job and its result.",
    )
    kind = models.CharField(max_length=50)
    title = models.CharField(max_length=200)
    handler = models.CharField(
        max_length=200, blank=True, help_text="The function that does the work (a dotted path of Worth's)."
    )
    params: models.JSONField[Any] = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.BigIntegerField(default=0)
    total = models.BigIntegerField(default=0)
    message = models.TextField(blank=True, help_text="What failed, in words a person can act on.")
    result_url = models.CharField(max_length=300, blank=True)
    result: models.JSONField[Any] = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0, help_text="How many times a worker started it.")
    cancel_requested = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    heartbeat = models.DateTimeField(
        null=True, blank=True, help_text="Last sign of life of the worker running it."
    )
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["status", "heartbeat"], name="job_status_heartbeat")]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def active(self) -> bool:
        return self.status in ACTIVE
