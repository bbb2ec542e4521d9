"""The value calculator's spreadsheet computes exactly what the engine computes.

Checked three ways: by the ``formulas`` package (a Python spreadsheet engine, quick), by LibreOffice
headless recalculating the saved files (the real spreadsheet program a salesperson may use), on the
demo model and on generated models whose equations use every operator and function of the language,
and by hand for one element of the demo.
"""

from __future__ import annotations

import math
import random
import warnings
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from tests.exports.libreoffice import recalculate

from worth.engine.equations.nodes import Call, Name, Number
from worth.engine.model.calculator import Calculator, build_calculator
from worth.engine.model.io import load_model, parse_model
from worth.exports.calculator_xlsx import calculator_layout, calculator_workbook
from worth.exports.spreadsheet_formulas import UnsupportedFormulaError, formula

pytestmark = pytest.mark.spreadsheet

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bearings-pulp-paper.yaml"
LARGE, SMALL = "Large integrated mills", "Small and mid-size mills"
DT_ALT = "Unplanned downtime hours per year, alternative"
DT_OURS = "Unplanned downtime hours per year, offering"
B_ALT = "Bearings replaced per year, alternative"
B_OURS = "Bearings replaced per year, offering"
MARGIN = "Contribution margin per production hour"
OVERHEAD = "Labour overhead rate"

#: Changed answers: a salesperson's own figures for one customer.
ANSWERS = {DT_ALT: 52.5, DT_OURS: 7.25, MARGIN: 12_345.6, B_ALT: 61, "Paper machines": 5, OVERHEAD: 0.375}


# ----------------------------------------------------------------------------------- generated models


def _expr(rng: random.Random, depth: int) -> str:
    """A random dimensionless expression over the example's drivers, using every construct."""
    ratios = [f"[{DT_OURS}] / [{DT_ALT}]", f"[{B_OURS}] / [{B_ALT}]", f"[{OVERHEAD}]"]
    if depth == 0 or rng.random() < 0.2:
        pick = rng.random()
        if pick < 0.45:
            return f"({rng.choice(ratios)})"
        if pick < 0.7:
            return f"{rng.choice([0.5, 2, 3.75, 1.2, 10])}"
        return f"{rng.choice([15, 40, 7.5])}%"
    a, b = _expr(rng, depth - 1), _expr(rng, depth - 1)
    shape = rng.randrange(12)
    if shape < 4:
        return f"({a} {rng.choice(['+', '-', 'x', '/'])} {b})"
    if shape == 4:
        return f"-{a}"
    if shape == 5:
        return f"min({a}, {b})"
    if shape == 6:
        return f"max({a}, {b}, {_expr(rng, 0)})"
    if shape == 7:
        return f"abs({a} - {b})"
    if shape == 8:
        return f"round({a}, {rng.choice([0, 1, 2, 3])})"
    comparison = rng.choice([">", "<", ">=", "<=", "==", "!="])
    joiner = rng.choice(["and", "or"])
    condition = f"{a} {comparison} {b} {joiner} not {_expr(rng, 0)} > {_expr(rng, 0)}"
    return f"if({condition}, {_expr(rng, depth - 1)}, {_expr(rng, depth - 1)})"


def generated_model(seed: int) -> Any:
    """The example with each quantified element's equation replaced by a random one (units hold)."""
    rng = random.Random(seed)
    data = load_model(EXAMPLE).to_data()
    data["offering"]["name"] = 'Nordkap "Reliability" & =SUM(A1) plan'
    for element in data["elements"]:
        if element.get("equation"):
            target = element["equation"].split("=", 1)[0].strip()
            element["equation"] = f"{target} = [{MARGIN}] x [{DT_ALT}] x {_expr(rng, 3)}"
    return parse_model(data)


# ---------------------------------------------------------------------------------------- reading back


def _cell(book: Any, name: str) -> Any:
    sheet, ref = next(iter(book.defined_names[name].destinations))
    return book[sheet][ref.replace("$", "")].value


