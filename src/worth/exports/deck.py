"""A slide deck a team can present as it is: the project's story from the issue to the ask.

The deck is a 16:9 PowerPoint file built with python-pptx. Every chart is a native chart (its numbers
live in the file and read back, a presenter can restyle it) and every word is text, never a picture of
text. The slides, in order, skipping a section whose content is absent: the title; the business issue
and the decision it informs; the research; the value model per subsegment (each element's mean value
per customer and the customer's choice); delta value against the price premium; the value
placeholders; the key assumptions; the value proposition; the business case; and the ask.

Text a user wrote goes in as text: python-pptx escapes XML, and :func:`_clean` drops the control
characters XML cannot hold at all.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from io import BytesIO

from pptx import Presentation
from pptx.chart.axis import CategoryAxis
from pptx.chart.chart import Chart
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import (
    XL_CHART_TYPE,
    XL_LABEL_POSITION,
    XL_LEGEND_POSITION,
    XL_TICK_LABEL_POSITION,
    XL_TICK_MARK,
)
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import OxmlElement
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.text.text import TextFrame, _Paragraph
from pptx.util import Inches, Pt

from worth.engine.model.analysis import ModelAnalysis
from worth.engine.model.display import format_percent, round_money
from worth.engine.model.schema import PERIOD_WORDS
from worth.engine.model.summary import SubsegmentSummary, value_summary
from worth.exports.charts import THEME

__all__ = ["CaseSlide", "ProjectDeck", "PropositionSlide", "model_deck", "project_deck"]


@dataclass(frozen=True)
class PropositionSlide:
    """The value proposition: its statement, the elements it focuses on and the customer's choice."""

    subsegment: str
    alternative: str
    statement: str
    focus: list[tuple[str, str, float | None]]  # (element, role, mean value per customer or None)
    choice: str
    warnings: list[str]


@dataclass(frozen=True)
class CaseSlide:
    """The business case for change as presented: figures as the case keeps them (exact decimals)."""

    title: str
    status: str
    currency: str
    period: str
    target_sentence: str | None
    npv: str
    irr: str | None
    payback: str | None
    cumulative: list[tuple[int, float, float]]  # (period, cumulative incremental profit, cumulative net flow)
    range: list[tuple[str, float, float]]  # (name, total incremental profit, NPV)
    actions: list[str]
    resources: list[str]
    concerns: list[str]


@dataclass(frozen=True)
class ProjectDeck:
    """Everything a project's deck shows; the sections left empty are left out."""

    title: str
    analysis: ModelAnalysis
    version: str
    business_issue: str = ""
    decision: str = ""
    research: list[str] = field(default_factory=list)
    proposition: PropositionSlide | None = None
    case: CaseSlide | None = None


# -- look ---------------------------------------------------------------------------------------------


def _rgb(hex_colour: str) -> RGBColor:
    digits = hex_colour.lstrip("#")
    return RGBColor(*(int(digits[i : i + 2], 16) for i in (0, 2, 4)))  # type: ignore[no-untyped-call]


FONT = "DejaVu Sans"
PALETTE = [_rgb(c) for c in THEME["range"]["category"]]
BLUE, ORANGE, GREEN, RED, PURPLE, GREY = PALETTE
INK = _rgb("1F2933")
MUTED = _rgb("6B7785")
PANEL = _rgb("F2F4F7")
WHITE = _rgb("FFFFFF")
WIDTH, HEIGHT = 13.333, 7.5  # inches, 16:9
MARGIN = 0.6
BAR = 1.0  # height of the title bar
TOP = BAR + 0.35  # where content starts
BOTTOM = HEIGHT - 0.55  # where content ends (the footer is below)
CHAR = 0.55  # DejaVu Sans's mean advance in em (about 0.53 in prose), with a margin: to estimate wrapping
ROLES = {"difference": "Point of difference", "parity": "Point of parity", "addressed": "Addressed"}

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (vertical tab and form feed become spaces)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", " ").replace("\x0c", " ")
    return _INVALID_XML.sub("", text)


def _money(value: float | Decimal, currency: str) -> str:
    """``USD 1,234``, ``-USD 7,567``: whole units with the currency; ``n/a`` when not a number."""
    if isinstance(value, float) and not math.isfinite(value):
        return "n/a"
    rounded = (
        round_money(float(value))
        if isinstance(value, float)
        else value.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    )
    sign = "-" if rounded < 0 else ""
    return f"{sign}{_clean(currency)} {abs(rounded):,.0f}"


