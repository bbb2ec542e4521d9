"""The profit levers, the pay-plan comparison and the mix of business in the JSON API, as on the pages.

A finance team's notebook reads the same figures the pages show: each saved price and cost structure
with what 1 % on each lever does and the volume a price change must win back, a data set's pay
on revenue against pay on margin per salesperson code, and its mix of business per segment and
customer, each for the page's own query parameters.
"""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest
from ninja import Query, Router, Schema

from worth.apps.core.api_bodies import Refused, refused_form
from worth.apps.pricing.access import dataset_for
from worth.apps.pricing.levers import figures_of
from worth.apps.pricing.levers_views import STEPS
from worth.apps.pricing.mix_page import mix_page
from worth.apps.pricing.models import CostStructure
from worth.apps.pricing.pay_plans import FIELDS, pay_plans
from worth.apps.programs.access import project_for
from worth.engine.pricing.money import to_cents

router = Router(tags=["pricing"])


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _cents(value: Decimal) -> float:
    """Money as the pages show it, to the cent (the figures behind it come from float sums)."""
    return float(to_cents(value))


class LeverOut(Schema):
    key: str
    lever: str
    step_pct: float
    profit_before: float
    profit_after: float
    profit_change: float
    profit_change_pct: float | None


class TradeOffOut(Schema):
    price_change_pct: float
    volume_change_pct: float | None
    units_needed: float | None


class StructureOut(Schema):
    id: int
    name: str
    period: str
    currency: str
    price: float
    units: float
    variable_cost: float
    fixed_cost: float
    source: str
    note: str
    revision: int
    problem: str
    revenue: float | None
    contribution_margin_pct: float | None
    operating_profit: float | None
    price_over_volume: float | None
    levers: list[LeverOut]
    keep_profit: list[TradeOffOut]


class LeversOut(Schema):
    project: int
    step_pct: float
    structures: list[StructureOut]


def _structure(record: CostStructure, step: Decimal) -> StructureOut:
    figures = figures_of(record, step=step)
    found = figures.analysis
    return StructureOut(
        id=record.pk,
        name=record.name,
        period=record.period,
        currency=record.currency,
        price=float(record.price),
        units=float(record.units),
        variable_cost=float(record.variable_cost),
        fixed_cost=float(record.fixed_cost),
        source=record.source,
        note=record.note,
        revision=record.revision,
        problem=figures.problem,
        revenue=float(found.structure.revenue) if found else None,
        contribution_margin_pct=float(found.structure.contribution_margin * 100) if found else None,
        operating_profit=float(found.structure.operating_profit) if found else None,
        price_over_volume=_float(found.price_over_volume) if found else None,
        levers=[
            LeverOut(
                key=lever.key,
                lever=lever.label,
                step_pct=float(lever.step * 100),
                profit_before=_cents(lever.profit_before),
                profit_after=_cents(lever.profit_after),
                profit_change=_cents(lever.profit_change),
                profit_change_pct=None
                if lever.profit_change_share is None
                else float(lever.profit_change_share * 100),
            )
            for lever in (found.levers if found else ())
        ],
        keep_profit=[
            TradeOffOut(
                price_change_pct=float(row.price_change * 100),
                volume_change_pct=None if row.volume_change is None else float(row.volume_change * 100),
                units_needed=_float(row.units_needed),
            )
            for row in (found.trade_offs if found else ())
        ],
    )


@router.get(
    "/projects/{project_id}/levers",
    response=LeversOut,
    url_name="project_levers",
    summary="The project's price and cost structures, each with its profit levers (?step=1 for 1 %)",
)
def get_levers(request: HttpRequest, project_id: int, step: str = "1") -> LeversOut:
    project = project_for(request.auth, project_id)  # type: ignore[attr-defined]
    if step not in STEPS:
        raise Refused([("step", f"“{step[:20]}” is not one of {', '.join(STEPS)} (%)")])
    share = Decimal(step) / 100
    return LeversOut(
        project=project.pk,
        step_pct=float(step),
        structures=[_structure(r, share) for r in CostStructure.objects.filter(project=project)],
    )


class PayOut(Schema):
    salesperson: str
    list_revenue: float
    pocket_revenue: float
    given_away_pct: float | None
    gross_margin: float
    expenses: float
    contribution: float
    contribution_pct: float | None
    pay_on_revenue: float
    pay_on_margin: float
    difference: float


class CompensationOut(Schema):
    dataset: int
    currency: str
    variable_cost_pct: float
    revenue_rate_pct: float
    margin_rate_pct: float
    budget_neutral: bool
    cost_source: str
    total_on_revenue: float
    total_on_margin: float
    people: list[PayOut]


