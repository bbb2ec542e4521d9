"""The profit levers of a price and cost structure, and the volume a price change must win or may lose.

Suppliers who sell on price cut it to win volume; the arithmetic of their own price and cost
structure says how much volume that cut must win back just to stand still. Operating profit is
``(price - variable cost) x units - fixed costs``. Moving one lever by the same share, the others
held, changes profit by

- price +1 %: ``0.01 x price x units`` (all of it falls to profit);
- volume +1 %: ``0.01 x (price - variable cost) x units`` (the contribution of the extra units);
- variable cost -1 %: ``0.01 x variable cost x units``;
- fixed costs -1 %: ``0.01 x fixed costs``.

Price is the strongest lever whenever the contribution margin is below 100 % (always), which is why a
price concession given without a change in the offering is so dear. To keep operating profit after a
price change of ``d`` (a share: -0.05 for a 5 % cut), volume must change by ``c / c' - 1`` where
``c = price - variable cost`` and ``c' = price x (1 + d) - variable cost``; with the contribution
margin ``m = c / price`` that is ``-d / (m + d)``: a 5 % cut at a 25 % margin needs 25 % more units.
A cut that takes price to or below the variable cost cannot be won back by any volume.

Every figure is exact in :class:`~decimal.Decimal` (money to the cent only when shown).

References
----------
Anderson, J. C., Kumar, N. and Narus, J. A. (2007). *Value Merchants*, ch. 7 ("Profit from value
provided": value-based pricing strategy, penetration and skimming).
Marn, M. V., Roegner, E. V. and Zawada, C. C. (2004). *The Price Advantage*, ch. 1 (the power of 1 %).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from worth.engine.pricing.errors import PricingError
from worth.engine.pricing.money import Money, to_cents, to_decimal
from worth.engine.pricing.text import Cell, TextTable, money, percent, plain, text_table, unsigned_zero

__all__ = [
    "KEEP_PROFIT_CHANGES",
    "Lever",
    "LeverAnalysis",
    "LeverKey",
    "PriceVolumeTradeOff",
    "ProfitStructure",
    "analyse_levers",
    "keep_profit_table",
    "lever_rows",
    "levers_table",
    "profit_levers",
    "structure_summary",
    "trade_off_rows",
    "trade_off_table",
    "volume_change_to_keep_profit",
]

LeverKey = Literal["price", "volume", "variable_cost", "fixed_cost"]

#: Price changes shown by default: cuts and rises of 1 to 20 %.
KEEP_PROFIT_CHANGES: tuple[Decimal, ...] = tuple(
    Decimal(p) / 100 for p in (-20, -15, -10, -5, -2, -1, 1, 2, 5, 10, 15, 20)
)

#: The largest lever step accepted: a step of 50 % is no longer a lever but a new business.
MAX_STEP = Decimal("0.5")


def _figure(value: Money, field: str, *, positive: bool = False) -> Decimal:
    number = to_decimal(value, field=field)
    if number < 0:
        raise PricingError(f"{field}: {value} is negative; give a magnitude")
    if positive and number == 0:
        raise PricingError(f"{field}: must be more than 0")
    return number


@dataclass(frozen=True)
class ProfitStructure:
    """A business (an offering, a segment, a product line) over one period: price and cost per unit,
    units sold, fixed costs of the period. Built through :meth:`of`, which checks every figure."""

    price: Decimal
    units: Decimal
    variable_cost: Decimal
    fixed_cost: Decimal

    @classmethod
    def of(
        cls, *, price: Money, units: Money, variable_cost: Money, fixed_cost: Money = 0
    ) -> ProfitStructure:
        """The structure, each figure checked and named when it is refused.

        Raises
        ------
        PricingError
            When a figure is not a finite number, is negative, or the price or units are 0.
        """
        return cls(
            price=_figure(price, "price", positive=True),
            units=_figure(units, "units", positive=True),
            variable_cost=_figure(variable_cost, "variable cost"),
            fixed_cost=_figure(fixed_cost, "fixed costs"),
        )

    @property
    def revenue(self) -> Decimal:
        return self.price * self.units

    @property
    def variable_costs(self) -> Decimal:
        return self.variable_cost * self.units

    @property
    def unit_contribution(self) -> Decimal:
        """What one more unit adds to profit: price less variable cost."""
        return self.price - self.variable_cost

    @property
    def contribution(self) -> Decimal:
        return self.unit_contribution * self.units

    @property
    def contribution_margin(self) -> Decimal:
        """Contribution as a share of revenue (negative when the variable cost exceeds the price)."""
        return self.unit_contribution / self.price

    @property
    def operating_profit(self) -> Decimal:
        return self.contribution - self.fixed_cost


@dataclass(frozen=True)
class Lever:
    """One lever moved by ``step`` (a share, signed: -0.01 is a 1 % cut), the others held."""

    key: LeverKey
    label: str
    step: Decimal
    profit_before: Decimal
    profit_after: Decimal

    @property
    def profit_change(self) -> Decimal:
        return self.profit_after - self.profit_before

    @property
    def profit_change_share(self) -> Decimal | None:
        """The change as a share of operating profit; ``None`` when there is no profit to compare with."""
        if self.profit_before <= 0:
            return None
        return self.profit_change / self.profit_before


def _step(step: Money) -> Decimal:
    value = _figure(step, "step", positive=True)
    if value > MAX_STEP:
        raise PricingError(f"step: {step} is more than {MAX_STEP} (50 %); a lever moves a little")
    return value


def profit_levers(structure: ProfitStructure, step: Money = Decimal("0.01")) -> tuple[Lever, ...]:
    """Each lever moved by ``step`` (0.01: price and volume up 1 %, variable and fixed cost down 1 %),
    strongest first.

    Raises
    ------
    PricingError
        When ``step`` is not more than 0 or is more than 0.5.
    """
    s = _step(step)
    p, q, v, f = structure.price, structure.units, structure.variable_cost, structure.fixed_cost
    before = structure.operating_profit

    def profit(price: Decimal, units: Decimal, variable: Decimal, fixed: Decimal) -> Decimal:
        return (price - variable) * units - fixed

    pct = f"{(s * 100).normalize():f} %"
    levers = (
        Lever("price", f"Price +{pct}", s, before, profit(p * (1 + s), q, v, f)),
        Lever("volume", f"Volume +{pct}", s, before, profit(p, q * (1 + s), v, f)),
        Lever("variable_cost", f"Variable cost −{pct}", -s, before, profit(p, q, v * (1 - s), f)),
        Lever("fixed_cost", f"Fixed costs −{pct}", -s, before, profit(p, q, v, f * (1 - s))),
    )
    order = {key: n for n, key in enumerate(("price", "volume", "variable_cost", "fixed_cost"))}
    return tuple(sorted(levers, key=lambda lever: (-lever.profit_change, order[lever.key])))


def volume_change_to_keep_profit(structure: ProfitStructure, price_change: Money) -> Decimal | None:
    """The change in units (a share) that keeps operating profit after a price change (a share).

    Negative for a rise (the volume that may be lost), positive for a cut (the volume it must win);
    ``None`` when the new price is at or below the variable cost, so no volume can keep the profit,
    or when the business makes no contribution to keep.

    Raises
    ------
    PricingError
        When the change is not a number or is a cut of 100 % or more.
    """
    d = to_decimal(price_change, field="price change")
    if d <= -1:
        raise PricingError(f"price change: {price_change} must be more than -1 (a cut of less than 100 %)")
    c = structure.unit_contribution
    c_new = structure.price * (1 + d) - structure.variable_cost
    if c <= 0 or c_new <= 0:
        return None
    return c / c_new - 1


@dataclass(frozen=True)
class PriceVolumeTradeOff:
    """A price change, the volume change that keeps profit, and the units that means."""

    price_change: Decimal
    volume_change: Decimal | None
    units_needed: Decimal | None


def keep_profit_table(
    structure: ProfitStructure, changes: Iterable[Money] = KEEP_PROFIT_CHANGES
) -> tuple[PriceVolumeTradeOff, ...]:
    """:func:`volume_change_to_keep_profit` for each price change, with the units it means."""
    rows = []
    for change in changes:
        volume = volume_change_to_keep_profit(structure, change)
        units = None if volume is None else structure.units * (1 + volume)
        rows.append(PriceVolumeTradeOff(to_decimal(change, field="price change"), volume, units))
    return tuple(rows)


@dataclass(frozen=True)
class LeverAnalysis:
    """Everything the levers page and ``worth pricing levers`` show for one structure."""

    structure: ProfitStructure
    levers: tuple[Lever, ...]
    trade_offs: tuple[PriceVolumeTradeOff, ...]

    @property
    def price_over_volume(self) -> Decimal | None:
        """How many times more 1 % on price earns than 1 % more volume (None without a contribution)."""
        found = {lever.key: lever.profit_change for lever in self.levers}
        if found["volume"] <= 0:
            return None
        return found["price"] / found["volume"]

    def summary(self) -> dict[str, object]:
        """The whole analysis as plain data (JSON)."""
        return {
            "structure": structure_summary(self.structure),
            "levers": lever_rows(self.levers),
            "keep_profit": trade_off_rows(self.trade_offs),
        }


def analyse_levers(
    structure: ProfitStructure,
    *,
    step: Money = Decimal("0.01"),
    changes: Iterable[Money] = KEEP_PROFIT_CHANGES,
) -> LeverAnalysis:
    """The levers moved by ``step`` and the volume that keeps profit after each price change.

    Raises
    ------
    PricingError
        When the step or a change is refused (see :func:`profit_levers`).
    """
    return LeverAnalysis(structure, profit_levers(structure, step), keep_profit_table(structure, changes))


def _pct(share: Decimal | None) -> float | None:
    return None if share is None else float(share * 100)


def lever_rows(levers: Iterable[Lever]) -> list[dict[str, object]]:
    """One plain row per lever (money to the cent, shares in %), for JSON, CSV and the tables."""
    return [
        {
            "lever": lever.label,
            "key": lever.key,
            "profit_before": to_cents(lever.profit_before),
            "profit_after": to_cents(lever.profit_after),
            "profit_change": to_cents(lever.profit_change),
            "profit_change_pct": _pct(lever.profit_change_share),
        }
        for lever in levers
    ]


def trade_off_rows(rows: Iterable[PriceVolumeTradeOff]) -> list[dict[str, object]]:
    """One plain row per price change: the volume change (in %) and the units that keep profit."""
    return [
        {
            "price_change_pct": float(row.price_change * 100),
            "volume_change_pct": _pct(row.volume_change),
            "units_needed": None if row.units_needed is None else float(row.units_needed),
        }
        for row in rows
    ]


def structure_summary(structure: ProfitStructure) -> dict[str, object]:
    """The structure's own figures, to the cent, and its margin in %."""
    return {
        "price": to_cents(structure.price),
        "units": float(structure.units),
        "variable_cost": to_cents(structure.variable_cost),
        "fixed_cost": to_cents(structure.fixed_cost),
        "revenue": to_cents(structure.revenue),
        "contribution": to_cents(structure.contribution),
        "contribution_margin_pct": float(structure.contribution_margin * 100),
        "operating_profit": to_cents(structure.operating_profit),
    }


