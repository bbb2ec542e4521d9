"""Penetration against skimming for a subsegment: one orchestration for the page and the JSON API.

The maths is the engine's (``worth.engine.pricing.strategy``); this module holds the form, reads the
chosen version of one of the project's value models (the customers' values of a subsegment are
worked out once per version, subsegment and volume, and kept), and takes the costs as typed or from
one of the project's saved price and cost structures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.http import QueryDict

from worth.apps.core.computed import remember
from worth.apps.pricing.forms import PlainForm
from worth.apps.pricing.models import CostStructure
from worth.apps.programs.models import Project
from worth.apps.valuemodels.models import ModelVersion, ValueModelRecord, model_version, version_key
from worth.apps.valuemodels.versions import current_version, version_model
from worth.engine.model.analysis import analyse_model
from worth.engine.model.errors import ModelError
from worth.engine.model.schema import ValueModel
from worth.engine.pricing import PricingError
from worth.engine.pricing.strategy import (
    PENETRATION_SHARE,
    SKIMMING_SHARE,
    StrategyAnalysis,
    StrategyCustomer,
    Unvalued,
    price_strategy,
)
from worth.engine.pricing.strategy_inputs import strategy_customers, volume_choices
from worth.exports.charts import ChartSpec
from worth.exports.charts.strategy import strategy_chart

__all__ = ["StrategyForm", "StrategyPage", "strategy_page"]

#: Which form field an engine refusal is about, by the start of its message.
ENGINE_FIELDS = {
    "subsegment:": "subsegment",
    "volume:": "volume",
    "variable cost:": "variable_cost",
    "fixed costs:": "fixed_cost",
    "penetration share:": "penetration_share",
    "skimming share:": "skimming_share",
}


#: What an empty or missing choice means (the shares in %), shown as such on the form.
DEFAULTS = {
    "variable_cost": "0",
    "fixed_cost": "0",
    "penetration_share": str(PENETRATION_SHARE),
    "skimming_share": str(SKIMMING_SHARE),
}


class NumberField(forms.DecimalField):
    """A decimal whose refusal quotes what was typed (“12,5” is not a number), not only that it is wrong."""

    def to_python(self, value: Any) -> Any:
        try:
            return super().to_python(value)
        except forms.ValidationError:
            raise forms.ValidationError(f"“{str(value)[:40]}” is not a number.", code="invalid") from None


def _amount(label: str, help_text: str) -> forms.DecimalField:
    return NumberField(
        label=label,
        help_text=help_text,
        required=False,
        max_digits=18,
        decimal_places=4,
        min_value=Decimal(0),
        error_messages={"min_value": "%(value)s is negative; give a magnitude."},
    )


def _share(label: str, initial: Decimal, help_text: str) -> forms.DecimalField:
    return NumberField(
        label=label,
        help_text=help_text,
        required=False,
        initial=initial,
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal(100),
        error_messages={
            "min_value": "%(value)s %% is not a share of the customers: give more than 0.",
            "max_value": "%(value)s %% is more than all the customers (100 %%).",
        },
    )


class StrategyForm(PlainForm):
    """The choices of the page; every one optional (a default is taken), each checked and named."""

    model = forms.TypedChoiceField(label="Value model", coerce=int, required=False)
    version = forms.IntegerField(
        label="Version", required=False, min_value=1, help_text="Empty: the version the model holds now."
    )
    subsegment = forms.CharField(label="Subsegment", required=False, max_length=200)
    volume = forms.CharField(
        label="Volume per customer",
        required=False,
        max_length=200,
        help_text="A driver or characteristic of the model (the price is then per unit of it); "
        "empty: one unit each, the price per customer and period.",
    )
    structure = forms.TypedChoiceField(
        label="Costs from",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="A saved price and cost structure of the project, or the costs typed below.",
    )
    variable_cost = _amount("Variable cost per unit", "Used when no structure is chosen.")
    fixed_cost = _amount("Fixed costs in the period", "Used when no structure is chosen.")
    penetration_share = _share(
        "Penetration: share of customers who buy (%)", PENETRATION_SHARE, "The highest price they all buy at."
    )
    skimming_share = _share(
        "Skimming: share of customers who buy (%)", SKIMMING_SHARE, "A smaller share, at a higher price."
    )

    def __init__(
        self, *args: Any, records: list[ValueModelRecord], structures: list[CostStructure], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [(r.pk, r.name) for r in records]  # type: ignore[attr-defined]
        self.fields["structure"].choices = [  # type: ignore[attr-defined]
            ("", "the costs typed below"),
            *((s.pk, f"{s.name} ({s.period}, {s.currency})") for s in structures),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        penetration, skimming = data.get("penetration_share"), data.get("skimming_share")
        if penetration is not None and skimming is not None and skimming >= penetration:
            self.add_error(
                "skimming_share",
                f"{skimming:g} % must be smaller than the penetration share {penetration:g} %.",
            )
        return data


@dataclass(frozen=True)
class Source:
    """A model of the project with its versions and, for the chosen one, its subsegments and volumes."""

    record: ValueModelRecord
    versions: list[int]


@dataclass
class StrategyPage:
    """What the page and the API show: the choices made, the analysis and its chart, or why not."""

    project: Project
    form: StrategyForm
    sources: list[Source]
    structures: list[CostStructure]
    record: ValueModelRecord | None = None
    version: ModelVersion | None = None
    subsegment: str = ""
    volume: str = ""
    subsegments: list[str] = field(default_factory=list)
    volumes: list[str] = field(default_factory=list)
    structure: CostStructure | None = None
    currency: str = ""
    volume_unit: str = "units"
    analysis: StrategyAnalysis | None = None
    chart: ChartSpec | None = None
    problem: str = ""

    @property
    def warnings(self) -> tuple[str, ...]:
        return self.analysis.warnings(self.currency) if self.analysis else ()


def _default_structure(structures: list[CostStructure], subsegment: str) -> CostStructure | None:
    """The structure named after the subsegment, if there is one: its costs are the subsegment's."""
    wanted = subsegment.casefold()
    return next((s for s in structures if wanted and wanted in s.name.casefold()), None)


