"""Benchmark: the value calculator's spreadsheet and its live result, as a salesperson meets them.

The demo's calculator workbook (three sheets, formulas, cached results, a chart) is written in turns
with a baseline workbook of the same number of plain value cells written by the same library, round
after round; the figure is the median ratio with its spread, with the workbook's own median time
(aim: at most 0.5 s, a download that feels immediate). The live result (each keystroke on the
calculator page builds the subsegment's calculator from the model and evaluates the answers) is timed
against evaluating the compiled equations alone, with its own median (aim: at most 100 ms).

Run: ``.venv/bin/python benchmarks/bench_calculator.py [--quick]``; results go to
``benchmarks/results/bench_calculator.json``.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import openpyxl
import xlsxwriter

from worth.engine.model.calculator import build_calculator
from worth.engine.model.io import load_model
from worth.exports.calculator_xlsx import calculator_workbook

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import Figure, arguments, calls_for, interleaved, median_figure, ratio_figure, write_results

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "bearings-pulp-paper.yaml"
SUBSEGMENT = "Large integrated mills"
WORKBOOK_AIM_S = 0.5
LIVE_AIM_MS = 100.0


def plain_workbook(cells: int) -> bytes:
    """The baseline: as many plain number cells, in one sheet, by the same library."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    for n in range(cells):
        sheet.write_number(n // 6, n % 6, float(n))
    book.close()
    return buffer.getvalue()


def cell_count(data: bytes) -> int:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return sum(
        1 for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None
    )


def run(*, quick: bool) -> list[Figure]:
    rounds = 5 if quick else 21
    model = load_model(EXAMPLE)
    calc = build_calculator(model, SUBSEGMENT)
    cells = cell_count(calculator_workbook(calc))
    workbook = interleaved(
        lambda: plain_workbook(cells), lambda: calculator_workbook(calc), rounds=rounds, number=1
    )
    answers = {key: str(value) for key, value in calc.defaults().items()}

    def live() -> object:
        built = build_calculator(model, SUBSEGMENT)
        return built.evaluate(built.read(answers), who="Lindqvist Bruk")

    values = calc.defaults()
    live_timing = interleaved(
        lambda: calc.compiled.evaluate(
            {k: v for k, v in values.items() if k in calc.compiled.system.required_inputs}
        ),
        live,
        rounds=rounds,
        number=calls_for(live),
    )
    return [
        ratio_figure(
            f"calculator workbook / {cells} plain cells, the example model", workbook, baseline="plain cells"
        ),
        median_figure(
            "calculator workbook, the example model",
            list(workbook.subject_rounds),
            unit="s",
            aim=f"<= {WORKBOOK_AIM_S:g} s",
            met=lambda s: s <= WORKBOOK_AIM_S,
        ),
        ratio_figure(
            "live calculator result / the compiled equations alone", live_timing, baseline="equations"
        ),
        median_figure(
            "live calculator result (build and evaluate)",
            [s * 1000 for s in live_timing.subject_rounds],
            unit="ms",
            aim=f"<= {LIVE_AIM_MS:g} ms",
            met=lambda ms: ms <= LIVE_AIM_MS,
        ),
    ]


def main() -> None:
    args = arguments(__doc__.splitlines()[0], quick="5 rounds (21 in full)").parse_args()
    write_results(
        "bench_calculator", run(quick=args.quick), quick=args.quick, xlsxwriter=xlsxwriter.__version__
    )


if __name__ == "__main__":
    main()
