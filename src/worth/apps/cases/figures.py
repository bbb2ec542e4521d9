"""The figures of a business case: its rows, NPV, IRR, payback, the target, and the range.

Worked out by the engine's finance maths (``worth.engine.finance``, exact decimals to the cent) from
the case's assumptions; returned as plain, JSON-safe data (decimals as strings), so that presenting a
case keeps exactly what was shown. The range takes the Monte Carlo percentiles of the subsegment's
delta value from the version the case rests on: the conservative case scales the incremental profit by
P10 / mean, the optimistic one by P90 / mean (the profit a supplier captures is taken to follow the
value it delivers).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from worth.apps.cases.models import BusinessCase
from worth.apps.core.computed import remember
from worth.apps.valuemodels.analyses import run_simulation
from worth.apps.valuemodels.models import ModelVersion
from worth.apps.valuemodels.versions import version_model
from worth.engine.finance import FinanceError, Profitability, ProfitabilityPlan, profitability
from worth.engine.finance.wording import PERIODS, annualised, rate_per_period, target_sentence

#: Draws of the Monte Carlo behind the range: kept per version, so run once.
RANGE_DRAWS = 10_000
RANGE_SEED = 1
RANGE = (("conservative", "P10"), ("expected", "mean"), ("optimistic", "P90"))


class CaseInputError(ValueError):
    """An assumption of the case cannot be used; the message names the field and the value."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def adoption_shares(text: str, periods: int) -> list[Decimal]:
    """``"10, 20, 35"`` (percent) as shares, one per period; the last given holds for the rest.

    Raises
    ------
    CaseInputError
        Naming the position and the value of the first that is not a percentage from 0 to 100.
    """
    items = [item for item in text.replace(";", ",").replace(" ", ",").split(",") if item.strip()]
    if not items:
        raise CaseInputError("adoption", "give at least one percentage, e.g. 10, 20, 35")
    if len(items) > periods:
        raise CaseInputError("adoption", f"{len(items)} values for {periods} periods")
    shares: list[Decimal] = []
    for position, item in enumerate(items, start=1):
        raw = item.strip().removesuffix("%")
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise CaseInputError("adoption", f"value {position} ({item.strip()!r}) is not a number") from None
        if not value.is_finite() or not 0 <= value <= 100:
            raise CaseInputError(
                "adoption", f"value {position} ({item.strip()}) is not a percentage from 0 to 100"
            )
        shares.append(value / 100)
    return shares + [shares[-1]] * (periods - len(shares))


def plan_of(case: BusinessCase, *, scale: Decimal = Decimal(1)) -> ProfitabilityPlan:
    try:
        return ProfitabilityPlan(
            periods=case.periods,
            profit_at_full_adoption=Decimal(case.profit_at_full_adoption) * scale,
            adoption=adoption_shares(case.adoption, case.periods),
            investment=case.investment,
            discount_rate=rate_per_period(Decimal(case.cost_of_capital) / 100, case.period),
            running_cost=case.running_cost,
        )
    except FinanceError as refused:
        raise CaseInputError("assumptions", str(refused)) from None


@dataclass(frozen=True)
class Target:
    amount: Decimal
    within: int


def target_of(case: BusinessCase) -> Target | None:
    """The case's own target, else the program's yearly target over a year's periods (or fewer)."""
    amount = case.target_amount if case.target_amount is not None else case.project.program.target_profit
    if not amount or amount <= 0:
        return None
    within = case.target_within or PERIODS[case.period][2]
    return Target(Decimal(amount), min(within, case.periods))


def _s(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _target(
    result: Profitability, target: Target | None, currency: str, period: str
) -> dict[str, Any] | None:
    if target is None:
        return None
    reached = result.target_reached(target.amount, within=target.within)
    return {
        "amount": str(reached.target),
        "within": reached.within,
        "reached": reached.reached,
        "period": reached.period,
        "period_in_plan": reached.period_in_plan,
        "by_then": str(reached.amount),
        "shortfall": str(reached.shortfall),
        "sentence": target_sentence(reached, currency=currency, period=period),
    }


def delta_value_percentiles(version: ModelVersion, subsegment: str) -> dict[str, float] | None:
    """P10, mean and P90 of the subsegment's delta value per customer, from a Monte Carlo kept per version."""

    def run() -> dict[str, dict[str, float]]:
        found = run_simulation(version_model(version), draws=RANGE_DRAWS, seed=RANGE_SEED, independent=False)
        return {row["subsegment"]: {k: row[k] for k in ("P10", "mean", "P90")} for row in found["summary"]}

    return remember("case-range", (version.sha256, RANGE_DRAWS, RANGE_SEED), run).get(subsegment)


def case_figures(case: BusinessCase) -> dict[str, Any]:
    """Everything the case's page shows, as plain data (``CaseInputError`` for an unusable assumption)."""
    version = case.proposition.version
    currency = version_model(version).currency
    period = case.period
    result = profitability(plan_of(case))
    target = target_of(case)
    rows = [
        {
            "period": row.period,
            "adoption": str(row.adoption),
            "incremental_profit": str(row.incremental_profit),
            "cumulative_incremental_profit": str(row.cumulative_incremental_profit),
            "running_cost": str(row.running_cost),
            "net_flow": str(row.net_flow),
            "cumulative_net_flow": str(row.cumulative_net_flow),
            "discounted_flow": str(row.discounted_flow),
        }
        for row in result.rows
    ]
    spread = delta_value_percentiles(version, case.proposition.subsegment)
    scenarios: list[dict[str, Any]] = []
    if spread and spread["mean"] > 0:
        for name, key in RANGE:
            scale = Decimal(repr(spread[key] / spread["mean"])).quantize(Decimal("0.0001"))
            scenario = profitability(plan_of(case, scale=scale))
            scenarios.append(
                {
                    "name": name,
                    "percentile": key,
                    "scale": str(scale),
                    "total_incremental_profit": str(scenario.total_incremental_profit),
                    "npv": str(scenario.npv),
                    "target": _target(scenario, target, currency, period),
                }
            )
    committed = (
        result.rows[target.within - 1].cumulative_incremental_profit
        if target
        else result.total_incremental_profit
    )
    return {
        "currency": currency,
        "period": period,
        "version": version.number,
        "version_id": version.pk,
        "subsegment": case.proposition.subsegment,
        "rate_per_period": str(
            rate_per_period(Decimal(case.cost_of_capital) / 100, period).quantize(Decimal("1E-8"))
        ),
        "rows": rows,
        "investment": str(result.investment),
        "total_incremental_profit": str(result.total_incremental_profit),
        "total_running_cost": str(result.total_running_cost),
        "total_net_flow": str(result.total_net_flow),
        "npv": str(result.npv),
        "irr": _s(result.irr),
        "irr_annual": _s(annualised(result.irr, period)),
        "payback": _s(result.payback),
        "discounted_payback": _s(result.discounted_payback),
        "target": _target(result, target, currency, period),
        "range": scenarios,
        "commitment": str(committed),
        "range_draws": RANGE_DRAWS,
    }


def shown_figures(case: BusinessCase) -> dict[str, Any]:
    """The figures a case shows: as presented when frozen, else worked out now."""
    return case.figures if case.frozen and case.figures is not None else case_figures(case)
