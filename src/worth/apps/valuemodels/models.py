"""A project's value model and its versions.

The record holds the current model file as written (analysts keep it in git and run it from the
command line), so an export is byte-identical to what was imported. Every import that changes the
model's content adds a :class:`ModelVersion`: an immutable snapshot (canonical JSON, its sha256, who,
when, why) that analyses are computed and kept for, and that two versions are compared by.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from worth.apps.core.locking import Revisioned
from worth.apps.programs.models import Project
from worth.engine.model.errors import ModelError
from worth.engine.model.io import FileFormat, LoadedModel, parse_model, read_model_text
from worth.engine.model.source_map import SourceMap


class ValueModelRecord(Revisioned):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="value_models")
    name = models.CharField(max_length=200)
    text = models.TextField(help_text="The model file as written (YAML or JSON).")
    fmt = models.CharField(max_length=4, choices=[("yaml", "YAML"), ("json", "JSON")], default="yaml")
    updated = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    content_sha256 = models.CharField(
        max_length=64, blank=True, help_text="The sha256 of the current version's canonical content."
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
        """The checked model of the current version (a newer engine may still refuse it).

        Read from the version's canonical content, which needs no YAML parsing (several times faster
        on a model of many customers); from the text for a model saved before versions were kept.
        """
        current = (
            self.versions.filter(sha256=self.content_sha256).order_by("-number").first()
            if self.content_sha256
            else None
        )
        if current is not None:
            return current.load()
        fmt: FileFormat = "json" if self.fmt == "json" else "yaml"
        return read_model_text(self.text, fmt=fmt, source=self.name)


class VersionChangeError(Exception):
    """A saved version is immutable: a new version is added instead."""


class ModelVersion(models.Model):
    """One version of a value model: what it held, who saved it, when and why; never changed."""

    model = models.ForeignKey(ValueModelRecord, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(help_text="1 for the first version of the model, then 2, 3...")
    sha256 = models.CharField(max_length=64, help_text="Of the canonical JSON of the content.")
    content = models.JSONField(
        null=True, help_text="The model as canonical data; empty if this engine no longer reads the text."
    )
    text = models.TextField(help_text="The model file as written for this version.")
    fmt = models.CharField(max_length=4, choices=[("yaml", "YAML"), ("json", "JSON")], default="yaml")
    created = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=500, blank=True, help_text="What changed and why, in a line.")

    class Meta:
        ordering = ["model", "-number"]
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(fields=["model", "number"], name="one_version_number_per_model")
        ]

    def __str__(self) -> str:
        return f"{self.model.name} v{self.number}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise VersionChangeError(f"{self} is saved and cannot change; save a new version instead")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("valuemodels:version", args=[self.model_id, self.number])

    @property
    def short_sha(self) -> str:
        return self.sha256[:10]

    def load(self) -> LoadedModel:
        """The version's model, from its canonical content when there is one (no text to parse)."""
        source = f"{self.model.name} v{self.number}"
        if self.content is not None:
            try:
                return LoadedModel(parse_model(self.content), SourceMap(self.text), source)
            except ModelError as refused:
                raise ModelError(refused.issues, source=source) from None
        fmt: FileFormat = "json" if self.fmt == "json" else "yaml"
        return read_model_text(self.text, fmt=fmt, source=source)


def model_version(record: ValueModelRecord) -> tuple[str, ...]:
    """What a model's analyses depend on: its current version's content (the name heads the report)."""
    return (record.content_sha256,) if record.content_sha256 else (record.text, record.fmt, record.name)


def version_key(version: ModelVersion) -> tuple[str, ...]:
    """The same for a saved version: analyses of a version are computed once and kept."""
    return (version.sha256,)


class ModelPart(Revisioned):
    """One part of a model as the team edits it: the header, the offering, an element, a driver...

    The parts of a model are its working draft; saving the draft checks the whole model and adds a
    version (``worth.apps.valuemodels.records``). Each part has its own revision, so two people
    editing two elements never collide, and its own history, read field by field on its page.
    """

    model = models.ForeignKey(ValueModelRecord, on_delete=models.CASCADE, related_name="parts")
    kind = models.CharField(max_length=20, help_text="header, offering, segment, subsegment, element...")
    key = models.CharField(max_length=500, help_text="What names the part in the model (its name).")
    position = models.PositiveIntegerField(default=0, help_text="Its place in its list.")
    data = models.JSONField(help_text="The part as it is written in the model file.")
    updated = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["updated"])

    class Meta:
        ordering = ["model", "kind", "position", "key"]
        constraints = [
            models.UniqueConstraint(fields=["model", "kind", "key"], name="one_part_of_a_name_per_model")
        ]

    def __str__(self) -> str:
        return f"{self.model.name}: {self.kind} {self.key}"
