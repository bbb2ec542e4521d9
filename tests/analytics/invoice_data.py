"""Invoice lines for the analytics tests: three lines to add up by hand, and generated demo lines.

The three hand lines, per unit, with the default contract (percent items in % of list unless they
compound; line amounts divided by the quantity):

=====  =======  ===  =====  ==========  ===========  =====  =======  =====  ======  ====  =======  ======
line   segment  qty  list   order size  competitive  other  invoice  terms  rebate  coop  freight  pocket
=====  =======  ===  =====  ==========  ===========  =====  =======  =====  ======  ====  =======  ======
L1     A         10  100    5 % = 5     10 % = 10    20/10  83       2 % x 83 = 1.66  30/10  0  10/10  77.34
L2     A         30  200    0           5 % = 10     0      190      0      150/30  60/30  90/30   180
L3     B         60  50     6 % = 3     4 % = 2      0      45       2 % x 45 = 0.90  0  0  66/60     43
=====  =======  ===  =====  ==========  ===========  =====  =======  =====  ======  ====  =======  ======

L1: 100 - 5 - 10 - 2 = 83; 83 - 1.66 - 3 - 0 - 1 = 77.34.  L2: 200 - 10 = 190; 190 - 5 - 2 - 3 = 180.
L3: 50 - 3 - 2 = 45; 45 - 0.90 - 1.10 = 43.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pyarrow as pa

from worth.analytics.demo_invoices import demo_invoice_batches
from worth.engine.pricing import PricingPolicy, parse_policy

HAND_COLUMNS = {
    "invoice_id": ["INV-1", "INV-1", "INV-2"],
    "line_no": [1, 2, 1],
    "date": [dt.date(2025, 3, 1), dt.date(2025, 3, 1), dt.date(2025, 6, 30)],
    "customer_id": ["C1", "C1", "C3"],
    "customer_name": ["Mill One", "Mill One", "Mill Three"],
    "segment": ["A", "A", "B"],
    "salesperson": ["S1", "S2", "S1"],
    "product": ["SRB 1", "CM sensor", "SRB 2"],
    "quantity": [10.0, 30.0, 60.0],
    "list_price": [100.0, 200.0, 50.0],
    "order_size_discount": [5.0, 0.0, 6.0],
    "competitive_discount": [10.0, 5.0, 4.0],
    "other_on_invoice": [20.0, 0.0, 0.0],
    "payment_terms_cost": [2.0, 0.0, 2.0],
    "annual_volume_rebate": [30.0, 150.0, 0.0],
    "cooperative_advertising": [0.0, 60.0, 0.0],
    "freight": [10.0, 90.0, 66.0],
}

#: Three guidelines, one per line: L1 within (absolute floor 75 <= 77.34), L2 above its ceiling
#: (90 % > 89 %), L3 below its floor (86 % < 88 %: floor 44 per unit, 1 short x 60 units = 60 lost).
HAND_POLICY_TEXT = """
company: Test Supplier
currency: USD
segments: [A, B]
guidelines:
  - name: B
    segment: B
    floor_pct_of_list: 88
  - name: A large lines
    segment: A
    min_quantity: 20
    floor_pct_of_list: 85
    ceiling_pct_of_list: 89
  - name: A
    segment: A
    floor_per_unit: 75
"""


def hand_lines() -> pa.Table:
    """The three lines of the module text as an Arrow table."""
    return pa.table(HAND_COLUMNS)


def hand_policy() -> PricingPolicy:
    """The policy whose guidelines the hand lines are checked against."""
    return parse_policy(HAND_POLICY_TEXT)


def demo_lines(rows: int, seed: int = 11) -> pa.Table:
    """Generated demo lines with plain (not dictionary-encoded) text columns."""
    batches = list(demo_invoice_batches(rows, seed))
    table = pa.Table.from_batches(batches)
    return table.cast(
        pa.schema(
            [
                pa.field(f.name, f.type.value_type) if pa.types.is_dictionary(f.type) else f
                for f in table.schema
            ]
        )
    )


def pandas_pocket(lines: pa.Table) -> pd.DataFrame:
    """Per-unit prices computed directly in pandas from the contract's definitions (the second check)."""
    df: pd.DataFrame = lines.to_pandas()
    q, lp = df["quantity"], df["list_price"]
    df["u_order_size"] = lp * df["order_size_discount"] / 100
    df["u_competitive"] = lp * df["competitive_discount"] / 100
    df["u_other"] = df["other_on_invoice"] / q
    df["invoice"] = lp - df["u_order_size"] - df["u_competitive"] - df["u_other"]
    df["u_terms"] = df["invoice"] * df["payment_terms_cost"] / 100  # compounds on the invoice price
    df["u_rebate"] = df["annual_volume_rebate"] / q
    df["u_coop"] = df["cooperative_advertising"] / q
    df["u_freight"] = df["freight"] / q
    df["pocket"] = df["invoice"] - df["u_terms"] - df["u_rebate"] - df["u_coop"] - df["u_freight"]
    df["pct"] = df["pocket"] / lp * 100
    return df


def weighted_percentile(values: np.ndarray, weights: np.ndarray, p: float) -> float:
    """Smallest value whose cumulative weight share reaches p % (inverted CDF, no interpolation)."""
    order = np.argsort(values, kind="stable")
    cumulative = np.cumsum(weights[order]) / weights.sum()
    return float(values[order][np.searchsorted(cumulative, p / 100 - 1e-12)])