def _decimal(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _money_format(currency: str) -> str:
    """The number format of chart labels: ``USD 1,234`` and ``-USD 7,567``."""
    code = re.sub(r"[^A-Za-z0-9]", "", currency) or "?"
    return f'"{code} "#,##0;"-{code} "#,##0'


def _lines(text: str, size: float, width: float) -> int:
    """How many lines ``text`` takes at ``size`` points in a box ``width`` inches wide (an estimate:
    words wrapped greedily at the font's mean advance, a word longer than a line broken)."""
    per_line = max(1, int(width * 72 / (size * CHAR)))
    count = 0
    for part in text.split("\n"):
        lines, used = 1, 0
        for word in part.split():
            for start in range(0, len(word), per_line):
                piece = len(word[start : start + per_line])
                if used and used + 1 + piece > per_line:
                    lines, used = lines + 1, piece
                else:
                    used += piece + (1 if used else 0)
        count += lines
    return count


def _fit(texts: Sequence[str], width: float, height: float, *, largest: int, smallest: int) -> int:
    """The largest size at which the paragraphs fit the box (by estimate), not below ``smallest``."""
    for size in range(largest, smallest, -1):
        if sum(_lines(t, size, width) for t in texts) * size * 1.25 / 72 <= height:
            return size
    return smallest


# -- building blocks ------------------------------------------------------------------------------------

Box = tuple[float, float, float, float]  # left, top, width, height in inches


@dataclass(frozen=True)
class Run:
    """A stretch of text in one style."""

    text: str
    bold: bool = False
    colour: RGBColor | None = None
    size: float | None = None  # points; the paragraph's size when None


Para = str | Run | list[Run]


def _runs(para: Para) -> list[Run]:
    return [Run(para)] if isinstance(para, str) else [para] if isinstance(para, Run) else para


def _plain(para: Para) -> str:
    return _clean("".join(run.text for run in _runs(para)))


def _bullet(paragraph: _Paragraph, size: float) -> None:
    """A blue bullet with the wrapped lines hanging under the text, not under the bullet."""
    indent = Pt(size * 1.1)
    ppr = paragraph._p.get_or_add_pPr()
    ppr.set("marL", str(int(indent)))
    ppr.set("indent", str(-int(indent)))
    colour = OxmlElement("a:buClr")
    rgb = OxmlElement("a:srgbClr")
    rgb.set("val", str(BLUE))
    colour.append(rgb)
    font = OxmlElement("a:buFont")
    font.set("typeface", FONT)
    char = OxmlElement("a:buChar")
    char.set("char", "•")
    for element in (colour, font, char):
        ppr.append(element)


def _fill(
    frame: TextFrame,
    paragraphs: Sequence[Para],
    size: float,
    *,
    align: PP_ALIGN = PP_ALIGN.LEFT,
    anchor: MSO_ANCHOR = MSO_ANCHOR.TOP,
    space: float = 0,
    bullets: bool = False,
) -> None:
    """Write the paragraphs into ``frame``; PowerPoint and LibreOffice shrink the text if it overflows."""
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    frame.vertical_anchor = anchor
    frame.margin_left = frame.margin_right = Inches(0.04)
    frame.margin_top = frame.margin_bottom = Inches(0.02)
    for index, para in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()  # type: ignore[no-untyped-call]
        paragraph.alignment = align
        if index and space:
            paragraph.space_before = Pt(space)
        if bullets:
            _bullet(paragraph, size)
        for item in _runs(para):
            run = paragraph.add_run()
            run.text = _clean(item.text)
            run.font.name = FONT
            run.font.size = Pt(item.size or size)
            run.font.bold = item.bold
            run.font.color.rgb = item.colour or INK


class _Deck:
    """A presentation being written: slides with a title bar and a footer, text and charts on them."""

    def __init__(self, title: str, version: str) -> None:
        self.prs: PresentationType = Presentation()
        self.prs.slide_width = Inches(WIDTH)
        self.prs.slide_height = Inches(HEIGHT)
        self.footer = f"{title} · {version}"

    def save(self) -> bytes:
        out = BytesIO()
        self.prs.save(out)
        return out.getvalue()

    def new_slide(self, title: str, box: Box, *, size: tuple[int, int], colour: RGBColor) -> Slide:
        """A slide of the "Title Only" layout with its title placed at ``box``, so the title is the
        slide's title for PowerPoint's outline, search and accessibility checker."""
        slide: Slide = self.prs.slides.add_slide(self.prs.slide_layouts[5])
        heading = slide.shapes.title
        assert heading is not None  # the "Title Only" layout has one
        left, top, width, height = box
        heading.left, heading.top, heading.width, heading.height = (
            Inches(left),
            Inches(top),
            Inches(width),
            Inches(height),
        )
        fitted = _fit([_clean(title)], width - 0.1, height - 0.05, largest=size[0], smallest=size[1])
        _fill(heading.text_frame, [Run(title, bold=True, colour=colour)], fitted, anchor=MSO_ANCHOR.MIDDLE)
        return slide

    def slide(self, title: str, subtitle: str = "") -> Slide:
        """A content slide: the title in a dark bar across the top, a subtitle under it, a footer."""
        box = (MARGIN, 0.08, WIDTH - 2 * MARGIN, BAR - 0.16)
        slide = self.new_slide(title, box, size=(28, 16), colour=WHITE)
        self.panel(slide, (0, 0, WIDTH, BAR), INK, behind=True)
        self.panel(slide, (0, BAR, WIDTH, 0.06), BLUE)
        if subtitle:
            self.text(slide, (MARGIN, BAR + 0.12, WIDTH - 2 * MARGIN, 0.4), [Run(subtitle, colour=MUTED)], 13)
        footer = [Run(self.footer, colour=MUTED)]
        self.text(slide, (MARGIN, HEIGHT - 0.45, WIDTH - 3, 0.3), footer, 9)
        number = [Run(str(len(self.prs.slides)), colour=MUTED)]
        self.text(slide, (WIDTH - 1.6, HEIGHT - 0.45, 1.0, 0.3), number, 9, align=PP_ALIGN.RIGHT)
        return slide

    def text(
        self,
        slide: Slide,
        box: Box,
        paragraphs: Sequence[Para],
        size: float,
        *,
        align: PP_ALIGN = PP_ALIGN.LEFT,
        anchor: MSO_ANCHOR = MSO_ANCHOR.TOP,
        space: float = 0,
        bullets: bool = False,
    ) -> None:
        """A text box at ``box``."""
        shape = slide.shapes.add_textbox(*(Inches(v) for v in box))
        _fill(shape.text_frame, paragraphs, size, align=align, anchor=anchor, space=space, bullets=bullets)

    def panel(self, slide: Slide, box: Box, colour: RGBColor = PANEL, *, behind: bool = False) -> None:
        """A flat rectangle; ``behind`` puts it under everything already on the slide."""
        shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, *(Inches(v) for v in box))
        shape.fill.solid()
        shape.fill.fore_color.rgb = colour
        shape.line.fill.background()
        shape.shadow.inherit = False
        if behind:  # shapes are drawn in document order, after the group's two property elements
            tree = slide.shapes._spTree
            tree.remove(shape._element)
            tree.insert(2, shape._element)

    def bar_chart(
        self,
        slide: Slide,
        box: Box,
        categories: Sequence[str],
        series: Sequence[tuple[str, Sequence[float | None]]],
        *,
        currency: str,
        horizontal: bool = False,
        colours: Sequence[RGBColor] = PALETTE,
        point_colours: Sequence[RGBColor] | None = None,
        thousands: bool = False,
    ) -> None:
        """A native clustered bar (or column) chart with money data labels and no value axis."""
        numbers = [v for _, values in series for v in values if v is not None and math.isfinite(v)]
        # In thousands, the currency goes in the series' names: narrow bars have no room for it.
        fmt = '#,##0,"k";-#,##0,"k"' if thousands else _money_format(currency)
        data = CategoryChartData(number_format=fmt)  # type: ignore[no-untyped-call]
        data.categories = [_clean(c) for c in categories]
        for name, values in series:
            data.add_series(_clean(name), list(values))  # type: ignore[no-untyped-call]
        kind = XL_CHART_TYPE.BAR_CLUSTERED if horizontal else XL_CHART_TYPE.COLUMN_CLUSTERED
        chart = _add_chart(slide, kind, box, data)
        _style(chart, legend=len(series) > 1)
        plot = chart.plots[0]
        plot.gap_width = 55 if horizontal else 70
        plot.overlap = -8 if len(series) > 1 else 0
        plot.has_data_labels = True
        labels = plot.data_labels
        labels.number_format = fmt
        labels.number_format_is_linked = False
        labels.position = XL_LABEL_POSITION.OUTSIDE_END
        labels.font.size = Pt(11 if horizontal or len(series) == 1 else 10)
        for index, item in enumerate(plot.series):
            item.invert_if_negative = False
            item.format.fill.solid()
            item.format.fill.fore_color.rgb = colours[index % len(colours)]
        for index, colour in enumerate(point_colours or ()):
            point = plot.series[0].points[index]
            point.format.fill.solid()
            point.format.fill.fore_color.rgb = colour
        axis = chart.category_axis
        axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
        axis.major_tick_mark = XL_TICK_MARK.NONE
        axis.format.line.color.rgb = GREY
        axis.reverse_order = horizontal  # the first element on top, as it reads
        value_axis = chart.value_axis
        value_axis.visible = False
        value_axis.has_major_gridlines = False
        if numbers:  # room beyond the longest bars for their labels
            high, low = max(*numbers, 0.0), min(*numbers, 0.0)
            span = (high - low) or 1.0
            value_axis.maximum_scale = high + 0.3 * span if high > 0 else 0.0
            value_axis.minimum_scale = low - 0.3 * span if low < 0 else 0.0

    def line_chart(
        self,
        slide: Slide,
        box: Box,
        categories: Sequence[int],
        series: Sequence[tuple[str, Sequence[float]]],
        *,
        currency: str,
        period: str,
    ) -> None:
        """A native line chart over the periods, its value axis in the currency."""
        data = CategoryChartData(number_format="#,##0")  # type: ignore[no-untyped-call]
        data.categories = [str(c) for c in categories]
        for name, values in series:
            data.add_series(_clean(name), list(values))  # type: ignore[no-untyped-call]
        chart = _add_chart(slide, XL_CHART_TYPE.LINE, box, data)
        _style(chart, legend=True)
        for index, item in enumerate(chart.plots[0].series):
            item.smooth = False
            item.format.line.color.rgb = (BLUE, ORANGE)[index % 2]
            item.format.line.width = Pt(2.75)
        axis = chart.category_axis
        axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
        axis.major_tick_mark = XL_TICK_MARK.NONE
        axis.format.line.color.rgb = GREY
        axis.has_title = True
        axis.axis_title.text_frame.text = _clean(period.capitalize())
        axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(11)
        _label_every(axis, max(1, math.ceil(len(categories) / 8)))
        value_axis = chart.value_axis
        value_axis.has_major_gridlines = True
        value_axis.major_gridlines.format.line.color.rgb = _rgb("E6E8EB")
        value_axis.format.line.fill.background()
        value_axis.major_tick_mark = XL_TICK_MARK.NONE
        value_axis.tick_labels.number_format = _money_format(currency)
        value_axis.tick_labels.number_format_is_linked = False


