"""The HTML value summary and its charts."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from worth.engine.model import load_model, read_model_text
from worth.engine.model.analysis import analyse_model
from worth.exports.charts import render_svg
from worth.exports.charts.model import element_values_chart, heaviness_chart, price_chart
from worth.exports.report_model import ReportError, model_report_html, write_model_report

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bearings-pulp-paper.yaml"


@pytest.fixture(scope="module")
def analysis():
    return analyse_model(load_model(EXAMPLE))


@pytest.fixture(scope="module")
def page(analysis):
    return model_report_html(analysis, source="bearings.yaml")


def no_chart(spec):
    """Charts are beside the point of some tests; an empty SVG keeps them fast."""
    return "<svg></svg>"


def text_of(page: str) -> str:
    """The words a reader sees: inline tags dropped, block tags as spaces, entities decoded."""
    inline = re.sub(r"</?(?:span|strong|em|sub|a)\b[^>]*>", "", page)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", inline)))


def test_the_page_is_self_contained(page):
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page
    assert "<link" not in page
    assert page.count("<svg") == 3
    assert "Made with Worth from bearings.yaml" in page


def test_each_equation_appears_in_words_and_with_values(page):
    words = text_of(page)
    assert (
        "Unplanned downtime savings = ([Unplanned downtime hours per year, alternative] - "
        "[Unplanned downtime hours per year, offering]) × [Contribution margin per production hour]"
    ) in words
    # Timberline Newsprint is the large mill closest to the median total: (33 - 10) h/yr x $8,000/h
    assert "(33 h/yr - 10 h/yr) × $8,000/h = $184,000/yr" in words
    assert "Equations with values show Timberline Newsprint" in words


def test_unfavourable_elements_are_negative_and_marked(page, analysis):
    words = text_of(page)
    mean = analysis.elements["Sensor installation time"].by_subsegment["Large integrated mills"].mean
    assert mean < 0
    assert f"-${abs(round(mean)):,}" in words
    assert "unfavourable: subtracted" in words


def test_points_of_parity_and_placeholders_are_listed_apart(page):
    words = text_of(page)
    assert "Points of parity Delivery lead time" in words
    placeholders = words[words.index("Value placeholders") :]
    assert "Safety of maintenance work" in placeholders
    assert "never added to the totals" in placeholders
    assert "Proxy estimate: $6,000 per year" in placeholders


def test_not_computable_values_and_fallbacks_are_shown(page):
    words = text_of(page)
    assert "Brookfield Tissue, Energy: missing Friction energy losses per year, alternative" in words
    assert "Labour overhead rate = 0.45 % for 1 customer" in words


def test_the_comparison_table_has_welch_results(page, analysis):
    test = analysis.elements["Unplanned downtime"].comparison
    assert f"{test.t:.2f}" in page
    assert f"{test.p_value:.4f}" in page


def test_model_text_is_escaped(tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "name: Nordkap reliability program for pulp and paper mills",
        "name: Nordkap <script>alert(1)</script> & partners",
    )
    analysis = analyse_model(read_model_text(text).model)
    page = model_report_html(analysis, render=no_chart)
    assert "<script>" not in page
    assert "Nordkap &lt;script&gt;alert(1)&lt;/script&gt; &amp; partners" in page


def test_the_chart_data_are_the_analysis_figures(analysis):
    spec = element_values_chart(analysis)
    rows = {(r["element"], r["subsegment"]): r for r in spec["data"]["values"]}
    stats = analysis.elements["Energy"].by_subsegment["Small and mid-size mills"]
    row = rows[("Energy", "Small and mid-size mills")]
    assert row["mean"] == pytest.approx(stats.mean, abs=0.01)
    assert (row["low"], row["high"], row["n"]) == (
        pytest.approx(stats.ci_low, abs=0.01),
        pytest.approx(stats.ci_high, abs=0.01),
        6,
    )
    prices = price_chart(analysis)["data"]["values"]
    assert len(prices) == 13  # Brookfield Tissue's value is not computable
    norrvik = next(r for r in prices if r["customer"] == "Norrvik Bruk")
    assert norrvik["delta_price"] == 201_000
    shares = heaviness_chart(analysis)["data"]["values"]
    overall = [r["share"] for r in shares if r["element"] == "All elements"]
    assert sum(overall) == pytest.approx(1.0, abs=1e-3)


def test_the_charts_render_to_svg(analysis):
    svg = render_svg(heaviness_chart(analysis))
    assert "<svg" in svg
    assert "Measured customer data" in svg


def test_writing_into_a_missing_folder_raises_a_report_error(analysis, tmp_path):
    with pytest.raises(ReportError, match="does not exist"):
        write_model_report(analysis, tmp_path / "absent" / "r.html", render=no_chart)
    path = write_model_report(analysis, tmp_path / "r.html", render=no_chart)
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]
