"""A hostile copy of the demo model: every text a person can write carries a script payload.

Names are renamed consistently (equations, rules, classifications, observations and prices follow), so
the model still passes every check and every page that shows it has something to show. A page, report
or terminal that treats any of these texts as markup fails the tests that use it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "bearings-pulp-paper.yaml"

#: Runs script if it ever becomes markup: an element, an event handler and a broken-out attribute.
TEXT_PAYLOAD = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">\'"><b>bold</b>'
#: The same for names (one line, no brackets: equations put brackets around names).
NAME_PAYLOAD = "<img src=x onerror=window.__xss=3> &amp;"
#: Identifiers have no spaces.
ID_PAYLOAD = "<svg/onload=window.__xss=4>"

_TEXT_KEYS = {"description", "basis", "assumption", "reference", "method", "reliability", "note", "worth"}


def _text(value: str) -> str:
    return f"{value} {TEXT_PAYLOAD}"


def _rename(name: str) -> str:
    # In front: a name beginning with '<' once went unescaped into a report.
    return f"{NAME_PAYLOAD} {name}"


def _target(equation: str) -> str:
    return equation.split("=", 1)[0].strip().strip("[]")


def _rename_refs(text: str, names: dict[str, str]) -> str:
    def one(match: re.Match[str]) -> str:
        name = " ".join(match.group(1).split())
        return "[" + names.get(name, match.group(1)) + "]"

    return re.sub(r"\[([^\[\]]*)\]", one, text)


def _equation(text: str, names: dict[str, str]) -> str:
    right = text.split("=", 1)[1]
    return f"[{names[_target(text)]}] = {_rename_refs(right, names)}"


def _free_text(node: Any) -> Any:
    """Every free-text field of the tree, payload appended (names are handled apart)."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key in _TEXT_KEYS and isinstance(value, str):
                out[key] = _text(value)
            elif key == "assumptions" and isinstance(value, list):
                out[key] = [_text(v) for v in value]
            else:
                out[key] = _free_text(value)
        return out
    if isinstance(node, list):
        return [_free_text(item) for item in node]
    return node


def _names(data: dict[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    names: dict[str, str] = {}
    for group in ("subsegments", "characteristics", "drivers", "constants", "elements", "placeholders"):
        for item in data.get(group, []):
            names[item["name"]] = _rename(item["name"])
    for item in [*data["quantities"], *data["elements"]]:
        if item.get("equation"):
            names[_target(item["equation"])] = _rename(_target(item["equation"]))
    categories = {
        category: _rename(category)
        for characteristic in data["characteristics"]
        for category in characteristic.get("categories", [])
    }
    return names, categories


def _header(data: dict[str, Any], names: dict[str, str]) -> None:
    data["name"] = _text(data["name"])
    data["offering"]["name"] = _text(data["offering"]["name"])
    data["segment"]["name"] = _text(data["segment"]["name"])
    for price in [data["offering"]["price"], *(s["alternative"]["price"] for s in data["subsegments"])]:
        if price.get("per"):
            price["per"] = names[price["per"]]
    for sub in data["subsegments"]:
        sub["name"] = names[sub["name"]]
        sub["characteristics"] = _text(sub["characteristics"])
        sub["rule"] = _rename_refs(sub["rule"], names)
        sub["alternative"]["name"] = _text(sub["alternative"]["name"])


def _parts(data: dict[str, Any], names: dict[str, str], categories: dict[str, str]) -> None:
    for characteristic in data["characteristics"]:
        if "categories" in characteristic:
            characteristic["categories"] = [categories[c] for c in characteristic["categories"]]
    for group in ("characteristics", "drivers", "constants", "placeholders"):
        for item in data.get(group, []):
            item["name"] = names[item["name"]]
    for placeholder in data["placeholders"]:
        placeholder["proxy"]["description"] = _text(placeholder["proxy"]["description"])
    for quantity in data["quantities"]:
        quantity["equation"] = _equation(quantity["equation"], names)
    for element in data["elements"]:
        element["name"] = names[element["name"]]
        element["classification"] = {names[k]: v for k, v in element["classification"].items()}
        if element.get("equation"):
            element["equation"] = _equation(element["equation"], names)


def _customers(data: dict[str, Any], names: dict[str, str], categories: dict[str, str]) -> None:
    for customer in data["customers"]:
        customer["id"] = f"{customer['id']}{ID_PAYLOAD}"
        customer["name"] = _text(customer["name"])
        if customer.get("subsegment"):
            customer["subsegment"] = names[customer["subsegment"]]
        if customer.get("salesperson"):
            customer["salesperson"] = _text(customer["salesperson"])
        customer["characteristics"] = {
            names[k]: categories.get(v, v) if isinstance(v, str) else v
            for k, v in customer.get("characteristics", {}).items()
        }
        if "observations" in customer:
            customer["observations"] = {names[k]: v for k, v in customer["observations"].items()}


def hostile_model_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    names, categories = _names(data)
    data = _free_text(data)
    _header(data, names)
    _parts(data, names, categories)
    _customers(data, names, categories)
    return data


def hostile_model_text() -> str:
    return yaml.safe_dump(hostile_model_data(), sort_keys=False, allow_unicode=True, width=1000)
