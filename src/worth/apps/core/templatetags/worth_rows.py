"""Tables of result rows (lists of dicts from the engine's ``tables`` modules) in a page.

The engine keeps numbers unrounded; rounding for a person happens here, once: probabilities as
percentages, large amounts as whole numbers with thousands separators, small ones with a few digits.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from django import template

register = template.Library()


#: Columns that hold a driver's own value, in the unit named by the row's "unit" column.
SETTING_KEYS = ("low setting", "high setting")


def format_cell(key: str, value: Any, *, unit: str = "") -> str:
    """A number as a person reads it; a driver setting in % is a fraction shown as a percentage."""
    if unit == "%" and key in SETTING_KEYS and isinstance(value, float) and math.isfinite(value):
        return f"{value:.1%}"
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
def rows_table(rows: Sequence[dict[str, Any]], caption: str = "") -> dict[str, Any]:
    keys = list(rows[0].keys()) if rows else []
    body = [
        [
            (
                format_cell(k, row.get(k), unit=str(row.get("unit", ""))),
                isinstance(row.get(k), int | float) and not isinstance(row.get(k), bool),
            )
            for k in keys
        ]
        for row in rows
    ]
    return {"keys": keys, "body": body, "caption": caption}
