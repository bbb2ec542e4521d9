"""Streamed imports: good files load whole, bad rows are reported by row and column, nothing half-loads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from tests.analytics.invoice_data import HAND_COLUMNS, hand_lines
from worth.analytics import (
    AnalyticsError,
    DatabaseTable,
    InvoiceImportError,
    ParquetStore,
    import_invoices,
    parse_contract,
    pocket_price_waterfall,
    store_table,
)

HEADER = list(HAND_COLUMNS)


def write_csv(path: Path, rows: list[list[str]], header: list[str] | None = None) -> Path:
    lines = [",".join(header or HEADER)] + [",".join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def good_row(**changes: str) -> list[str]:
    row = {
        "invoice_id": "INV-9",
        "line_no": "1",
        "date": "2025-05-02",
        "customer_id": "C9",
        "customer_name": "Mill Nine",
        "segment": "A",
        "salesperson": "S1",
        "product": "SRB 1",
        "quantity": "4",
        "list_price": "100",
        "order_size_discount": "0",
        "competitive_discount": "5",
        "other_on_invoice": "",
        "payment_terms_cost": "2",
        "annual_volume_rebate": "0",
        "cooperative_advertising": "0",
        "freight": "8",
    }
    row.update(changes)
    return list(row.values())


def store_rows(store: Path) -> int:
    files = sorted((store / "invoice_lines").glob("*.parquet"))
    return sum(pq.ParquetFile(str(f)).metadata.num_rows for f in files)


def test_a_good_csv_loads_into_the_store_and_gives_the_hand_waterfall(tmp_path: Path, duck: Any) -> None:
    source = tmp_path / "lines.csv"
    pacsv.write_csv(hand_lines(), str(source))
    report = import_invoices(source, ParquetStore(tmp_path / "store"))
    assert report.rows == 3
    table, contract = store_table(duck, tmp_path / "store")
    assert table.schema()["date"].is_date()
    (overall,) = pocket_price_waterfall(table, contract=contract).groups
    assert overall.pocket_price == pytest.approx(87.534)  # the hand calculation of test_waterfall
    assert sorted(p.name for p in (tmp_path / "store").iterdir()) == ["invoice_lines"]  # no temporary left


def test_every_bad_row_is_reported_with_row_column_and_value_and_nothing_is_loaded(tmp_path: Path) -> None:
    store = tmp_path / "store"
    import_invoices(write_csv(tmp_path / "first.csv", [good_row()]), ParquetStore(store))
    before = sorted(p.name for p in (store / "invoice_lines").iterdir())
    bad = write_csv(
        tmp_path / "bad.csv",
        [
            good_row(),  # line 2: fine
            good_row(quantity="-3"),  # line 3
            good_row(customer_id=""),  # line 4
            good_row(date="2025-02-30"),  # line 5
            good_row(order_size_discount="60", competitive_discount="45"),  # line 6: 105 % off list
            good_row(list_price="1O0"),  # line 7: letter O
            good_row(payment_terms_cost="120"),  # line 8
            good_row(annual_volume_rebate="-5"),  # line 9
            good_row()[:5],  # line 10: five fields only
            good_row(line_no="1.5", salesperson=" "),  # line 11: two problems
            good_row(quantity="0"),  # line 12
            good_row(freight="500"),  # line 13: freight 125 per unit, more than the 93.10 left
        ],
    )
    with pytest.raises(InvoiceImportError) as caught:
        import_invoices(bad, ParquetStore(store))
    error = caught.value
    found = [(p.row, p.column, p.value) for p in error.problems]
    assert found == [
        (3, "quantity", "-3"),
        (4, "customer_id", ""),
        (5, "date", "2025-02-30"),
        (6, "competitive_discount", "45"),
        (7, "list_price", "1O0"),
        (8, "payment_terms_cost", "120"),
        (9, "annual_volume_rebate", "-5"),
        (10, "(whole row)", "INV-9,1,2025-05-02,C9,Mill Nine"),
        (11, "line_no", "1.5"),
        (11, "salesperson", " "),  # the value as written, blank included
        (12, "quantity", "0"),
        (13, "freight", "500"),
    ]
    reasons = {(p.row, p.column): p.problem for p in error.problems}
    assert "negative quantity" in reasons[(3, "quantity")]
    assert "missing" in reasons[(4, "customer_id")]
    assert "not a date in the format %Y-%m-%d" in reasons[(5, "date")]
    assert "more than the list price" in reasons[(6, "competitive_discount")]
    assert reasons[(7, "list_price")] == "not a number"
    assert "above 100" in reasons[(8, "payment_terms_cost")]
    assert "must not be negative" in reasons[(9, "annual_volume_rebate")]
    assert "5 fields where the header has 17" in reasons[(10, "(whole row)")]
    assert "more than the list price" in reasons[(13, "freight")]
    assert error.bad_rows == 11
    assert "11 bad row(s); nothing was loaded" in str(error)
    assert "row 3, quantity = '-3': negative quantity" in str(error)
    # The store still holds exactly the first import, and no temporary folder is left behind.
    assert sorted(p.name for p in (store / "invoice_lines").iterdir()) == before
    assert store_rows(store) == 1
    assert sorted(p.name for p in store.iterdir()) == ["invoice_lines"]


def test_problems_are_capped_but_every_bad_row_is_counted(tmp_path: Path) -> None:
    bad = write_csv(tmp_path / "bad.csv", [good_row(quantity="-1") for _ in range(50)])
    with pytest.raises(InvoiceImportError) as caught:
        import_invoices(bad, ParquetStore(tmp_path / "store"), max_problems=5)
    assert len(caught.value.problems) == 5
    assert caught.value.bad_rows == 50
    assert caught.value.more == 45
    assert "... and 45 more problem(s)" in str(caught.value)
    assert not (tmp_path / "store" / "invoice_lines").exists()


def test_missing_columns_are_named_as_the_file_would_call_them(tmp_path: Path) -> None:
    contract = parse_contract("columns: {Qty: quantity}")
    header = [h for h in HEADER if h not in ("quantity", "freight")]
    source = write_csv(tmp_path / "short.csv", [], header=header)
    with pytest.raises(InvoiceImportError, match=r"missing column\(s\) Qty, freight"):
        import_invoices(source, ParquetStore(tmp_path / "store"), contract=contract)
    assert not (tmp_path / "store").exists()


def test_a_column_mapping_and_date_format_read_the_users_own_file(tmp_path: Path, duck: Any) -> None:
    contract = parse_contract(
        """