def _add_chart(slide: Slide, kind: XL_CHART_TYPE, box: Box, data: CategoryChartData) -> Chart:
    left, top, width, height = (Inches(v) for v in box)
    frame = slide.shapes.add_chart(kind, left, top, width, height, data)  # type: ignore[arg-type]
    chart: Chart = frame.chart  # type: ignore[attr-defined]  # typed as Chart, is its graphic frame
    return chart


def _style(chart: Chart, *, legend: bool) -> None:
    chart.font.name = FONT
    chart.font.size = Pt(12)
    chart.font.color.rgb = INK
    chart.has_title = False
    chart.has_legend = legend
    if legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(12)


def _label_every(axis: CategoryAxis, step: int) -> None:
    """Label every ``step``-th period only, so the labels stay level and legible (PowerPoint honours
    this; LibreOffice picks its own interval and slants the labels)."""
    element = axis._element
    for name in ("c:tickLblSkip", "c:tickMarkSkip"):
        child = OxmlElement(name)
        child.set("val", str(step))
        following = element.find(qn("c:noMultiLvlLbl"))
        if following is not None:
            following.addprevious(child)
        else:
            element.append(child)


def _series(values: Sequence[float]) -> list[float | None]:
    return [v if math.isfinite(v) else None for v in values]


