"""The areas of Worth as the method orders them, and whether each is built yet.

One list drives the top navigation, the home page and the "not built yet" pages, so a new area is
switched on in one place and no link is ever dead.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Area:
    slug: str
    title: str
    summary: str
    #: URL name of the area's page once built; None while it is still to come.
    url_name: str | None = None
    #: What a user can already do elsewhere (usually the command line) while the page is to come.
    meanwhile: str = ""


AREAS: tuple[Area, ...] = (
    Area(
        "programs",
        "Programs & projects",
        "Pilot programs of 3-5 projects, each turning a business issue into customer value research "
        "with a team, a sponsor and a success target.",
        url_name="programs:list",
    ),
    Area(
        "models",
        "Value models",
        "Value elements against the next-best alternative, value word equations with their assumptions, "
        "customer data, and the analysis: means, spread, subsegments, sensitivity, drivers, prospects.",
        url_name="valuemodels:list",
    ),
    Area(
        "propositions",
        "Propositions & business cases",
        "A resonating value proposition (1-2 points of difference, perhaps a point of parity) and the "
        "business case for change: actions, resources, concerns, milestones, profitability.",
        url_name="propositions:list",
    ),
    Area(
        "calculators",
        "Calculators",
        "Value calculators salespeople run with a prospect, with an input worksheet for the data the "
        "customer must gather, live formulas in a spreadsheet, and the estimate saved as the promise.",
        url_name="realization:calculators",
    ),
    Area(
        "documenters",
        "Documenters",
        "Measures agreed with the customer and the results recorded after a suitable period: gray money "
        "turned green, value case histories, realized incremental profit.",
        url_name="realization:documenters",
    ),
    Area(
        "offerings",
        "Offerings",
        "Per subsegment, the naked solution every customer values and the well-chosen options only some "
        "value, priced from their value; the services around the offering and what to do with each.",
        url_name="offerings:index",
    ),
    Area(
        "pricing",
        "Pricing",
        "Value-based prices, discount policy tied to customer actions, the pocket price waterfall and "
        "band over real invoice data.",
        url_name="pricing:index",
    ),
)

AREAS_BY_SLUG = {area.slug: area for area in AREAS}
