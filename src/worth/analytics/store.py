"""The embedded store: a folder the user names, holding imported invoice lines as Parquet.

Layout: ``STORE/invoice_lines/`` holds one ``part-*.parquet`` file per import and
``_worth_contract.json``, the invoice contract the lines were imported with (so an analysis reads
percentages, line amounts and stacking the same way). An import writes a complete new folder or
file under a temporary name and renames it into place only when every row was good: readers never
see half an import.
"""

from __future__ import annotations

import json
from pathlib import Path

from worth.analytics.errors import AnalyticsError
from worth.analytics.invoices import InvoiceContract

DATA_DIR = "invoice_lines"
#: Starts with "_" so that Parquet readers (pyarrow, pandas, Spark) skip it when reading the folder.
CONTRACT_FILE = "_worth_contract.json"


def data_dir(store: Path) -> Path:
    """The folder holding the Parquet parts and the contract."""
    return store / DATA_DIR


def store_glob(store: Path) -> str:
    """Glob of the store's Parquet files, as DuckDB and Spark read it."""
    return str(data_dir(store) / "*.parquet")


def read_store_contract(store: Path) -> InvoiceContract:
    """The contract stored with the data; raise :class:`AnalyticsError` if the folder is no store."""
    path = data_dir(store) / CONTRACT_FILE
    if not path.is_file():
        raise AnalyticsError(
            f"{store}: no imported invoice lines here (expected {DATA_DIR}/{CONTRACT_FILE}); "
            "run `worth pricing import FILE --store DIR` first"
        )
    try:
        return InvoiceContract.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except ValueError as exc:
        raise AnalyticsError(f"{path}: the stored contract cannot be read: {exc}") from exc