@dataclass
class _Placed:
    """A block's heading and the paragraphs of it that go in one column, with their heights."""

    head: str
    head_height: float
    paras: list[Para] = field(default_factory=list)
    body_height: float = 0.0


Page = list[list[_Placed]]


def _flow_pages(
    blocks: Sequence[tuple[str, list[Para]]],
    size: int,
    columns: int,
    width: float,
    height: float,
    *,
    apart: bool = False,
) -> list[Page]:
    """Blocks spread down columns and over slides; a block too long for what is left of a column goes
    on in the next one under its heading "(continued)". ``apart`` starts each block in a new column."""
    gap = 0.22  # between blocks

    def head_height(head: str) -> float:
        return _lines(_clean(head), size, width) * size * 1.25 / 72 + 0.08

    def para_height(para: Para) -> float:
        return _lines(_plain(para), size - 1, width - 0.3) * (size - 1) * 1.25 / 72 + 4 / 72

    pages: list[Page] = [[[]]]
    used = 0.0
    for head, paras in blocks:
        placed: _Placed | None = None
        shown = head
        items: list[Para | None] = [*paras] if paras else [None]  # a heading alone has no paragraphs
        for para in items:
            need = 0.0 if para is None else para_height(para)
            opening = head_height(shown) + gap if placed is None else 0.0
            fresh = apart and placed is None
            if (fresh or used + opening + need > height) and pages[-1][-1]:
                if len(pages[-1]) == columns:
                    pages.append([])
                pages[-1].append([])
                used = 0.0
                if placed is not None:  # the block goes on in the new column
                    placed, shown = None, f"{head} (continued)"
                    opening = head_height(shown) + gap
            if placed is None:
                placed = _Placed(shown, head_height(shown))
                pages[-1][-1].append(placed)
                used += opening
            if para is not None:
                placed.paras.append(para)
                placed.body_height += need
                used += need
    return pages


