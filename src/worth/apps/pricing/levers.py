"""The profit levers page's work: the cost structure form, its figures, and prefill from invoice data.

The maths is the engine's (``worth.engine.pricing.levers``), the units and pocket price the
analytics' (``worth.analytics.volume``); both ``worth pricing levers`` and this page call them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms

from worth.analytics import AnalyticsError
from worth.analytics.volume import SoldVolume, sold_volume
from worth.apps.core.locking import RevisionField
from worth.apps.pricing.analysis import open_lines
from worth.apps.pricing.models import CostStructure, InvoiceDataset
from worth.engine.pricing import PricingError
from worth.engine.pricing.levers import LeverAnalysis, ProfitStructure, analyse_levers
from worth.exports.charts import ChartSpec
from worth.exports.charts.levers import levers_chart, trade_off_chart

__all__ = ["CostStructureForm", "StructureFigures", "figures_of", "prefill_from_invoices", "segments_of"]


class CostStructureForm(forms.ModelForm[CostStructure]):
    """The structure's figures; the variable cost per unit or as a share of the price."""

    revision = RevisionField()
    variable_cost_share = forms.DecimalField(
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(1000),
        decimal_places=4,
        label="or variable cost as % of the price",
        help_text="Given instead of the cost per unit: 62 for 62 %.",
    )

    field_order = [
        "name", "period", "currency", "price", "units", "variable_cost", "variable_cost_share", "fixed_cost",
        "source", "note",
    ]  # fmt: skip

    class Meta:
        model = CostStructure
        fields = [
            "name",
            "period",
            "currency",
            "price",
            "units",
            "variable_cost",
            "fixed_cost",
            "source",
            "note",
        ]
        labels = {"variable_cost": "Variable cost per unit", "fixed_cost": "Fixed costs in the period"}
        widgets = {"note": forms.Textarea(attrs={"rows": 3}), "source": forms.TextInput(attrs={"size": 80})}

    def __init__(self, *args: Any, project_pk: int, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.project_pk = project_pk
        self.fields["variable_cost"].required = False
        for name in ("price", "units", "variable_cost", "fixed_cost"):
            self.fields[name].validators.append(_not_negative)
        if self.instance.pk:
            self.fields["revision"].initial = self.instance.revision
        else:
            del self.fields["revision"]

    def clean_currency(self) -> str:
        code = str(self.cleaned_data.get("currency") or "").strip().upper()
        if len(code) != 3 or not code.isalpha():
            raise forms.ValidationError(f"“{code}” is not a three-letter currency code (USD, EUR, SEK …).")
        return code

    def clean_name(self) -> str:
        name = str(self.cleaned_data.get("name") or "").strip()
        taken = CostStructure.objects.filter(project_id=self.project_pk, name=name).exclude(
            pk=self.instance.pk
        )
        if taken.exists():
            raise forms.ValidationError(f"The project already has a structure named “{name}”.")
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        per_unit, share = data.get("variable_cost"), data.get("variable_cost_share")
        if per_unit is not None and share is not None:
            self.add_error("variable_cost_share", "Give the variable cost per unit or as a share, not both.")
        elif per_unit is None and share is None:
            self.add_error("variable_cost", "Give the variable cost per unit, or as a % of the price below.")
        elif share is not None and data.get("price") is not None:
            data["variable_cost"] = (data["price"] * share / 100).quantize(Decimal("0.0001"))
            self.instance.variable_cost = data["variable_cost"]
        for name in ("price", "units"):
            if data.get(name) is not None and data[name] <= 0:
                self.add_error(name, "Must be more than 0.")
        return data


def _not_negative(value: Decimal) -> None:
    if value < 0:
        raise forms.ValidationError(f"{value} is negative; give a magnitude.")


@dataclass(frozen=True)
class StructureFigures:
    """A saved structure with its levers and charts, or the reason they cannot be worked out."""

    record: CostStructure
    analysis: LeverAnalysis | None
    problem: str = ""
    levers_chart: ChartSpec | None = None
    trade_off_chart: ChartSpec | None = None


def figures_of(record: CostStructure, *, step: Decimal = Decimal("0.01")) -> StructureFigures:
    """The levers of one saved structure (a structure the engine refuses says why, the page stays)."""
    try:
        structure = ProfitStructure.of(
            price=record.price,
            units=record.units,
            variable_cost=record.variable_cost,
            fixed_cost=record.fixed_cost,
        )
        found = analyse_levers(structure, step=step)
    except PricingError as refused:
        return StructureFigures(record, None, problem=str(refused))
    return StructureFigures(
        record,
        found,
        levers_chart=levers_chart(found.levers, currency=record.currency),
        trade_off_chart=trade_off_chart(found.trade_offs),
    )


def prefill_from_invoices(dataset: InvoiceDataset, segment: str) -> tuple[SoldVolume, dict[str, Any]]:
    """Price and units of a data set (one segment, or all lines), and the form's initial values.

    Raises
    ------
    AnalyticsError
        When the store cannot be read or no line matches.
    """
    table, contract = open_lines(dataset)
    where = {"segment": segment} if segment else None
    sold = sold_volume(table, contract=contract, where=where)
    scope = f"segment “{segment}”" if segment else "all lines"
    initial = {
        "name": (segment or dataset.name)[:120],
        "period": sold.period(),
        "price": sold.pocket_price,
        "units": int(sold.units) if sold.units == sold.units.to_integral_value() else sold.units,
        "source": f"Pocket price and units of “{dataset.name}”, {scope}: {sold.lines:,} invoice lines"[:300],
    }
    return sold, initial


def segments_of(dataset: InvoiceDataset) -> list[str]:
    """The segments the data set's lines name, to prefill one of them."""
    try:
        table, _ = open_lines(dataset)
        rows = table.select("segment").distinct().order_by("segment").limit(200).to_pyarrow().to_pylist()
    except (AnalyticsError, OSError):
        return []
    return [str(r["segment"]) for r in rows if r["segment"]]
