"""A value calculator as a spreadsheet with live formulas, for a salesperson to take anywhere, offline.

Three sheets. *Inputs* is the worksheet the salesperson fills in with the customer: one named, unlocked
cell per number the calculator asks for, with its unit, what it means, where the customer finds it, and
a live flag that says whether the cell still holds the research default. *Value* computes: the
constants, the named intermediate quantities, one formula per element (the word equation is the cell's
label), the delta value, both prices, what the customer keeps and the customer's choice in one
sentence, as live formulas, with a chart of the elements. *Assumptions* lists every assumption and
source the figures rest on. Formula cells are locked and the sheets protected (no password): only the
inputs change.

The formulas are the engine's equations translated one to one (:mod:`worth.exports.spreadsheet_formulas`),
so a recalculated workbook gives what :meth:`worth.engine.model.calculator.Calculator.evaluate` gives;
the suite checks that with LibreOffice. An element whose inputs are not all given shows no value, as
in the analysis, never a number computed from empty cells.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from worth.engine.equations.units import CURRENCY_SYMBOLS
from worth.engine.model.calculator import ALTERNATIVE_PRICE, OFFERING_PRICE, Calculator, CalculatorResult
from worth.engine.model.display import format_money
from worth.exports.spreadsheet_formulas import UnsupportedFormulaError, formula, number_text

__all__ = ["CalculatorLayout", "calculator_layout", "calculator_workbook"]

INPUTS, VALUE, ASSUMPTIONS = "Inputs", "Value", "Assumptions"
#: The first row of the input table on the Inputs sheet (0-based) and of the element table on Value.
FIRST_INPUT_ROW = 7


@dataclass(frozen=True)
class CalculatorLayout:
    """Where each figure sits, by defined name: what the tests and a program reading the file need.

    ``inputs`` maps each calculator input to its cell's defined name; ``elements`` and ``quantities``
    likewise; ``totals`` holds ``total``, ``offering_price``, ``alternative_price``, ``delta_price``,
    ``keeps`` and ``sentence``. ``uncarried`` names the elements the spreadsheet cannot compute, with why.
    """

    inputs: dict[str, str]
    quantities: dict[str, str]
    elements: dict[str, str]
    totals: dict[str, str]
    uncarried: dict[str, str]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:60] or "x"


class _Names:
    """Defined names that are valid, cannot be read as cell references, and never repeat."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def make(self, prefix: str, text: str) -> str:
        base = f"{prefix}_{_slug(text)}"
        name, n = base, 2
        while name.lower() in self.used:
            name, n = f"{base}_{n}", n + 1
        self.used.add(name.lower())
        return name


def calculator_layout(calculator: Calculator) -> CalculatorLayout:
    """The defined names the workbook gives each figure (the same every time for the same calculator)."""
    names = _Names()
    inputs = {item.name: names.make("in", item.name) for item in calculator.inputs}
    constants = {c.name: names.make("k", c.name) for c in calculator.constants}
    quantities = {q.target: names.make("q", q.target) for q in calculator.quantities}
    elements = {e.name: names.make("v", e.name) for e in calculator.elements}
    totals = {key: key for key in ("total", "offering_price", "alternative_price", "delta_price", "keeps")}
    totals["sentence"] = "choice_sentence"
    uncarried: dict[str, str] = {}
    cells = {**inputs, **constants, **quantities}
    for step in calculator.elements:
        try:
            formula(step.equation.expr, cells)
            for quantity in _quantities_of(calculator, step.name):
                formula(quantity.equation.expr, cells)
        except UnsupportedFormulaError as why:
            uncarried[step.name] = str(why)
    return CalculatorLayout(inputs, {**constants, **quantities}, elements, totals, uncarried)


