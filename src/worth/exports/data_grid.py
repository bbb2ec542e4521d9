"""The research data grid as files a team takes elsewhere: CSV (one row per cell) and XLSX.

The CSV keeps every cell's provenance in columns, one row per customer and column, so nothing is lost
and other programs read it directly. The XLSX shows the grid as a person reads it (customers by
columns, units under the names, each cell coloured by where its number comes from, missing cells
marked) with the same long table on a second sheet.

Text a person wrote is written as text: in the XLSX with ``write_string`` (never read as a formula);
in the CSV a text that a spreadsheet would take for a formula (starting ``=``, ``+``, ``-``, ``@``,
tab or carriage return) is prefixed with an apostrophe, as spreadsheets themselves do.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import xlsxwriter

from worth.engine.model.data_grid import DataGrid, GridCell
from worth.exports.charts.model import SOURCE_LABELS

__all__ = ["CSV_FIELDS", "grid_csv", "grid_records", "grid_xlsx"]

CSV_FIELDS = (
    "customer_id", "customer", "subsegment", "column", "kind", "unit", "state", "value", "source", "method",
    "date", "reliability", "meeting", "person", "framing",
)  # fmt: skip
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

#: Cell fills by source, light versions of the chart colours (convincing green to grey).
FILLS = {
    "measured": "#cfe8d7",
    "customer-estimate": "#e6f2d6",
    "outside-study": "#f6e4bd",
    "supplier-assumption": "#e1e4e8",
    "missing": "#fbd5d5",
}


def grid_records(grid: DataGrid) -> list[dict[str, Any]]:
    """One record per customer and column, with the cell's state and provenance."""
    out = []
    for row in grid.rows:
        for column, cell in zip(grid.columns, row.cells, strict=True):
            out.append(
                {
                    "customer_id": row.customer.id,
                    "customer": row.customer.name,
                    "subsegment": row.subsegment or "",
                    "column": column.name,
                    "kind": column.kind,
                    "unit": column.unit,
                    "state": cell.state,
                    "value": "" if cell.value is None else cell.value,
                    "source": cell.source or "",
                    "method": cell.method,
                    "date": cell.date.isoformat() if cell.date else "",
                    "reliability": cell.reliability,
                    "meeting": cell.meeting.isoformat() if cell.meeting else "",
                    "person": cell.person,
                    "framing": cell.framing,
                }
            )
    return out


def _inert(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def grid_csv(grid: DataGrid) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for record in grid_records(grid):
        writer.writerow({k: _inert(v) for k, v in record.items()})
    return buffer.getvalue()


def _note(cell: GridCell) -> str:
    parts = [SOURCE_LABELS.get(cell.source or "", "")]
    if cell.state == "fallback":
        parts.append("the driver's default, used because the customer gave no value")
    return "\n".join(p for p in [*parts, *cell.provenance()] if p)


def grid_xlsx(grid: DataGrid, *, title: str) -> bytes:
    """The workbook: the grid on "Customer data", every cell with its provenance on "Cells"."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    book.set_properties({"title": title, "comments": "Written by Worth"})
    styles = _Styles(book)
    _grid_sheet(book.add_worksheet("Customer data"), grid, styles)
    _cells_sheet(book.add_worksheet("Cells"), grid, styles)
    book.close()
    return buffer.getvalue()


class _Styles:
    def __init__(self, book: xlsxwriter.Workbook) -> None:
        self.head = book.add_format(
            {"bold": True, "text_wrap": True, "valign": "bottom", "bg_color": "#f4f6f8"}
        )
        self.unit = book.add_format({"italic": True, "font_color": "#6b7785", "bg_color": "#f4f6f8"})
        self.bold = book.add_format({"bold": True})
        self.fills = {
            k: book.add_format({"bg_color": c, "num_format": "#,##0.####"}) for k, c in FILLS.items()
        }
        self.percent = {k: book.add_format({"bg_color": c, "num_format": "0.0%"}) for k, c in FILLS.items()}
        self.plain = book.add_format({"num_format": "#,##0.####"})

    def of(self, cell: GridCell, unit: str) -> Any:
        key = cell.source or ("missing" if cell.state == "missing" else "")
        table = self.percent if unit.strip() == "%" else self.fills
        return table.get(key, self.plain)


def _grid_sheet(sheet: Any, grid: DataGrid, styles: _Styles) -> None:
    heads = ["Id", "Customer", "Subsegment"]
    names = [*heads, *(c.name for c in grid.columns)]
    units = [""] * len(heads) + [c.unit or "" for c in grid.columns]
    for index, (name, unit) in enumerate(zip(names, units, strict=True)):
        sheet.write_string(0, index, name, styles.head)
        sheet.write_string(1, index, unit, styles.unit)
    for r, row in enumerate(grid.rows, start=2):
        for c, text in enumerate((row.customer.id, row.customer.name, row.subsegment or "")):
            sheet.write_string(r, c, text)
        for c, (column, cell) in enumerate(zip(grid.columns, row.cells, strict=True), start=len(heads)):
            style = styles.of(cell, column.unit)
            if isinstance(cell.value, int | float):
                sheet.write_number(r, c, float(cell.value), style)
            elif isinstance(cell.value, str):
                sheet.write_string(r, c, cell.value, style)
            elif cell.state == "missing":
                sheet.write_blank(r, c, None, style)
            if note := _note(cell):
                sheet.write_comment(r, c, note, {"x_scale": 2, "y_scale": 1.2})
    sheet.freeze_panes(2, len(heads))
    sheet.set_column(0, 0, 9)
    sheet.set_column(1, 2, 24)
    sheet.set_column(len(heads), len(names) - 1, 16)
    sheet.set_row(0, 60)
    legend = len(grid.rows) + 4
    sheet.write_string(legend, 1, "Where each number comes from", styles.bold)
    for offset, (key, label) in enumerate([*SOURCE_LABELS.items(), ("missing", "Missing")], start=1):
        sheet.write_string(legend + offset, 1, label, styles.fills[key])


def _cells_sheet(sheet: Any, grid: DataGrid, styles: _Styles) -> None:
    for c, field in enumerate(CSV_FIELDS):
        sheet.write_string(0, c, field, styles.head)
    records = grid_records(grid)
    for r, record in enumerate(records, start=1):
        for c, field in enumerate(CSV_FIELDS):
            value = record[field]
            if isinstance(value, int | float):
                sheet.write_number(r, c, float(value))
            else:
                sheet.write_string(r, c, str(value))
    sheet.autofilter(0, 0, len(records), len(CSV_FIELDS) - 1)
    sheet.freeze_panes(1, 0)
    sheet.set_column(0, len(CSV_FIELDS) - 1, 18)
