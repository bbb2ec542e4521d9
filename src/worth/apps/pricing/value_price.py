"""The value-based price page: economic value, the better-off range, candidate prices, prefill from a model.

The maths is the engine's (``worth.engine.pricing``); this module holds the form, turns its numbers
into the engine's inputs, and reads a value model of the same project (read-only) to suggest the
inputs for one subsegment: the mean next-best-alternative price and the mean favourable and
unfavourable element values over the subsegment's customers whose total value is computable, so
positive minus negative differentiation equals the subsegment's mean delta value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
from django import forms

from worth.apps.pricing.forms import PlainForm
from worth.apps.valuemodels.models import ValueModelRecord
from worth.engine.model.analysis import analyse_model
from worth.engine.pricing import (
    EconomicValue,
    PriceComparison,
    PriceOption,
    PriceOptionResult,
    PriceRange,
    PricingError,
    ValueMap,
    to_cents,
    value_price,
)
from worth.exports.charts import ChartSpec
from worth.exports.charts.pricing import price_options_chart, value_map_chart


def money(**kwargs: Any) -> forms.DecimalField:
    """A money or quantity input: a finite, non-negative number with at most 4 decimals."""
    return forms.DecimalField(max_digits=18, decimal_places=4, min_value=Decimal(0), **kwargs)


OPTION_ROWS = 4


class ValuePriceForm(PlainForm):
    nba_label = forms.CharField(
        max_length=80,
        required=False,
        label="Next-best alternative",
        help_text="What the customer would use instead (a competitor's offering, doing nothing …).",
    )
    nba_price = money(
        label="Price of the next-best alternative",
        help_text="The reference value: what the customer pays for the alternative, per unit or per year.",
    )
    positive = money(
        label="Positive differentiation value",
        help_text="What the favourable points of difference are worth to the customer, in the same unit.",
    )
    negative = money(
        label="Negative differentiation value",
        initial=Decimal(0),
        help_text="What the unfavourable elements cost the customer (a magnitude: 120, not −120).",
    )


class OptionForm(forms.Form):
    name = forms.CharField(max_length=60, required=False)
    price = money(error_messages={"required": "Give the price."})
    volume = money(error_messages={"required": "Give the volume this price would sell."})
    unit_cost = money(error_messages={"required": "Give the cost of one unit."})
    fixed_cost = money(required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("name") or "").strip() and data.get("price") is not None:
            data["name"] = f"at {data['price']:,.2f}"
        return data


class BaseOptionFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    """Candidate prices; every row is optional (a blank row is skipped), names must differ."""

    def initial_form_count(self) -> int:
        # Suggested rows are only suggestions: shown filled in, but as optional as the blank ones.
        return super().initial_form_count() if self.is_bound else 0

    def clean(self) -> None:
        if any(self.errors):
            return
        names = [f.cleaned_data["name"].strip() for f in self.forms if f.cleaned_data]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise forms.ValidationError(
                f"Give each candidate price its own name (repeated: {', '.join(repeated)})."
            )


OptionFormSet = forms.formset_factory(
    OptionForm,
    formset=BaseOptionFormSet,
    extra=OPTION_ROWS,
    min_num=0,
    max_num=OPTION_ROWS,
    validate_max=True,
)


@dataclass(frozen=True)
class OptionRow:
    """A worked-out candidate price and the share of value it captures, in % (2 decimals)."""

    option: PriceOptionResult
    share_pct: Decimal | None


@dataclass(frozen=True)
class ValuePrice:
    """Everything the page shows once the numbers are in."""

    value: EconomicValue
    range: PriceRange
    comparison: PriceComparison | None
    option_rows: list[OptionRow]
    value_map: ValueMap
    value_map_chart: ChartSpec
    options_chart: ChartSpec | None


def work_out(form: ValuePriceForm, options: forms.BaseFormSet[Any], *, currency: str) -> ValuePrice:
    """Economic value, better-off range and, with candidate prices, profit per option and the charts.

    Raises ``PricingError`` when the engine refuses the numbers (its message names the field).
    """
    data = form.cleaned_data
    candidates = [
        PriceOption(
            name=f.cleaned_data["name"].strip(),
            price=f.cleaned_data["price"],
            volume=f.cleaned_data["volume"],
            unit_cost=f.cleaned_data["unit_cost"],
            fixed_cost=f.cleaned_data.get("fixed_cost") or 0,
        )
        for f in options.forms
        if f.cleaned_data
    ]
    found = value_price(
        data["nba_price"],
        data["positive"],
        data["negative"],
        options=candidates,
        nba_label=(data.get("nba_label") or "").strip() or "Next-best alternative",
    )
    comparison = found.comparison
    rows = [
        OptionRow(o, None if o.value_captured_share is None else o.value_captured_share * 100)
        for o in (comparison.options if comparison else ())
    ]
    return ValuePrice(
        value=found.value,
        range=found.price_range,
        comparison=comparison,
        option_rows=rows,
        value_map=found.value_map,
        value_map_chart=value_map_chart(found.value_map, currency=currency),
        options_chart=price_options_chart(comparison, currency=currency) if comparison else None,
    )


@dataclass(frozen=True)
class Prefill:
    """Inputs suggested by a value model for one subsegment, and where they came from."""

    model: str
    subsegment: str
    customers: int
    alternative: str
    nba_price: Decimal
    positive: Decimal
    negative: Decimal
    quoted_price: Decimal | None

    @property
    def net(self) -> Decimal:
        """Net differentiation value: the subsegment's mean delta value, to the cent."""
        return self.positive - self.negative

    def initial(self) -> dict[str, Any]:
        return {
            "nba_label": self.alternative[:80],
            "nba_price": self.nba_price,
            "positive": self.positive,
            "negative": self.negative,
        }

    def option_initial(self) -> list[dict[str, Any]]:
        """Candidate prices at a quarter, half and three quarters of the net differentiation value."""
        net = self.net
        rows: list[dict[str, Any]] = []
        if net > 0:
            for name, share in (
                ("penetration", Decimal("0.25")),
                ("middle", Decimal("0.5")),
                ("skimming", Decimal("0.75")),
            ):
                rows.append({"name": name, "price": to_cents(self.nba_price + net * share)})
        if self.quoted_price is not None:
            rows.append({"name": "quoted in the model", "price": self.quoted_price})
        return rows[:OPTION_ROWS]


