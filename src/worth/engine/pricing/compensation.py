"""Compensation on profitability: what each salesperson's business earns, and what two pay plans pay.

Paying salespeople on revenue rewards trading price for volume; the method (seed 001, section 6.3.1)
advises paying on the profitability of the accounts: the gross margin, less the sales expenses within
the salesperson's control and bad debt. From each salesperson's pocket revenue (what the supplier
keeps after every discount and allowance), their variable costs and their expenses, this works out
the contribution of their business and what a plan paying a share of revenue would pay against one
paying a share of that contribution. The variable cost follows the goods, not the price they were
sold at, so it is a share of the list-price revenue: a salesperson who gives more away keeps the
same costs on less revenue, and their margin shows it. Unless a margin rate is given, the margin
plan's rate is set so that both plans pay the same in total: who gains and who loses shows the price
given away.

Every figure is exact in :class:`~decimal.Decimal`; money is rounded to the cent only when shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from worth.engine.pricing.errors import PricingError
from worth.engine.pricing.money import Money, to_cents, to_decimal
from worth.engine.pricing.text import Cell, TextTable, money, percent, plain, text_table, unsigned_zero

__all__ = [
    "CompensationComparison",
    "SalesResult",
    "SalespersonPay",
    "compare_pay_plans",
    "pay_rows",
    "pay_table",
]


@dataclass(frozen=True)
class SalesResult:
    """One salesperson's invoice lines: list-price and pocket revenue, and how many lines."""

    salesperson: str
    list_revenue: Decimal
    pocket_revenue: Decimal
    lines: int


@dataclass(frozen=True)
class SalespersonPay:
    salesperson: str
    list_revenue: Decimal
    pocket_revenue: Decimal
    gross_margin: Decimal
    expenses: Decimal
    contribution: Decimal
    pay_on_revenue: Decimal
    pay_on_margin: Decimal

    @property
    def price_given_away(self) -> Decimal:
        """List-price revenue less pocket revenue: every discount, rebate and allowance granted."""
        return self.list_revenue - self.pocket_revenue

    @property
    def given_away_share(self) -> Decimal | None:
        return self.price_given_away / self.list_revenue if self.list_revenue else None

    @property
    def contribution_share(self) -> Decimal | None:
        """Contribution as a share of pocket revenue."""
        return self.contribution / self.pocket_revenue if self.pocket_revenue else None

    @property
    def difference(self) -> Decimal:
        """What the margin plan pays more (positive) or less than the revenue plan."""
        return self.pay_on_margin - self.pay_on_revenue


@dataclass(frozen=True)
class CompensationComparison:
    variable_cost_share: Decimal
    revenue_rate: Decimal
    margin_rate: Decimal
    budget_neutral: bool
    people: tuple[SalespersonPay, ...]

    @property
    def total_on_revenue(self) -> Decimal:
        return sum((p.pay_on_revenue for p in self.people), Decimal(0))

    @property
    def total_on_margin(self) -> Decimal:
        return sum((p.pay_on_margin for p in self.people), Decimal(0))


def _share(value: Money, field: str, *, below_one: bool = True) -> Decimal:
    number = to_decimal(value, field=field)
    if number < 0 or (below_one and number >= 1):
        raise PricingError(f"{field}: {value} must be a share from 0 up to (not including) 1")
    return number


def compare_pay_plans(
    results: Iterable[SalesResult],
    *,
    variable_cost_share: Money,
    revenue_rate: Money,
    margin_rate: Money | None = None,
    expenses: Mapping[str, Money] | None = None,
) -> CompensationComparison:
    """Each salesperson's contribution and pay under both plans, largest pocket revenue first.

    ``variable_cost_share`` is the variable cost as a share of list-price revenue; ``revenue_rate`` and
    ``margin_rate`` are shares of revenue and of contribution (a negative contribution pays nothing);
    ``expenses`` are each salesperson's sales expenses within their control and bad debt.

    Raises
    ------
    PricingError
        When a share is negative or 1 or more, an expense is negative or names nobody in the results.
    """
    vc = _share(variable_cost_share, "variable cost share")
    rate = _share(revenue_rate, "revenue rate")
    rows = sorted(results, key=lambda r: (-r.pocket_revenue, r.salesperson))
    names = {r.salesperson for r in rows}
    spent: dict[str, Decimal] = {}
    for name, amount in (expenses or {}).items():
        if name not in names:
            raise PricingError(f"expenses of {name!r}: no salesperson of that code in the invoice lines")
        value = to_decimal(amount, field=f"expenses of {name}")
        if value < 0:
            raise PricingError(f"expenses of {name}: {amount} is negative")
        spent[name] = value
    gross = {r.salesperson: r.pocket_revenue - r.list_revenue * vc for r in rows}
    margins = {name: g - spent.get(name, Decimal(0)) for name, g in gross.items()}
    on_revenue = {r.salesperson: r.pocket_revenue * rate for r in rows}
    if margin_rate is None:
        payable = sum((max(m, Decimal(0)) for m in margins.values()), Decimal(0))
        m_rate = sum(on_revenue.values(), Decimal(0)) / payable if payable else Decimal(0)
        neutral = True
    else:
        m_rate, neutral = _share(margin_rate, "margin rate"), False
    people = tuple(
        SalespersonPay(
            salesperson=r.salesperson,
            list_revenue=r.list_revenue,
            pocket_revenue=r.pocket_revenue,
            gross_margin=gross[r.salesperson],
            expenses=spent.get(r.salesperson, Decimal(0)),
            contribution=margins[r.salesperson],
            pay_on_revenue=on_revenue[r.salesperson],
            pay_on_margin=max(margins[r.salesperson], Decimal(0)) * m_rate,
        )
        for r in rows
    )
    return CompensationComparison(vc, rate, m_rate, neutral, people)


def pay_rows(found: CompensationComparison) -> list[dict[str, object]]:
    """One plain row per salesperson (money to the cent, shares in %), for JSON, CSV and the tables."""
    return [
        {
            "salesperson": p.salesperson,
            "list_revenue": to_cents(p.list_revenue),
            "pocket_revenue": to_cents(p.pocket_revenue),
            "given_away_pct": None if p.given_away_share is None else float(p.given_away_share * 100),
            "gross_margin": to_cents(p.gross_margin),
            "expenses": to_cents(p.expenses),
            "contribution": to_cents(p.contribution),
            "contribution_pct": None if p.contribution_share is None else float(p.contribution_share * 100),
            "pay_on_revenue": to_cents(p.pay_on_revenue),
            "pay_on_margin": to_cents(p.pay_on_margin),
            "difference": to_cents(p.difference),
        }
        for p in found.people
    ]


def pay_table(found: CompensationComparison, currency: str = "") -> TextTable:
    """The comparison as text: one row per salesperson."""
    unit = f" ({currency})" if currency else ""
    columns: list[tuple[str, Cell, bool]] = [
        ("salesperson", plain("salesperson"), False),
        (f"pocket revenue{unit}", money("pocket_revenue"), True),
        ("given away", percent("given_away_pct", " %", digits=1), True),
        (f"contribution{unit}", money("contribution"), True),
        ("of revenue", percent("contribution_pct", " %", digits=1), True),
        (f"pay on revenue{unit}", money("pay_on_revenue"), True),
        (f"pay on margin{unit}", money("pay_on_margin"), True),
        ("difference", lambda r: unsigned_zero(f"{r['difference']:+,}"), True),
    ]
    return text_table("Pay on revenue against pay on margin", pay_rows(found), columns)
