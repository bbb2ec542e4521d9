"""Reading a table of cells a person uploads (the grid's CSV or XLSX, edited in a spreadsheet).

Only reading the file is here; what the rows mean is :mod:`worth.engine.model.grid_import`. A text the
grid's CSV wrote with an apostrophe in front (so that a spreadsheet would not run it as a formula) is
read back without it.
"""

from __future__ import annotations

import csv
import io
from typing import Any

__all__ = ["TableError", "read_table", "table_csv"]

_INERT = ("'=", "'+", "'-", "'@", "'\t", "'\r")


class TableError(ValueError):
    """The file cannot be read as a table; says why in words."""


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    return text[1:] if text.startswith(_INERT) else text


def _rows(records: list[list[Any]]) -> tuple[list[str], list[dict[str, str]]]:
    if not records:
        raise TableError(
            "The file is empty: it needs a header row (customer_id, column, value, source, ...)."
        )
    header = [_text(h).strip().lower() for h in records[0]]
    rows = []
    for record in records[1:]:
        cells = [_text(v) for v in record]
        if not any(c.strip() for c in cells):
            continue
        rows.append(dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=False)))
    return header, rows


def read_table(name: str, raw: bytes) -> tuple[list[str], list[dict[str, str]]]:
    """The header and rows of a CSV or XLSX (its "Cells" sheet, else its first one)."""
    if name.lower().endswith(".xlsx") or raw[:2] == b"PK":
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
            raise TableError(f"The file is not a readable XLSX workbook ({type(exc).__name__}).") from None
        sheet = book["Cells"] if "Cells" in book.sheetnames else book.worksheets[0]
        records = [list(r) for r in sheet.iter_rows(values_only=True)]
        book.close()
        return _rows(records)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TableError(f"The file is not UTF-8 text (byte {exc.start}); save it as CSV UTF-8.") from None
    try:
        return _rows(list(csv.reader(io.StringIO(text))))
    except csv.Error as exc:
        raise TableError(f"The file is not a readable CSV: {exc}.") from None


def table_csv(header: list[str], rows: list[dict[str, str]]) -> str:
    """The rows again as CSV: what the preview page sends back when the change is confirmed."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
