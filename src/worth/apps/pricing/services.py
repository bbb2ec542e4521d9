"""Imports into the pricing area, all or nothing: invoice data sets and the pricing policy.

An invoice import streams the file into a staging store beside the data sets; only when every row
was good does one database transaction create the data set and move the staging folder to its
place (``DATA_DIR/pricing/<id>``). A refused or failed import removes the staging folder and the
uploaded file, so nothing is left half-loaded: no data set row, no store folder.
"""

from __future__ import annotations

import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from worth.analytics import (
    DEFAULT_CONTRACT,
    AnalyticsError,
    InvoiceContract,
    InvoiceImportError,
    ParquetStore,
    import_invoices,
)
from worth.apps.core.computed import remember
from worth.apps.core.jobs import JobLimitError, Progress, start_job
from worth.apps.core.locking import StaleEdit, save_if_current, text_conflict
from worth.apps.pricing.models import InvoiceDataset, InvoiceImport, PricingPolicy, pricing_root
from worth.apps.programs.models import Project
from worth.engine.pricing.policy import PricingPolicy as PolicyDocument
from worth.engine.pricing.policy_check import parse_policy

#: Problems kept and shown for a refused import (every bad row is still counted).
PROBLEMS_SHOWN = 50
#: Staging folders and uploads older than this are left over from a stopped server: swept away.
STALE_AFTER_S = 24 * 3600
UPLOADS = "uploads"
STAGING_PREFIX = ".staging-"


class DatasetNameError(ValueError):
    """The project already has a data set of that name."""


@dataclass(frozen=True)
class ImportRequest:
    """What a person asked to import: the data set name, the file (as saved) and how to read it."""

    name: str
    source: Path
    source_name: str
    contract: InvoiceContract = DEFAULT_CONTRACT
    delimiter: str = ","


def _sweep_stale(root: Path) -> None:
    cutoff = time.time() - STALE_AFTER_S
    candidates = [*root.glob(f"{STAGING_PREFIX}*"), *(root / UPLOADS).glob("*")]
    for path in candidates:
        try:
            if path.stat().st_mtime < cutoff:
                shutil.rmtree(path) if path.is_dir() else path.unlink()
        except OSError:
            continue


def import_dataset(
    *, project: Project, user: User | None, request: ImportRequest, progress: Progress | None = None
) -> InvoiceDataset:
    """Import invoice lines as a new data set of ``project``: everything or nothing.

    Raises
    ------
    DatasetNameError
        The name is in use in the project (checked before reading and again when saving).
    InvoiceImportError
        Bad rows (``problems`` lists them by row and column), missing columns, an unreadable file.
    AnalyticsError
        Other problems with the data or the contract.
    """
    if InvoiceDataset.objects.filter(project=project, name=request.name).exists():
        raise DatasetNameError(f"the project already has a data set named “{request.name}”")
    root = pricing_root()
    root.mkdir(parents=True, exist_ok=True)
    staging = root / f"{STAGING_PREFIX}{uuid.uuid4().hex}"
    try:
        report = import_invoices(
            request.source,
            ParquetStore(staging),
            contract=request.contract,
            delimiter=request.delimiter,
            max_problems=PROBLEMS_SHOWN,
            progress=progress,
        )
        if report.rows == 0:
            raise AnalyticsError(f"{request.source_name}: the file has no invoice lines, only a header")
        try:
            with transaction.atomic():
                dataset = InvoiceDataset.objects.create(
                    project=project,
                    name=request.name,
                    rows=report.rows,
                    source_name=request.source_name,
                    contract_text=request.contract.to_json(),
                    imported=timezone.now(),
                    imported_by=user,
                )
                if dataset.store.exists():  # left by a data set whose row was removed outside the app
                    shutil.rmtree(dataset.store)
                staging.rename(dataset.store)
        except IntegrityError as exc:
            raise DatasetNameError(f"the project already has a data set named “{request.name}”") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return dataset


def delete_dataset(dataset: InvoiceDataset) -> None:
    """Remove the data set's row, then its store (the row goes first: no row ever points at nothing)."""
    store = dataset.store
    with transaction.atomic():
        dataset.delete()
    shutil.rmtree(store, ignore_errors=True)


def save_upload(upload: UploadedFile[bytes]) -> Path:
    """Copy an uploaded file, chunk by chunk, to the uploads folder; the import removes it when done."""
    folder = pricing_root() / UPLOADS
    folder.mkdir(parents=True, exist_ok=True)
    _sweep_stale(pricing_root())
    suffix = Path(upload.name or "").suffix.lower()
    path = folder / f"{uuid.uuid4().hex}{suffix}"
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return path


#: The handler path start_job records for an invoice import.
IMPORT_LINES = "worth.apps.pricing.services.run_import"


