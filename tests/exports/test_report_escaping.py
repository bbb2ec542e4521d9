"""The HTML report is inert whatever the model's texts hold: every text escaped, no script, no handlers."""

from __future__ import annotations

import html
from html.parser import HTMLParser

import pytest
from tests.payloads import ID_PAYLOAD, NAME_PAYLOAD, TEXT_PAYLOAD, hostile_model_text

from worth.engine.model import read_model_text
from worth.engine.model.analysis import analyse_model
from worth.exports.report_model import model_report_html
from worth.exports.templating import UnsafeSvgError, safe_svg


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.fixture(scope="module")
def hostile_page() -> str:
    analysis = analyse_model(read_model_text(hostile_model_text()).model)
    return model_report_html(analysis, source=f"file {TEXT_PAYLOAD}.yaml")


def test_no_text_of_the_model_becomes_markup(hostile_page):
    parsed = _Tags()
    parsed.feed(hostile_page)
    tags = {tag for tag, _ in parsed.tags}
    assert "script" not in tags
    assert "img" not in tags
    assert "b" not in tags  # the payload's <b>bold</b> stays text
    handlers = [(tag, name) for tag, attrs in parsed.tags for name, _ in attrs if name.startswith("on")]
    assert handlers == []


def test_every_kind_of_text_is_shown_as_written(hostile_page):
    shown = "".join(_Tags_text(hostile_page))
    # Free text (descriptions, assumptions, methods...), names, ids and the footer's file name.
    assert shown.count(TEXT_PAYLOAD) >= 20
    assert f"{NAME_PAYLOAD} Unplanned downtime" in shown
    assert f"NB-L01{ID_PAYLOAD}" in shown
    assert f"Made with Worth from file {TEXT_PAYLOAD}.yaml." in shown
    # Names inside equations, in words and with values (the amount's hover title names the quantity).
    assert f"[{NAME_PAYLOAD} Contribution margin per production hour]" in shown
    assert f'title="{html.escape(NAME_PAYLOAD)} Contribution margin per production hour"' in hostile_page


def _Tags_text(page: str) -> list[str]:  # noqa: N802 - reads as the parser's output
    parsed = _Tags()
    parsed.feed(page)
    return parsed.text


def test_the_page_forbids_script_even_opened_from_disk(hostile_page):
    policy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    assert f'<meta http-equiv="Content-Security-Policy" content="{policy};' in hostile_page


@pytest.mark.parametrize(
    "svg",
    [
        "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        "<svg xmlns='http://www.w3.org/2000/svg'><g onclick='alert(1)'/></svg>",
        "<svg xmlns='http://www.w3.org/2000/svg'><foreignObject><p>x</p></foreignObject></svg>",
        "<svg xmlns='http://www.w3.org/2000/svg' xmlns:x='http://www.w3.org/1999/xlink'>"
        "<a x:href='javascript:1'/></svg>",
        "<svg xmlns='http://www.w3.org/2000/svg'><style>@import url(http://x)</style></svg>",
        "<svg><unclosed></svg>",
    ],
)
def test_chart_svg_outside_the_allow_list_is_refused(svg):
    with pytest.raises(UnsafeSvgError):
        safe_svg(svg)


def test_a_real_chart_passes_the_check():
    from tests.payloads import EXAMPLE

    from worth.engine.model import load_model
    from worth.exports.charts import render_svg
    from worth.exports.charts.model import price_chart

    svg = render_svg(price_chart(analyse_model(load_model(EXAMPLE))))
    assert str(safe_svg(svg)).startswith("<svg")
