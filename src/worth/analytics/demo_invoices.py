"""Plausible invoice lines for the demo case: Nordkap Bearings selling to pulp and paper mills.

Nordkap sells spherical and cylindrical roller bearings, ball bearings, housings and condition
monitoring (sensors, a monitoring subscription, vibration analysis days) to about forty mills in two
segments: large mills, and small and mid-size mills. The discount habits are those a pocket price
analysis typically uncovers: order-size discounts by quantity, competitive discounts that depend on
the customer more than on anything it does, early-payment discounts and costly extended terms, volume
rebates for the large mills, a little cooperative advertising, freight that weighs on small orders,
a salesperson in the West territory who discounts far more than the others, and a few deals far
outside the guidelines. Lines follow ``worth.analytics.invoices.DEFAULT_CONTRACT``.

The same ``seed`` and ``rows`` always give the same lines (generated in fixed chunks with one
numpy Generator), so demos, tests and the benchmark are repeatable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from worth.analytics.errors import AnalyticsError

CHUNK_ROWS = 500_000
YEAR_START = dt.date(2025, 1, 1)

SEGMENTS = ("large mills", "small and mid-size mills")
SALESPEOPLE = ("SP01 North", "SP02 North", "SP03 Central", "SP04 West", "SP05 East", "SP06 Key accounts")
#: The salesperson whose competitive discounts run well above everyone else's.
OVER_DISCOUNTER = "SP04 West"


@dataclass(frozen=True)
class DemoProduct:
    """A product line: list price per unit (USD), typical units per order line, freight per unit (USD)."""

    name: str
    list_price: float
    typical_quantity: float
    freight_per_unit: float
    weight: float


PRODUCTS: tuple[DemoProduct, ...] = (
    DemoProduct("SRB 22216 spherical roller bearing", 185.0, 12, 0.9, 14),
    DemoProduct("SRB 22322 spherical roller bearing", 560.0, 8, 3.2, 12),
    DemoProduct("SRB 23040 spherical roller bearing", 1420.0, 4, 7.5, 8),
    DemoProduct("SRB 23152 spherical roller bearing", 3950.0, 2, 19.0, 5),
    DemoProduct("CRB NU 2318 cylindrical roller bearing", 430.0, 8, 2.6, 9),
    DemoProduct("DGB 6316 deep groove ball bearing", 92.0, 30, 0.5, 12),
    DemoProduct("DGB 6220 deep groove ball bearing", 64.0, 40, 0.4, 11),
    DemoProduct("HSG SNL 522 plummer block housing", 340.0, 6, 4.1, 9),
    DemoProduct("CM wireless vibration sensor", 380.0, 10, 0.3, 8),
    DemoProduct("CM monitoring subscription (machine-month)", 145.0, 20, 0.0, 8),
    DemoProduct("CM vibration analysis service day", 1150.0, 2, 0.0, 4),
)

_LARGE = (
    "Kvarnholm Bruk", "Norrfors Paper", "Alvkarleby Kraft", "Sundsmark Pulp", "Bjorkvik Board",
    "Hallstad Papper", "Ostervik Pulp and Paper", "Lakeland Kraft", "Fjordside Board", "Granhult Bruk",
    "Rauma Coast Paper", "Vestfold Pulp",
)  # fmt: skip
_SMALL = (
    "Ekeby Tissue", "Lillfors Bruk", "Mossby Papper", "Tallnas Specialty Paper", "Backa Board",
    "Sjoholm Tissue", "Rydal Paper", "Forsa Fine Paper", "Nordanby Pulp", "Hedby Bruk", "Stensjo Papper",
    "Ulvsund Labels", "Klippan Mill Works", "Valla Carton", "Osby Pulp", "Laxa Papper", "Ornas Board",
    "Gruvon Specialty", "Dalby Fibre", "Torsby Tissue", "Brattfors Bruk", "Kolsva Paper", "Hammaro Board",
    "Edet Valley Paper", "Munka Fine Paper", "Vika Pulp", "Storfors Papper", "Ljusne Tissue",
)  # fmt: skip


@dataclass(frozen=True)
class DemoCustomer:
    """A mill and the habits its invoices show."""

    customer_id: str
    name: str
    segment: str
    salesperson: str
    size: float
    competitive_pct: float
    terms_pct: float
    rebate_pct: float
    coop_pct: float
    distance: float


def demo_customers() -> tuple[DemoCustomer, ...]:
    """The forty mills; fixed (not seeded) so the same names appear in every demo."""
    rng = np.random.default_rng(20250101)
    out: list[DemoCustomer] = []
    territories = ("SP01 North", "SP02 North", "SP03 Central", "SP04 West", "SP05 East")
    for index, name in enumerate(_LARGE + _SMALL):
        large = index < len(_LARGE)
        terms = rng.choice([-2.0, 0.0, 1.2], p=[0.35, 0.35, 0.30])  # early payment discount, net 30, net 90
        out.append(
            DemoCustomer(
                customer_id=f"C{index + 1:03d}",
                name=name,
                segment=SEGMENTS[0] if large else SEGMENTS[1],
                salesperson=("SP06 Key accounts" if index % 3 else "SP04 West")
                if large
                else territories[index % len(territories)],
                size=float(rng.uniform(4.0, 9.0) if large else rng.uniform(0.6, 2.0)),
                competitive_pct=float(rng.uniform(3.0, 7.0) if large else rng.uniform(0.5, 3.5)),
                terms_pct=float(abs(terms)),
                rebate_pct=float(rng.uniform(2.0, 3.5) if large else rng.choice([0.0, 0.0, 1.0])),
                coop_pct=float(1.0 if rng.uniform() < 0.12 else 0.0),
                distance=float(rng.uniform(0.7, 1.6)),
            )
        )
    return tuple(out)


def _order_size_pct(quantity: np.ndarray) -> np.ndarray:
    return np.select([quantity >= 50, quantity >= 25, quantity >= 10], [6.0, 4.0, 2.0], 0.0)


def _chunk(
    rng: np.random.Generator, start: int, n: int, rows: int, invoice_base: int
) -> tuple[pa.RecordBatch, int]:
    customers = demo_customers()
    size = np.array([c.size for c in customers])
    # Invoices of 1-5 lines, each for one customer on one day.
    per_invoice = rng.integers(1, 6, size=n)
    per_invoice = per_invoice[: int(np.searchsorted(np.cumsum(per_invoice), n)) + 1]
    n_invoices = len(per_invoice)
    invoice_of_line = np.repeat(np.arange(n_invoices), per_invoice)[:n]
    first_line = np.concatenate([[0], np.cumsum(per_invoice)[:-1]])
    line_no = np.arange(n) - first_line[invoice_of_line] + 1
    inv_customer = rng.choice(len(customers), size=n_invoices, p=size / size.sum())
    cust = inv_customer[invoice_of_line]
    day = ((start + np.arange(n)) * 365 // max(rows, 1))[first_line[invoice_of_line]]

    weights = np.array([p.weight for p in PRODUCTS])
    prod = rng.choice(len(PRODUCTS), size=n, p=weights / weights.sum())
    list_price = np.array([p.list_price for p in PRODUCTS])[prod]
    typical = np.array([p.typical_quantity for p in PRODUCTS])[prod]
    is_cm = np.array([p.name.startswith("CM ") for p in PRODUCTS])[prod]
    quantity = np.maximum(1.0, np.round(typical * np.sqrt(size[cust]) * rng.lognormal(-0.35, 0.6, n)))

    seller = np.array([SALESPEOPLE.index(c.salesperson) for c in customers])[cust]
    over = seller == SALESPEOPLE.index(OVER_DISCOUNTER)
    order_size = np.where(is_cm, 0.0, _order_size_pct(quantity))
    pressure = np.array([c.competitive_pct for c in customers])[cust]
    competitive = np.where(rng.uniform(size=n) < 0.55, pressure + rng.normal(0, 1.2, n), 0.0)
    competitive = np.where(is_cm, np.minimum(competitive, 3.0), competitive)
    competitive = np.where(over, competitive + 4.0 + rng.uniform(0, 5.0, n), competitive)
    rogue = rng.uniform(size=n) < 0.015
    competitive = np.where(rogue, competitive + rng.uniform(10.0, 22.0, n), competitive)
    competitive = np.clip(np.round(competitive * 2) / 2, 0.0, 40.0)

    line_list = list_price * quantity
    invoice_value = line_list * (1 - (order_size + competitive) / 100)
    other = np.where(rng.uniform(size=n) < 0.03, np.round(0.03 * line_list, 2), 0.0)
    invoice_value -= other
    terms = np.array([c.terms_pct for c in customers])[cust]
    rebate = np.round(invoice_value * np.array([c.rebate_pct for c in customers])[cust] / 100, 2)
    coop = np.round(invoice_value * np.array([c.coop_pct for c in customers])[cust] / 100, 2)
    freight_unit = np.array([p.freight_per_unit for p in PRODUCTS])[prod]
    distance = np.array([c.distance for c in customers])[cust]
    freight = np.where(freight_unit > 0, np.round((30.0 + freight_unit * quantity) * distance, 2), 0.0)

    def text(values: tuple[str, ...], index: np.ndarray) -> pa.Array:
        return pa.DictionaryArray.from_arrays(pa.array(index, pa.int32()), pa.array(values, pa.string()))

    invoice_ids = pa.array(invoice_base + invoice_of_line + 1, pa.int64())
    batch = pa.RecordBatch.from_pydict(
        {
            "invoice_id": pc.binary_join_element_wise(
                "NB-", pc.utf8_lpad(pc.cast(invoice_ids, pa.string()), 8, "0"), ""
            ),
            "line_no": pa.array(line_no, pa.int64()),
            "date": pa.array(np.datetime64(YEAR_START, "D") + day.astype("timedelta64[D]"), pa.date32()),
            "customer_id": text(tuple(c.customer_id for c in customers), cust),
            "customer_name": text(tuple(c.name for c in customers), cust),
            "segment": text(tuple(c.segment for c in customers), cust),
            "salesperson": text(SALESPEOPLE, seller),
            "product": text(tuple(p.name for p in PRODUCTS), prod),
            "quantity": pa.array(quantity, pa.float64()),
            "list_price": pa.array(list_price, pa.float64()),
            "order_size_discount": pa.array(order_size, pa.float64()),
            "competitive_discount": pa.array(competitive, pa.float64()),
            "other_on_invoice": pa.array(other, pa.float64()),
            "payment_terms_cost": pa.array(terms, pa.float64()),
            "annual_volume_rebate": pa.array(rebate, pa.float64()),
            "cooperative_advertising": pa.array(coop, pa.float64()),
            "freight": pa.array(freight, pa.float64()),
        }
    )
    return batch, invoice_base + n_invoices


def demo_invoice_batches(rows: int, seed: int | None = 7) -> Iterator[pa.RecordBatch]:
    """Yield ``rows`` demo invoice lines in batches of at most :data:`CHUNK_ROWS`.

    Text columns are dictionary-encoded (compact in Parquet); cast them to plain strings for CSV.
    """
    if rows < 0:
        raise AnalyticsError(f"rows must not be negative, got {rows}")
    rng = np.random.default_rng(seed)
    start = 0
    invoice_base = 0
    while start < rows:
        n = min(CHUNK_ROWS, rows - start)
        batch, invoice_base = _chunk(rng, start, n, rows, invoice_base)
        yield batch
        start += n


def _plain(batch: pa.RecordBatch) -> pa.RecordBatch:
    arrays = [a.cast(a.type.value_type) if pa.types.is_dictionary(a.type) else a for a in batch.columns]
    return pa.RecordBatch.from_arrays(arrays, names=batch.schema.names)


def write_demo_invoices(
    path: Path, *, rows: int, seed: int | None = 7, progress: Callable[[int, int], None] | None = None
) -> Path:
    """Write demo invoice lines to ``path`` (``.csv`` or ``.parquet``), reporting rows written.

    The file is written under a temporary name and renamed when complete.
    """
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise AnalyticsError(f"{path}: write demo invoices to a .csv or .parquet file")
    tmp = path.with_name(f".{path.name}.partial")
    done = 0
    batches = (
        demo_invoice_batches(rows, seed) if rows else iter([next(demo_invoice_batches(1, seed)).slice(0, 0)])
    )
    try:
        writer: pq.ParquetWriter | pacsv.CSVWriter | None = None
        for batch in batches:
            if suffix == ".csv":
                writer = writer or pacsv.CSVWriter(str(tmp), _plain(batch).schema)
                writer.write_batch(_plain(batch))
            else:
                writer = writer or pq.ParquetWriter(str(tmp), batch.schema, compression="zstd")
                writer.write_table(pa.Table.from_batches([batch]))
            done += batch.num_rows
            if progress is not None:
                progress(done, rows)
        if writer is not None:
            writer.close()
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return path
