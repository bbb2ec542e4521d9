"""The grid as CSV and XLSX: read back by other programs (the csv module, openpyxl), every cell there."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl

from worth.engine.model.data_grid import data_grid
from worth.engine.model.io import load_model, parse_model
from worth.exports.data_grid import CSV_FIELDS, grid_csv, grid_xlsx

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bearings-pulp-paper.yaml"


def test_the_csv_holds_one_row_per_cell_with_its_provenance() -> None:
    model = load_model(EXAMPLE)
    grid = data_grid(model)
    rows = list(csv.DictReader(io.StringIO(grid_csv(grid))))
    assert tuple(rows[0]) == CSV_FIELDS
    assert len(rows) == len(grid.rows) * len(grid.columns)
    first = model.customers[0]
    name, observation = next(iter(first.observations.items()))
    cell = next(r for r in rows if r["customer_id"] == first.id and r["column"] == name)
    assert float(cell["value"]) == observation.value
    assert cell["source"] == observation.source
    assert cell["method"] == observation.method


def test_text_a_spreadsheet_would_run_as_a_formula_is_written_inert() -> None:
    data = load_model(EXAMPLE).to_data()
    observation = next(iter(data["customers"][0]["observations"].values()))
    observation["method"] = '=HYPERLINK("http://example.invalid","click")'
    data["customers"][0]["name"] = "@SUM(A1:A9)"
    grid = data_grid(parse_model(data))
    text = grid_csv(grid)
    assert "'=HYPERLINK" in text
    assert "'@SUM(A1:A9)" in text
    book = openpyxl.load_workbook(io.BytesIO(grid_xlsx(grid, title="t")))
    sheet = book["Customer data"]
    assert sheet["B3"].value == "@SUM(A1:A9)"
    assert sheet["B3"].data_type == "s"  # a string, not a formula
    assert all(c.data_type != "f" for row in book["Cells"].iter_rows() for c in row)


def test_the_xlsx_shows_the_grid_with_units_sources_and_the_long_table() -> None:
    model = load_model(EXAMPLE)
    grid = data_grid(model)
    book = openpyxl.load_workbook(io.BytesIO(grid_xlsx(grid, title="Demo")))
    sheet = book["Customer data"]
    heads = [c.value for c in sheet[1]]
    assert heads[:3] == ["Id", "Customer", "Subsegment"]
    assert heads[3:] == [c.name for c in grid.columns]
    assert [c.value for c in sheet[2]][3:] == [c.unit for c in grid.columns]
    assert sheet.freeze_panes == "D3"
    first = model.customers[0]
    driver = model.drivers[0]
    column = 4 + [c.name for c in grid.columns].index(driver.name)
    value = sheet.cell(row=3, column=column)
    assert value.value == first.observations[driver.name].value
    assert value.fill.fgColor.rgb.endswith("CFE8D7")  # measured: green
    assert value.comment is not None
    assert first.observations[driver.name].method in value.comment.text
    assert book["Cells"].max_row == 1 + len(grid.rows) * len(grid.columns)
