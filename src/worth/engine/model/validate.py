"""Checks that relate one part of a value model to another, each reported with its path.

The schema checks each field alone; here the model is checked as a whole: names unique where equations
or tables need them to be, every subsegment classified, customers in known subsegments and consistent
with the subsegment rules, observations for known drivers, prices based on known characteristics, and
every word equation parsed and checked (names, units, cycles) as one system. All problems are
collected, so one run lists everything to fix.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter, ValidationError

from worth.engine.equations import EquationError, parse_equation
from worth.engine.model.compiled import EquationParts, compile_issues, equation_issues
from worth.engine.model.errors import Issue, Path
from worth.engine.model.rules import Rule, RuleError, parse_rule, rule_subsegments
from worth.engine.model.schema import (
    PERIOD_WORDS,
    Characteristic,
    Constant,
    Customer,
    Driver,
    IntermediateQuantity,
    Price,
    ValueModel,
)

__all__ = [
    "customer_subsegment",
    "equation_issues_from_data",
    "equation_syntax_issues",
    "subsegment_rules",
    "validate_model",
]

QUANTIFIED = ("point-of-difference", "point-of-contention")


def _suggest(word: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def equation_issue(error: EquationError, path: Path, text: str | None = None) -> Issue:
    """An equation error as an issue at ``path``, keeping the character offset when it fits ``text``."""
    message = error.message
    if error.expected:
        message += f" (expected {' or '.join(error.expected)})"
    if error.suggestions and "did you mean" not in message:
        message += f"; did you mean {', '.join(f'[{s}]' for s in error.suggestions[:3])}?"
    offset = error.position if (text is None or error.text == text) else None
    return Issue(path, message, offset=offset)


def equation_syntax_issues(data: dict[str, Any]) -> list[Issue]:
    """Syntax errors of the equations in raw data, so they are reported even when the structure is not."""
    issues: list[Issue] = []
    for section in ("elements", "quantities"):
        items = data.get(section)
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            text = item.get("equation") if isinstance(item, dict) else None
            if isinstance(text, str) and text.strip():
                try:
                    parse_equation(text.strip())
                except EquationError as error:
                    issues.append(equation_issue(error, (section, index, "equation"), text.strip()))
    return issues


def equation_issues_from_data(data: dict[str, Any]) -> list[Issue]:
    """Every equation problem (names, cycles, units too) in a model whose structure has other errors.

    The equations are checked as a system when the drivers, constants, quantities, currency and period
    are valid on their own; otherwise only their syntax can be checked.
    """
    currency, period = data.get("currency"), data.get("period", "yr")
    if not (isinstance(currency, str) and re.fullmatch(r"[A-Z]{3}", currency)) or period not in PERIOD_WORDS:
        return equation_syntax_issues(data)
    try:
        drivers = TypeAdapter(list[Driver]).validate_python(data.get("drivers", []))
        constants = TypeAdapter(list[Constant]).validate_python(data.get("constants", []))
        quantities = TypeAdapter(list[IntermediateQuantity]).validate_python(data.get("quantities", []))
    except ValidationError:
        return equation_syntax_issues(data)
    items = data.get("elements")
    elements: list[tuple[str, str | None]] = []
    for index, raw in enumerate(items if isinstance(items, list) else []):
        item = raw if isinstance(raw, dict) else {}
        name, text = item.get("name"), item.get("equation")
        elements.append(
            (
                name if isinstance(name, str) else f"element {index + 1}",
                text.strip() if isinstance(text, str) and text.strip() else None,
            )
        )
    parts = EquationParts(drivers, constants, quantities, elements, currency, str(period))
    return equation_issues(parts)[2]


def subsegment_rules(model: ValueModel) -> dict[str, Rule]:
    """The parsed rules of the subsegments that state one (rules that do not parse are left out)."""
    rules: dict[str, Rule] = {}
    for sub in model.subsegments:
        if sub.rule:
            try:
                rules[sub.name] = parse_rule(sub.rule)
            except RuleError:
                continue
    return rules


def customer_subsegment(
    model: ValueModel, customer: Customer, rules: dict[str, Rule] | None = None
) -> str | None:
    """The customer's subsegment: as assigned, else the one subsegment whose rule it satisfies.

    A model of one subsegment without a rule studies a whole segment: every customer is in it.
    """
    if customer.subsegment is not None:
        return customer.subsegment
    if len(model.subsegments) == 1 and not model.subsegments[0].rule:
        return model.subsegments[0].name
    matches = rule_subsegments(
        rules if rules is not None else subsegment_rules(model), customer.characteristics
    )
    return matches[0] if len(matches) == 1 else None


def validate_model(model: ValueModel) -> list[Issue]:
    """Every problem that relates parts of ``model`` to each other, with paths (no lines: see ``io``).

    Parameters
    ----------
    model
        A structurally valid model.

    Returns
    -------
    list of Issue
        Empty when the model can be analysed.
    """
    issues: list[Issue] = []
    issues += _unique_names(model)
    issues += _prices(model)
    issues += _rules(model)
    issues += _elements(model)
    issues += _placeholders(model)
    issues += _customers(model)
    issues += compile_issues(model)[1]
    return issues


def _duplicates(names: Sequence[str], section: str, what: str, seen: dict[str, str]) -> list[Issue]:
    issues = []
    for index, name in enumerate(names):
        key = name.casefold()
        if key in seen:
            issues.append(
                Issue((section, index, "name" if what != "id" else "id"), f"{name!r} is already {seen[key]}")
            )
        else:
            seen[key] = f"the name of {section}[{index}]" if what != "id" else f"the id of {section}[{index}]"
    return issues


def _unique_names(model: ValueModel) -> list[Issue]:
    issues = _duplicates([s.name for s in model.subsegments], "subsegments", "name", {})
    issues += _duplicates([c.name for c in model.characteristics], "characteristics", "name", {})
    issues += _duplicates([c.id for c in model.customers], "customers", "id", {})
    # Drivers, constants and quantities share the names equations read; elements and placeholders the
    # names tables show.
    shared: dict[str, str] = {}
    issues += _duplicates([d.name for d in model.drivers], "drivers", "name", shared)
    issues += _duplicates([c.name for c in model.constants], "constants", "name", shared)
    listed: dict[str, str] = {}
    issues += _duplicates([e.name for e in model.elements], "elements", "name", listed)
    issues += _duplicates([p.name for p in model.placeholders], "placeholders", "name", listed)
    return issues


def _price_issues(price: Price, path: Path, model: ValueModel) -> list[Issue]:
    if price.per is None:
        return []
    kinds = {c.name: c.kind for c in model.characteristics}
    if price.per not in kinds:
        hint = _suggest(price.per, kinds)
        return [Issue((*path, "per"), f"{price.per!r} is not a customer characteristic{hint}")]
    if kinds[price.per] != "numeric":
        return [
            Issue(
                (*path, "per"),
                f"a price can only be per a numeric characteristic; {price.per!r} is categorical",
            )
        ]
    return []


def _prices(model: ValueModel) -> list[Issue]:
    issues = _price_issues(model.offering.price, ("offering", "price"), model)
    for index, sub in enumerate(model.subsegments):
        issues += _price_issues(sub.alternative.price, ("subsegments", index, "alternative", "price"), model)
    return issues


def _rules(model: ValueModel) -> list[Issue]:
    kinds = {c.name: c.kind for c in model.characteristics}
    issues: list[Issue] = []
    for index, sub in enumerate(model.subsegments):
        if not sub.rule:
            continue
        path: Path = ("subsegments", index, "rule")
        try:
            rule = parse_rule(sub.rule)
        except RuleError as error:
            issues.append(Issue(path, error.message, offset=error.position))
            continue
        for comparison in rule.comparisons:
            offset = sub.rule.find(f"[{comparison.name}")
            if comparison.name not in kinds:
                hint = _suggest(comparison.name, kinds)
                issues.append(
                    Issue(path, f"[{comparison.name}] is not a customer characteristic{hint}", offset=offset)
                )
            elif (kinds[comparison.name] == "numeric") != isinstance(comparison.value, float):
                want = "a number" if kinds[comparison.name] == "numeric" else "a quoted text"
                issues.append(
                    Issue(
                        path,
                        f"[{comparison.name}] is {kinds[comparison.name]}: compare it with {want}",
                        offset=offset,
                    )
                )
    return issues


def _elements(model: ValueModel) -> list[Issue]:
    subsegments = [s.name for s in model.subsegments]
    issues: list[Issue] = []
    for index, element in enumerate(model.elements):
        path: Path = ("elements", index)
        for name in element.classification:
            if name not in subsegments:
                message = f"{name!r} is not a subsegment{_suggest(name, subsegments)}"
                issues.append(Issue((*path, "classification", name), message))
        missing = [name for name in subsegments if name not in element.classification]
        if missing:
            issues.append(
                Issue((*path, "classification"), f"no classification for {', '.join(map(repr, missing))}")
            )
        quantified = [n for n, c in element.classification.items() if c.as_ in QUANTIFIED]
        if quantified and not element.equation:
            kind = element.classification[quantified[0]].as_.replace("-", " ")
            message = f"a {kind} needs a value word equation (or list it as a placeholder)"
            issues.append(Issue(path, message))
    return issues


def _placeholders(model: ValueModel) -> list[Issue]:
    return [
        Issue(("placeholders", index, "proxy", "estimate"), "a proxy estimate cannot be negative")
        for index, item in enumerate(model.placeholders)
        if item.proxy is not None and item.proxy.estimate is not None and item.proxy.estimate < 0
    ]


@dataclass(frozen=True)
class _Known:
    """What every customer is checked against, worked out once for all of them."""

    rules: dict[str, Rule]
    subsegments: list[str]
    drivers: list[str]
    driver_set: frozenset[str]
    characteristics: dict[str, Characteristic]
    price_bases: frozenset[str]


def _customers(model: ValueModel) -> list[Issue]:
    issues: list[Issue] = []
    drivers = [d.name for d in model.drivers]
    known = _Known(
        rules=subsegment_rules(model),
        subsegments=[s.name for s in model.subsegments],
        drivers=drivers,
        driver_set=frozenset(drivers),
        characteristics={c.name: c for c in model.characteristics},
        price_bases=frozenset(
            per
            for per in (model.offering.price.per, *(s.alternative.price.per for s in model.subsegments))
            if per is not None
        ),
    )
    for index, customer in enumerate(model.customers):
        issues += _customer(model, customer, ("customers", index), known)
    return issues


def _customer(model: ValueModel, customer: Customer, path: Path, known: _Known) -> list[Issue]:
    issues = _customer_characteristics(customer, path, known.characteristics)
    rules, subsegments = known.rules, known.subsegments
    if customer.subsegment is not None:
        if customer.subsegment not in subsegments:
            hint = _suggest(customer.subsegment, subsegments)
            issues.append(Issue((*path, "subsegment"), f"{customer.subsegment!r} is not a subsegment{hint}"))
        elif (
            customer.subsegment in rules
            and rules[customer.subsegment].matches(customer.characteristics) is False
        ):
            rule = rules[customer.subsegment].text
            issues.append(Issue((*path, "subsegment"), f"the characteristics do not meet its rule {rule!r}"))
    else:
        matches = rule_subsegments(rules, customer.characteristics)
        if len(matches) != 1 and customer_subsegment(model, customer, rules) is None:
            why = "no subsegment rule matches" if not matches else f"the rules of {matches} all match"
            issues.append(
                Issue(path, f"no subsegment given and {why}: add 'subsegment' or the characteristics")
            )
    if not known.driver_set.issuperset(customer.observations):
        for name in customer.observations:
            if name not in known.driver_set:
                message = f"{name!r} is not a driver{_suggest(name, known.drivers)}"
                issues.append(Issue((*path, "observations", name), message))
    for per in sorted(known.price_bases - customer.characteristics.keys()):
        issues.append(Issue((*path, "characteristics"), f"missing {per!r}, which the prices are based on"))
    return issues


def _customer_characteristics(
    customer: Customer, path: Path, known: dict[str, Characteristic]
) -> list[Issue]:
    issues: list[Issue] = []
    for name, value in customer.characteristics.items():
        where: Path = (*path, "characteristics", name)
        definition = known.get(name)
        if definition is None:
            issues.append(Issue(where, f"{name!r} is not a defined characteristic{_suggest(name, known)}"))
        elif definition.kind == "numeric" and isinstance(value, str):
            issues.append(Issue(where, f"{name!r} is numeric; got the text {value!r}"))
        elif definition.kind == "categorical":
            if not isinstance(value, str):
                issues.append(
                    Issue(where, f"{name!r} is categorical; write the value as text (got {value!r})")
                )
            elif definition.categories is not None and value not in definition.categories:
                issues.append(Issue(where, f"{value!r} is not one of {definition.categories}"))
    return issues
