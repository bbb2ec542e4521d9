"""The customer's choice in one sentence: which offering leaves the customer better off, and by how much.

A customer manager does not read a delta value and a delta price and do the subtraction; they read "you
are $80,000 a year better off with us". The sentence comes from the fundamental inequality

    (Value_f - Price_f) > (Value_a - Price_a)   <=>   delta value > Price_f - Price_a,

so it needs only the value of ours over the alternative and the two prices. Price is never part of value:
it enters only on the right-hand side.

Value-to-price ratios (Value_f / Price_f against Value_a / Price_a) are what buyers and many sellers
compare, and they can point the other way: an alternative that returns more per unit of price can still
leave the customer with less money. The ratios need each offering's whole value, which research against
the next-best alternative does not measure; when a team states the alternative's value, the sentence adds
the ratios and, when they disagree with the inequality, says why the inequality decides (a customer
keeps money, not ratios).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Literal

from worth.engine.model.display import format_money, round_money

__all__ = ["Choice", "ChoiceVerdict", "customer_choice"]

ChoiceVerdict = Literal["ours", "alternative", "indifferent", "unknown"]


@dataclass(frozen=True)
class Choice:
    """Who the customer should choose, with the figures the sentence rests on.

    ``margin`` is ``delta_value - delta_price``: what the customer keeps by choosing ours rather than the
    alternative, per period (negative when the alternative leaves them better off). ``ratio_note`` is set
    only when the alternative's whole value is known.
    """

    who: str
    offering: str
    alternative: str
    currency: str
    period: str
    delta_value: float
    offering_price: float
    alternative_price: float
    alternative_value: float | None
    verdict: ChoiceVerdict
    sentence: str
    ratio_note: str | None

    @property
    def delta_price(self) -> float:
        return self.offering_price - self.alternative_price

    @property
    def margin(self) -> float:
        return self.delta_value - self.delta_price

    @property
    def ratios(self) -> tuple[float, float] | None:
        """(ours, the alternative's) value-to-price ratios, when the alternative's value is known."""
        if self.alternative_value is None or not self.offering_price or not self.alternative_price:
            return None
        ours = (self.alternative_value + self.delta_value) / self.offering_price
        return ours, self.alternative_value / self.alternative_price


def customer_choice(
    *,
    who: str,
    offering: str,
    alternative: str,
    delta_value: float,
    offering_price: float,
    alternative_price: float,
    currency: str,
    period: str,
    alternative_value: float | None = None,
) -> Choice:
    """Say in one sentence which offering the customer should choose and by how much.

    Parameters
    ----------
    who
        The customer the figures are for, as the sentence names it: "Hartmann Papier" or "A mill of
        Subsegment A (mean of 8)".
    offering, alternative
        Their names.
    delta_value
        The value of ours over the alternative per period (NaN when it cannot be computed).
    offering_price, alternative_price
        Per period, in the same currency.
    currency, period
        "USD" and "year": money shows its currency, and every amount is per period.
    alternative_value
        The alternative's whole value to the customer per period, when the team states it; only the
        value-to-price ratios need it.

    Returns
    -------
    Choice

    Examples
    --------
    >>> c = customer_choice(who="Mill 1", offering="Ours", alternative="Theirs", delta_value=500,
    ...     offering_price=800, alternative_price=350, currency="USD", period="year", alternative_value=500)
    >>> print(c.sentence)
    Mill 1 should choose Ours: its value over Theirs is $500 per year against a price premium of $450, \
so the customer is $50 per year better off with Ours (value minus price: $200 with Ours, $150 with Theirs).
    """

    def money(value: float) -> str:
        return format_money(value, currency)

    delta_price = offering_price - alternative_price
    margin = delta_value - delta_price
    if any(math.isnan(v) for v in (delta_value, offering_price, alternative_price)):
        missing = "its value over the alternative" if math.isnan(delta_value) else "a price"
        sentence = (
            f"Worth cannot say whether {who} should choose {offering} or {alternative}: "
            f"{missing} is not computable from the data."
        )
        return Choice(
            who,
            offering,
            alternative,
            currency,
            period,
            delta_value,
            offering_price,
            alternative_price,
            alternative_value,
            "unknown",
            sentence,
            None,
        )
    if round_money(delta_price) > 0:
        premium = f"a price premium of {money(delta_price)}"
    elif round_money(delta_price) < 0:
        premium = f"a price {money(-delta_price)} below that of {alternative}"
    else:
        premium = "the same price"
    keeps = ""
    if alternative_value is not None:
        ours_left = alternative_value + delta_value - offering_price
        theirs_left = alternative_value - alternative_price
        left = f"{money(ours_left)} with {offering}, {money(theirs_left)} with {alternative}"
        keeps = f" (value minus price: {left})"
    rounded = round_money(margin)
    verdict: ChoiceVerdict
    if rounded > 0:
        verdict = "ours"
        sentence = (
            f"{who} should choose {offering}: its value over {alternative} is {money(delta_value)} per "
            f"{period} against {premium}, so the customer is {money(margin)} per {period} better off with "
            f"{offering}{keeps}."
        )
    elif rounded < 0:
        verdict = "alternative"
        if round_money(delta_price) > 0:
            why = (
                f"the value {offering} adds ({money(delta_value)} per {period}) is less than its price "
                f"premium of {money(delta_price)}"
            )
        elif round_money(delta_price) < 0:
            why = (
                f"{offering} costs {money(-delta_price)} less but delivers {money(-delta_value)} less "
                f"value per {period}"
            )
        else:
            why = f"at the same price {offering} delivers {money(-delta_value)} less value per {period}"
        sentence = (
            f"{who} should keep {alternative}: {why}, so the customer would be {money(-margin)} per {period} "
            f"worse off with {offering}{keeps}. At a price of {money(alternative_price + delta_value)} or "
            f"less {offering} would be the better choice."
        )
    else:
        verdict = "indifferent"
        sentence = (
            f"{who} gains nothing either way: the value {offering} adds ({money(delta_value)} per {period}) "
            f"equals {premium if round_money(delta_price) > 0 else 'its price difference'}{keeps}."
        )
    choice = Choice(
        who,
        offering,
        alternative,
        currency,
        period,
        delta_value,
        offering_price,
        alternative_price,
        alternative_value,
        verdict,
        sentence,
        None,
    )
    return replace(choice, ratio_note=_ratio_note(choice))


def _ratio_note(choice: Choice) -> str | None:
    ratios = choice.ratios
    if ratios is None:
        return None
    ours, theirs = ratios
    said = f"{choice.offering} returns {ours:.2f} per unit of price, {choice.alternative} {theirs:.2f}"
    ratio_prefers_ours = ours > theirs
    if choice.verdict in ("ours", "alternative") and ratio_prefers_ours != (choice.verdict == "ours"):
        winner = choice.offering if choice.verdict == "ours" else choice.alternative
        return (
            f"The value-to-price ratios point the other way ({said}), but the customer keeps money, not "
            f"ratios: {winner} leaves {choice.who} more value after paying its price, so the inequality "
            f"decides."
        )
    return f"The value-to-price ratios agree ({said})."
