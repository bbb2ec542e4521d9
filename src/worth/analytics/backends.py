"""Where the invoice lines live: a backend connection from a URL, and the tables Worth reads.

The analyses are Ibis expressions, so the same code runs on every backend Ibis supports; Worth is
tested on three:

* ``duckdb://`` (default, in memory) or ``duckdb:///path/to/file.duckdb``: the embedded engine;
  it also reads the Parquet store written by ``worth pricing import``;
* ``postgres://user@host:5432/dbname`` (or ``postgresql://``): a PostgreSQL warehouse;
* ``spark://local[2]``: PySpark in local mode (``spark://`` alone means ``local[2]``); with a
  cluster, build your own SparkSession and pass ``ibis.pyspark.connect(session)`` instead.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from worth.analytics._ibis import BaseBackend, ibis, ir
from worth.analytics.errors import AnalyticsError, ContractError
from worth.analytics.invoices import CORE_COLUMNS, DEFAULT_CONTRACT, InvoiceContract
from worth.analytics.store import read_store_contract, store_glob

#: Spark settings for a laptop: no web UI, few shuffle partitions, quiet logs, no console progress,
#: Arrow for moving data in and out, and tables in the temporary folder rather than the working one.
SPARK_SETTINGS: dict[str, str] = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "4",
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    "spark.sql.warehouse.dir": str(Path(tempfile.gettempdir()) / "worth-spark-warehouse"),
}


def spark_session(master: str = "local[2]") -> Any:
    """A local SparkSession with :data:`SPARK_SETTINGS` and log level ERROR (PySpark must be installed)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:  # pragma: no cover - pyspark is a dev dependency
        raise AnalyticsError("spark:// needs PySpark: pip install pyspark") from exc
    builder = SparkSession.builder.master(master).appName("worth")
    for key, value in SPARK_SETTINGS.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def connect(url: str | None = None) -> BaseBackend:
    """Connect to the backend named by ``url`` (see the module text); None means DuckDB in memory.

    Raises
    ------
    AnalyticsError
        For a scheme Worth does not know, or a database that cannot be reached (the message keeps
        the driver's reason).
    """
    if url is None or url in ("", "duckdb", "duckdb://"):
        return ibis.duckdb.connect()
    scheme, sep, rest = url.partition("://")
    if not sep:
        raise AnalyticsError(f"backend URL {url!r}: expected scheme://..., e.g. duckdb:///invoices.duckdb")
    try:
        if scheme == "duckdb":
            return ibis.duckdb.connect(rest or ":memory:")
        if scheme in ("postgres", "postgresql"):
            return ibis.connect(f"postgres://{rest}")
        if scheme == "spark":
            return ibis.pyspark.connect(spark_session(rest or "local[2]"))
    except AnalyticsError:
        raise
    except Exception as exc:  # the drivers raise their own types; keep their reason in ours
        raise AnalyticsError(f"cannot connect to {scheme}://...: {exc}") from exc
    raise AnalyticsError(f"backend URL {url!r}: use duckdb://, postgres://, postgresql:// or spark://")


def conform(table: ir.Table, contract: InvoiceContract = DEFAULT_CONTRACT) -> ir.Table:
    """Rename a user's table to the contract's column names and check every needed column is there.

    Parameters
    ----------
    table
        Invoice lines on any backend, named the user's way.
    contract
        Column mapping (user name -> contract name) and price items.

    Returns
    -------
    ibis.Table
        The same table with contract names (optional ``customer_name`` filled from ``customer_id``
        when the table has none).

    Raises
    ------
    ContractError
        Naming every missing column as the user's table would call it.
    """
    present = set(table.columns)
    renames = {ours: theirs for theirs, ours in contract.columns.items() if theirs in present}
    if renames:
        table = table.rename(renames)
    needed = [c for c, (_, required) in CORE_COLUMNS.items() if required] + list(contract.item_columns)
    missing = [contract.source_name(c) for c in needed if c not in table.columns]
    if missing:
        raise ContractError(
            f"the invoice table lacks column(s) {', '.join(missing)}; "
            "map your names in the contract's columns"
        )
    if "customer_name" not in table.columns:
        table = table.mutate(customer_name=table.customer_id)
    return table


def invoice_table(
    con: BaseBackend, name: str, *, contract: InvoiceContract = DEFAULT_CONTRACT, database: str | None = None
) -> ir.Table:
    """Invoice lines from a table on ``con`` (a warehouse table), renamed to the contract."""
    try:
        table = con.table(name, database=database)
    except Exception as exc:  # each backend raises its own "no such table"
        raise AnalyticsError(f"table {name!r}: cannot open it: {exc}") from exc
    return conform(table, contract)


def store_table(con: BaseBackend, store: Path) -> tuple[ir.Table, InvoiceContract]:
    """Invoice lines from a Parquet store written by the importer, with the contract stored beside them.

    Works on backends that read Parquet files (DuckDB, Spark); a database server reads its own tables.
    """
    contract = read_store_contract(store)
    reader = getattr(con, "read_parquet", None)
    if reader is None:
        raise AnalyticsError(f"{con.name} cannot read a Parquet store; import into a table there instead")
    table = conform(reader(store_glob(store)), contract)
    # The importer refused every empty or non-numeric value: say so, and no NULL handling is generated.
    checked = ("quantity", "list_price", *contract.item_columns)
    return table.cast({column: "!float64" for column in checked}), contract
