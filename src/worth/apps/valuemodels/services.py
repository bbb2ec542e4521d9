"""Importing a model file into a project: all or nothing, and never over a version one has not seen.

Every import that changes the model's content adds a version; one that only changes comments,
quoting or key order (the same content) keeps the version that is there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction

from worth.apps.core.jobs import start_job
from worth.apps.core.locking import StaleEdit, save_if_current, text_conflict
from worth.apps.core.models import Job
from worth.apps.programs.models import Project
from worth.apps.valuemodels.jobs import IMPORT
from worth.apps.valuemodels.models import ModelVersion, ValueModelRecord
from worth.apps.valuemodels.records import DraftPending, add_version, unsaved_changes
from worth.apps.valuemodels.staging import stage_text
from worth.apps.valuemodels.versions import current_version, version_model
from worth.engine.bulk import collector_paused
from worth.engine.model.canonical import canonical, content_sha256
from worth.engine.model.compare import ModelComparison, compare
from worth.engine.model.io import guess_format, read_model_text


@dataclass(frozen=True)
class SavedImport:
    """The model an import saved to, its version after the import, and whether that version is new."""

    record: ValueModelRecord
    version: ModelVersion
    new_version: bool


@dataclass(frozen=True)
class ImportPreview:
    """What importing a file would change in a model that exists: the version it replaces, and how."""

    record: ValueModelRecord
    version: ModelVersion
    comparison: ModelComparison


def import_preview(*, project: Project, text: str, filename: str | None) -> ImportPreview | None:
    """The changes a file would make to the project's model of its name; ``None`` for a new model or
    for the content the model already holds (the import then needs no look first).

    Raises ``ModelError`` like the import itself, with every problem of the file.
    """
    model = read_model_text(text, fmt=guess_format(filename, text), source=filename or "pasted text").model
    record = ValueModelRecord.objects.filter(project=project, name=model.name).first()
    if record is None:
        return None
    refuse_over_a_draft(record)
    current = current_version(record)
    if current is None or current.sha256 == content_sha256(model):
        return None
    return ImportPreview(record, current, compare(version_model(current), model))


def refuse_over_a_draft(record: ValueModelRecord) -> None:
    """:class:`DraftPending` when the builder holds changes of ``record`` that no version holds."""
    if unsaved_changes(record):
        raise DraftPending(
            f"“{record.name}” has changes made in the model builder that are in no version yet: "
            "save them as a version or discard them there, then import again"
        )


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
    note: str = "",
) -> ValueModelRecord:
    """The model record :func:`import_model_version` saved to (for callers that need only that)."""
    return import_model_version(
        project=project, text=text, filename=filename, user=user, seen=seen, note=note
    ).record


def imports_in_background(text: str) -> bool:
    """Whether importing ``text`` is long work for a worker (``WORTH_IMPORT_IN_BACKGROUND_MB``)."""
    return len(text.encode("utf-8")) > int(settings.WORTH_IMPORT_IN_BACKGROUND_MB) * 1024 * 1024


def start_model_import(
    *,
    project: Project,
    user: User,
    text: str,
    staged: str,
    filename: str | None,
    seen: Mapping[int, int],
    note: str,
) -> Job:
    """Queue the import of ``text`` (kept on the server under ``staged``, made here if empty).

    The job (:func:`worth.apps.valuemodels.jobs.import_staged`) does what
    :func:`import_model_version` does, and its page opens the model or says why nothing was saved.

    Raises ``JobLimitError`` when the person or the server already runs as many jobs as allowed.
    """
    staged = staged or stage_text(text, user_pk=user.pk, project_pk=project.pk)
    params = {
        "staged": staged,
        "project": project.pk,
        "user": user.pk,
        "filename": filename,
        "seen": {str(pk): revision for pk, revision in seen.items()},
        "note": note,
    }
    return start_job(
        user=user,
        kind="model-import",
        title=f"Importing {filename or 'the model'} into {project.name}",
        handler=IMPORT,
        params=params,
        project=project,
    )


#: The steps :func:`import_model_version` reports to its ``progress``.
IMPORT_STEPS = 4


def _no_progress(done: int, total: int) -> None:
    return None


@collector_paused()
def import_model_version(
    *,
    project: Project,
    text: str,
    filename: str | None,
    user: User,
    seen: Mapping[int, int] | None = None,
    note: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> SavedImport:
    """Check the text and save it as the project's model of that name (a new version if it exists).

    ``seen`` is :func:`seen_versions` as it was when the person opened the import form: a model of
    that name that was created or changed since is not replaced (:class:`StaleEdit` says by whom and
    which lines), so two people importing never silently overwrite each other. ``None`` (the command
    line and the demo) replaces the version that is there.

    ``progress(done, total)`` hears of each step (read and checked, its content worked out, the
    version saved, the parts written): a job shows them, and may stop the import at one, before
    anything is kept.

    Raises ``ModelError`` listing every problem with its line and column; nothing is saved then.
    """
    step = progress or _no_progress
    fmt = guess_format(filename, text)
    model = read_model_text(text, fmt=fmt, source=filename or "pasted text").model
    step(1, IMPORT_STEPS)
    content = canonical(model)
    sha = content.sha256
    step(2, IMPORT_STEPS)
    with transaction.atomic():
        record, created = ValueModelRecord.objects.select_for_update().get_or_create(
            project=project,
            name=model.name,
            defaults={"text": text, "fmt": fmt, "updated_by": user, "content_sha256": sha},
        )
        if created:
            # Credit the person, not "system" (get_or_create gives no way to say who creates).
            record.history.filter(history_type="+").update(history_user=user)
            return SavedImport(
                record,
                add_version(
                    record, model, text=text, fmt=fmt, user=user, note=note, content=content, progress=step
                ),
                True,
            )
        if seen is not None:
            refuse_over_a_draft(record)
        latest = record.versions.order_by("-number").first()
        opened_at = record.revision if seen is None else seen.get(record.pk, 0)
        if latest is not None and latest.sha256 == sha and opened_at == record.revision:
            return SavedImport(record, latest, False)
        opened = record.history.filter(revision=opened_at).order_by("-history_date").first()
        record.text, record.fmt, record.updated_by, record.content_sha256 = text, fmt, user, sha
        record._history_user = user  # type: ignore[attr-defined]
        try:
            save_if_current(record, opened_at=opened_at)
        except StaleEdit:
            what = f"The value model “{record.name}”"
            raise StaleEdit(text_conflict(what, record, opened_text=opened.text if opened else "")) from None
        if latest is not None and latest.sha256 == sha:
            return SavedImport(record, latest, False)
        version = add_version(
            record, model, text=text, fmt=fmt, user=user, note=note, content=content, progress=step
        )
        return SavedImport(record, version, True)
