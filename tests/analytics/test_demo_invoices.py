"""The demo invoice generator: repeatable, plausible, and with the leaks the demo is meant to show."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from tests.analytics.invoice_data import demo_lines, pandas_pocket
from worth.analytics import AnalyticsError
from worth.analytics.demo_invoices import OVER_DISCOUNTER, SEGMENTS, demo_customers, write_demo_invoices


def test_the_same_seed_gives_the_same_lines_and_another_seed_others() -> None:
    assert demo_lines(2_000, seed=4).equals(demo_lines(2_000, seed=4))
    assert not demo_lines(2_000, seed=4).equals(demo_lines(2_000, seed=5))


def test_the_mills_and_their_segments() -> None:
    customers = demo_customers()
    assert len(customers) == 40
    assert len({c.customer_id for c in customers}) == len({c.name for c in customers}) == 40
    assert {c.segment for c in customers} == set(SEGMENTS)
    assert sum(c.segment == "large mills" for c in customers) == 12


def test_the_lines_are_plausible_and_show_the_leaks() -> None:
    df = pandas_pocket(demo_lines(30_000, seed=9))
    assert len(df) == 30_000
    assert df.groupby("invoice_id")["line_no"].apply(lambda s: list(s) == list(range(1, len(s) + 1))).all()
    assert (df["quantity"] >= 1).all()
    assert df["date"].min().year == df["date"].max().year == 2025
    assert df["customer_id"].nunique() == 40
    assert 0.75 < np.average(df["pct"], weights=df["quantity"]) / 100 < 0.95
    weighted = (df["pct"] * df["quantity"]).groupby(df["salesperson"]).sum()
    by_person = weighted / df.groupby("salesperson")["quantity"].sum()
    assert by_person.idxmin() == OVER_DISCOUNTER
    # Small orders carry more freight per unit of list price than large ones.
    share = df["u_freight"] / df["list_price"]
    assert share[df["quantity"] < 5].mean() > 1.5 * share[df["quantity"] >= 50].mean()


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_it_writes_csv_or_parquet_with_progress(tmp_path: Path, suffix: str) -> None:
    seen: list[tuple[int, int]] = []
    path = write_demo_invoices(
        tmp_path / f"lines{suffix}", rows=1_234, seed=1, progress=lambda d, t: seen.append((d, t))
    )
    table = pacsv.read_csv(str(path)) if suffix == ".csv" else pq.read_table(str(path))
    assert table.num_rows == 1_234
    assert seen[-1] == (1_234, 1_234)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_it_refuses_other_suffixes_and_negative_rows(tmp_path: Path) -> None:
    with pytest.raises(AnalyticsError, match=r"\.csv or \.parquet"):
        write_demo_invoices(tmp_path / "lines.xlsx", rows=10)
    with pytest.raises(AnalyticsError, match="must not be negative"):
        write_demo_invoices(tmp_path / "lines.csv", rows=-1)