columns: {Invoice: invoice_id, Line: line_no, Invoice date: date, Account: customer_id, Qty: quantity,
          Unit list price: list_price, Rep: salesperson}
date_format: "%d.%m.%Y"
"""
    )
    source = tmp_path / "theirs.csv"
    source.write_text(
        "Invoice,Line,Invoice date,Account,segment,Rep,product,Qty,Unit list price,order_size_discount,"
        "competitive_discount,other_on_invoice,payment_terms_cost,annual_volume_rebate,cooperative_advertising,"
        "freight,Remarks\n"
        "INV-9,1,02.05.2025,C9,A,S1,SRB 1,4,100,0,5,,2,0,0,8,rush order\n",
        encoding="utf-8",
    )
    import_invoices(source, ParquetStore(tmp_path / "store"), contract=contract)
    table, stored = store_table(duck, tmp_path / "store")
    row_back = table.to_pyarrow().to_pylist()[0]
    assert row_back["date"] == dt.date(2025, 5, 2)
    assert (row_back["invoice_id"], row_back["salesperson"]) == ("INV-9", "S1")
    assert row_back["customer_name"] == "C9"  # no name column: the id stands in
    assert (row_back["quantity"], row_back["list_price"], row_back["other_on_invoice"]) == (4.0, 100.0, 0.0)
    assert "Remarks" not in table.columns
    assert stored == contract


def test_parquet_is_read_typed_and_bad_records_are_numbered_from_one(tmp_path: Path) -> None:
    table = hand_lines()
    quantity = table.column("quantity").to_pylist()
    quantity[2] = -60.0
    dates = table.column("date").to_pylist()
    dates[1] = None
    table = table.set_column(table.schema.get_field_index("quantity"), "quantity", pa.array(quantity))
    table = table.set_column(table.schema.get_field_index("date"), "date", pa.array(dates, pa.date32()))
    pq.write_table(table, str(tmp_path / "lines.parquet"))
    with pytest.raises(InvoiceImportError) as caught:
        import_invoices(tmp_path / "lines.parquet", ParquetStore(tmp_path / "store"))
    assert [(p.row, p.column, p.value) for p in caught.value.problems] == [
        (2, "date", ""),
        (3, "quantity", "-60.0"),
    ]


def test_progress_reaches_the_total(tmp_path: Path) -> None:
    source = tmp_path / "lines.csv"
    pacsv.write_csv(hand_lines(), str(source))
    seen: list[tuple[int, int]] = []
    import_invoices(
        source, ParquetStore(tmp_path / "store"), progress=lambda done, total: seen.append((done, total))
    )
    assert seen
    assert seen[-1][0] == seen[-1][1] == source.stat().st_size


def test_append_adds_lines_and_refuses_another_contract(tmp_path: Path) -> None:
    source = tmp_path / "lines.csv"
    pacsv.write_csv(hand_lines(), str(source))
    store = ParquetStore(tmp_path / "store")
    import_invoices(source, store)
    import_invoices(source, store, mode="append")
    assert store_rows(store.path) == 6
    other = parse_contract(
        "items: [{column: freight, label: Freight, stage: off-invoice, basis: unit-amount}]"
    )
    with pytest.raises(AnalyticsError, match="other price items"):
        import_invoices(source, store, contract=other, mode="append")
    assert store_rows(store.path) == 6
    import_invoices(source, store)  # replace
    assert store_rows(store.path) == 3


def test_a_duckdb_table_import_is_one_transaction(tmp_path: Path) -> None:
    database = tmp_path / "invoices.duckdb"
    target = DatabaseTable(f"duckdb://{database}", "invoice_lines")
    good = tmp_path / "good.csv"
    pacsv.write_csv(hand_lines(), str(good))
    import_invoices(good, target)
    bad = write_csv(tmp_path / "bad.csv", [good_row(), good_row(date="yesterday")])
    with pytest.raises(InvoiceImportError, match="row 3, date = 'yesterday'"):
        import_invoices(bad, target, mode="append")
    with duckdb.connect(str(database)) as con:
        count = con.execute("SELECT count(*), sum(quantity) FROM invoice_lines").fetchone()
    assert count == (3, 100.0)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"\xff\xfeinvoice_id\n", "not UTF-8"),
    ],
)
def test_unreadable_files_are_refused(tmp_path: Path, content: bytes, message: str) -> None:
    source = tmp_path / "lines.csv"
    source.write_bytes(content)
    with pytest.raises(InvoiceImportError, match=message):
        import_invoices(source, ParquetStore(tmp_path / "store"))


def test_other_file_types_are_refused(tmp_path: Path) -> None:
    source = tmp_path / "lines.xlsx"
    source.write_bytes(b"PK")
    with pytest.raises(InvoiceImportError, match=r"import a \.csv or \.parquet file"):
        import_invoices(source, ParquetStore(tmp_path / "store"))
    with pytest.raises(InvoiceImportError, match="no such file"):
        import_invoices(tmp_path / "missing.csv", ParquetStore(tmp_path / "store"))


@pytest.mark.postgres
def test_a_postgres_import_rolls_back_on_a_bad_row(tmp_path: Path, postgres: tuple[Any, str]) -> None:
    from tests.analytics.conftest import TEST_DATABASE_URL

    con, schema = postgres
    target = DatabaseTable(TEST_DATABASE_URL, "imported_lines", schema=schema)
    good = tmp_path / "good.csv"
    pacsv.write_csv(hand_lines(), str(good))
    assert import_invoices(good, target).rows == 3
    bad = write_csv(tmp_path / "bad.csv", [good_row(), good_row(list_price="")])
    with pytest.raises(InvoiceImportError, match=r"row 3, list_price = .*missing"):
        import_invoices(bad, target)  # replace mode: the DROP is rolled back too
    table = con.table("imported_lines", database=schema)
    assert table.count().to_pyarrow().as_py() == 3
    (overall,) = pocket_price_waterfall(table).groups
    assert overall.pocket_price == pytest.approx(87.534)


def test_csv_progress_follows_the_rows_checked_not_the_read_ahead(tmp_path: Path) -> None:
    from worth.analytics.demo_invoices import write_demo_invoices
    from worth.analytics.importing import CSV_BLOCK_BYTES

    source = write_demo_invoices(tmp_path / "lines.csv", rows=150_000)
    size = source.stat().st_size
    assert size > 2 * CSV_BLOCK_BYTES, "the file must span several blocks for this test to mean anything"
    seen: list[tuple[int, int]] = []
    import_invoices(
        source, ParquetStore(tmp_path / "store"), progress=lambda done, total: seen.append((done, total))
    )
    done = [d for d, _ in seen]
    expected_batches = -(-size // CSV_BLOCK_BYTES)  # ceiling division
    assert len(seen) == expected_batches
    assert done == sorted(done)
    assert done[0] == CSV_BLOCK_BYTES < size
    assert seen[-1] == (size, size)


def test_control_characters_in_text_fields_are_refused_and_shown_escaped(tmp_path: Path) -> None:
    bad = write_csv(
        tmp_path / "nul.csv",
        [good_row(), good_row(customer_name="Mill\x00Nine"), good_row(product="SRB\x07 1", segment="A\tB")],
    )
    with pytest.raises(InvoiceImportError) as caught:
        import_invoices(bad, ParquetStore(tmp_path / "store"))
    found = {(p.row, p.column, p.value) for p in caught.value.problems}
    assert found == {(3, "customer_name", "Mill\\x00Nine"), (4, "product", "SRB\\x07 1")}
    assert all("control character" in p.problem for p in caught.value.problems)
    assert "\x00" not in str(caught.value)
    assert not (tmp_path / "store" / "invoice_lines").exists()