def _flow(
    deck: _Deck,
    title: str,
    subtitle: str,
    blocks: Sequence[tuple[str, list[Para]]],
    *,
    columns: int = 2,
    largest: int = 18,
    smallest: int = 12,
    apart: bool = False,
) -> None:
    """Headed lists in columns, at the largest size that fits one slide with no list split (or failing
    that, at the largest that fits one slide), or at the smallest on as many slides as they need."""
    columns = max(1, min(columns, len(blocks)))
    gap = 0.5
    width = (WIDTH - 2 * MARGIN - gap * (columns - 1)) / columns
    height = BOTTOM - TOP - 0.4
    sizes = range(largest, smallest - 1, -1)
    laid = {size: _flow_pages(blocks, size, columns, width, height, apart=apart) for size in sizes}
    whole = [size for size in sizes if len(laid[size]) == 1 and sum(map(len, laid[size][0])) == len(blocks)]
    one = [size for size in sizes if len(laid[size]) == 1]
    size = (whole or one or [smallest])[0]
    for number, page in enumerate(laid[size]):
        slide = deck.slide(title if number == 0 else f"{title} (continued)", subtitle)
        for index, column in enumerate(page):
            left, top = MARGIN + index * (width + gap), TOP + 0.4
            for item in column:
                heading = [Run(item.head, bold=True, colour=BLUE)]
                deck.text(slide, (left, top, width, item.head_height), heading, size)
                top += item.head_height
                if item.paras:
                    body = (left, top, width, item.body_height + 0.3)  # room: no shrinking by a hair
                    deck.text(slide, body, item.paras, size - 1, space=4, bullets=True)
                top += item.body_height + 0.22


# -- the slides -----------------------------------------------------------------------------------------


def _title_slide(deck: _Deck, title: str, version: str, kind: str) -> None:
    box = (MARGIN + 0.4, 2.0, WIDTH - 2 * MARGIN - 0.4, 2.0)
    slide = deck.new_slide(title, box, size=(40, 22), colour=WHITE)
    deck.panel(slide, (0, 0, WIDTH, HEIGHT), INK, behind=True)
    deck.panel(slide, (MARGIN, 2.1, 0.12, 2.9), BLUE)
    today = date.today()  # noqa: DTZ011 - the deck carries the local day it was made
    lines = [Run(kind, colour=WHITE), Run(f"{version} · {today.day} {today:%B %Y}", colour=GREY)]
    deck.text(slide, (MARGIN + 0.4, 4.1, WIDTH - 2 * MARGIN - 0.4, 0.9), lines, 16, space=4)
    deck.text(slide, (MARGIN + 0.4, HEIGHT - 0.8, 6, 0.4), [Run("Made with Worth", colour=GREY)], 10)


def _issue_slide(deck: _Deck, content: ProjectDeck) -> None:
    slide = deck.slide("The issue and the decision")
    blocks = [
        ("The business issue", content.business_issue),
        ("The decision this project informs", content.decision),
    ]
    shown = [(head, body) for head, body in blocks if body.strip()]
    width = (WIDTH - 2 * MARGIN - 0.5 * (len(shown) - 1)) / len(shown)
    height = BOTTOM - TOP - 0.5
    for index, (head, body) in enumerate(shown):
        left = MARGIN + index * (width + 0.5)
        deck.panel(slide, (left, TOP + 0.3, width, height))
        deck.text(slide, (left + 0.35, TOP + 0.6, width - 0.7, 0.5), [Run(head, bold=True, colour=BLUE)], 18)
        size = _fit([_clean(body)], width - 0.7, height - 1.3, largest=24, smallest=11)
        deck.text(slide, (left + 0.35, TOP + 1.25, width - 0.7, height - 1.2), [body], size)


def _research_slide(deck: _Deck, lines: list[str]) -> None:
    slide = deck.slide("The research")
    width, height = WIDTH - 2 * MARGIN - 0.4, BOTTOM - TOP - 0.6
    texts = [_clean(line) for line in lines]
    size = _fit(texts + [""] * len(texts), width - 0.4, height, largest=22, smallest=10)
    box = (MARGIN + 0.2, TOP + 0.45, width, height)
    deck.text(slide, box, texts, size, space=size * 0.8, bullets=True)


