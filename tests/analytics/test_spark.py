"""The same Ibis expressions give the same answers on PySpark (local mode) as on DuckDB."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from tests.analytics.backend_results import all_results, assert_same
from tests.analytics.invoice_data import demo_lines, hand_lines
from worth.analytics import ParquetStore, connect, import_invoices, store_table

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    """One local Spark session for the module (starting one takes several seconds)."""
    con = connect("spark://local[2]")
    yield con
    con._session.stop()


def test_spark_gives_the_duckdb_results(spark: Any) -> None:
    data = pa.concat_tables([demo_lines(800, seed=3), hand_lines().cast(demo_lines(1).schema)])
    on_duckdb = all_results(connect().create_table("lines", data), full=False)
    spark._session.createDataFrame(data.to_pandas()).createOrReplaceTempView("lines")  # in memory, no files
    on_spark = all_results(spark.table("lines"), full=False)  # the rest is covered on PostgreSQL
    assert_same(on_duckdb, on_spark)


def test_spark_reads_the_parquet_store(spark: Any, tmp_path: Path) -> None:
    source = tmp_path / "lines.parquet"
    import pyarrow.parquet as pq

    pq.write_table(hand_lines(), str(source))
    import_invoices(source, ParquetStore(tmp_path / "store"))
    table, contract = store_table(spark, tmp_path / "store")
    from worth.analytics import pocket_price_waterfall

    (overall,) = pocket_price_waterfall(table, contract=contract).groups
    assert overall.pocket_price == pytest.approx(87.534)
