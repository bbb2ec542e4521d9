"""The research data as a grid: customers by characteristics and drivers, each cell with its provenance.

The method asks for data-heavy, assumption-light models, and a team asks of its grid: which cells are
measured, which rest on a customer's perception or on the supplier's own assumption, and which are
still missing. A cell of a research customer with no observation is *missing* (or *filled by the
driver's default*, when the model says so); a prospect has characteristics only, so its driver cells
are *not researched*, not missing.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from worth.engine.model.schema import SOURCE_KINDS, Customer, SourceKind, ValueModel
from worth.engine.model.validate import customer_subsegment, subsegment_rules

__all__ = ["PERCEPTION", "CellState", "DataGrid", "GridCell", "GridColumn", "GridRow", "data_grid"]

ColumnKind = Literal["characteristic", "driver"]
CellState = Literal["observed", "fallback", "missing", "not researched"]

#: Sources that rest on what someone believes rather than on what was measured.
PERCEPTION: frozenset[SourceKind] = frozenset({"customer-estimate", "supplier-assumption"})


@dataclass(frozen=True)
class GridColumn:
    name: str
    kind: ColumnKind
    unit: str
    numeric: bool = True


@dataclass(frozen=True)
class GridCell:
    """One customer's value for one column, where it came from and in which state the cell is."""

    state: CellState
    value: float | str | None = None
    source: SourceKind | None = None
    method: str = ""
    date: datetime.date | None = None
    reliability: str = ""
    meeting: datetime.date | None = None
    person: str = ""
    framing: str = ""

    @property
    def perception(self) -> bool:
        return self.source in PERCEPTION

    @property
    def unframed(self) -> bool:
        """A customer's number that rests on perception with neither a proxy nor the customer's framing."""
        return self.state == "observed" and self.perception and not self.framing

    def provenance(self) -> list[str]:
        """How the number was obtained, in the words a tooltip, a note or a report shows, in order."""
        parts = [self.method, self.date.isoformat() if self.date else "", self.reliability]
        if self.meeting:
            parts.append(f"from the research meeting of {self.meeting.isoformat()}")
        if self.person:
            parts.append(
                f"given by the {self.person}" if self.person[:1].islower() else f"given by {self.person}"
            )
        if self.framing:
            parts.append(f"framed as: {self.framing}")
        elif self.unframed:
            parts.append("rests on perception: no proxy or framing given")
        return [p for p in parts if p]


@dataclass(frozen=True)
class GridRow:
    customer: Customer
    subsegment: str | None
    cells: tuple[GridCell, ...]


@dataclass(frozen=True)
class DataGrid:
    """Every customer (research sample first, then prospects) by every characteristic and driver."""

    columns: tuple[GridColumn, ...]
    rows: tuple[GridRow, ...]

    def counts(self) -> dict[str, int]:
        """Cells per source kind (observed and fallback), then ``missing``; in the method's order."""
        found: Counter[str] = Counter(
            str(c.source) if c.state in ("observed", "fallback") and c.source else str(c.state)
            for row in self.rows
            for c in row.cells
        )
        order = [*SOURCE_KINDS, "missing"]
        return {key: found.get(key, 0) for key in order}

    def unframed(self) -> int:
        """Cells resting on perception that give neither a proxy nor the customer's framing."""
        return sum(1 for row in self.rows for c in row.cells if c.unframed)

    def missing_by_column(self) -> dict[str, int]:
        """Columns with missing cells, with how many."""
        out: dict[str, int] = {}
        for row in self.rows:
            for column, cell in zip(self.columns, row.cells, strict=True):
                if cell.state == "missing":
                    out[column.name] = out.get(column.name, 0) + 1
        return out


def _characteristic(customer: Customer, name: str) -> GridCell:
    value = customer.characteristics.get(name)
    if value is None:
        return GridCell("missing")
    return GridCell("observed", value=value)


def data_grid(model: ValueModel) -> DataGrid:
    """The grid of ``model``; a customer's subsegment is as assigned or as the subsegment rules say."""
    columns = tuple(
        [GridColumn(c.name, "characteristic", c.unit, c.kind == "numeric") for c in model.characteristics]
        + [GridColumn(d.name, "driver", d.unit) for d in model.drivers]
    )
    rules = subsegment_rules(model)
    sample = [c for c in model.customers if c.observations]
    prospects = [c for c in model.customers if not c.observations]
    rows = []
    for customer in [*sample, *prospects]:
        researched = bool(customer.observations)
        cells = [_characteristic(customer, c.name) for c in model.characteristics]
        for driver in model.drivers:
            observation = customer.observations.get(driver.name)
            default = driver.default
            if observation is not None:
                cells.append(
                    GridCell(
                        "observed",
                        value=observation.value,
                        source=observation.source,
                        method=observation.method,
                        date=observation.date,
                        reliability=observation.reliability,
                        meeting=observation.meeting,
                        person=observation.person,
                        framing=observation.framing,
                    )
                )
            elif not researched:
                cells.append(GridCell("not researched"))
            elif default is not None and default.fallback:
                cells.append(
                    GridCell(
                        "fallback", value=default.value, source=default.source, method=default.assumption
                    )
                )
            else:
                cells.append(GridCell("missing"))
        rows.append(GridRow(customer, customer_subsegment(model, customer, rules), tuple(cells)))
    return DataGrid(columns, tuple(rows))
