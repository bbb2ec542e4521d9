"""Large-data work over transaction tables, written once with Ibis (DuckDB by default).

The pocket price waterfall and band run as Ibis expressions, so the same code answers on the
embedded DuckDB (and its Parquet store), on PostgreSQL and on Spark. Start with :func:`connect`
and :func:`store_table` (or :func:`invoice_table` for a warehouse table), then call
:func:`pocket_price_waterfall`, :func:`pocket_price_band`, :func:`guideline_compliance` or
:func:`out_of_policy_deals`. Invoice lines get in with :func:`import_invoices`.
"""

from __future__ import annotations

from worth.analytics.backends import conform, connect, invoice_table, spark_session, store_table
from worth.analytics.band import BandBin, BandReport, GuidelineMark, PocketPriceBand, pocket_price_band
from worth.analytics.errors import AnalyticsError, ContractError
from worth.analytics.guidelines import Compliance, Deal, guideline_compliance, out_of_policy_deals
from worth.analytics.importing import ImportReport, InvoiceImportError, import_invoices
from worth.analytics.invoices import (
    CORE_COLUMNS,
    DEFAULT_CONTRACT,
    DIMENSIONS,
    InvoiceContract,
    PriceItem,
    load_contract,
    parse_contract,
)
from worth.analytics.sinks import DatabaseTable, ParquetStore
from worth.analytics.validation import ImportProblem
from worth.analytics.waterfall import Waterfall, WaterfallReport, WaterfallStep, pocket_price_waterfall

__all__ = [
    "CORE_COLUMNS",
    "DEFAULT_CONTRACT",
    "DIMENSIONS",
    "AnalyticsError",
    "BandBin",
    "BandReport",
    "Compliance",
    "ContractError",
    "DatabaseTable",
    "Deal",
    "GuidelineMark",
    "ImportProblem",
    "ImportReport",
    "InvoiceContract",
    "InvoiceImportError",
    "ParquetStore",
    "PocketPriceBand",
    "PriceItem",
    "Waterfall",
    "WaterfallReport",
    "WaterfallStep",
    "conform",
    "connect",
    "guideline_compliance",
    "import_invoices",
    "invoice_table",
    "load_contract",
    "out_of_policy_deals",
    "parse_contract",
    "pocket_price_band",
    "pocket_price_waterfall",
    "spark_session",
    "store_table",
]
