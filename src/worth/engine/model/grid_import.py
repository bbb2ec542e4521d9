"""Changing a model's customer data from a table of cells (the grid's CSV or XLSX, edited elsewhere).

Each row names a customer (``customer_id``) and a column (a characteristic or a driver) and gives the
value, and for a driver where it comes from (``source``, ``method``, ``date``, ``reliability``, and
optionally the ``meeting`` it came from, the ``person`` who gave it and its ``framing``). A
row with an empty value removes the cell. Cells the table does not name stay as they are, and so does
a cell the grid showed filled by the driver's default (``state`` ``fallback``) if its value is still
the default's: it is not the customer's number. Every row is
checked before anything changes; one bad row and nothing is applied, and every problem is listed by
row and column with the data as it was.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from worth.engine.equations.suggest import nearest_names
from worth.engine.model.errors import ModelError
from worth.engine.model.io import parse_model
from worth.engine.model.schema import SOURCE_KINDS, ValueModel

__all__ = ["CellProblem", "GridImportError", "apply_cells"]

REQUIRED = ("customer_id", "column", "value")
#: Columns the grid's files gained later: a table without them leaves them as the cell had them.
LATER_COLUMNS = ("meeting", "person", "framing")
#: A table of this many rows is an export of something else, not a grid.
MAX_ROWS = 200_000


@dataclass(frozen=True)
class CellProblem:
    """What is wrong with one row of the table: its number (the header is row 1), the column, the data."""

    row: int
    column: str
    message: str
    data: str = ""

    def __str__(self) -> str:
        shown = f" (given: {self.data!r})" if self.data else ""
        if self.row == 0:
            return f"the model with these cells: {self.message}"
        return f"row {self.row}, {self.column}: {self.message}{shown}"


class GridImportError(ValueError):
    """Every problem of the table; nothing was applied."""

    def __init__(self, problems: Sequence[CellProblem]) -> None:
        self.problems = list(problems)
        super().__init__(f"{len(self.problems)} problem(s) in the table; nothing was changed")


def _number(text: str, unit: str) -> float:
    cleaned = text.strip().replace(",", "").replace("\u00a0", "").replace(" ", "")
    share = cleaned.endswith("%")
    value = float(cleaned.rstrip("%"))
    if not math.isfinite(value):
        raise ValueError("not a finite number")
    return value / 100 if share and unit.strip() == "%" else value


def _suggest(word: str, known: Sequence[str]) -> str:
    near = nearest_names(word, known)
    return f"; did you mean {', '.join(repr(n) for n in near)}?" if near else ""


class _Applier:
    def __init__(self, model: ValueModel) -> None:
        self.data = model.to_data()
        self.customers = {c["id"]: c for c in self.data.get("customers", [])}
        self.drivers = {d["name"]: d for d in self.data.get("drivers", [])}
        self.characteristics = {c["name"]: c for c in self.data.get("characteristics", [])}
        self.problems: list[CellProblem] = []
        self.seen: dict[tuple[str, str], int] = {}

    def fail(self, row: int, column: str, message: str, data: str = "") -> None:
        self.problems.append(CellProblem(row, column, message, data))

    def row(self, number: int, cells: Mapping[str, Any]) -> None:
        text = {k: "" if v is None else str(v).strip() for k, v in cells.items()}
        cid, column, value = text.get("customer_id", ""), text.get("column", ""), text.get("value", "")
        customer = self.customers.get(cid)
        if customer is None:
            self.fail(
                number, "customer_id", f"no customer with this id{_suggest(cid, list(self.customers))}", cid
            )
            return
        if column not in self.drivers and column not in self.characteristics:
            known = [*self.characteristics, *self.drivers]
            self.fail(
                number, "column", f"no characteristic or driver of this name{_suggest(column, known)}", column
            )
            return
        first = self.seen.setdefault((cid, column), number)
        if first != number:
            self.fail(number, "column", f"the same cell as row {first}", f"{cid} / {column}")
            return
        if column in self.characteristics:
            self.characteristic(number, customer, self.characteristics[column], value)
        else:
            self.driver(number, customer, self.drivers[column], value, text)

    def characteristic(
        self, number: int, customer: dict[str, Any], spec: Mapping[str, Any], value: str
    ) -> None:
        cells = customer.setdefault("characteristics", {})
        if not value:
            cells.pop(spec["name"], None)
            return
        if spec.get("kind", "numeric") == "categorical":
            allowed = spec.get("categories")
            if allowed and value not in allowed:
                self.fail(number, "value", f"not a category of {spec['name']}: {', '.join(allowed)}", value)
                return
            cells[spec["name"]] = value
            return
        try:
            cells[spec["name"]] = _number(value, spec.get("unit", ""))
        except ValueError:
            self.fail(number, "value", f"{spec['name']} is a number", value)

    @staticmethod
    def _is_default(spec: Mapping[str, Any], value: str) -> bool:
        default = spec.get("default") or {}
        try:
            return "value" in default and _number(value, spec["unit"]) == float(default["value"])
        except ValueError:
            return False

    def driver(
        self,
        number: int,
        customer: dict[str, Any],
        spec: Mapping[str, Any],
        value: str,
        text: Mapping[str, str],
    ) -> None:
        cells = customer.setdefault("observations", {})
        if not value:
            cells.pop(spec["name"], None)
            return
        if text.get("state") == "fallback" and self._is_default(spec, value):
            return  # the driver's default as the grid showed it: still no value from the customer
        bad = len(self.problems)
        try:
            amount = _number(value, spec["unit"])
        except ValueError:
            self.fail(number, "value", f"{spec['name']} is a number in {spec['unit']}", value)
        source = text.get("source", "")
        if source not in SOURCE_KINDS:
            self.fail(number, "source", f"say where the number comes from: {', '.join(SOURCE_KINDS)}", source)
        days: dict[str, datetime.date] = {}
        for key in ("date", "meeting"):
            day = text.get(key, "")
            if day:
                try:
                    days[key] = datetime.date.fromisoformat(day[:10])
                except ValueError:
                    self.fail(number, key, "a date as YYYY-MM-DD", day)
        if len(self.problems) > bad:
            return
        observation: dict[str, Any] = {"value": amount, "source": source}
        # A table written before the grid carried where a number came from keeps what the cell said.
        before = cells.get(spec["name"]) or {}
        observation |= {k: before[k] for k in LATER_COLUMNS if k not in text and k in before}
        for key in ("method", "reliability", "person", "framing"):
            if text.get(key):
                observation[key] = text[key]
        observation |= {key: day.isoformat() for key, day in days.items()}
        cells[spec["name"]] = observation


def apply_cells(model: ValueModel, rows: Sequence[Mapping[str, Any]], *, header: Sequence[str]) -> ValueModel:
    """``model`` with the cells of ``rows`` (dicts by the ``header``'s names) applied; checked whole.

    Raises :class:`GridImportError` with every problem (row numbers count the header as row 1), and
    nothing is applied then.
    """
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise GridImportError(
            [CellProblem(1, name, "the table needs this column (as in the grid's CSV)") for name in missing]
        )
    if len(rows) > MAX_ROWS:
        raise GridImportError([CellProblem(MAX_ROWS + 2, "", f"at most {MAX_ROWS:,} rows")])
    applier = _Applier(model)
    for number, cells in enumerate(rows, start=2):
        applier.row(number, cells)
    if applier.problems:
        raise GridImportError(applier.problems)
    try:
        return parse_model(applier.data)
    except ModelError as exc:
        raise GridImportError([CellProblem(0, "model", str(issue)) for issue in exc.issues]) from None
