"""The same Ibis expressions give the same answers on DuckDB and PostgreSQL; connect() reads URLs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from tests.analytics.backend_results import all_results, assert_same
from tests.analytics.invoice_data import demo_lines, hand_lines
from worth.analytics import AnalyticsError, ContractError, conform, connect, invoice_table, parse_contract


def lines() -> pa.Table:
    return pa.concat_tables([demo_lines(3_000, seed=5), hand_lines().cast(demo_lines(1).schema)])


@pytest.mark.postgres
def test_postgres_gives_the_duckdb_results(postgres: tuple[Any, str]) -> None:
    con, schema = postgres
    data = lines()
    on_duckdb = all_results(connect().create_table("lines", data))
    on_postgres = all_results(con.create_table("lines", data, database=schema))
    assert on_duckdb["deals"]  # the comparison covers out-of-policy deals too
    assert_same(on_duckdb, on_postgres)


def test_a_duckdb_file_url_persists(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    connect(f"duckdb://{path}").create_table("t", hand_lines())
    assert connect(f"duckdb://{path}").table("t").count().to_pyarrow().as_py() == 3


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://localhost/x", "use duckdb://"),
        ("invoices.duckdb", "expected scheme://"),
        ("postgres://nobody@127.0.0.1:1/none", "cannot connect to postgres"),
    ],
)
def test_unknown_or_unreachable_backends_raise(url: str, message: str) -> None:
    with pytest.raises(AnalyticsError, match=message):
        connect(url)


def test_a_warehouse_table_is_renamed_to_the_contract(duck: Any) -> None:
    theirs = hand_lines().rename_columns(
        ["inv" if n == "invoice_id" else "qty" if n == "quantity" else n for n in hand_lines().column_names]
    )
    theirs = theirs.drop_columns(["customer_name"])
    duck.create_table("sales", theirs)
    table = invoice_table(duck, "sales", contract=parse_contract("columns: {inv: invoice_id, qty: quantity}"))
    assert {"invoice_id", "quantity", "customer_name"} <= set(table.columns)
    with pytest.raises(ContractError, match=r"lacks column\(s\) qty"):
        conform(duck.table("sales").drop("qty"), parse_contract("columns: {inv: invoice_id, qty: quantity}"))
    with pytest.raises(AnalyticsError, match="table 'nope'"):
        invoice_table(duck, "nope")
