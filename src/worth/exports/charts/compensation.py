"""Chart of pay on revenue against pay on margin, per salesperson."""

from __future__ import annotations

from typing import Any

from worth.engine.pricing.compensation import CompensationComparison
from worth.exports.charts import ChartSpec, finish

__all__ = ["pay_chart"]

PLANS = {"Pay on revenue": "#9aa1a9", "Pay on margin": "#1f6feb"}


def pay_chart(found: CompensationComparison, *, currency: str = "") -> ChartSpec:
    """Grouped bars: each salesperson's pay under the two plans, largest revenue on top."""
    values: list[dict[str, Any]] = []
    for order, p in enumerate(found.people):
        given = None if p.given_away_share is None else round(float(p.given_away_share) * 100, 1)
        for plan, pay in (("Pay on revenue", p.pay_on_revenue), ("Pay on margin", p.pay_on_margin)):
            values.append(
                {
                    "salesperson": p.salesperson,
                    "order": order,
                    "plan": plan,
                    "pay": float(pay),
                    "given": given,
                }
            )
    unit = f" ({currency})" if currency else ""
    spec = {
        "data": {"values": values},
        "mark": {"type": "bar"},
        "encoding": {
            "y": {"field": "salesperson", "type": "nominal", "sort": {"field": "order"}, "title": None},
            "yOffset": {"field": "plan"},
            "x": {"field": "pay", "type": "quantitative", "title": f"Pay{unit}", "axis": {"format": ",.0f"}},
            "color": {
                "field": "plan",
                "type": "nominal",
                "title": None,
                "scale": {"domain": list(PLANS), "range": list(PLANS.values())},
                "legend": {"orient": "bottom"},
            },
            "tooltip": [
                {"field": "salesperson"},
                {"field": "plan"},
                {"field": "pay", "format": ",.2f"},
                {"field": "given", "format": ".1f", "title": "% of list given away"},
            ],
        },
    }
    return finish(spec, title="What each plan pays", width=560, height=max(90, 40 * len(found.people)))