def _quantities_of(calculator: Calculator, element: str) -> list[Any]:
    """The intermediate quantities an element's equation reads, directly or through others."""
    by_target = {q.target: q for q in calculator.quantities}
    step = next(s for s in calculator.elements if s.name == element)
    found: list[Any] = []
    stack = [name for name in step.equation.variables if name in by_target]
    while stack:
        target = stack.pop()
        if by_target[target] not in found:
            found.append(by_target[target])
            stack.extend(name for name in by_target[target].equation.variables if name in by_target)
    return found


def _lines(texts: Mapping[int, str], widths: Mapping[int, float]) -> int:
    """How many lines the tallest wrapped cell of a row takes (columns ``widths`` wide, in characters)."""
    most = 1
    for col, text in texts.items():
        per_line = max(8, int(widths[col] * 1.1))
        most = max(most, sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n")))
    return most


def _print_setup(sheet: Worksheet, *, landscape: bool = True) -> None:
    """A4, one page wide, as a salesperson prints it for the customer."""
    sheet.set_paper(9)
    if landscape:
        sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    sheet.set_footer("&L&8Worth value calculator&R&8Page &P of &N")


def _money_format(currency: str) -> str:
    symbol = CURRENCY_SYMBOLS.get(currency)
    if symbol:
        return f'"{symbol}"#,##0;-"{symbol}"#,##0'
    return f'#,##0 "{currency}";-#,##0 "{currency}"'


def _money_text(cell: str, currency: str) -> str:
    """A formula writing ``cell`` as ``format_money`` does: ``$331,836``, ``-$8,634``, ``1,250 CHF``."""
    rounded = f"ROUND({cell},0)"
    digits = f'TEXT(ABS({rounded}),"#,##0")'
    sign = f'IF({rounded}<0,"-","")'
    symbol = CURRENCY_SYMBOLS.get(currency)
    return f'{sign}&"{symbol}"&{digits}' if symbol else f'{sign}&{digits}&" {currency}"'


def _sentence(currency: str) -> str:
    """``customer_choice``'s sentence as one formula over the named cells (see its branches there)."""
    who, off, alt, per = "customer_name", "offering_name", "alternative_name", "period_word"
    dp = "ROUND(delta_price,0)"
    premium = (
        f'IF({dp}>0,"a price premium of "&t_dp,IF({dp}<0,"a price "&t_ndp&" below that of "&{alt},'
        f'"the same price"))'
    )
    ours = (
        f'{who}&" should choose "&{off}&": its value over "&{alt}&" is "&t_dv&" per "&{per}&" against "'
        f'&{premium}&", so the customer is "&t_m&" per "&{per}&" better off with "&{off}&"."'
    )
    why = (
        f'IF({dp}>0,"the value "&{off}&" adds ("&t_dv&" per "&{per}&") is less than its price premium of "'
        f'&t_dp,IF({dp}<0,{off}&" costs "&t_ndp&" less but delivers "&t_ndv&" less value per "&{per},'
        f'"at the same price "&{off}&" delivers "&t_ndv&" less value per "&{per}))'
    )
    keep = (
        f'{who}&" should keep "&{alt}&": "&{why}&", so the customer would be "&t_nm&" per "&{per}&'
        f'" worse off with "&{off}&". At a price of "&t_ceiling&" or less "&{off}&" would be the better '
        f'choice."'
    )
    same = (
        f'{who}&" gains nothing either way: the value "&{off}&" adds ("&t_dv&" per "&{per}&") equals "'
        f'&IF({dp}>0,"a price premium of "&t_dp,"its price difference")&"."'
    )
    cannot = f'"Worth cannot say whether "&{who}&" should choose "&{off}&" or "&{alt}&": "'
    return (
        f"=IF(NOT(ISNUMBER(total)),"
        f'{cannot}&"its value over the alternative is not computable from the data.",'
        f"IF(NOT(AND(ISNUMBER(offering_price),ISNUMBER(alternative_price))),"
        f'{cannot}&"a price is not computable from the data.",'
        f"IF(ROUND(keeps,0)>0,{ours},IF(ROUND(keeps,0)<0,{keep},{same}))))"
    )


def calculator_workbook(
    calculator: Calculator,
    *,
    who: str = "The customer",
    values: Mapping[str, float] | None = None,
    cached: bool = True,
) -> bytes:
    """The calculator as .xlsx bytes; ``values`` (an estimate's inputs) fill the cells instead of defaults.

    With ``cached`` (the default) every formula cell also carries the value the engine computes for
    the inputs written, so a viewer that does not recalculate (a phone's preview, a spreadsheet program
    set never to recalculate on load) shows the right figures; ``cached=False`` leaves them empty, for a
    test that a program really recalculates.
    """
    layout = calculator_layout(calculator)
    given = {**calculator.defaults(), **(values or {})}
    result = calculator.evaluate(given, who=who) if cached else None
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    book.set_properties(
        {
            "title": f"Value calculator: {calculator.subsegment.name}",
            "subject": calculator.model.name,
            "comments": "Made by Worth from the value model; the formulas are the model's word equations.",
        }
    )
    styles = _Styles(book, calculator.model.currency)
    inputs = book.add_worksheet(INPUTS)
    value = book.add_worksheet(VALUE)
    notes = book.add_worksheet(ASSUMPTIONS)
    _inputs_sheet(book, inputs, calculator, layout, styles, who, values or {}, cached)
    _ValueSheet(book, value, calculator, layout, styles, result).build()
    _assumptions_sheet(notes, calculator, layout, styles)
    for sheet in (inputs, value, notes):
        sheet.protect(
            "", {"select_locked_cells": True, "select_unlocked_cells": True, "format_columns": True}
        )
    inputs.activate()
    book.close()
    return buffer.getvalue()


class _Styles:
    def __init__(self, book: Workbook, currency: str) -> None:
        money = _money_format(currency)
        self.title = book.add_format({"bold": True, "font_size": 16, "font_color": "#14365D"})
        self.subtitle = book.add_format({"italic": True, "font_color": "#6B7785", "text_wrap": False})
        self.header = book.add_format(
            {"bold": True, "bg_color": "#E7EEF9", "border": 1, "border_color": "#C5CCD3", "text_wrap": True}
        )
        self.text = book.add_format({"text_wrap": True, "valign": "top"})
        self.muted = book.add_format({"text_wrap": True, "valign": "top", "font_color": "#6B7785"})
        self.label = book.add_format({"bold": True, "valign": "top", "text_wrap": True})
        self.input = book.add_format(
            {"locked": False, "bg_color": "#FFF8DC", "border": 1, "border_color": "#D9822B", "valign": "top"}
        )
        self.input_text = book.add_format({"locked": False, "bg_color": "#FFF8DC", "border": 1})
        self.default = book.add_format({"bg_color": "#EEF1F4", "font_color": "#4A5561"})
        self.number = book.add_format({"num_format": "#,##0.####", "valign": "top"})
        self.money = book.add_format({"num_format": money, "valign": "top"})
        self.money_bold = book.add_format({"num_format": money, "bold": True, "top": 1})
        self.bold = book.add_format({"bold": True, "top": 1})
        self.sentence = book.add_format(
            {"text_wrap": True, "bold": True, "bg_color": "#EEF4FB", "valign": "top", "border": 1}
        )
        self.flag = book.add_format({"text_wrap": True, "valign": "top", "font_color": "#7A4B12"})


def _inputs_sheet(
    book: Workbook,
    sheet: Worksheet,
    calculator: Calculator,
    layout: CalculatorLayout,
    styles: _Styles,
    who: str,
    values: Mapping[str, float],
    cached: bool,
) -> None:
    sub = calculator.subsegment
    widths = {0: 40, 1: 14, 2: 14, 3: 44, 4: 44, 5: 40}
    for col, width in widths.items():
        sheet.set_column(col, col, width)
    _print_setup(sheet)
    sheet.repeat_rows(FIRST_INPUT_ROW - 1)
    sheet.write_string(0, 0, f"Value calculator: {sub.name}", styles.title)
    sheet.write_string(
        1,
        0,
        f"{calculator.model.offering.name} against {sub.alternative.name} · {calculator.model.name} · "
        f"{calculator.model.currency} per {calculator.period_word}",
        styles.subtitle,
    )
    sheet.merge_range(
        2,
        0,
        2,
        5,
        "Fill in the yellow cells with the customer's own figures; grey ones still hold the research "
        "default. The result is on the Value sheet.",
        styles.muted,
    )
    sheet.write_string(4, 0, "Customer", styles.label)
    sheet.write_string(4, 1, who, styles.input_text)
    book.define_name("customer_name", f"='{INPUTS}'!$B$5")
    headers = (
        "What to ask",
        "Value",
        "Unit",
        "What it means",
        "Where the customer finds it",
        "The figure now",
    )
    for col, text in enumerate(headers):
        sheet.write_string(FIRST_INPUT_ROW - 1, col, text, styles.header)
    for offset, item in enumerate(calculator.inputs):
        row = FIRST_INPUT_ROW + offset
        cell = f"$B${row + 1}"
        name = layout.inputs[item.name]
        sheet.write_string(row, 0, item.name, styles.label)
        given = values.get(item.name, item.default)
        if given is None or (isinstance(given, float) and math.isnan(given)):
            sheet.write_blank(row, 1, None, styles.input)
        else:
            sheet.write_number(row, 1, float(given), styles.input)
        book.define_name(name, f"='{INPUTS}'!{cell}")
        sheet.write_string(row, 2, item.unit, styles.text)
        sheet.write_string(row, 3, item.description, styles.muted)
        sheet.write_string(row, 4, item.where_to_find, styles.muted)
        if item.default is None:
            flag = f'=IF(ISBLANK({cell}),"The customer must say","The customer\'s figure")'
            now = "The customer must say" if given is None else "The customer's figure"
        else:
            note = f"Still the default: {item.default_note}; replace it with the customer's figure"
            note = note.replace('"', '""')[:250]
            flag = (
                f'=IF(ISBLANK({cell}),"Missing: the default is {number_text(item.default)}",'
                f'IF({cell}={number_text(item.default)},"{note}","The customer\'s figure"))'
            )
            if given is None:
                now = f"Missing: the default is {number_text(item.default)}"
            else:
                now = note.replace('""', '"') if float(given) == item.default else "The customer's figure"
            sheet.conditional_format(
                row,
                1,
                row,
                1,
                {
                    "type": "formula",
                    "criteria": f"={cell}={number_text(item.default)}",
                    "format": styles.default,
                },
            )
        sheet.write_formula(row, 5, flag, styles.flag, now if cached else 0)
        texts = {0: item.name, 3: item.description, 4: item.where_to_find, 5: item.default_note + " " * 40}
        sheet.set_row(row, 15 * _lines(texts, widths))
    sheet.freeze_panes(FIRST_INPUT_ROW, 1)


def _cache(value: float | None) -> float | str:
    """A formula cell's cached result: the number, or "" where the formula shows no value."""
    return "" if value is None or not math.isfinite(value) else value


class _ValueSheet:
    """The Value sheet, block by block: constants, quantities, elements, totals, the sentence, the chart."""

    WIDTHS: ClassVar[dict[int, float]] = {0: 32, 1: 24, 2: 60, 3: 18, 4: 16}

    def __init__(
        self,
        book: Workbook,
        sheet: Worksheet,
        calculator: Calculator,
        layout: CalculatorLayout,
        styles: _Styles,
        result: CalculatorResult | None,
    ) -> None:
        self.book, self.sheet, self.calc, self.layout, self.styles = book, sheet, calculator, layout, styles
        self.result = result
        self.currency = calculator.model.currency
        self.cells = {**layout.inputs, **layout.quantities}
        self.row = 3

    def name(self, name: str, column: str) -> None:
        self.book.define_name(name, f"='{VALUE}'!${column}${self.row + 1}")

    def cached(self, value: float | None) -> float | str:
        return _cache(value) if self.result is not None else 0

    def build(self) -> None:
        sheet, calc, styles = self.sheet, self.calc, self.styles
        model, sub, per = calc.model, calc.subsegment, calc.period_word
        for col, width in self.WIDTHS.items():
            sheet.set_column(col, col, width)
        sheet.set_column(6, 6, 22, None, {"hidden": True})
        _print_setup(sheet)
        sheet.write_string(0, 0, f"What {model.offering.name} is worth", styles.title)
        sheet.write_string(
            1, 0, f"{sub.name} · against {sub.alternative.name} · {self.currency} per {per}", styles.subtitle
        )
        # Words the sentence formula reads (user text is written as text, never as a formula).
        words = (
            ("offering_name", model.offering.name),
            ("alternative_name", sub.alternative.name),
            ("period_word", per),
        )
        for row, (name, text) in enumerate(words, start=2):
            sheet.write_string(row, 6, text)
            self.book.define_name(name, f"='{VALUE}'!$G${row + 1}")
        self.constants()
        self.quantities()
        first, last = self.elements()
        self.totals()
        self.chart(first, last)

    def header(self, *texts: str) -> None:
        for col, text in enumerate(texts):
            self.sheet.write_string(self.row, col, text, self.styles.header)
        self.row += 1

    def fit(self, texts: Mapping[int, str]) -> None:
        self.sheet.set_row(self.row, 15 * _lines(texts, self.WIDTHS))

    def constants(self) -> None:
        if not self.calc.constants:
            return
        self.header("Constants", "Value", "Assumption", "", "Unit")
        for constant in self.calc.constants:
            self.sheet.write_string(self.row, 0, constant.name, self.styles.label)
            self.sheet.write_number(self.row, 1, float(constant.value), self.styles.number)
            self.name(self.layout.quantities[constant.name], "B")
            self.sheet.write_string(self.row, 2, constant.assumption, self.styles.muted)
            self.sheet.write_string(self.row, 4, constant.unit, self.styles.text)
            self.fit({0: constant.name, 2: constant.assumption})
            self.row += 1
        self.row += 1

    def quantities(self) -> None:
        if not self.calc.quantities:
            return
        self.header("Intermediate quantities", "Value", "Word equation", "", "Unit")
        for quantity in self.calc.quantities:
            self.sheet.write_string(self.row, 0, quantity.target, self.styles.label)
            try:
                text = "=" + formula(quantity.equation.expr, self.cells)
            except UnsupportedFormulaError as why:
                self.sheet.write_string(self.row, 1, f"not carried: {why}", self.styles.flag)
            else:
                known = self.result.quantities.get(quantity.target) if self.result else None
                self.sheet.write_formula(self.row, 1, text, self.styles.number, self.cached(known))
            self.name(self.layout.quantities[quantity.target], "B")
            self.sheet.write_string(self.row, 2, quantity.words, self.styles.muted)
            self.sheet.write_string(self.row, 4, quantity.unit, self.styles.text)
            self.fit({0: quantity.target, 2: quantity.words})
            self.row += 1
        self.row += 1

    def elements(self) -> tuple[int, int]:
        styles = self.styles
        self.header(
            "Value element",
            "Classification",
            "Word equation",
            f"{self.currency} per {self.calc.period_word}",
            "Sign",
        )
        first = self.row
        for step in self.calc.elements:
            self.sheet.write_string(self.row, 0, step.name, styles.label)
            kind = step.classification.replace("-", " ")
            status = step.status.replace("-", " ")
            self.sheet.write_string(self.row, 1, f"{kind}, {status}" if status else kind, styles.muted)
            self.sheet.write_string(self.row, 2, step.words, styles.text)
            if step.name in self.layout.uncarried:
                self.sheet.write_string(self.row, 3, "not carried", styles.flag)
                self.sheet.write_string(self.row, 4, self.layout.uncarried[step.name], styles.flag)
            else:
                reads = [self.layout.inputs[d] for d in self.calc.compiled.drivers[step.name]]
                body = formula(step.equation.expr, self.cells)
                signed = f"-({body})" if step.sign < 0 else body
                guard = f'IF(COUNT({",".join(reads)})<{len(reads)},"",{signed})' if reads else signed
                known = self.result.elements[step.name] if self.result else None
                self.sheet.write_formula(self.row, 3, "=" + guard, styles.money, self.cached(known))
                self.sheet.write_string(
                    self.row, 4, "subtracted (unfavourable)" if step.sign < 0 else "", styles.muted
                )
            self.name(self.layout.elements[step.name], "D")
            self.fit({0: step.name, 1: step.classification + step.status, 2: step.words})
            self.row += 1
        return first, self.row - 1

    def totals(self) -> None:
        calc, styles, result = self.calc, self.styles, self.result
        values = ",".join(self.layout.elements[s.name] for s in calc.elements)
        count = len(calc.elements)
        alternative = calc.subsegment.alternative.name
        rows = (
            (
                "total",
                f"Value over {alternative} (delta value)",
                f'=IF(COUNT({values})<{count},"",SUM({values}))',
            ),
            (
                "offering_price",
                f"Price of {calc.model.offering.name}",
                _price_formula(calc, self.layout, OFFERING_PRICE),
            ),
            (
                "alternative_price",
                f"Price of {alternative}",
                _price_formula(calc, self.layout, ALTERNATIVE_PRICE),
            ),
            (
                "delta_price",
                "Price premium (delta price)",
                '=IF(AND(ISNUMBER(offering_price),ISNUMBER(alternative_price)),offering_price-alternative_price,"")',
            ),
            (
                "keeps",
                "The customer keeps (delta value - delta price)",
                '=IF(AND(ISNUMBER(total),ISNUMBER(delta_price)),total-delta_price,"")',
            ),
        )
        figures: dict[str, float] = {}
        if result is not None:
            figures = {
                "total": result.total,
                "offering_price": result.offering_price,
                "alternative_price": result.alternative_price,
                "delta_price": result.delta_price,
                "keeps": result.total - result.delta_price,
                "ceiling": result.alternative_price + result.total,
            }
        self.row += 1
        for key, label, text in rows:
            bold = key in ("total", "keeps")
            self.sheet.merge_range(self.row, 0, self.row, 2, label, styles.bold if bold else styles.label)
            cache = self.cached(figures.get(key))
            self.sheet.write_formula(self.row, 3, text, styles.money_bold if bold else styles.money, cache)
            self.name(self.layout.totals[key], "D")
            self.row += 1
        self.sentence(figures)

    def sentence(self, figures: Mapping[str, float]) -> None:
        """The choice sentence, and its amounts as text in the hidden column (as format_money writes)."""
        helpers = {
            "t_dv": ("total", 1, "total"),
            "t_dp": ("delta_price", 1, "delta_price"),
            "t_ndp": ("-delta_price", -1, "delta_price"),
            "t_m": ("keeps", 1, "keeps"),
            "t_nm": ("-keeps", -1, "keeps"),
            "t_ndv": ("-total", -1, "total"),
            "t_ceiling": ("(alternative_price+total)", 1, "ceiling"),
        }
        total = figures.get("total", math.nan)
        for offset, (name, (cell, sign, key)) in enumerate(helpers.items()):
            at = self.row + 2 + offset
            amount = figures.get(key, math.nan)
            text = (
                format_money(sign * amount, self.currency)
                if math.isfinite(total) and math.isfinite(amount)
                else ""
            )
            self.sheet.write_formula(
                at, 6, f'=IF(ISNUMBER(total),{_money_text(cell, self.currency)},"")', None, text
            )
            self.book.define_name(name, f"='{VALUE}'!$G${at + 1}")
        self.row += 1
        self.sheet.merge_range(self.row, 0, self.row + 2, 3, "", self.styles.sentence)
        cache = self.result.choice.sentence if self.result else 0
        self.sheet.write_formula(self.row, 0, _sentence(self.currency), self.styles.sentence, cache)
        self.name(self.layout.totals["sentence"], "A")
        for offset in range(3):
            self.sheet.set_row(self.row + offset, 30)
        self.row += 4

    def chart(self, first: int, last: int) -> None:
        money = _money_format(self.currency)
        chart = self.book.add_chart({"type": "bar"})
        chart.add_series(
            {
                "name": f"{self.currency} per {self.calc.period_word}",
                "categories": [VALUE, first, 0, last, 0],
                "values": [VALUE, first, 3, last, 3],
                "fill": {"color": "#1F6FEB"},
                "invert_if_negative": False,
                "data_labels": {"value": True, "num_format": money},
            }
        )
        chart.set_title({"name": "Value per element", "name_font": {"size": 12}})
        chart.set_legend({"none": True})
        chart.set_x_axis(
            {"num_format": money, "major_gridlines": {"visible": True, "line": {"color": "#E6E8EB"}}}
        )
        chart.set_y_axis({"reverse": True})
        chart.set_size({"width": 720, "height": 60 + 40 * max(1, len(self.calc.elements))})
        self.sheet.insert_chart(self.row, 0, chart)


def _price_formula(calculator: Calculator, layout: CalculatorLayout, amount_input: str) -> str:
    price = calculator.offering_price if amount_input == OFFERING_PRICE else calculator.alternative_price
    amount = layout.inputs[amount_input]
    if price.per is None:
        return f'=IF(ISNUMBER({amount}),{amount},"")'
    per = layout.inputs[price.per]
    return f'=IF(COUNT({amount},{per})<2,"",{amount}*{per})'


def _assumptions_sheet(
    sheet: Worksheet, calculator: Calculator, layout: CalculatorLayout, styles: _Styles
) -> None:
    widths = {0: 34, 1: 100}
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 1, 100)
    _print_setup(sheet)
    sheet.write_string(0, 0, "What the figures rest on", styles.title)
    sheet.write_string(1, 0, f"{calculator.model.name} · {calculator.subsegment.name}", styles.subtitle)
    row = 3

    def block(title: str, rows: list[tuple[str, str]]) -> None:
        nonlocal row
        if not rows:
            return
        sheet.write_string(row, 0, title, styles.header)
        sheet.write_string(row, 1, "", styles.header)
        row += 1
        for left, right in rows:
            sheet.write_string(row, 0, left, styles.label)
            sheet.write_string(row, 1, right, styles.text)
            sheet.set_row(row, 15 * _lines({0: left, 1: right}, widths))
            row += 1
        row += 1

    block(
        "Element assumptions",
        [
            (step.name, text)
            for step in calculator.elements
            for text in (step.element.assumptions if step.element else [])
        ],
    )
    block(
        "Constants",
        [
            (
                c.name,
                f"{number_text(float(c.value))} {c.unit}: {c.assumption} ({c.source.replace('-', ' ')}"
                + (f"; {c.reference}" if c.reference else "")
                + ")",
            )
            for c in calculator.constants
        ],
    )
    block(
        "Defaults offered",
        [
            (i.name, f"{number_text(i.default)} {i.unit}: {i.default_note}")
            for i in calculator.inputs
            if i.default is not None
        ],
    )
    block(
        "Points of parity (no money: the same as the alternative)",
        [(e.name, e.description or "") for e in calculator.parity],
    )
    block("Not carried by this spreadsheet", list(layout.uncarried.items()))
    block(
        "Source",
        [
            ("Model", calculator.model.name),
            ("Research", f"{calculator.research_count} customers of {calculator.subsegment.name}"),
        ],
    )