def _subsegment_slide(deck: _Deck, analysis: ModelAnalysis, sub: SubsegmentSummary) -> None:
    model = analysis.model
    currency, period = model.currency, PERIOD_WORDS[model.period]
    customers = "1 customer" if sub.customers == 1 else f"{sub.customers} customers"
    slide = deck.slide(
        f"The value model: {sub.name}",
        f"Mean value per customer and {period} against {sub.alternative.name} · {customers} in the research",
    )
    shown = [e for e in sub.differences if e.stats is not None and math.isfinite(e.stats.mean)]
    chart_width = 7.9
    if shown:
        colours = [
            RED if e.unfavourable else ORANGE if e.classification.as_ == "point-of-contention" else BLUE
            for e in shown
        ]
        means = [e.stats.mean if e.stats is not None else None for e in shown]
        box = (MARGIN - 0.1, TOP + 0.4, chart_width, BOTTOM - TOP - 0.9)
        names = [e.element.name for e in shown]
        deck.bar_chart(
            slide,
            box,
            names,
            [("Mean value per customer", means)],
            currency=currency,
            horizontal=True,
            point_colours=colours,
        )
        key = [
            *(Run("■ ", colour=BLUE), Run("point of difference     ")),
            *(Run("■ ", colour=ORANGE), Run("point of contention     ")),
            *(Run("■ ", colour=RED), Run("unfavourable: subtracted")),
        ]
        deck.text(slide, (MARGIN, BOTTOM - 0.4, chart_width, 0.35), [key], 11)
    left = MARGIN + chart_width + 0.25
    width = WIDTH - MARGIN - left
    deck.panel(slide, (left, TOP + 0.4, width, BOTTOM - TOP - 0.4))
    left, width = left + 0.3, width - 0.6
    total = sub.total
    top = TOP + 0.6
    deck.text(slide, (left, top, width, 0.35), [Run("Total value per customer", colour=MUTED)], 14)
    amount = _money(total.mean, currency)
    deck.text(slide, (left, top + 0.35, width, 0.65), [Run(amount, bold=True, colour=BLUE)], 30)
    notes: list[Para] = [Run(f"per {period}", colour=MUTED)]
    if math.isfinite(total.ci_low):
        percent = round(total.confidence * 100)
        low, high = _money(total.ci_low, currency), _money(total.ci_high, currency)
        notes = [Run(f"per {period}; {percent}% interval {low} to {high}", colour=MUTED)]
    if sub.parity:
        notes.append(
            [Run("Points of parity: ", bold=True), Run(", ".join(e.element.name for e in sub.parity))]
        )
    missing = [e.element.name for e in sub.differences if e not in shown]
    if missing:
        notes.append([Run("Not valued: ", bold=True), Run(", ".join(missing))])
    note_height = sum(_lines(_plain(n), 12, width) for n in notes) * 15 / 72 + 0.1 * len(notes)
    deck.text(slide, (left, top + 1.05, width, note_height), notes, 12, space=6)
    top += 1.05 + note_height + 0.3
    sentence = _clean(sub.choice.sentence)
    size = _fit(["The customer's choice", sentence], width, BOTTOM - top - 0.2, largest=16, smallest=10)
    head = Run("The customer's choice", bold=True, colour=BLUE)
    deck.text(slide, (left, top, width, BOTTOM - top - 0.15), [head, sentence], size, space=4)


def _price_slide(deck: _Deck, analysis: ModelAnalysis, parts: list[SubsegmentSummary]) -> None:
    model = analysis.model
    currency, period = model.currency, PERIOD_WORDS[model.period]
    slide = deck.slide(
        "Delta value against the price premium",
        f"Mean per customer and {period}: the value of {model.offering.name} over the alternative, "
        "and the premium its price asks",
    )
    chart_width = 7.9
    series = [
        ("Delta value", _series([p.prices.mean_delta_value for p in parts])),
        ("Price premium (delta price)", _series([p.prices.mean_delta_price for p in parts])),
    ]
    box = (MARGIN - 0.1, TOP + 0.4, chart_width, BOTTOM - TOP - 0.4)
    deck.bar_chart(slide, box, [p.name for p in parts], series, currency=currency, colours=[BLUE, GREY])
    left = MARGIN + chart_width + 0.25
    width = WIDTH - MARGIN - left
    top = TOP + 0.4
    height = min(2.4, (BOTTOM - top - 0.25 * (len(parts) - 1)) / len(parts))
    for part in parts:
        prices = part.prices
        deck.panel(slide, (left, top, width, height))
        margin = prices.mean_margin
        kept = Run(_money(margin, currency), bold=True, colour=GREEN if margin > 0 else RED)
        exceeding = f"Value exceeds the premium for {prices.exceeding} of {prices.n} customers valued"
        if prices.not_computable:
            exceeding += f"; {prices.not_computable} not computable"
        lines: list[Para] = [
            Run(part.name, bold=True),
            [Run("The customer keeps "), kept, Run(f" per {period}")],
            Run(exceeding, colour=MUTED),
        ]
        deck.text(slide, (left + 0.3, top + 0.2, width - 0.6, height - 0.4), lines, 14, space=6)
        top += height + 0.25


