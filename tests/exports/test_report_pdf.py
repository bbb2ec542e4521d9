"""The value summary as PDF, opened and read back: the equations in words and with values, the
assumptions, the totals (added up by hand from the element means), and hostile text shown as text."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from tests.payloads import NAME_PAYLOAD, TEXT_PAYLOAD, hostile_model_text
from typer.testing import CliRunner

from worth.cli.main import app
from worth.engine.model.analysis import analyse_model
from worth.engine.model.display import format_money
from worth.engine.model.io import load_model, read_model_text
from worth.exports.report_pdf import html_to_pdf, model_report_pdf

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bearings-pulp-paper.yaml"


def pdf_text(data: bytes) -> str:
    """Every page's text, lines joined so that a sentence broken across lines reads whole."""
    document = pdfium.PdfDocument(data)
    pages = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    return re.sub(r"\s+", " ", " ".join(pages))


@pytest.fixture(scope="module")
def example() -> tuple[bytes, str]:
    analysis = analyse_model(load_model(EXAMPLE))
    data = model_report_pdf(analysis, source=EXAMPLE.name)
    return data, pdf_text(data)


def test_the_pdf_is_a4_pages_of_the_report(example: tuple[bytes, str]) -> None:
    data, _ = example
    assert data.startswith(b"%PDF-")
    document = pdfium.PdfDocument(data)
    assert len(document) >= 5
    width, height = document[0].get_size()
    assert (round(width), round(height)) == (595, 842)  # A4 in points


def test_each_equation_is_there_in_words_and_with_values(example: tuple[bytes, str]) -> None:
    _, text = example
    model = load_model(EXAMPLE)
    for element in model.elements:
        for assumption in element.assumptions:  # points of parity's too
            assert re.sub(r"\s+", " ", assumption)[:60] in text, assumption
        if element.equation:
            words = re.sub(r"\s+", " ", element.equation.split("=", 1)[0].strip())
            assert words in text, element.name
    # A value line by hand: 33 h/yr and 10 h/yr of downtime at $8,000/h for the typical large mill.
    assert "(33 h/yr - 10 h/yr) × $8,000/h = $184,000/yr" in text


def test_the_totals_are_the_sum_of_the_element_means(example: tuple[bytes, str]) -> None:
    _, text = example
    analysis = analyse_model(load_model(EXAMPLE))
    # The large mills: every element computed for all seven, so the mean of the totals is the sum of the
    # element means (unfavourable ones are negative already).
    for sub in analysis.model.subsegments[:1]:
        total = sum(
            stats.by_subsegment[sub.name].mean
            for stats in analysis.elements.values()
            if sub.name in stats.by_subsegment
        )
        assert format_money(total, "USD") in text


def test_hostile_text_is_printed_as_text() -> None:
    analysis = analyse_model(read_model_text(hostile_model_text()).model)
    text = pdf_text(model_report_pdf(analysis))
    assert "<script>window.__xss=1</script>" in text
    assert NAME_PAYLOAD.split(" ")[0] in text
    assert TEXT_PAYLOAD[:20] in text


def test_a_report_loads_nothing_from_outside(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("do not include", encoding="utf-8")
    html = (
        f'<!DOCTYPE html><p>Before</p><img src="file://{secret}">'
        '<link rel="stylesheet" href="http://x.invalid/a.css"><p>After</p>'
    )
    text = pdf_text(html_to_pdf(html))
    assert "Before" in text
    assert "After" in text
    assert "do not include" not in text


def test_worth_model_report_writes_pdf(tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    result = CliRunner().invoke(app, ["model", "report", str(EXAMPLE), "--pdf", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF-")
    assert "Competitor standard bearings, run to failure" in pdf_text(out.read_bytes())


def test_worth_model_report_writes_slides_and_refuses_two_formats(tmp_path: Path) -> None:
    from pptx import Presentation

    out = tmp_path / "deck.pptx"
    result = CliRunner().invoke(app, ["model", "report", str(EXAMPLE), "--pptx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    deck = Presentation(str(out))
    assert any(shape.has_chart for slide in deck.slides for shape in slide.shapes)
    both = CliRunner().invoke(app, ["model", "report", str(EXAMPLE), "--pdf", "--pptx", "-o", str(out)])
    assert both.exit_code == 1
    assert "choose one" in both.output
