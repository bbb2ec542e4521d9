"""The customer data grid of a model version: every customer by every characteristic and driver, with
where each number comes from, and the same as CSV and XLSX."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from worth.apps.core.computed import remember
from worth.apps.core.routes import Access, reached_by
from worth.apps.core.typealias import AuthenticatedHttpRequest
from worth.apps.programs.access import can_change_project
from worth.apps.valuemodels.access import model_for
from worth.apps.valuemodels.models import ModelVersion, ValueModelRecord
from worth.apps.valuemodels.versions import current_version, version_model, version_of
from worth.engine.equations import format_number
from worth.engine.model.data_grid import DataGrid, GridCell, GridColumn, data_grid
from worth.engine.model.errors import ModelError
from worth.exports.charts.model import SOURCE_LABELS
from worth.exports.data_grid import grid_csv, grid_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _version(request: AuthenticatedHttpRequest, record: ValueModelRecord) -> ModelVersion | None:
    """``?version=N``, else the current version (``None`` for a model saved before versions)."""
    number = request.GET.get("version")
    if number and number.isdigit():
        return version_of(record, int(number))
    return current_version(record)


def _grid(version: ModelVersion) -> DataGrid:
    return remember("data-grid", (version.sha256,), lambda: data_grid(version_model(version)))


def _shown(column: GridColumn, cell: GridCell) -> dict[str, str]:
    """A cell as the grid shows it: the number rounded for reading, its class, and its provenance."""
    value = cell.value
    if isinstance(value, int | float):
        text = (
            format_number(float(value) * 100) + "%"
            if column.unit.strip() == "%"
            else format_number(float(value))
        )
    else:
        text = value or ""
    state = cell.state.replace(" ", "-")
    classes = [f"state-{state}"] + ([f"src-{cell.source}"] if cell.source else [])
    if isinstance(value, int | float):
        classes.append("num")
    if cell.perception:
        classes.append("perception")
    if cell.unframed:
        classes.append("unframed")
    parts = [SOURCE_LABELS.get(cell.source or "", "")]
    if cell.state == "fallback":
        parts.append("the driver's default (no value from the customer)")
    elif cell.state in ("missing", "not researched"):
        parts.append(cell.state)
    parts += cell.provenance()
    return {"text": text, "classes": " ".join(classes), "title": " · ".join(p for p in parts if p)}


@reached_by(get=Access.MEMBER)
@require_GET
def customer_data(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    record = model_for(request.user, pk)
    version = _version(request, record)
    if version is None:
        ctx = {"record": record, "message": "This model has no saved version yet: import it again."}
        return render(request, "valuemodels/analysis_refused.html", ctx, status=422)
    try:
        grid = _grid(version)
    except ModelError as exc:
        ctx = {"record": record, "message": "; ".join(str(i) for i in exc.issues)}
        return render(request, "valuemodels/analysis_refused.html", ctx, status=422)
    counts = grid.counts()
    total = sum(counts.values()) or 1
    legend = [
        {"key": key, "label": SOURCE_LABELS.get(key, "Missing"), "count": n, "share": n / total}
        for key, n in counts.items()
    ]
    ctx = {
        "record": record,
        "version": version,
        "grid": grid,
        "rows": [
            (row, [_shown(column, cell) for column, cell in zip(grid.columns, row.cells, strict=True)])
            for row in grid.rows
        ],
        "legend": legend,
        "missing": grid.missing_by_column(),
        "unframed": grid.unframed(),
        "research": sum(1 for r in grid.rows if r.customer.observations),
        "can_change": can_change_project(request.user, record.project),
        "versions": record.versions.order_by("-number").values_list("number", flat=True),
    }
    return render(request, "valuemodels/data.html", ctx)


@reached_by(get=Access.MEMBER)
@require_GET
def customer_data_file(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The grid as CSV (one row per cell) or XLSX, of the version asked for."""
    record = model_for(request.user, pk)
    version = _version(request, record)
    if version is None or fmt not in ("csv", "xlsx"):
        return HttpResponse("Choose csv or xlsx of a saved version.", status=404, content_type="text/plain")
    try:
        grid = _grid(version)
    except ModelError as exc:
        return HttpResponse(exc.report(), content_type="text/plain; charset=utf-8", status=422)
    name = f"{slugify(record.name) or 'value-model'}-v{version.number}-customer-data.{fmt}"
    if fmt == "csv":
        response = HttpResponse(grid_csv(grid), content_type="text/csv; charset=utf-8")
    else:
        title = f"{record.name}, version {version.number}: customer data"
        response = HttpResponse(grid_xlsx(grid, title=title), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
