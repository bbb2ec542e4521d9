"""Applying a table of cells to the demo model: every row checked, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from worth.engine.model.grid_import import GridImportError, apply_cells
from worth.engine.model.io import load_model
from worth.engine.model.schema import ValueModel

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bearings-pulp-paper.yaml"
HEADER = ["customer_id", "column", "value", "source", "method", "date", "reliability"]
MARGIN = "Contribution margin per production hour"


@pytest.fixture(scope="module")
def model() -> ValueModel:
    return load_model(EXAMPLE)


def row(**cells: str) -> dict[str, str]:
    return {k: cells.get(k, "") for k in HEADER}


def test_cells_change_remove_and_add(model: ValueModel) -> None:
    rows = [
        row(
            customer_id="NB-L01",
            column=MARGIN,
            value="11,100",
            source="measured",
            method="Ledger",
            date="2024-05-02",
        ),
        row(customer_id="NB-L01", column="Mill age", value="39"),
        row(customer_id="NB-L02", column="Electricity price", value=""),
        row(customer_id="NB-L01", column="Labour overhead rate", value="45%", source="customer-estimate"),
    ]
    after = apply_cells(model, rows, header=HEADER)
    first = next(c for c in after.customers if c.id == "NB-L01")
    assert first.observations[MARGIN].value == 11100
    assert first.observations[MARGIN].source == "measured"
    assert str(first.observations[MARGIN].date) == "2024-05-02"
    assert first.characteristics["Mill age"] == 39
    assert first.observations["Labour overhead rate"].value == pytest.approx(0.45)  # a share, written as 45%
    second = next(c for c in after.customers if c.id == "NB-L02")
    assert "Electricity price" not in second.observations
    untouched = next(c for c in after.customers if c.id == "NB-L03")
    assert untouched == next(c for c in model.customers if c.id == "NB-L03")


def test_every_bad_row_is_listed_by_row_and_column_and_nothing_applies(model: ValueModel) -> None:
    rows = [
        row(customer_id="NB-L01", column=MARGIN, value="12000", source="measured"),  # fine, but not applied
        row(customer_id="NB-L99", column=MARGIN, value="1", source="measured"),
        row(customer_id="NB-L01", column="Contribution margin per hour", value="1", source="measured"),
        row(customer_id="NB-L02", column=MARGIN, value="lots", source="guess", date="May"),
        row(customer_id="NB-L01", column=MARGIN, value="13000", source="measured"),
        row(customer_id="NB-L03", column="Region", value="Mars"),
    ]
    with pytest.raises(GridImportError) as caught:
        apply_cells(model, rows, header=HEADER)
    found = [(p.row, p.column) for p in caught.value.problems]
    assert found == [
        (3, "customer_id"),
        (4, "column"),
        (5, "value"),
        (5, "source"),
        (5, "date"),
        (6, "column"),
        (7, "value"),
    ]
    texts = [str(p) for p in caught.value.problems]
    assert texts[0] == (
        "row 3, customer_id: no customer with this id; did you mean 'NB-L07', 'NB-L06', 'NB-L05'? "
        "(given: 'NB-L99')"
    )
    assert f"'{MARGIN}'" in texts[1]  # the name meant
    assert "(given: 'lots')" in texts[2]
    assert "the same cell as row 2" in texts[5]
    assert "Nordic" in texts[6]  # the categories allowed


def test_a_table_without_the_needed_columns_is_refused_in_words(model: ValueModel) -> None:
    with pytest.raises(GridImportError) as caught:
        apply_cells(model, [{"id": "NB-L01"}], header=["id", "value"])
    assert [(p.row, p.column) for p in caught.value.problems] == [(1, "customer_id"), (1, "column")]


def test_a_cell_the_grid_filled_with_the_default_stays_without_an_observation(model: ValueModel) -> None:
    driver = next(d for d in model.drivers if d.default is not None and d.default.fallback)
    customer = next(c for c in model.customers if c.observations and driver.name not in c.observations)
    assert driver.default is not None
    as_shown = row(customer_id=customer.id, column=driver.name, value=str(driver.default.value), source="")
    after = apply_cells(model, [{**as_shown, "state": "fallback"}], header=[*HEADER, "state"])
    assert driver.name not in next(c for c in after.customers if c.id == customer.id).observations
    changed = {**as_shown, "state": "fallback", "value": "0.6", "source": "customer-estimate"}
    after = apply_cells(model, [changed], header=[*HEADER, "state"])
    assert next(c for c in after.customers if c.id == customer.id).observations[driver.name].value == 0.6