def _first_sentence(text: str) -> str:
    """An assumption in short: its first sentence (the model's report has the rest)."""
    found = re.match(r"(.+?[.!?])(\s|$)", text.strip(), re.S)
    return found.group(1) if found else text.strip()


def _placeholder_slides(deck: _Deck, analysis: ModelAnalysis) -> None:
    model = analysis.model
    currency, period = model.currency, PERIOD_WORDS[model.period]
    blocks: list[tuple[str, list[Para]]] = []
    for item in model.placeholders:
        paras: list[Para] = [item.worth]
        if item.proxy is not None:
            proxy = item.proxy.description
            if item.proxy.estimate is not None:
                proxy += f" About {_money(item.proxy.estimate, currency)} per {period}."
            paras.append(Run(f"A proxy, never added to the totals: {proxy}", colour=MUTED))
        blocks.append((item.name, paras))
    subtitle = "What the customer values that the model does not put in money: its worth in words"
    _flow(deck, "Value placeholders", subtitle, blocks)


def _assumption_slides(deck: _Deck, analysis: ModelAnalysis) -> None:
    model = analysis.model
    blocks: list[tuple[str, list[Para]]] = [
        (e.name, [_first_sentence(a) for a in e.assumptions]) for e in model.elements if e.assumptions
    ]
    named: list[Para] = [_first_sentence(c.assumption) for c in model.constants if c.assumption]
    named += [
        _first_sentence(d.default.assumption)
        for d in model.drivers
        if d.default is not None and d.default.assumption
    ]
    if named:
        blocks.append(("Figures the model assumes", named))
    if blocks:
        subtitle = "What the values rest on, in short; the model's report gives each in full"
        _flow(deck, "Key assumptions", subtitle, blocks, largest=15, smallest=11)


def _proposition_slide(deck: _Deck, analysis: ModelAnalysis, item: PropositionSlide) -> None:
    currency = analysis.model.currency
    slide = deck.slide("The value proposition", f"{item.subsegment} · against {item.alternative}")
    statement = _clean(item.statement)
    width = WIDTH - 2 * MARGIN - 0.4
    size = _fit([statement], width, 2.1, largest=30, smallest=14)
    deck.panel(slide, (MARGIN, TOP + 0.45, 0.1, 2.1), BLUE)
    box = (MARGIN + 0.35, TOP + 0.4, width, 2.2)
    deck.text(slide, box, [Run(statement, bold=True)], size, anchor=MSO_ANCHOR.MIDDLE)
    top = TOP + 2.95
    half = (WIDTH - 2 * MARGIN - 0.6) / 2
    head = Run("What it rests on, per customer", bold=True, colour=BLUE)
    deck.text(slide, (MARGIN, top, half, 0.35), [head], 15)
    row = min(0.56, (BOTTOM - top - 0.45) / max(1, len(item.focus)))
    size = 14 if row >= 0.5 else 11
    for index, (element, role, value) in enumerate(item.focus):
        y = top + 0.45 + index * row
        known = value is not None and math.isfinite(value)
        shown = _money(value, currency) if value is not None and known else "not in money"
        said = Run(ROLES.get(role, role), colour=MUTED, size=size - 3)
        name: list[Para] = [Run(element), said] if row >= 0.5 else [[Run(f"{element}   "), said]]
        deck.text(slide, (MARGIN, y, half - 1.9, row), name, size, anchor=MSO_ANCHOR.MIDDLE)
        amount = Run(shown, bold=known, colour=INK if known else MUTED)
        deck.text(
            slide,
            (MARGIN + half - 1.9, y, 1.9, row),
            [amount],
            size,
            align=PP_ALIGN.RIGHT,
            anchor=MSO_ANCHOR.MIDDLE,
        )
    left = MARGIN + half + 0.6
    right: list[Para] = [Run("The customer's choice", bold=True, colour=BLUE), item.choice]
    if item.warnings:
        right.append(Run("Before presenting", bold=True, colour=RED))
        right += [Run(w, colour=RED) for w in item.warnings]
    size = _fit([_plain(p) for p in right], half, BOTTOM - top, largest=15, smallest=9)
    deck.text(slide, (left, top, half, BOTTOM - top), right, size, space=5)