def _values(
    key: tuple[str, ...], model: ValueModel, subsegment: str, volume: str
) -> tuple[list[StrategyCustomer], list[Unvalued]]:
    """The subsegment's customers' values, worked out once per version, subsegment and volume."""
    return remember(
        "strategy-values",
        (*key, subsegment, volume),
        lambda: strategy_customers(analyse_model(model), subsegment, volume=volume or None),
    )


def _volume_unit(model: ValueModel, volume: str) -> str:
    if not volume:
        return "customers, one unit each"
    unit = next((d.unit for d in model.drivers if d.name == volume), "")
    unit = unit or next((c.unit for c in model.characteristics if c.name == volume), "")
    return f"{volume}, {unit}" if unit else volume


def _refuse(page: StrategyPage, refused: PricingError) -> None:
    text = str(refused)
    name = next((f for start, f in ENGINE_FIELDS.items() if text.startswith(start)), None)
    if name is None:
        page.problem = text
    else:
        page.form.add_error(name, text.split(":", 1)[1].strip())


def _chosen_version(page: StrategyPage, record: ValueModelRecord, number: int | None) -> ModelVersion | None:
    """The version asked for (an error on the form if the model has none of that number), else the
    current one; ``None`` for a model saved before versions were kept (its text is read instead)."""
    if number is None:
        return current_version(record)
    found = record.versions.filter(number=number).first()
    if found is None:
        page.form.add_error("version", f"“{record.name}” has no version {number}.")
    return found


def strategy_page(project: Project, query: QueryDict | dict[str, str]) -> StrategyPage:
    """The penetration and skimming prices for the choices in ``query`` (defaults for what is missing).

    Bad choices end as errors on the form's fields (or ``problem``), never as an exception.
    """
    records = list(ValueModelRecord.objects.filter(project=project).order_by("pk"))
    structures = list(CostStructure.objects.filter(project=project))
    given = {key: query[key] for key in query}
    for key, default in DEFAULTS.items():
        if not given.get(key):
            given[key] = default
    form = StrategyForm(given, records=records, structures=structures)
    sources = [
        Source(r, list(r.versions.order_by("-number").values_list("number", flat=True))) for r in records
    ]
    page = StrategyPage(project, form, sources, structures)
    if not form.is_valid():
        return page
    data = form.cleaned_data
    if not records:
        page.problem = "The project has no value model yet: import or build one first."
        return page
    record = next((r for r in records if r.pk == data.get("model")), records[0])
    page.record = record
    version = _chosen_version(page, record, data.get("version"))
    if version is None and form.errors:
        return page
    page.version = version
    try:
        model = version_model(version) if version is not None else record.load().model
    except ModelError as exc:
        page.problem = f"“{record.name}” no longer passes the checks: " + "; ".join(
            str(i) for i in exc.issues
        )
        return page
    page.subsegments = [s.name for s in model.subsegments]
    page.volumes = volume_choices(model)
    page.subsegment = data.get("subsegment") or page.subsegments[0]
    page.volume = data.get("volume") or ""
    page.currency, page.volume_unit = model.currency, _volume_unit(model, page.volume)
    chosen = data.get("structure")
    if not {"structure", "variable_cost", "fixed_cost"} & set(query):
        page.structure = _default_structure(structures, page.subsegment)
    elif chosen is not None:
        page.structure = next((s for s in structures if s.pk == chosen), None)
    if page.structure is not None and page.structure.currency != model.currency:
        form.add_error(
            "structure",
            f"“{page.structure.name}” is in {page.structure.currency}, "
            f"the model's values are in {model.currency}.",
        )
        return page
    if page.structure is not None:
        variable, fixed = page.structure.variable_cost, page.structure.fixed_cost
        # Shown in the typed fields, so that choosing "the costs typed here" starts from them.
        given["variable_cost"], given["fixed_cost"] = f"{variable.normalize():f}", f"{fixed.normalize():f}"
    else:
        variable, fixed = data.get("variable_cost") or Decimal(0), data.get("fixed_cost") or Decimal(0)
    try:
        basis = version_key(version) if version is not None else model_version(record)
        customers, left = _values(basis, model, page.subsegment, page.volume)
        page.analysis = price_strategy(
            customers,
            variable_cost=variable,
            fixed_cost=fixed,
            penetration_share=data["penetration_share"],
            skimming_share=data["skimming_share"],
            unvalued=left,
        )
    except PricingError as refused:
        _refuse(page, refused)
        return page
    page.chart = strategy_chart(page.analysis, currency=page.currency, volume_unit=page.volume_unit)
    return page
