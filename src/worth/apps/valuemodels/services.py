"""Importing a model file into a project: all or nothing."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from worth.apps.programs.models import Project
from worth.apps.valuemodels.models import ValueModelRecord
from worth.engine.model.io import guess_format, read_model_text


def import_model_text(*, project: Project, text: str, filename: str | None, user: User) -> ValueModelRecord:
    """Check the text and save it as the project's model of that name (a new version if it exists).

    Raises ``ModelError`` listing every problem with its line and column; nothing is saved then.
    """
    fmt = guess_format(filename, text)
    loaded = read_model_text(text, fmt=fmt, source=filename or "pasted text")
    with transaction.atomic():
        record, created = ValueModelRecord.objects.select_for_update().get_or_create(
            project=project, name=loaded.model.name, defaults={"text": text, "fmt": fmt, "updated_by": user}
        )
        if not created and (record.text, record.fmt) != (text, fmt):
            record.text, record.fmt, record.updated_by = text, fmt, user
            record.save()
    return record