def _case_slide(deck: _Deck, case: CaseSlide) -> None:
    currency, period = case.currency, case.period
    slide = deck.slide(f"The business case: {case.title}", case.status)
    top = TOP + 0.4
    if case.target_sentence:
        size = _fit([_clean(case.target_sentence)], WIDTH - 2 * MARGIN, 0.55, largest=15, smallest=10)
        deck.text(slide, (MARGIN, top, WIDTH - 2 * MARGIN, 0.55), [case.target_sentence], size)
        top += 0.6
    npv, irr, payback = _decimal(case.npv), _decimal(case.irr), _decimal(case.payback)
    figures = [
        ("Net present value", _money(npv, currency) if npv is not None else "n/a"),
        (
            "Internal rate of return",
            f"{format_percent(float(irr), decimals=1)} per {period}" if irr is not None else "none",
        ),
        (
            "Payback",
            f"{payback.quantize(Decimal('0.1'), ROUND_HALF_UP)} {period}s" if payback else "not reached",
        ),
    ]
    width = (WIDTH - 2 * MARGIN - 2 * 0.3) / 3
    for index, (label, value) in enumerate(figures):
        left = MARGIN + index * (width + 0.3)
        deck.panel(slide, (left, top, width, 1.25))
        deck.text(slide, (left + 0.25, top + 0.12, width - 0.5, 0.35), [Run(label, colour=MUTED)], 13)
        size = _fit([_clean(value)], width - 0.5, 0.7, largest=30, smallest=14)
        deck.text(
            slide, (left + 0.25, top + 0.45, width - 0.5, 0.7), [Run(value, bold=True, colour=BLUE)], size
        )
    top += 1.5
    half = (WIDTH - 2 * MARGIN - 0.5) / 2
    height = BOTTOM - top - 0.35
    deck.text(slide, (MARGIN, top, half, 0.35), [Run(f"Cumulative, by {period}", bold=True)], 13)
    right = MARGIN + half + 0.5
    deck.text(slide, (right, top, half, 0.35), [Run("The range of outcomes", bold=True)], 13)
    if case.cumulative:
        series = [
            ("Cumulative incremental profit", [c for _, c, _ in case.cumulative]),
            ("Cumulative net flow after the investment", [n for _, _, n in case.cumulative]),
        ]
        periods = [p for p, _, _ in case.cumulative]
        box = (MARGIN - 0.1, top + 0.35, half + 0.1, height)
        deck.line_chart(slide, box, periods, series, currency=currency, period=period)
    if case.range:
        names = [name.capitalize() for name, _, _ in case.range]
        series_r: list[tuple[str, Sequence[float | None]]] = [
            (f"Total incremental profit ({_clean(currency)})", [t for _, t, _ in case.range]),
            (f"Net present value ({_clean(currency)})", [v for _, _, v in case.range]),
        ]
        box = (right, top + 0.35, half, height)
        deck.bar_chart(slide, box, names, series_r, currency=currency, colours=[GREY, BLUE], thousands=True)


def _ask_slide(deck: _Deck, case: CaseSlide) -> None:
    parts = (
        ("What we recommend", case.actions),
        ("What it takes", case.resources),
        ("Concerns, and our answers", case.concerns),
    )
    blocks: list[tuple[str, list[Para]]] = [(head, list(lines)) for head, lines in parts if lines]
    _flow(
        deck,
        "The ask",
        f"For the decision on {case.title}",
        blocks,
        columns=len(blocks),
        largest=17,
        apart=True,
    )


# -- the decks ------------------------------------------------------------------------------------------


def _model_slides(deck: _Deck, analysis: ModelAnalysis) -> None:
    summary = value_summary(analysis)
    for part in summary.subsegments:
        _subsegment_slide(deck, analysis, part)
    _price_slide(deck, analysis, summary.subsegments)
    if analysis.model.placeholders:
        _placeholder_slides(deck, analysis)
    _assumption_slides(deck, analysis)


def project_deck(content: ProjectDeck) -> bytes:
    """The project's deck as the bytes of a .pptx file (16:9, native charts, text as text).

    Parameters
    ----------
    content
        What the deck shows; a section without content (no business issue, no research lines, no
        proposition, no case, a case without actions, resources or concerns) is left out.

    Returns
    -------
    bytes
        The presentation, ready to write to a ``.pptx`` file or to send.
    """
    deck = _Deck(content.title, content.version)
    _title_slide(deck, content.title, content.version, "Customer value: the case for a decision")
    if content.business_issue.strip() or content.decision.strip():
        _issue_slide(deck, content)
    research = [line for line in content.research if line.strip()]
    if research:
        _research_slide(deck, research)
    _model_slides(deck, content.analysis)
    if content.proposition is not None:
        _proposition_slide(deck, content.analysis, content.proposition)
    case = content.case
    if case is not None:
        _case_slide(deck, case)
        if case.actions or case.resources or case.concerns:
            _ask_slide(deck, case)
    return deck.save()


def model_deck(analysis: ModelAnalysis, *, source: str) -> bytes:
    """A model file's deck alone: the title slide (the model's name, ``source``) and the model slides."""
    deck = _Deck(analysis.model.name, source)
    _title_slide(deck, analysis.model.name, source, "Customer value model")
    _model_slides(deck, analysis)
    return deck.save()
