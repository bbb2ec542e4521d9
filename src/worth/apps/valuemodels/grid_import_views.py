"""Importing a table of cells into a model's customer data: check every row, preview, then save.

The preview shows what the table changes against the current version and writes nothing; saving
makes a new version from exactly what was previewed, and only if no one saved a version in between.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from worth.apps.core.locking import StaleEdit
from worth.apps.core.routes import Access, reached_by
from worth.apps.core.typealias import AuthenticatedHttpRequest
from worth.apps.valuemodels.access import model_for
from worth.apps.valuemodels.forms import model_upload_bytes
from worth.apps.valuemodels.grid_files import TableError, read_table, table_csv
from worth.apps.valuemodels.records import DraftPending
from worth.apps.valuemodels.services import import_model_version
from worth.apps.valuemodels.versions import current_version, version_model
from worth.engine.model.compare import compare
from worth.engine.model.errors import ModelError
from worth.engine.model.grid_import import GridImportError, apply_cells
from worth.engine.model.io import dump_model
from worth.exports.charts.model import totals_chart


class CellsForm(forms.Form):
    file = forms.FileField(required=False, help_text="The grid's CSV or XLSX, edited (one row per cell)")
    note = forms.CharField(required=False, max_length=500, help_text="What changed and why, in a line")
    cells = forms.CharField(required=False, widget=forms.HiddenInput)
    based_on = forms.IntegerField(required=False, widget=forms.HiddenInput)
    filename = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)


def _table(form: CellsForm) -> tuple[str, list[str], list[dict[str, str]]]:
    upload = form.cleaned_data.get("file")
    if upload is not None:
        most = model_upload_bytes()
        if upload.size > most:
            raise TableError(
                f"The file is {upload.size / 1024 / 1024:,.1f} MB; "
                f"a table may be up to {most // 1024 // 1024} MB."
            )
        header, rows = read_table(upload.name, upload.read())
        return upload.name, header, rows
    text = form.cleaned_data.get("cells") or ""
    if not text.strip():
        raise TableError("Choose the file to import.")
    header, rows = read_table("cells.csv", text.encode())
    return form.cleaned_data.get("filename") or "cells.csv", header, rows


@reached_by(Access.EDITOR)
@require_http_methods(["GET", "POST"])
def import_cells(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    record = model_for(request.user, pk, write=True)
    version = current_version(record)
    ctx: dict[str, object] = {"record": record, "version": version, "form": CellsForm()}
    if version is None:
        ctx["error"] = "This model has no saved version yet: import its file again first."
        return render(request, "valuemodels/data_import.html", ctx, status=422)
    if request.method == "GET":
        return render(request, "valuemodels/data_import.html", ctx)
    form = CellsForm(request.POST, request.FILES)
    ctx["form"] = form
    if not form.is_valid():
        return render(request, "valuemodels/data_import.html", ctx, status=400)
    try:
        name, header, rows = _table(form)
        before = version_model(version)
        after = apply_cells(before, rows, header=header)
    except TableError as exc:
        ctx["error"] = str(exc)
        return render(request, "valuemodels/data_import.html", ctx, status=400)
    except GridImportError as exc:
        ctx["problems"] = exc.problems
        return render(request, "valuemodels/data_import.html", ctx, status=400)
    except ModelError as exc:
        ctx["error"] = "; ".join(str(i) for i in exc.issues)
        return render(request, "valuemodels/data_import.html", ctx, status=422)
    confirming = request.POST.get("save") == "1"
    based_on = form.cleaned_data.get("based_on")
    if confirming and based_on != version.number:
        ctx["error"] = (
            f"Version {version.number} was saved after you previewed this table against version {based_on}: "
            "the preview below is against the current version; save again if it is still what you want."
        )
        confirming = False
    found = compare(before, after)
    if confirming and found.changes:
        note = form.cleaned_data.get("note") or f"Customer data imported from {name}"
        try:
            saved = import_model_version(
                project=record.project,
                text=dump_model(after),
                filename="customer-data.yaml",
                user=request.user,
                seen={record.pk: record.revision},
                note=note,
            )
        except StaleEdit:
            ctx["error"] = "Someone saved this model a moment ago: preview again."
            return render(request, "valuemodels/data_import.html", ctx, status=409)
        except DraftPending as pending:
            ctx["error"] = str(pending)
            return render(request, "valuemodels/data_import.html", ctx, status=409)
        messages.success(request, f"Customer data saved as version {saved.version.number}.")
        return redirect(saved.version)
    preview = CellsForm(
        initial={
            "cells": table_csv(header, rows),
            "based_on": version.number,
            "filename": name,
            "note": form.cleaned_data.get("note") or "",
        }
    )
    before_label, after_label = f"Version {version.number}", "With the table"
    ctx.update(
        {
            "comparison": found,
            "totals_chart": totals_chart(found, before=before_label, after=after_label),
            "before_label": before_label,
            "after_label": after_label,
            "preview": preview,
            "filename": name,
            "rows": len(rows),
        }
    )
    status = 409 if ctx.get("error") else 200
    return render(request, "valuemodels/data_import.html", ctx, status=status)
