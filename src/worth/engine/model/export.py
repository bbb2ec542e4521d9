"""An analysis as plain data (JSON-ready dicts and rows) for the command line, the API and notebooks.

Numbers stay unrounded float64 (machines read them); NaN, which JSON cannot hold, becomes ``None``
meaning "not computable" or "not available".
"""

from __future__ import annotations

import math
from typing import Any

from worth.engine.model.analysis import ModelAnalysis
from worth.engine.model.heaviness import SourceShares
from worth.engine.model.prices import PriceComparison, SubsegmentPrices
from worth.engine.model.stats import Summary, WelchResult

__all__ = ["analysis_data", "value_rows"]


def _num(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def _summary(stats: Summary) -> dict[str, Any]:
    return {
        "n": stats.n,
        "mean": _num(stats.mean),
        "std": _num(stats.std),
        "variance": _num(stats.variance),
        "min": _num(stats.minimum),
        "max": _num(stats.maximum),
        "ci_low": _num(stats.ci_low),
        "ci_high": _num(stats.ci_high),
    }


def _welch(test: WelchResult) -> dict[str, Any]:
    return {
        "difference": _num(test.difference),
        "t": _num(test.t),
        "df": _num(test.df),
        "p_value": _num(test.p_value),
        "ci_low": _num(test.ci_low),
        "ci_high": _num(test.ci_high),
    }


def _shares(shares: SourceShares) -> dict[str, Any]:
    return {"counts": dict(shares.counts), "shares": dict(shares.shares), "fallbacks": shares.fallbacks}


def _price(p: PriceComparison) -> dict[str, Any]:
    return {
        "offering_price": _num(p.offering_price),
        "alternative_price": _num(p.alternative_price),
        "delta_price": _num(p.delta_price),
        "delta_value": _num(p.delta_value),
        "margin": _num(p.margin),
        "value_exceeds_premium": p.exceeds,
        "max_premium": _num(p.max_premium),
        "price_ceiling": _num(p.price_ceiling),
    }


def _price_summary(s: SubsegmentPrices) -> dict[str, Any]:
    return {
        "n": s.n,
        "not_computable": s.not_computable,
        "mean_delta_value": _num(s.mean_delta_value),
        "mean_delta_price": _num(s.mean_delta_price),
        "mean_margin": _num(s.mean_margin),
        "exceeding": s.exceeding,
    }


def analysis_data(analysis: ModelAnalysis, *, subsegment: str | None = None) -> dict[str, Any]:
    """Everything in the analysis as JSON-ready data; ``subsegment`` keeps only that one's figures."""
    model = analysis.model
    keep = [s.name for s in model.subsegments if subsegment in (None, s.name)]
    evaluation = analysis.evaluation
    customers = []
    for row, customer in enumerate(evaluation.customers):
        if evaluation.subsegments[row] not in keep:
            continue
        elements = evaluation.elements
        customers.append(
            {
                "id": customer.id,
                "name": customer.name,
                "subsegment": evaluation.subsegments[row],
                "values": {name: _num(float(e.values[row])) for name, e in elements.items()},
                "quantities": {name: _num(float(v[row])) for name, v in evaluation.quantities.items()},
                "total": _num(float(evaluation.totals[row])),
                "missing": {n: list(e.missing[row]) for n, e in elements.items() if row in e.missing},
                "fallbacks": {n: list(e.fallbacks[row]) for n, e in elements.items() if row in e.fallbacks},
                **_price(analysis.prices[row]),
            }
        )
    data: dict[str, Any] = {
        "model": model.name,
        "currency": model.currency,
        "period": model.period,
        "confidence": analysis.confidence,
        "subsegments": keep,
        "warnings": [{"element": w.element, "message": w.message} for w in analysis.warnings],
        "elements": [
            {
                "name": name,
                "direction": result.element.direction,
                "by_subsegment": {s: _summary(result.by_subsegment[s]) for s in keep},
                **(
                    {"comparison": _welch(result.comparison)}
                    if subsegment is None and result.comparison is not None
                    else {}
                ),
            }
            for name, result in analysis.elements.items()
        ],
        "totals": {s: _summary(analysis.totals[s]) for s in keep},
        "prices": {s: _price_summary(analysis.price_summary[s]) for s in keep},
        "customers": customers,
        "data_heaviness": {
            "by_element": {n: _shares(s) for n, s in analysis.heaviness.by_element.items()},
            "overall": _shares(analysis.heaviness.overall),
        },
        "placeholders": [p.model_dump(mode="json", exclude_none=True) for p in model.placeholders],
        "prospects": [{"id": c.id, "name": c.name} for c in evaluation.prospects],
    }
    if subsegment is None and analysis.totals_comparison is not None:
        data["totals_comparison"] = _welch(analysis.totals_comparison)
    return data


def value_rows(analysis: ModelAnalysis, *, subsegment: str | None = None) -> list[dict[str, Any]]:
    """One row per customer and element (and one per customer for the total), for CSV files.

    ``status`` is ``ok``, ``fallback`` (a declared default was used) or ``not computable``.
    """
    evaluation = analysis.evaluation
    rows: list[dict[str, Any]] = []
    for row, customer in enumerate(evaluation.customers):
        if subsegment is not None and evaluation.subsegments[row] != subsegment:
            continue
        base = {
            "customer_id": customer.id,
            "customer": customer.name,
            "subsegment": evaluation.subsegments[row],
        }
        for name, element in evaluation.elements.items():
            value = _num(float(element.values[row]))
            status = "not computable" if value is None else ("fallback" if row in element.fallbacks else "ok")
            note = ", ".join(element.missing.get(row, ()) or element.fallbacks.get(row, ()))
            rows.append({**base, "element": name, "value": value, "status": status, "drivers": note})
        total = _num(float(evaluation.totals[row]))
        rows.append(
            {
                **base,
                "element": "Total",
                "value": total,
                "status": "ok" if total is not None else "not computable",
                "drivers": "",
            }
        )
    return rows
