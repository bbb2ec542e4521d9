"""The slide deck: slides in order, native charts that carry the analysis's numbers, text kept as text."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from lxml import etree
from numpy.testing import assert_allclose
from pptx import Presentation
from pptx.chart.chart import Chart
from pptx.enum.chart import XL_CHART_TYPE
from pptx.slide import Slide
from pptx.util import Inches

from worth.engine.model import load_model
from worth.engine.model.analysis import ModelAnalysis, analyse_model
from worth.engine.model.summary import value_summary
from worth.exports.deck import CaseSlide, ProjectDeck, PropositionSlide, model_deck, project_deck

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bearings-pulp-paper.yaml"
LARGE, SMALL = "Large integrated mills", "Small and mid-size mills"
HOSTILE = "<script>&\x0b\x1b[31m"

MODEL_TITLES = [
    f"The value model: {LARGE}",
    f"The value model: {SMALL}",
    "Delta value against the price premium",
    "Value placeholders",
    "Key assumptions",
]


@pytest.fixture(scope="module")
def analysis() -> ModelAnalysis:
    return analyse_model(load_model(EXAMPLE))


def cumulative() -> list[tuple[int, float, float]]:
    rows, profit = [], 0.0
    for period in range(1, 25):
        profit += 30_000.0 * min(1.0, period / 6)
        rows.append((period, profit, profit - 250_000.0 - 4_000.0 * period))
    return rows


def a_case(**changes: object) -> CaseSlide:
    case = CaseSlide(
        title="Reliability program for integrated mills",
        status="Presented, awaiting the decision",
        currency="USD",
        period="month",
        target_sentence="Target: USD 400,000 cumulative incremental profit in 24 months: met in month 16.",
        npv="943413.67",
        irr="0.0997171473",
        payback="10.89",
        cumulative=cumulative(),
        range=[
            ("conservative", 610_000.25, 420_000.5),
            ("expected", 925_000.0, 943_413.67),
            ("optimistic", 1_240_000.0, 1_310_000.0),
        ],
        actions=["Offer the program to the 12 large integrated mills first."],
        resources=["Two application engineers for six months"],
        concerns=["Will customers believe the downtime figures? Each comes from the mill's own stop log."],
    )
    return replace(case, **changes)  # type: ignore[arg-type]


def a_proposition(analysis: ModelAnalysis, **changes: object) -> PropositionSlide:
    means = {name: e.by_subsegment[LARGE].mean for name, e in analysis.elements.items()}
    item = PropositionSlide(
        subsegment=LARGE,
        alternative="Competitor standard bearings, run to failure",
        statement="Monitored bearings turn your unplanned stops into planned replacements.",
        focus=[
            ("Unplanned downtime", "difference", means["Unplanned downtime"]),
            ("Delivery lead time", "parity", None),
            ("Sensor installation time", "addressed", means["Sensor installation time"]),
        ],
        choice=value_summary(analysis).subsegments[0].choice.sentence,
        warnings=["benefit assertion (Energy): Energy is contested in this subsegment."],
    )
    return replace(item, **changes)  # type: ignore[arg-type]


def full_deck(analysis: ModelAnalysis, **changes: object) -> ProjectDeck:
    deck = ProjectDeck(
        title="Reliability program for pulp and paper mills",
        analysis=analysis,
        version="v2 · sha256 3f9a1c0b2e",
        business_issue="Large mills buy our bearings at competitors' prices.",
        decision="Whether to launch the reliability program at a premium price.",
        research=["16 mills in the research, 14 met", "42 interviews"],
        proposition=a_proposition(analysis),
        case=a_case(),
    )
    return replace(deck, **changes)  # type: ignore[arg-type]


def slides_of(data: bytes) -> list[Slide]:
    return list(Presentation(io.BytesIO(data)).slides)


def title_of(slide: Slide) -> str:
    assert slide.shapes.title is not None
    return slide.shapes.title.text_frame.text


def words_of(slide: Slide) -> str:
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def charts_of(slide: Slide) -> list[Chart]:
    return [shape.chart for shape in slide.shapes if shape.has_chart]


def slide_titled(slides: list[Slide], title: str) -> Slide:
    return next(s for s in slides if title_of(s) == title)


def test_it_puts_the_slides_in_the_method_s_order(analysis):
    slides = slides_of(project_deck(full_deck(analysis)))
    assert [title_of(s) for s in slides] == [
        "Reliability program for pulp and paper mills",
        "The issue and the decision",
        "The research",
        *MODEL_TITLES,
        "The value proposition",
        "The business case: Reliability program for integrated mills",
        "The ask",
    ]
    first = words_of(slides[0])
    assert "v2 · sha256 3f9a1c0b2e" in first
    assert "20" in first  # the date: "2 December 2026" and the like


def test_it_is_widescreen(analysis):
    presentation = Presentation(io.BytesIO(project_deck(full_deck(analysis))))
    assert presentation.slide_width == Inches(13.333)
    assert presentation.slide_height == Inches(7.5)


def test_it_leaves_out_the_sections_without_content(analysis):
    bare = ProjectDeck(title="Bearings", analysis=analysis, version="v1 · sha256 0011223344")
    titles = [title_of(s) for s in slides_of(project_deck(bare))]
    assert titles == ["Bearings", *MODEL_TITLES]
    no_ask = full_deck(analysis, case=a_case(actions=[], resources=[], concerns=[]), research=[" "])
    titles = [title_of(s) for s in slides_of(project_deck(no_ask))]
    assert "The ask" not in titles
    assert "The research" not in titles
    assert titles[-1].startswith("The business case")


def element_means(analysis: ModelAnalysis, subsegment: str) -> dict[str, float]:
    """Each element's mean over the subsegment's computable customers, straight from the values."""
    evaluation = analysis.evaluation
    rows = np.array([s == subsegment for s in evaluation.subsegments])
    means = {}
    for name, element in evaluation.elements.items():
        picked = np.asarray(element.values)[rows]
        picked = picked[~np.isnan(picked)]
        if picked.size:
            means[name] = float(np.mean(picked))
    return means


@pytest.mark.parametrize("subsegment", [LARGE, SMALL])
def test_the_element_chart_carries_each_mean_value_per_customer(analysis, subsegment):
    slide = slide_titled(slides_of(project_deck(full_deck(analysis))), f"The value model: {subsegment}")
    (chart,) = charts_of(slide)
    assert chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    plot = chart.plots[0]
    categories = list(plot.categories)
    expected = element_means(analysis, subsegment)
    assert categories == [name for name in expected]  # model order; parity (no equation) left out
    assert "Delivery lead time" not in categories
    (series,) = plot.series
    assert_allclose(series.values, [expected[name] for name in categories], rtol=1e-12)
    assert series.values[categories.index("Sensor installation time")] < 0  # unfavourable: negative
    assert "USD" in plot.data_labels.number_format
    words = words_of(slide)
    assert "Points of parity: Delivery lead time" in words
    assert "USD" in words


def test_each_subsegment_slide_says_the_customer_s_choice(analysis):
    slides = slides_of(project_deck(full_deck(analysis)))
    for part in value_summary(analysis).subsegments:
        assert part.choice.sentence in words_of(slide_titled(slides, f"The value model: {part.name}"))


def test_the_price_chart_sets_delta_value_against_the_premium(analysis):
    slide = slide_titled(
        slides_of(project_deck(full_deck(analysis))), "Delta value against the price premium"
    )
    (chart,) = charts_of(slide)
    plot = chart.plots[0]
    assert list(plot.categories) == [LARGE, SMALL]
    value, premium = plot.series
    assert value.name == "Delta value"
    evaluation = analysis.evaluation
    totals = np.column_stack([e.values for e in evaluation.elements.values()]).sum(axis=1)
    for index, subsegment in enumerate([LARGE, SMALL]):
        rows = np.array([s == subsegment for s in evaluation.subsegments])
        picked = totals[rows]
        assert_allclose(value.values[index], np.mean(picked[~np.isnan(picked)]), rtol=1e-12)
        assert_allclose(premium.values[index], analysis.price_summary[subsegment].mean_delta_price)


def test_the_proposition_slide_shows_the_statement_values_choice_and_warnings(analysis):
    item = a_proposition(analysis)
    words = words_of(slide_titled(slides_of(project_deck(full_deck(analysis))), "The value proposition"))
    assert item.statement in words
    assert item.choice in words
    assert item.warnings[0] in words
    mean = analysis.elements["Unplanned downtime"].by_subsegment[LARGE].mean
    assert f"USD {round(mean):,}" in words
    assert (
        f"-USD {round(abs(analysis.elements['Sensor installation time'].by_subsegment[LARGE].mean)):,}"
        in words
    )
    assert "Point of parity" in words


def test_the_case_slide_has_its_figures_and_native_charts(analysis):
    case = a_case()
    slide = slide_titled(slides_of(project_deck(full_deck(analysis))), f"The business case: {case.title}")
    words = words_of(slide)
    assert "USD 943,414" in words
    assert "10.0% per month" in words
    assert "10.9 months" in words
    assert case.target_sentence is not None
    assert case.target_sentence in words
    assert case.status in words
    line, bars = charts_of(slide)
    assert line.chart_type == XL_CHART_TYPE.LINE
    assert list(line.plots[0].categories) == [str(p) for p, _, _ in case.cumulative]
    profit, flow = line.plots[0].series
    assert_allclose(profit.values, [c for _, c, _ in case.cumulative], rtol=1e-12)
    assert_allclose(flow.values, [n for _, _, n in case.cumulative], rtol=1e-12)
    assert bars.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
    assert list(bars.plots[0].categories) == ["Conservative", "Expected", "Optimistic"]
    total, npv = bars.plots[0].series
    assert_allclose(total.values, [t for _, t, _ in case.range], rtol=1e-12)
    assert_allclose(npv.values, [v for _, _, v in case.range], rtol=1e-12)
    assert "USD" in npv.name


def test_a_case_without_irr_or_payback_says_so(analysis):
    case = a_case(irr=None, payback=None, target_sentence=None)
    slide = slide_titled(
        slides_of(project_deck(full_deck(analysis, case=case))), f"The business case: {case.title}"
    )
    words = words_of(slide)
    assert "not reached" in words
    assert "none" in words


def test_the_ask_lists_actions_resources_and_concerns(analysis):
    case = a_case()
    words = words_of(slide_titled(slides_of(project_deck(full_deck(analysis))), "The ask"))
    for line in [*case.actions, *case.resources, *case.concerns]:
        assert line in words


def test_many_lines_flow_onto_further_slides_rather_than_off_the_slide(analysis):
    concerns = [
        f"Concern {n}: what if the mills' budgets are cut in the next year? We answer." for n in range(40)
    ]
    slides = slides_of(project_deck(full_deck(analysis, case=a_case(concerns=concerns))))
    asks = [s for s in slides if title_of(s).startswith("The ask")]
    assert [title_of(s) for s in asks][:2] == ["The ask", "The ask (continued)"]
    words = "\n".join(words_of(s) for s in asks)
    assert all(concern in words for concern in concerns)


def test_hostile_text_is_kept_as_text_and_the_deck_stays_valid(analysis):
    deck = full_deck(
        analysis,
        title=f"Deck {HOSTILE}",
        business_issue=HOSTILE,
        research=[HOSTILE],
        proposition=a_proposition(analysis, statement=HOSTILE, warnings=[HOSTILE]),
        case=a_case(title=HOSTILE, actions=[HOSTILE], currency="USD"),
    )
    data = project_deck(deck)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if name.endswith(".xml"):
                etree.fromstring(package.read(name))  # every part is well-formed XML
                assert b"\x1b" not in package.read(name)
    slides = slides_of(data)
    proposition = slide_titled(slides, "The value proposition")
    words = words_of(proposition)
    assert "<script>&" in words
    assert "\x1b" not in words
    assert "\x0b" not in words
    assert "[31m" in words  # only the control characters go
    assert "<script>&" in title_of(slides[0])


def test_model_deck_is_the_title_and_the_model(analysis):
    slides = slides_of(model_deck(analysis, source="bearings-pulp-paper.yaml"))
    assert [title_of(s) for s in slides] == [analysis.model.name, *MODEL_TITLES]
    assert "bearings-pulp-paper.yaml" in words_of(slides[0])


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_renders_every_slide(analysis, tmp_path):
    path = tmp_path / "deck.pptx"
    path.write_bytes(project_deck(full_deck(analysis)))
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdfium = pytest.importorskip("pypdfium2")
    document = pdfium.PdfDocument(str(tmp_path / "deck.pdf"))
    assert len(document) == len(slides_of(path.read_bytes()))
