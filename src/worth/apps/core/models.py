"""Long tasks run as jobs whose progress the page shows while the person waits.

A simulation of a million draws or an import of a million invoice lines takes seconds to minutes: the
view starts a job and answers at once; the page polls the job's progress (HTMX) and moves on to the
result when it is done. The job row is the single place progress and outcome are kept, so a reload or
a second tab sees the same state.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class JobStatus(models.TextChoices):
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class Job(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField(max_length=50)
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.RUNNING)
    done = models.BigIntegerField(default=0)
    total = models.BigIntegerField(default=0)
    message = models.TextField(blank=True, help_text="What failed, in words a person can act on.")
    result_url = models.CharField(max_length=300, blank=True)
    result: models.JSONField[Any] = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0
