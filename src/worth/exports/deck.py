"""A slide deck a team can present as it is: the project's story from the issue to the ask.

The deck is a 16:9 PowerPoint file built with python-pptx. Every chart is a native chart (its numbers
live in the file and read back, a presenter can restyle it) and every word is text, never a picture of
text. The slides, in order, skipping a section whose content is absent: the title; the business issue
and the decision it informs; the research; the value model per subsegment (each element's mean value
per customer and the customer's choice); delta value against the price premium; the value
placeholders; the key assumptions; the value proposition; the business case; and the ask.

Text a user wrote goes in as text: python-pptx escapes XML, and ``slides._clean`` drops the control
characters XML cannot hold at all. How a slide is drawn (the look, fitting text, charts, lists that
flow onto continuation slides) is in :mod:`worth.exports.slides`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from pptx.enum.text import MSO_ANCHOR, PP_ALIGN

from worth.engine.model.analysis import ModelAnalysis
from worth.engine.model.display import format_percent
from worth.engine.model.schema import PERIOD_WORDS
from worth.engine.model.summary import SubsegmentSummary, value_summary
from worth.exports.slides import (
    BLUE,
    BOTTOM,
    GREEN,
    GREY,
    HEIGHT,
    INK,
    MARGIN,
    MUTED,
    ORANGE,
    RED,
    ROLES,
    TOP,
    WHITE,
    WIDTH,
    Para,
    Run,
    _clean,
    _decimal,
    _Deck,
    _fit,
    _flow,
    _lines,
    _money,
    _plain,
    _series,
)

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
