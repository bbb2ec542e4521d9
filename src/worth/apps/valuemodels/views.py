"""Value model pages: import a model file, read its value summary, download it and its report."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from worth.apps.core.computed import remember
from worth.apps.core.documents import document_response
from worth.apps.core.jobs import JobLimitError
from worth.apps.core.locking import StaleEdit
from worth.apps.core.routes import Access, reached_by
from worth.apps.core.typealias import AuthenticatedHttpRequest
from worth.apps.programs.access import can_change_project, changeable_projects, project_for
from worth.apps.programs.models import Project
from worth.apps.valuemodels.access import model_for, visible_models
from worth.apps.valuemodels.forms import ImportForm, seen_field
from worth.apps.valuemodels.models import model_version
from worth.apps.valuemodels.records import DraftPending, unsaved_changes
from worth.apps.valuemodels.services import (
    ImportPreview,
    import_model_version,
    import_preview,
    imports_in_background,
    seen_versions,
    start_model_import,
)
from worth.apps.valuemodels.staging import StagedImportError, forget_staged, stage_text, staged_text
from worth.apps.valuemodels.versions import version_rows
from worth.engine.model.analysis import analyse_model
from worth.engine.model.errors import ModelError
from worth.exports.charts.model import totals_chart
from worth.exports.report_model import model_report_html, model_summary_fragment, summary_stylesheet


@reached_by(get=Access.ANY_USER)
@require_GET
def model_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    projects = changeable_projects(request.user).select_related("program")
    return render(
        request, "valuemodels/list.html", {"models": visible_models(request.user), "projects": projects}
    )


@reached_by(Access.EDITOR)
@require_http_methods(["GET", "POST"])
def model_import(request: AuthenticatedHttpRequest, project_pk: int) -> HttpResponse:
    project = project_for(request.user, project_pk, write=True)
    form = ImportForm(
        request.POST or None, request.FILES or None, initial={"seen": seen_field(seen_versions(project))}
    )
    if request.method != "POST" or not form.is_valid():
        return _import_page(request, form, project)
    text, filename = str(form.cleaned_data["text"]), form.cleaned_data.get("filename") or None
    staged = str(form.cleaned_data.get("staged") or "")
    if staged and not form.cleaned_data.get("file"):
        try:
            text = staged_text(staged, user_pk=request.user.pk, project_pk=project.pk)
        except StagedImportError as gone:
            return _import_page(request, ImportForm(), project, issues=[str(gone)])
    if not form.cleaned_data.get("confirm"):
        try:
            preview = import_preview(project=project, text=text, filename=filename)
        except (ModelError, DraftPending) as refused:
            return _import_page(request, form, project, issues=_problems(refused))
        if preview is not None:
            token = stage_text(text, user_pk=request.user.pk, project_pk=project.pk)
            return _preview_page(request, form, project, preview, token)
    if imports_in_background(text):  # seconds to minutes of work: a worker does it
        return _import_in_background(request, form, project, text, staged)
    try:
        saved = import_model_version(
            project=project,
            text=text,
            filename=filename,
            user=request.user,
            seen=form.cleaned_data["seen"],
            note=str(form.cleaned_data.get("note") or ""),
        )
    except (ModelError, DraftPending) as refused:
        return _import_page(request, form, project, issues=_problems(refused))
    except StaleEdit as stale:
        data = request.POST.copy()
        data["seen"] = seen_field(seen_versions(project))
        data["text"] = str(form.cleaned_data["text"])
        return _import_page(request, ImportForm(data), project, conflict=stale.conflict)
    if staged:
        forget_staged(staged)
    record, number = saved.record, saved.version.number
    if saved.new_version:
        messages.success(request, f"Value model “{record.name}” saved to {project.name} as version {number}.")
    else:
        messages.info(request, f"No change: “{record.name}” already holds this content (version {number}).")
    return redirect(record)


def _import_in_background(
    request: AuthenticatedHttpRequest, form: ImportForm, project: Project, text: str, staged: str
) -> HttpResponse:
    try:
        job = start_model_import(
            project=project,
            user=request.user,
            text=text,
            staged=staged,
            filename=form.cleaned_data.get("filename") or None,
            seen=form.cleaned_data["seen"],
            note=str(form.cleaned_data.get("note") or ""),
        )
    except JobLimitError as busy:
        return _import_page(request, form, project, issues=[str(busy)], status=429)
    return redirect("job", job.pk)


def _problems(refused: ModelError | DraftPending) -> list[str]:
    return [str(issue) for issue in refused.issues] if isinstance(refused, ModelError) else [str(refused)]


def _import_page(
    request: AuthenticatedHttpRequest,
    form: ImportForm,
    project: Project,
    *,
    issues: list[str] | None = None,
    conflict: object = None,
    status: int | None = None,
) -> HttpResponse:
    ctx = {"form": form, "project": project, "issues": issues or [], "conflict": conflict}
    status = status or (409 if conflict else 400 if issues else 200)
    return render(request, "valuemodels/import.html", ctx, status=status)


def _preview_page(
    request: AuthenticatedHttpRequest, form: ImportForm, project: Project, preview: ImportPreview, staged: str
) -> HttpResponse:
    """What the import would change, with the form again to confirm it (the text kept on the server)."""
    data = {
        "staged": staged,
        "filename": form.cleaned_data.get("filename") or "",
        "note": form.cleaned_data.get("note") or "",
        "seen": request.POST.get("seen", ""),
        "confirm": True,
    }
    before, after = f"Version {preview.version.number}", "This file"
    ctx = {
        "project": project,
        "preview": preview,
        "confirm_form": ImportForm(initial=data),
        "comparison": preview.comparison,
        "before_label": before,
        "after_label": after,
        "totals_chart": totals_chart(preview.comparison, before=before, after=after),
        "next_number": preview.version.number + 1,
    }
    return render(request, "valuemodels/import_preview.html", ctx)


@reached_by(get=Access.MEMBER)
@require_GET
def model_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    record = model_for(request.user, pk)
    if not record.content_sha256 and not record.text:
        return redirect("valuemodels:build", record.pk)  # started in the builder, no version yet
    can_change = can_change_project(request.user, record.project)
    ctx: dict[str, object] = {
        "record": record,
        "can_change": can_change,
        "versions": version_rows(record, limit=5),
        "unsaved": can_change and unsaved_changes(record),
    }
    try:
        ctx["summary"] = remember(
            "model-summary-page",
            model_version(record),
            lambda: model_summary_fragment(analyse_model(record.load().model), source=record.name),
        )
    except ModelError as exc:
        # Saved by an older engine and refused by this one: say why instead of failing the page.
        ctx["issues"] = [str(issue) for issue in exc.issues]
    return render(request, "valuemodels/detail.html", ctx)


@reached_by(get=Access.ANY_USER)
@require_GET
def summary_css(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The report's styles for the summary shown in the app's own pages (the same file, scoped)."""
    response = HttpResponse(summary_stylesheet(".summary-view"), content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@reached_by(get=Access.MEMBER)
@require_GET
def model_report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The value summary report, the same page `worth model report` writes; shown framed or downloaded."""
    record = model_for(request.user, pk)
    try:
        html = remember(
            "model-report",
            model_version(record),
            lambda: model_report_html(analyse_model(record.load().model), source=record.name),
        )
    except ModelError as exc:
        return HttpResponse(exc.report(), content_type="text/plain; charset=utf-8", status=422)
    return document_response(
        html,
        name=f"{record.name}-report",
        download=bool(request.GET.get("download")),
    )


@reached_by(get=Access.MEMBER)
@require_GET
def model_file(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The model file exactly as imported, for git or the command line."""
    record = model_for(request.user, pk)
    content_type = "application/json" if record.fmt == "json" else "application/yaml"
    response = HttpResponse(record.text, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_slug(record.name)}.{record.fmt}"'
    return response


def _slug(name: str) -> str:
    from django.utils.text import slugify

    return slugify(name) or "value-model"
