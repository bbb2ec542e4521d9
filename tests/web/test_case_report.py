"""A business case's project report as a page, a PDF and a slide deck: the same content in each, the
presented figures, the value summary of the version it rests on, and what the team wrote as text."""

from __future__ import annotations

import io
import re

import pypdfium2 as pdfium
import pytest
from django.urls import reverse
from pptx import Presentation

from tests.web.conftest import World
from tests.web.example_model import import_example
from tests.web.test_cases import FIELDS
from worth.apps.cases.models import BusinessCase
from worth.apps.propositions.services import start_proposition

STATEMENT = 'Fewer stops <script>alert("x")</script> & fewer bearings bought'
TARGET = (
    "The target of USD 100,000 incremental profit within 4 months is missed: USD 90,000.00 by "
    "month 4, USD 10,000.00 short; it is reached in month 5 of the plan."
)


@pytest.fixture
def case(world: World) -> BusinessCase:
    record = import_example(world)
    proposition = start_proposition(record, "Large integrated mills", world.analyst)
    proposition.statement = STATEMENT
    proposition.save()
    client = world.client_for(world.analyst)
    client.post(reverse("cases:new", args=[world.project.pk]), {**FIELDS, "proposition": proposition.pk})
    found = BusinessCase.objects.get()
    client.post(reverse("cases:present", args=[found.pk]), {"revision": found.revision})
    found.refresh_from_db()
    return found


def _get(world: World, case: BusinessCase, fmt: str):
    response = world.client_for(world.viewer).get(reverse("cases:report", args=[case.pk, fmt]))
    assert response.status_code == 200
    return response


def test_the_page_holds_the_proposition_the_case_and_the_model(world: World, case: BusinessCase) -> None:
    page = _get(world, case, "html").content.decode()
    assert "&lt;script&gt;alert" in page
    assert "<script>alert" not in page
    assert TARGET in page
    assert "Unplanned downtime savings" in page  # the value summary's equations
    assert f"sha256 {case.version.short_sha}" in page  # type: ignore[union-attr]
    assert "Offer it to the 40 large mills" in page


def test_the_pdf_says_the_same(world: World, case: BusinessCase) -> None:
    response = _get(world, case, "pdf")
    assert response["Content-Type"] == "application/pdf"
    document = pdfium.PdfDocument(response.content)
    text = re.sub(
        r"\s+", " ", " ".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    )
    assert TARGET in text
    assert STATEMENT in text
    assert "Unplanned downtime savings =" in text


def test_the_deck_opens_with_the_proposition_and_the_case(world: World, case: BusinessCase) -> None:
    response = _get(world, case, "pptx")
    assert "attachment" in response["Content-Disposition"]
    deck = Presentation(io.BytesIO(response.content))
    texts = " ".join(
        shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame
    )
    assert STATEMENT in texts
    assert TARGET in re.sub(r"\s+", " ", texts)
    charts = [shape.chart for slide in deck.slides for shape in slide.shapes if shape.has_chart]
    assert charts  # native charts, not pictures
    # The cumulative incremental profit as presented: 10,000, 30,000, 60,000, 90,000, 120,000, 150,000.
    series = [list(s.values) for chart in charts for plot in chart.plots for s in plot.series]
    assert [10000.0, 30000.0, 60000.0, 90000.0, 120000.0, 150000.0] in series


def test_an_unknown_format_is_404_and_strangers_find_nothing(world: World, case: BusinessCase) -> None:
    viewer = world.client_for(world.viewer)
    assert viewer.get(reverse("cases:report", args=[case.pk, "docx"])).status_code == 404
    outsider = world.client_for(world.outsider)
    assert outsider.get(reverse("cases:report", args=[case.pk, "pdf"])).status_code == 404