def run_import(params: dict[str, Any], progress: Progress) -> tuple[str, dict[str, object]]:
    """The worker's side of an invoice import: the attempt's lines into a new data set, or why not."""
    attempt = InvoiceImport.objects.select_related("project", "user").get(pk=params["attempt"])
    request = ImportRequest(
        name=params["name"],
        source=Path(params["source"]),
        source_name=params["source_name"],
        contract=InvoiceContract.model_validate_json(params["contract"]),
        delimiter=params["delimiter"],
    )
    attempts = InvoiceImport.objects.filter(pk=attempt.pk)

    def said(exc: Exception) -> str:
        # The messages name the file as saved on the server; the person knows it by its own name.
        return str(exc).replace(str(request.source), request.source_name)

    try:
        dataset = import_dataset(
            project=attempt.project, user=attempt.user, request=request, progress=progress
        )
    except InvoiceImportError as exc:
        attempts.update(
            refused=True,
            message=said(exc).splitlines()[0] if exc.problems else said(exc),
            bad_rows=exc.bad_rows,
            problems=[
                {"row": p.row, "column": p.column, "value": p.value, "problem": p.problem}
                for p in exc.problems[:PROBLEMS_SHOWN]
            ],
            more_problems=max(0, len(exc.problems) - PROBLEMS_SHOWN) + exc.more,
        )
        return attempt.get_absolute_url(), {"refused": True, "bad_rows": exc.bad_rows}
    except (DatasetNameError, AnalyticsError) as exc:
        attempts.update(refused=True, message=said(exc))
        return attempt.get_absolute_url(), {"refused": True}
    finally:
        request.source.unlink(missing_ok=True)
    attempts.update(dataset=dataset)
    return dataset.get_absolute_url(), {"dataset": dataset.pk, "rows": dataset.rows}


def start_dataset_import(*, project: Project, user: User, request: ImportRequest) -> InvoiceImport:
    """Record the attempt and run the import as a job (the page shows its progress, then the outcome).

    Raises ``JobLimitError`` (and keeps nothing, the uploaded file included) when too many jobs run.
    """
    attempt = InvoiceImport.objects.create(
        project=project, user=user, name=request.name, source_name=request.source_name
    )
    params = {
        "attempt": attempt.pk,
        "name": request.name,
        "source": str(request.source),
        "source_name": request.source_name,
        "contract": request.contract.to_json(),
        "delimiter": request.delimiter,
    }
    try:
        job = start_job(
            user=user,
            kind="pricing-import",
            title=f"Importing {request.source_name} into {project.name}",
            handler=IMPORT_LINES,
            params=params,
            project=project,
        )
    except JobLimitError:
        attempt.delete()
        request.source.unlink(missing_ok=True)
        raise
    InvoiceImport.objects.filter(pk=attempt.pk).update(job=job)
    attempt.refresh_from_db()
    return attempt


def save_policy_text(
    *, project: Project, text: str, user: User, opened_at: int | None = None
) -> PricingPolicy:
    """Check the policy text and save it as the project's policy (a new version if one exists).

    ``opened_at`` is the policy's revision when the person opened the form (0: there was none); a
    policy saved by someone else since is not replaced (:class:`StaleEdit` says by whom and which
    lines). ``None`` (the demo) replaces whatever is there.

    Raises ``PolicyError`` listing every problem with its place in the file; nothing is saved then.
    """
    parse_policy(text, source="the policy")
    with transaction.atomic():
        record, created = PricingPolicy.objects.select_for_update().get_or_create(
            project=project, defaults={"text": text, "updated_by": user}
        )
        if created and opened_at in (None, 0):
            return record
        base = record.revision if opened_at is None else opened_at
        if record.text == text and base == record.revision:
            return record
        opened = record.history.filter(revision=base).order_by("-history_date").first()
        record.text, record.updated_by = text, user
        try:
            save_if_current(record, opened_at=base)
        except StaleEdit:
            what = f"The pricing policy of {project.name}"
            raise StaleEdit(text_conflict(what, record, opened_text=opened.text if opened else "")) from None
    return record


def project_policy(project: Project) -> tuple[PricingPolicy | None, PolicyDocument | None, str]:
    """The project's policy record, the policy read from it, and why it cannot be read ('' if it can)."""
    record = PricingPolicy.objects.filter(project=project).first()
    if record is None:
        return None, None, ""
    try:
        return record, remember("policy", (record.text,), record.load), ""
    except ValueError as exc:
        return record, None, str(exc)


def currency_for(project: Project, policy: PolicyDocument | None) -> str:
    """The currency figures are read in: the policy's, else the program's."""
    return policy.currency if policy is not None else project.program.currency
