"""Penetration against skimming in the JSON API, with the page's choices, rights and refusals."""

from __future__ import annotations

from dataclasses import asdict

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema

from worth.apps.core.api_bodies import refused_form
from worth.apps.pricing.strategy import strategy_page
from worth.apps.programs.access import project_for, sees_own_customers_only
from worth.engine.pricing.money import to_cents
from worth.engine.pricing.strategy import StrategyPrice

router = Router(tags=["pricing"])


class StrategyQuery(Schema):
    """The page's choices, each optional (a default is taken) and each checked by the page's form."""

    model: str | None = None
    version: str | None = None
    subsegment: str | None = None
    volume: str | None = None
    structure: str | None = None
    variable_cost: str | None = None
    fixed_cost: str | None = None
    penetration_share: str | None = None
    skimming_share: str | None = None


class PriceOut(Schema):
    strategy: str
    key: str
    target_share_pct: float | None
    price: str
    buyers: int
    customers: int
    buyers_pct: float
    volume: float
    revenue: str
    unit_margin: str
    operating_profit: str
    value_left: str
    below_variable_cost: bool
    below_alternative: int


class ValueOut(Schema):
    id: str
    name: str
    alternative_price: float
    delta_value: float
    economic_value: float
    volume: float
    value_per_unit: float


class UnvaluedOut(Schema):
    id: str
    name: str
    reason: str


class PointOut(Schema):
    price: float
    buyers: int
    volume: float
    revenue: float
    profit: float


class StrategyOut(Schema):
    project: int
    model: int | None
    version: int | None
    subsegment: str
    volume: str
    structure: int | None
    currency: str
    variable_cost: str | None
    fixed_cost: str | None
    problem: str
    prices: list[PriceOut]
    values: list[ValueOut]
    unvalued: list[UnvaluedOut]
    curve: list[PointOut]
    warnings: list[str]


def _price(p: StrategyPrice) -> PriceOut:
    """Money as exact strings to the cent, shares in %."""
    return PriceOut(
        strategy=p.label,
        key=p.key,
        target_share_pct=None if p.target_share is None else float(p.target_share * 100),
        price=str(p.price),
        buyers=p.buyers,
        customers=p.customers,
        buyers_pct=float(p.buyers_share * 100),
        volume=float(p.volume),
        revenue=str(p.revenue),
        unit_margin=str(p.unit_margin),
        operating_profit=str(p.operating_profit),
        value_left=str(p.value_left),
        below_variable_cost=p.below_variable_cost,
        below_alternative=p.below_alternative,
    )


@router.get(
    "/projects/{project_id}/strategy",
    response=StrategyOut,
    url_name="project_strategy",
    summary="Penetration against skimming for a subsegment, from its customers' economic values",
    description="The page's choices as query parameters (model, version, subsegment, volume, structure, "
    "variable_cost, fixed_cost, penetration_share, skimming_share); 422 naming each refused one. Money "
    "is a string to the cent, in the model's currency.",
)
def get_strategy(request: HttpRequest, project_id: int, choices: Query[StrategyQuery]) -> StrategyOut:
    user = request.auth  # type: ignore[attr-defined]
    if sees_own_customers_only(user):  # the curve counts every customer's research values
        raise Http404("No such project")
    given = {name: value for name, value in choices.dict().items() if value is not None}
    page = strategy_page(project_for(user, project_id), given)
    if page.form.errors:
        raise refused_form(page.form)
    found = page.analysis
    return StrategyOut(
        project=project_id,
        model=page.record.pk if page.record else None,
        version=page.version.number if page.version else None,
        subsegment=page.subsegment,
        volume=page.volume,
        structure=page.structure.pk if page.structure else None,
        currency=page.currency,
        variable_cost=str(to_cents(found.variable_cost)) if found else None,
        fixed_cost=str(to_cents(found.fixed_cost)) if found else None,
        problem=page.problem,
        prices=[_price(p) for p in (found.prices if found else ())],
        values=[
            ValueOut(**asdict(c), economic_value=c.economic_value, value_per_unit=c.value_per_unit)
            for c in (found.customers if found else ())
        ],
        unvalued=[UnvaluedOut(**asdict(u)) for u in (found.unvalued if found else ())],
        curve=[PointOut(**asdict(p)) for p in (found.curve if found else ())],
        warnings=list(page.warnings),
    )