def _number(value: Any) -> float:
    """A cell's value as the engine gives it: a number, or NaN for an empty or error cell."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return math.nan


def assert_same(engine: float, sheet: float, what: str) -> None:
    if math.isnan(engine):
        assert math.isnan(sheet), f"{what}: the engine has no value, the spreadsheet {sheet}"
        return
    assert math.isclose(engine, sheet, rel_tol=1e-9, abs_tol=1e-9), f"{what}: engine {engine}, sheet {sheet}"


def assert_matches_engine(book: Any, calc: Calculator, values: dict[str, float], who: str) -> None:
    layout = calculator_layout(calc)
    result = calc.evaluate(values, who=who)
    for element, name in layout.elements.items():
        assert_same(result.elements[element], _number(_cell(book, name)), element)
    for target, value in result.quantities.items():
        assert_same(value, _number(_cell(book, layout.quantities[target])), target)
    assert_same(result.total, _number(_cell(book, "total")), "total")
    assert_same(result.offering_price, _number(_cell(book, "offering_price")), "offering price")
    assert_same(result.alternative_price, _number(_cell(book, "alternative_price")), "alternative price")
    assert_same(result.total - result.delta_price, _number(_cell(book, "keeps")), "keeps")
    assert _cell(book, "choice_sentence") == result.choice.sentence


# ------------------------------------------------------------------------------------------- the cases


def _cases() -> list[tuple[str, Calculator, dict[str, float], str]]:
    demo = load_model(EXAMPLE)
    cases = []
    for sub in (LARGE, SMALL):
        calc = build_calculator(demo, sub)
        cases.append((f"demo-{sub[:5]}-defaults", calc, calc.defaults(), "The customer"))
        answers = {**calc.defaults(), **{k: v for k, v in ANSWERS.items() if k in calc.defaults()}}
        cases.append((f"demo-{sub[:5]}-answers", calc, answers, "Lindqvist Bruk"))
    large = build_calculator(demo, LARGE)
    missing = {**large.defaults(), MARGIN: math.nan}  # a blank cell: the customer has not said yet
    cases.append(("demo-missing-margin", large, missing, "The customer"))
    # The customer's price quote makes the alternative the better choice (the other branch).
    dear = {**large.defaults(), "Price: offering": 250_000.0}
    cases.append(("demo-too-dear", large, dear, 'Mill "Nord" & Co'))
    for seed in range(6):
        calc = build_calculator(generated_model(seed), LARGE)
        cases.append((f"generated-{seed}", calc, {**calc.defaults(), **ANSWERS}, "The customer"))
    return cases


@pytest.fixture(scope="module")
def recalculated(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, tuple[Any, Calculator, dict[str, float], str]]:
    """Every case written without cached results, recalculated by LibreOffice in one run, read back."""
    work = tmp_path_factory.mktemp("calculators")
    cases = _cases()
    paths = []
    for key, calc, values, who in cases:
        path = work / f"{key}.xlsx"
        path.write_bytes(calculator_workbook(calc, who=who, values=values, cached=False))
        paths.append(path)
    done = recalculate(paths, work)
    return {
        key: (openpyxl.load_workbook(out, data_only=True), calc, values, who)
        for (key, calc, values, who), out in zip(cases, done, strict=True)
    }


CASE_KEYS = [key for key, *_ in _cases()]


@pytest.mark.parametrize("key", CASE_KEYS)
def test_libreoffice_computes_what_the_engine_computes(recalculated: dict[str, Any], key: str) -> None:
    book, calc, values, who = recalculated[key]
    assert_matches_engine(book, calc, values, who)


def test_the_recalculated_demo_matches_a_calculation_by_hand(recalculated: dict[str, Any]) -> None:
    book, calc, values, _ = recalculated["demo-Large-answers"]
    layout = calculator_layout(calc)
    # (52.5 - 7.25) h x 12,345.6 per hour
    assert _cell(book, layout.elements["Unplanned downtime"]) == pytest.approx(
        (52.5 - 7.25) * 12_345.6, rel=1e-12
    )
    # The list price per paper machine times the customer's five machines.
    assert _cell(book, "offering_price") == pytest.approx(96_000 * 5)
    labour = (
        values["Technician salary per year"] * (1 + 0.375) / values["Working hours per technician per year"]
    )
    hours = (
        values["Maintenance hours on bearings per year, alternative"]
        - values["Maintenance hours on bearings per year, offering"]
    )
    assert _cell(book, layout.elements["Maintenance labour"]) == pytest.approx(hours * labour, rel=1e-12)


def test_an_element_missing_an_input_shows_no_value_and_the_sentence_says_why(
    recalculated: dict[str, Any],
) -> None:
    book, calc, _, _ = recalculated["demo-missing-margin"]
    layout = calculator_layout(calc)
    assert _cell(book, layout.elements["Unplanned downtime"]) in (None, "")
    assert _number(_cell(book, layout.elements["Energy"])) > 0
    assert _cell(book, "total") in (None, "")
    assert "its value over the alternative is not computable" in _cell(book, "choice_sentence")


def test_the_cached_results_are_the_engines_so_a_preview_shows_the_figures(tmp_path: Path) -> None:
    calc = build_calculator(load_model(EXAMPLE), SMALL)
    values = {**calc.defaults(), DT_ALT: 30.0}
    path = tmp_path / "cached.xlsx"
    path.write_bytes(calculator_workbook(calc, who="Holmsund", values=values))
    assert_matches_engine(openpyxl.load_workbook(path, data_only=True), calc, values, "Holmsund")


def test_the_formulas_package_computes_the_same_for_new_inputs(tmp_path: Path) -> None:
    formulas = pytest.importorskip("formulas")
    calc = build_calculator(load_model(EXAMPLE), LARGE)
    path = tmp_path / "calc.xlsx"
    path.write_bytes(calculator_workbook(calc, cached=False))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = formulas.ExcelModel().loads(str(path)).finish()
    layout = calculator_layout(calc)
    book = openpyxl.load_workbook(path)
    cells = {
        name: next(iter(book.defined_names[name].destinations)) for name in [*layout.inputs.values(), "total"]
    }

    def key(name: str) -> str:
        sheet, ref = cells[name]
        return f"'[{path.name}]{sheet.upper()}'!{ref.replace('$', '')}"

    answers = {**calc.defaults(), DT_ALT: 44.0, MARGIN: 10_000.0}
    given = {key(layout.inputs[name]): value for name, value in answers.items()}
    solution = model.calculate(inputs=given, outputs=[key("total")])
    total = float(solution[key("total")].value[0][0])
    assert total == pytest.approx(calc.evaluate(answers).total, rel=1e-9)


def test_the_inputs_are_the_only_unlocked_cells_and_every_sheet_is_protected(tmp_path: Path) -> None:
    calc = build_calculator(load_model(EXAMPLE), LARGE)
    path = tmp_path / "calc.xlsx"
    path.write_bytes(calculator_workbook(calc))
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Inputs", "Value", "Assumptions"]
    assert all(book[name].protection.sheet for name in book.sheetnames)
    unlocked = {
        (sheet.title, cell.coordinate)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None and not cell.protection.locked
    }
    inputs = {next(iter(book.defined_names[n].destinations)) for n in calculator_layout(calc).inputs.values()}
    customer = next(iter(book.defined_names["customer_name"].destinations))
    assert unlocked == {(sheet, ref.replace("$", "")) for sheet, ref in {*inputs, customer}}
    value = book["Value"]
    formulas_written = [
        c for row in value.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")
    ]
    assert len(formulas_written) >= len(calc.elements) + 5
    assert value._charts, "the Value sheet has its chart"


def test_user_text_is_written_as_text_never_as_a_formula(tmp_path: Path) -> None:
    calc = build_calculator(generated_model(0), LARGE)
    path = tmp_path / "calc.xlsx"
    path.write_bytes(calculator_workbook(calc, who='=HYPERLINK("http://x")'))
    book = openpyxl.load_workbook(path)
    customer = _cell(book, "customer_name")
    offering = _cell(book, "offering_name")
    assert customer == '=HYPERLINK("http://x")'
    sheet, ref = next(iter(book.defined_names["customer_name"].destinations))
    assert book[sheet][ref.replace("$", "")].data_type == "s"
    assert offering == 'Nordkap "Reliability" & =SUM(A1) plan'


def test_every_function_of_the_language_translates_and_an_unknown_one_is_named() -> None:
    names = {"A": "in_a", "B": "in_b"}
    for function, spreadsheet in (("min", "MIN"), ("max", "MAX"), ("abs", "ABS"), ("round", "ROUND")):
        args = (Name("A"), Number(2.0)) if function != "abs" else (Name("A"),)
        assert formula(Call(function, args), names).startswith(f"{spreadsheet}(")
    with pytest.raises(UnsupportedFormulaError, match=r"sqrt\(\) has no spreadsheet formula"):
        formula(Call("sqrt", (Name("A"),)), names)
    with pytest.raises(UnsupportedFormulaError, match=r"\[C\] has no cell"):
        formula(Name("C"), names)


def test_a_calculator_names_the_element_it_cannot_carry(tmp_path: Path) -> None:
    """A function a future engine might add without a spreadsheet twin (built as a tree by hand here)."""
    calc = build_calculator(load_model(EXAMPLE), LARGE)
    energy = next(s for s in calc.elements if s.name == "Energy")
    rounded = type(energy)(
        energy.name,
        energy.target,
        type(energy.equation)(
            energy.equation.target,
            energy.equation.text,
            energy.equation.variables,
            Call("sqrt", (energy.equation.expr,)),
        ),
        energy.unit,
        energy.sign,
        energy.element,
        energy.classification,
        energy.status,
    )
    changed = type(calc)(
        calc.model,
        calc.compiled,
        calc.subsegment,
        calc.inputs,
        calc.constants,
        calc.quantities,
        tuple(rounded if s.name == "Energy" else s for s in calc.elements),
        calc.parity,
        calc.research_count,
    )
    layout = calculator_layout(changed)
    assert layout.uncarried == {"Energy": "the function sqrt() has no spreadsheet formula"}
    path = tmp_path / "calc.xlsx"
    path.write_bytes(calculator_workbook(changed, cached=False))
    book = openpyxl.load_workbook(path)
    assert _cell(book, layout.elements["Energy"]) == "not carried"
    notes = [c.value for row in book["Assumptions"].iter_rows() for c in row if c.value]
    assert "the function sqrt() has no spreadsheet formula" in notes
    # The total waits for every element, so it never silently leaves the uncarried one out.
    assert _cell(book, "total").startswith(f"=IF(COUNT({layout.elements['Unplanned downtime']},")