def levers_table(levers: Iterable[Lever], currency: str = "") -> TextTable:
    """The levers as text: strongest first, the change in money and as a share of operating profit."""
    unit = f" ({currency})" if currency else ""
    columns: list[tuple[str, Cell, bool]] = [
        ("lever", plain("lever"), False),
        (f"operating profit after{unit}", money("profit_after"), True),
        (f"change{unit}", lambda r: unsigned_zero(f"{r['profit_change']:+,}"), True),
        ("change in profit", percent("profit_change_pct", " %", digits=1), True),
    ]
    return text_table("Profit levers (the others held)", lever_rows(levers), columns)


def trade_off_table(rows: Iterable[PriceVolumeTradeOff]) -> TextTable:
    """The price changes as text, with the volume change that keeps operating profit."""

    def volume(row: dict[str, object]) -> str:
        value = row["volume_change_pct"]
        return "no volume keeps the profit" if value is None else f"{float(value):+.1f} %"  # type: ignore[arg-type]

    def units(row: dict[str, object]) -> str:
        value = row["units_needed"]
        return "-" if value is None else f"{float(value):,.0f}"  # type: ignore[arg-type]

    columns: list[tuple[str, Cell, bool]] = [
        ("price change", lambda r: f"{r['price_change_pct']:+g} %", True),
        ("volume to keep profit", volume, True),
        ("units to keep profit", units, True),
    ]
    return text_table(
        "Volume that keeps operating profit after a price change", trade_off_rows(rows), columns
    )
