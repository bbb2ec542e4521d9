"""A project's value model, stored as the text of a model file.

The file is the source of truth (analysts keep it in git and run it from the command line); the web
app keeps the text as written, so an export is byte-identical to what was imported and the history
shows every version.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from worth.apps.core.locking import Revisioned
from worth.apps.programs.models import Project
from worth.engine.model.io import FileFormat, LoadedModel, read_model_text


class ValueModelRecord(Revisioned):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="value_models")
    name = models.CharField(max_length=200)
    text = models.TextField(help_text="The model file as written (YAML or JSON).")
    fmt = models.CharField(max_length=4, choices=[("yaml", "YAML"), ("json", "JSON")], default="yaml")
    updated = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["updated"])

    class Meta:
        ordering = ["project", "name"]
        constraints = [models.UniqueConstraint(fields=["project", "name"], name="one_model_name_per_project")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("valuemodels:detail", args=[self.pk])

    def load(self) -> LoadedModel:
        """The checked model (the text was checked on import; a newer engine may still refuse it)."""
        fmt: FileFormat = "json" if self.fmt == "json" else "yaml"
        return read_model_text(self.text, fmt=fmt, source=self.name)


def model_version(record: ValueModelRecord) -> tuple[str, str, str]:
    """What a model's analyses depend on: its text, format and name (the name heads the report)."""
    return (record.text, record.fmt, record.name)
