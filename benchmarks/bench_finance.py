"""Benchmark: the business case's exact finance against numpy-financial's floats, and a report as PDF.

The exact IRR (integer root isolation, rational bisection) and NPV (Decimal, 40 digits) of a
business case's net flows run in turns with numpy-financial's float ``irr`` and ``npv`` on the same
flows, round after round; the figures are the median ratios with their spread, and the exact IRR's
own median time for a 10-year monthly case (aim: at most 50 ms, so a case page with its three
scenarios stays well under a second). The value summary of the example model as an A4 PDF is timed
against the same report as HTML (the PDF renders that HTML), with its own median (aim: at most 10 s).

Run: ``.venv/bin/python benchmarks/bench_finance.py [--quick]``; results go to
``benchmarks/results/bench_finance.json``.
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import numpy as np
import numpy_financial as npf

from worth.engine.finance import irr, npv
from worth.engine.model.analysis import analyse_model
from worth.engine.model.io import load_model
from worth.exports.report_model import model_report_html
from worth.exports.report_pdf import model_report_pdf

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import Figure, arguments, calls_for, interleaved, median_figure, ratio_figure, write_results

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "bearings-pulp-paper.yaml"
IRR_AIM_MS = 50.0
PDF_AIM_S = 10.0


def case_flows(periods: int, seed: int = 7) -> list[Decimal]:
    """A plausible monthly case: an investment, an adoption ramp to 80 %, noise, a running cost."""
    rng = np.random.default_rng(seed)
    ramp = np.minimum(np.arange(1, periods + 1) / 24, 0.8)
    profit = 250_000 * ramp * rng.normal(1.0, 0.1, periods) - 25_000
    return [Decimal("-450000.00"), *(Decimal(f"{p:.2f}") for p in profit)]


def run(*, quick: bool) -> list[Figure]:
    rounds = 5 if quick else 31
    flows = case_flows(120)
    floats = [float(f) for f in flows]
    assert abs(float(irr(flows) or 0) - npf.irr(floats)) < 1e-9
    irr_timing = interleaved(
        lambda: npf.irr(floats), lambda: irr(flows), rounds=rounds, number=calls_for(lambda: irr(flows))
    )
    npv_timing = interleaved(
        lambda: npf.npv(0.007, floats),
        lambda: npv("0.007", flows),
        rounds=rounds,
        number=calls_for(lambda: npv("0.007", flows)),
    )
    analysis = analyse_model(load_model(EXAMPLE))
    pdf_rounds = 2 if quick else 7
    pdf_timing = interleaved(
        lambda: model_report_html(analysis, source=EXAMPLE.name),
        lambda: model_report_pdf(analysis, source=EXAMPLE.name),
        rounds=pdf_rounds,
    )
    irr_ms = [s * 1000 for s in irr_timing.subject_rounds]
    return [
        ratio_figure("exact IRR / numpy-financial irr, 121 flows", irr_timing, baseline="numpy-financial"),
        median_figure(
            "exact IRR of a 10-year monthly case",
            irr_ms,
            unit="ms",
            aim=f"<= {IRR_AIM_MS:g} ms",
            met=lambda ms: ms <= IRR_AIM_MS,
        ),
        ratio_figure("exact NPV / numpy-financial npv, 121 flows", npv_timing, baseline="numpy-financial"),
        ratio_figure("report as PDF / as HTML, the example model", pdf_timing, baseline="HTML"),
        median_figure(
            "report as PDF, the example model",
            list(pdf_timing.subject_rounds),
            unit="s",
            aim=f"<= {PDF_AIM_S:g} s",
            met=lambda s: s <= PDF_AIM_S,
        ),
    ]


def main() -> None:
    args = arguments(__doc__.splitlines()[0], quick="5 rounds, 2 of the PDF (31 and 7 in full)").parse_args()
    write_results("bench_finance", run(quick=args.quick), quick=args.quick, numpy_financial=npf.__version__)


if __name__ == "__main__":
    main()
