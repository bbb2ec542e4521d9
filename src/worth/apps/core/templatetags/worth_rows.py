"""Tables of result rows (lists of dicts from the engine's ``tables`` modules) in a page.

The engine keeps numbers unrounded; rounding for a person happens here, once: probabilities as
percentages, large amounts as whole numbers with thousands separators, small ones with a few digits.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from django import template

from worth.engine.model.display import format_money

register = template.Library()


#: Columns that hold a driver's own value, in the unit named by the row's "unit" column.
SETTING_KEYS = ("low setting", "high setting")

#: Columns of money in the result tables of value (tornado, simulation, prospects).
MONEY_KEYS = frozenset(
    {"value at low", "value at high", "swing", "margin at low", "margin at high", "delta price", "mean", "sd",
     "observed", "std error of mean"}
)  # fmt: skip
_PERCENTILE = re.compile(r"^P\d+(\.\d+)?$")


def is_money(key: str) -> bool:
    """A column of money: the names above, percentiles (``P10``), predictions and their interval."""
    if key in MONEY_KEYS or _PERCENTILE.match(key) or key.startswith("predicted "):
        return True
    return key.endswith((" low", " high")) and key[:1].isdigit()  # "95% low", "95% high"


def format_cell(key: str, value: Any, *, unit: str = "", currency: str = "") -> str:
    """A number as a person reads it; a driver setting in % is a fraction shown as a percentage.

    With ``currency``, money columns (:func:`is_money`) carry it: ``$381,650``.
    """
    if unit == "%" and key in SETTING_KEYS and isinstance(value, float) and math.isfinite(value):
        return f"{value:.1%}"
    if currency and is_money(key) and isinstance(value, int | float) and not isinstance(value, bool):
        return format_money(float(value), currency)
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if math.isnan(value):
            return "—"
        if key.startswith("P(") or key.startswith("share") or key.endswith("share"):
            return f"{value:.1%}"
        magnitude = abs(value)
        if magnitude >= 100:
            return f"{value:,.0f}"
        if magnitude >= 1:
            return f"{value:,.2f}"
        return f"{value:.3g}"
    return str(value)


@register.inclusion_tag("core/_rows.html")
def rows_table(rows: Sequence[dict[str, Any]], caption: str = "", currency: str = "") -> dict[str, Any]:
    keys = list(rows[0].keys()) if rows else []
    body = [
        [
            (
                format_cell(k, row.get(k), unit=str(row.get("unit", "")), currency=currency),
                isinstance(row.get(k), int | float) and not isinstance(row.get(k), bool),
            )
            for k in keys
        ]
        for row in rows
    ]
    return {"keys": keys, "body": body, "caption": caption}
