"""The profitability of a business case for change, period by period, and whether it meets its target.

A supplier asks its senior management to invest in a change (a new offering, a value-selling
programme) aimed at a set of customers. The case rests on three assumptions the team states and
management can challenge one by one: the incremental profit per period if every targeted customer
adopted, the share that will have adopted in each period, and what the change costs (an investment
now and a running cost each period). This module turns them into the rows a reader checks by hand,
the NPV, IRR and payback of the net flows, and the answer to a success definition such as
"$1M incremental profit within 12 months".

Every money figure is rounded to the cent once, where it is shown: a row's incremental profit is
``profit_at_full_adoption × adoption`` rounded, and the totals add up the rounded rows, so the
figures on the page add up. The NPV discounts those rounded net flows exactly and is rounded once;
the rows' discounted flows are each rounded for display, so their sum can differ from the NPV by a
few cents.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, NamedTuple

from worth.engine.finance.discounting import (
    discounted,
    discounted_payback,
    irr,
    npv,
    payback,
    read_number,
    read_rate,
    shown,
    to_cents,
)
from worth.engine.finance.errors import FinanceError
from worth.engine.pricing.money import Money

#: What a target counts: the incremental profit alone ("$1M incremental profit") or the net flow,
#: that is the profit less the running cost and the investment ("pays back $1M").
Basis = Literal["profit", "net"]

#: The longest plan (fifty years of months): a longer one is a typing slip, not a business case.
MAX_PERIODS = 600


class _Plan(NamedTuple):
    periods: int
    profit_at_full_adoption: Decimal
    adoption: tuple[Decimal, ...]
    investment: Decimal
    running_cost: Decimal
    discount_rate: Decimal


def _whole_number(value: object, *, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise FinanceError(f"{field}: {shown(value)} is not a whole number of periods")
    if int(value) < 1:
        raise FinanceError(f"{field}: {shown(value)} is not at least 1")
    return int(value)


def _non_negative(value: object, *, field: str) -> Decimal:
    number = read_number(value, field=field)
    if number < 0:
        raise FinanceError(f"{field}: {shown(value)} is negative")
    return number


def _read_adoption(adoption: object, periods: int) -> tuple[Decimal, ...]:
    if isinstance(adoption, str | bytes) or not isinstance(adoption, Iterable):
        raise FinanceError(f"adoption: {adoption!r} is not one share per period")
    given = tuple(adoption)
    if len(given) != periods:
        raise FinanceError(f"adoption: {len(given)} values for {periods} periods")
    shares: list[Decimal] = []
    for period, value in enumerate(given, start=1):
        share = read_number(value, field=f"adoption in period {period}")
        if not 0 <= share <= 1:
            raise FinanceError(
                f"adoption in period {period}: {shown(value)} is not a share between 0 % and 100 %"
            )
        shares.append(share)
    return tuple(shares)


def _read_plan(plan: ProfitabilityPlan) -> _Plan:
    periods = _whole_number(plan.periods, field="periods")
    if periods > MAX_PERIODS:
        raise FinanceError(f"periods: {periods} is more than {MAX_PERIODS}")
    return _Plan(
        periods=periods,
        profit_at_full_adoption=read_number(plan.profit_at_full_adoption, field="profit at full adoption"),
        adoption=_read_adoption(plan.adoption, periods),
        investment=to_cents(_non_negative(plan.investment, field="investment")),
        running_cost=to_cents(_non_negative(plan.running_cost, field="running cost")),
        discount_rate=read_rate(plan.discount_rate, field="discount rate"),
    )


@dataclass(frozen=True)
class ProfitabilityPlan:
    """The assumptions of a business case, all per period (a month, a quarter: the same throughout).

    Checked when made, so a plan that exists can be worked out; the error names the field and the
    value as given.

    Attributes
    ----------
    periods
        How many periods the case covers (1 to :data:`MAX_PERIODS`).
    profit_at_full_adoption
        Incremental profit per period if every targeted customer adopted the change.
    adoption
        The share of the targeted customers who have adopted in each period, one per period, each
        between 0 and 1 (0.25 is 25 %).
    investment
        Spent at time 0, before period 1; zero or more.
    discount_rate
        The cost of capital per period (0.01 is 1 % a period), above -100 %.
    running_cost
        Spent in each period on top of the investment (a team, licences); zero or more.
    """

    periods: int
    profit_at_full_adoption: Money
    adoption: Sequence[Money]
    investment: Money
    discount_rate: Money
    running_cost: Money = 0

    def __post_init__(self) -> None:
        _read_plan(self)
        object.__setattr__(self, "adoption", tuple(self.adoption))  # frozen all the way down


@dataclass(frozen=True)
class PeriodRow:
    """One period of the plan, every money figure rounded to the cent."""

    period: int
    adoption: Decimal
    incremental_profit: Decimal
    cumulative_incremental_profit: Decimal
    running_cost: Decimal
    net_flow: Decimal
    cumulative_net_flow: Decimal  # after the investment
    discounted_flow: Decimal


@dataclass(frozen=True)
class TargetResult:
    """Whether the cumulative amount reached the target by the end of period ``within``.

    Attributes
    ----------
    reached
        The target was reached in one of the periods 1 to ``within``.
    period
        The first period (counted from 1) whose cumulative amount reaches the target, if it is no
        later than ``within``; else None.
    period_in_plan
        The first such period anywhere in the plan, which tells how late a missed target comes in
        (None when the plan never reaches it).
    amount
        The cumulative amount at the end of period ``within``.
    shortfall
        What ``amount`` lacks of the target (0.00 when reached).
    """

    target: Decimal
    within: int
    basis: Basis
    reached: bool
    period: int | None
    period_in_plan: int | None
    amount: Decimal
    shortfall: Decimal


@dataclass(frozen=True)
class Profitability:
    """A business case worked out: the rows, the totals and the measures of the net cash flows.

    ``flows`` are the net cash flows from time 0 (minus the investment) to the last period, the
    series that ``npv``, ``irr``, ``payback`` and ``discounted_payback`` are of (see
    :mod:`worth.engine.finance.discounting` for their conventions).
    """

    periods: int
    investment: Decimal
    discount_rate: Decimal
    rows: tuple[PeriodRow, ...]
    flows: tuple[Decimal, ...]
    total_incremental_profit: Decimal
    total_running_cost: Decimal
    total_net_flow: Decimal  # after the investment
    npv: Decimal
    irr: Decimal | None
    payback: Decimal | None
    discounted_payback: Decimal | None

    def target_reached(self, target: Money, within: int, basis: Basis = "profit") -> TargetResult:
        """Whether the cumulative amount reaches ``target`` within the first ``within`` periods.

        A success definition such as "$1M incremental profit within 12 months" counts incremental
        profit, before the investment and the running cost: the default ``basis="profit"`` follows
        it, so the case is judged by what it promised. ``basis="net"`` counts the cumulative net
        flow instead (after the investment and the running cost), for a target stated as money
        returned.

        Parameters
        ----------
        target
            The amount to reach, above zero; rounded to the cent.
        within
            The number of periods, counted from period 1, at most the plan's length.
        basis
            ``"profit"`` or ``"net"``.

        Raises
        ------
        FinanceError
            A target that is not a positive amount, a ``within`` outside 1 to the plan's periods or
            an unknown basis.
        """
        goal = read_number(target, field="target")
        if goal <= 0:
            raise FinanceError(f"target: {shown(target)} is not above 0")
        goal = to_cents(goal)
        periods = _whole_number(within, field="within")
        if periods > self.periods:
            raise FinanceError(f"within: {periods} is beyond the plan's {self.periods} periods")
        if basis == "profit":
            cumulative = [row.cumulative_incremental_profit for row in self.rows]
        elif basis == "net":
            cumulative = [row.cumulative_net_flow for row in self.rows]
        else:
            raise FinanceError(f"basis: {basis!r} is not 'profit' or 'net'")
        first = next((i for i, amount in enumerate(cumulative, start=1) if amount >= goal), None)
        amount = cumulative[periods - 1]
        reached = first is not None and first <= periods
        return TargetResult(
            target=goal,
            within=periods,
            basis=basis,
            reached=reached,
            period=first if reached else None,
            period_in_plan=first,
            amount=amount,
            shortfall=max(goal - amount, Decimal("0.00")),
        )


def profitability(plan: ProfitabilityPlan) -> Profitability:
    """Work out a business case: a row per period, the totals, NPV, IRR and payback of the net flows.

    Parameters
    ----------
    plan
        The assumptions; see :class:`ProfitabilityPlan`.

    Returns
    -------
    Profitability
        Row ``t`` (from 1): adoption, incremental profit = profit at full adoption × adoption (to
        the cent), the running cost, net flow = incremental profit - running cost, the cumulative
        net flow after the investment and the net flow discounted by ``(1 + rate) ** t``. The
        measures are of the series ``-investment, net flow 1, ..., net flow n``.

    Examples
    --------
    A 6-month case: 100,000 a month at full adoption, adoption ramping up, 150,000 invested, 5,000 a
    month to run, 1 % a month cost of capital.

    >>> case = profitability(ProfitabilityPlan(
    ...     periods=6, profit_at_full_adoption=100_000, adoption=[0.1, 0.2, 0.4, 0.6, 0.8, 0.9],
    ...     investment=150_000, discount_rate="0.01", running_cost=5_000))
    >>> [str(row.net_flow) for row in case.rows]
    ['5000.00', '15000.00', '35000.00', '55000.00', '75000.00', '85000.00']
    >>> case.total_incremental_profit, case.npv, case.payback
    (Decimal('300000.00'), Decimal('107913.28'), Decimal('4.54'))
    >>> result = case.target_reached(250_000, within=6)
    >>> result.reached, result.period, result.amount
    (True, 6, Decimal('300000.00'))
    """
    read = _read_plan(plan)
    profits = [to_cents(read.profit_at_full_adoption * share) for share in read.adoption]
    flows = (to_cents(-read.investment), *(profit - read.running_cost for profit in profits))
    present = discounted(read.discount_rate, flows)
    rows: list[PeriodRow] = []
    cumulative_profit = Decimal("0.00")
    cumulative_net = flows[0]
    for period, (share, profit) in enumerate(zip(read.adoption, profits, strict=True), start=1):
        cumulative_profit += profit
        cumulative_net += flows[period]
        rows.append(
            PeriodRow(
                period=period,
                adoption=share,
                incremental_profit=profit,
                cumulative_incremental_profit=cumulative_profit,
                running_cost=read.running_cost,
                net_flow=flows[period],
                cumulative_net_flow=cumulative_net,
                discounted_flow=to_cents(present[period]),
            )
        )
    return Profitability(
        periods=read.periods,
        investment=read.investment,
        discount_rate=read.discount_rate,
        rows=tuple(rows),
        flows=flows,
        total_incremental_profit=cumulative_profit,
        total_running_cost=read.running_cost * read.periods,
        total_net_flow=cumulative_net,
        npv=npv(read.discount_rate, flows),
        irr=irr(flows),
        payback=payback(flows),
        discounted_payback=discounted_payback(read.discount_rate, flows),
    )
