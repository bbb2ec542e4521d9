"""Every HTML document Worth writes outside the web app is built here, by an escaping template engine.

Jinja2 with autoescaping on for every template: a name, a description, an assumption or a customer
written by a person is text and is escaped wherever it lands, whatever characters it holds. The only
markup that enters a page unescaped is what this module itself vouches for: chart SVG that passed
:func:`safe_svg`. Never build HTML with f-strings or ``+``: an element name in such a report once
ran script in an administrator's session.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from decimal import Decimal
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from worth.engine.finance.wording import money, percent
from worth.engine.model.display import format_money, format_percent, format_plain

__all__ = ["UnsafeSvgError", "environment", "render_template", "safe_svg"]


class UnsafeSvgError(ValueError):
    """A chart's SVG holds something that could run or load content; it is refused, never embedded."""


_SVG_NS = "{http://www.w3.org/2000/svg}"
#: Elements a chart may hold: shapes, text and their grouping and painting. No script, no
#: foreignObject (it can hold HTML), no use/image (they load other documents), no animation.
_SVG_ELEMENTS = frozenset(
    {
        "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text",
        "tspan", "title", "desc", "defs", "clipPath", "linearGradient", "radialGradient", "stop",
        "pattern", "mask", "style", "metadata",
    }
)  # fmt: skip


def safe_svg(svg: str) -> Markup:
    """Chart SVG as markup a template may embed, after checking it can do nothing but draw.

    The chart renderer escapes the text it draws, but a report is a document people forward: every
    element is checked against an allow-list and every attribute for event handlers and links.

    Raises
    ------
    UnsafeSvgError
        When the SVG is not well-formed or holds an element or attribute outside the allow-list.
    """
    start = svg.find("<svg")
    body = svg[start:] if start >= 0 else svg
    try:
        root = ET.fromstring(body)  # noqa: S314 - our own renderer's output; the checks follow
    except ET.ParseError as exc:
        raise UnsafeSvgError(f"the chart is not well-formed SVG: {exc}") from None
    for element in root.iter():
        tag = element.tag.removeprefix(_SVG_NS)
        if tag not in _SVG_ELEMENTS:
            raise UnsafeSvgError(f"the chart holds a <{tag}> element")
        for attribute, value in element.attrib.items():
            name = attribute.rsplit("}", 1)[-1].lower()
            if name.startswith("on") or name == "href" or "javascript:" in value.lower():
                raise UnsafeSvgError(f"the chart's <{tag}> has a {name} attribute")
        if tag == "style" and element.text and ("@import" in element.text or "url(" in element.text):
            raise UnsafeSvgError("the chart's style loads another document")
    return Markup(body)  # noqa: S704 - checked above, element by element


def _money(value: float, currency: str, *, sign: bool = False, decimals: int = 0) -> Markup:
    text = format_money(value, currency, sign=sign, decimals=decimals)
    if not math.isnan(value) and value < 0 and text.startswith("-"):
        return Markup('<span class="neg">{}</span>').format(text)
    return Markup("{}").format(text)


def _cents(value: object, currency: str) -> str:
    """An exact amount (a Decimal or its text) to the cent with its currency: ``USD 1,234.50``."""
    return money(Decimal(str(value)), currency)


def _share(value: object, decimals: int = 1) -> str:
    """A share kept as an exact decimal (``"0.0997"``) as a percentage: ``9.97%``."""
    return percent(Decimal(str(value)), decimals)


@cache
def environment() -> Environment:
    """The template environment (built once): autoescape always on, undefined names are errors."""
    env = Environment(
        loader=PackageLoader("worth.exports", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["money"] = _money
    env.filters["percent"] = format_percent
    env.filters["plain"] = format_plain
    env.filters["cents"] = _cents
    env.filters["share"] = _share
    return env


def render_template(name: str, **context: Any) -> str:
    """Render ``name`` from ``worth/exports/templates`` with ``context`` (every value escaped)."""
    return environment().get_template(name).render(**context)