@router.get(
    "/datasets/{dataset_id}/compensation",
    response=CompensationOut,
    url_name="dataset_compensation",
    summary="Pay on revenue against pay on margin per salesperson code, for the page's query parameters",
)
def get_compensation(
    request: HttpRequest,
    dataset_id: int,
    variable_cost: str = "",
    revenue_rate: str = "",
    margin_rate: str = "",
    expenses: str = "",
) -> CompensationOut:
    dataset = dataset_for(request.auth, dataset_id)  # type: ignore[attr-defined]
    given = dict(zip(FIELDS, (variable_cost, revenue_rate, margin_rate, expenses), strict=True))
    plans = pay_plans(dataset, given)
    if plans.problem:
        raise Refused([("dataset", plans.problem)])
    if plans.errors:
        raise Refused(sorted(plans.errors.items()))
    if plans.found is None:
        raise Refused([("variable_cost", "Give the variable cost as a % of list-price revenue.")])
    found = plans.found
    return CompensationOut(
        dataset=dataset.pk,
        currency=plans.currency,
        variable_cost_pct=float(found.variable_cost_share * 100),
        revenue_rate_pct=float(found.revenue_rate * 100),
        margin_rate_pct=float(found.margin_rate * 100),
        budget_neutral=found.budget_neutral,
        cost_source=plans.cost_source,
        total_on_revenue=_cents(found.total_on_revenue),
        total_on_margin=_cents(found.total_on_margin),
        people=[
            PayOut(
                salesperson=p.salesperson,
                list_revenue=_cents(p.list_revenue),
                pocket_revenue=_cents(p.pocket_revenue),
                given_away_pct=None if p.given_away_share is None else float(p.given_away_share * 100),
                gross_margin=_cents(p.gross_margin),
                expenses=_cents(p.expenses),
                contribution=_cents(p.contribution),
                contribution_pct=None if p.contribution_share is None else float(p.contribution_share * 100),
                pay_on_revenue=_cents(p.pay_on_revenue),
                pay_on_margin=_cents(p.pay_on_margin),
                difference=_cents(p.difference),
            )
            for p in found.people
        ],
    )


class MixQuery(Schema):
    """The mix page's fields, each optional: the filters, the dates and the yearly purchases box."""

    segment: str | None = None
    salesperson: str | None = None
    product: str | None = None
    customer: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    spend: str | None = None


class ProductMixOut(Schema):
    product: str
    lines: int
    units: float
    list_revenue: float
    pocket_revenue: float
    pocket_pct_of_list: float
    share_of_segment_pct: float
    customers: int


class SegmentMixOut(Schema):
    segment: str
    lines: int
    units: float
    list_revenue: float
    pocket_revenue: float
    pocket_pct_of_list: float
    customers: int
    products: list[ProductMixOut]


class CustomerBusinessOut(Schema):
    customer_id: str
    name: str
    segment: str
    lines: int
    list_revenue: float
    pocket_revenue: float
    products: int
    segment_products: int
    cross_sell: list[str]
    more_cross_sell: int
    yearly_purchases: float | None
    share_pct: float | None
    above_all_of_it: bool


class MixOut(Schema):
    dataset: int
    currency: str
    first: str
    last: str
    days: int
    segments: list[SegmentMixOut]
    customers: list[CustomerBusinessOut]


def _money(value: float) -> float:
    return _cents(Decimal(repr(round(value, 6))))


@router.get(
    "/datasets/{dataset_id}/mix",
    response=MixOut,
    url_name="dataset_mix",
    summary="The mix of business per segment and product, and each customer's business, as on the page",
    description="Query parameters as on the page (segment, salesperson, product, customer, date_from, "
    "date_to, spend: one CUSTOMER_ID=AMOUNT a line); 422 naming each refused field, the purchases by "
    "line. Products are ranked by pocket price as % of list (invoice lines hold no product costs).",
)
def get_mix(request: HttpRequest, dataset_id: int, fields: Query[MixQuery]) -> MixOut:
    dataset = dataset_for(request.auth, dataset_id)  # type: ignore[attr-defined]
    given = {name: value for name, value in fields.dict().items() if value is not None}
    page = mix_page(dataset, given or None)
    if page.problem:
        raise Refused([("dataset", page.problem)])
    if page.form.errors:
        raise refused_form(page.form)
    report = page.report
    assert report is not None
    return MixOut(
        dataset=dataset.pk,
        currency=page.currency,
        first=report.first.isoformat(),
        last=report.last.isoformat(),
        days=report.days,
        segments=[
            SegmentMixOut(
                segment=s.segment,
                lines=s.lines,
                units=s.units,
                list_revenue=_money(s.list_revenue),
                pocket_revenue=_money(s.pocket_revenue),
                pocket_pct_of_list=s.realization * 100,
                customers=s.customers,
                products=[
                    ProductMixOut(
                        product=p.product,
                        lines=p.lines,
                        units=p.units,
                        list_revenue=_money(p.list_revenue),
                        pocket_revenue=_money(p.pocket_revenue),
                        pocket_pct_of_list=p.realization * 100,
                        share_of_segment_pct=p.revenue_share * 100,
                        customers=p.customers,
                    )
                    for p in s.products
                ],
            )
            for s in report.segments
        ],
        customers=[
            CustomerBusinessOut(
                customer_id=c.customer_id,
                name=c.name,
                segment=c.segment,
                lines=c.lines,
                list_revenue=_money(c.list_revenue),
                pocket_revenue=_money(c.pocket_revenue),
                products=c.products,
                segment_products=c.segment_products,
                cross_sell=list(c.candidates),
                more_cross_sell=c.more_candidates,
                yearly_purchases=_float(c.yearly_purchases),
                share_pct=None if c.share is None else c.share * 100,
                above_all_of_it=c.over_all_of_it,
            )
            for c in report.customers
        ],
    )