def prefill_from_model(record: ValueModelRecord, subsegment: str) -> Prefill:
    """Suggested inputs from ``record`` for ``subsegment`` (per customer and period, as the model counts).

    Raises ``ValueError`` (``ModelError`` or ``PricingError``) when the model cannot be read or the
    subsegment has no customer with a computable total.
    """
    model = record.load().model
    names = [s.name for s in model.subsegments]
    if subsegment not in names:
        raise PricingError(f"subsegment: “{subsegment}” is not one of {', '.join(names)}")
    analysis = analyse_model(model)
    evaluation = analysis.evaluation
    rows = evaluation.rows(subsegment) & np.isfinite(evaluation.totals)
    if not rows.any():
        raise PricingError(f"subsegment: no customer of “{subsegment}” has every element computable")
    positive = negative = 0.0
    for values in evaluation.elements.values():
        mean = float(np.mean(values.values[rows]))
        if mean >= 0:
            positive += mean
        else:
            negative -= mean
    prices = [p for p, keep in zip(analysis.prices, rows.tolist(), strict=True) if keep]
    alternative = [p.alternative_price for p in prices if math.isfinite(p.alternative_price)]
    offered = [p.offering_price for p in prices if math.isfinite(p.offering_price)]
    if not alternative:
        raise PricingError(f"subsegment: no price of the next-best alternative for “{subsegment}”")
    described = next(s for s in model.subsegments if s.name == subsegment).alternative
    # Round the positive value and the net to the cent and let the negative take the difference, so
    # that positive - negative is the mean delta value to the cent (rounding each alone can miss by one).
    shown_positive = to_cents(round(positive, 6))
    net = to_cents(round(positive - negative, 6))
    return Prefill(
        model=record.name,
        subsegment=subsegment,
        customers=int(rows.sum()),
        alternative=described.name,
        nba_price=to_cents(round(float(np.mean(alternative)), 6)),
        positive=shown_positive,
        negative=shown_positive - net,
        quoted_price=to_cents(round(float(np.mean(offered)), 6)) if offered else None,
    )
