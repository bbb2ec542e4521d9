"""Importing a model file into a project: all or nothing, and never over a version one has not seen."""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib.auth.models import User
from django.db import transaction

from worth.apps.core.locking import StaleEdit, save_if_current, text_conflict
from worth.apps.programs.models import Project
from worth.apps.valuemodels.models import ValueModelRecord
from worth.engine.model.io import guess_format, read_model_text


def seen_versions(project: Project) -> dict[int, int]:
    """The revision of each of the project's models, as an import form remembers them when opened."""
    return dict(ValueModelRecord.objects.filter(project=project).values_list("pk", "revision"))


def import_model_text(
    *,
    project: Project,
    text: str,
    filename: str | None,
    user: User,
    seen: Mapping[int, int] | None = None,
) -> ValueModelRecord:
    """Check the text and save it as the project's model of that name (a new version if it exists).

    ``seen`` is :func:`seen_versions` as it was when the person opened the import form: a model of
    that name that was created or changed since is not replaced (:class:`StaleEdit` says by whom and
    which lines), so two people importing never silently overwrite each other. ``None`` (the command
    line and the demo) replaces the version that is there.

    Raises ``ModelError`` listing every problem with its line and column; nothing is saved then.
    """
    fmt = guess_format(filename, text)
    loaded = read_model_text(text, fmt=fmt, source=filename or "pasted text")
    with transaction.atomic():
        record, created = ValueModelRecord.objects.select_for_update().get_or_create(
            project=project, name=loaded.model.name, defaults={"text": text, "fmt": fmt, "updated_by": user}
        )
        if created:
            return record
        opened_at = record.revision if seen is None else seen.get(record.pk, 0)
        if (record.text, record.fmt) == (text, fmt) and opened_at == record.revision:
            return record
        opened = record.history.filter(revision=opened_at).order_by("-history_date").first()
        record.text, record.fmt, record.updated_by = text, fmt, user
        try:
            save_if_current(record, opened_at=opened_at)
        except StaleEdit:
            what = f"The value model “{record.name}”"
            raise StaleEdit(text_conflict(what, record, opened_text=opened.text if opened else "")) from None
    return record
