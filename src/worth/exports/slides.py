"""The toolkit the slide decks are drawn with: the look (16:9, DejaVu Sans, the app's palette), text
that fits its box, bullets, native charts with their style, and lists that flow onto continuation
slides. What a deck says is in :mod:`worth.exports.deck`; how a slide is drawn is here.

Text goes in as text: python-pptx escapes XML, and :func:`_clean` drops the control characters XML
cannot hold at all.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
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

from worth.engine.model.display import round_money
from worth.exports.charts import THEME

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
