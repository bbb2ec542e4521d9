"""``worth case profitability`` on real files: the example, targets, csv and json, bad input, hostile text.

The figures are checked against numpy-financial (floats, independent of the engine's exact decimals)
and against a payback worked out by hand; every kind of bad input ends with status 1 (as in every
worth command) and one line that names the key and the value as written.
"""

from __future__ import annotations

import csv
import io
import json
import math
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy_financial as npf
import pytest
from typer.testing import CliRunner, Result

from worth.cli.main import app

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "business-case.yaml"
runner = CliRunner()

#: A small case whose every figure is easy to follow: 4 quarters, 100,000 a quarter at full adoption.
SMALL = """\
name: Small case
currency: EUR
period: quarter
periods: 4
profit_at_full_adoption: 100000
adoption: [0.25, 0.5, 0.75, 1]
investment: 120000
running_cost: 10000
discount_rate: 0.02
"""


def run(*args: str) -> Result:
    return runner.invoke(app, ["case", "profitability", *args])


def _case(tmp_path: Path, text: str, name: str = "case.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _example(tmp_path: Path, *replacements: tuple[str, str]) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    return _case(tmp_path, text)


def _json(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["case", "profitability", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _line(output: str, start: str) -> str:
    return next(line for line in output.splitlines() if line.startswith(start))


# --- the example ----------------------------------------------------------------------------------


def test_it_works_out_the_example_as_numpy_financial_does() -> None:
    result = runner.invoke(app, ["case", "profitability", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    data = _json(str(EXAMPLE))
    flows = [float(flow) for flow in data["flows"]]
    assert len(flows) == 19
    assert flows[0] == -560_000.0

    expected_npv = float(npf.npv(0.0075, flows))
    assert abs(Decimal(data["npv"]) - Decimal(repr(expected_npv))) <= Decimal("0.005")
    assert f"NPV at 0.75% a month: USD {float(data['npv']):,.2f}" in result.stdout

    expected_irr = float(npf.irr(flows))
    assert abs(float(data["irr"]) - expected_irr) < 1e-9
    annual = (1 + expected_irr) ** 12 - 1
    assert abs(float(data["irr_annualised"]) - annual) < 1e-8
    irr_line = _line(result.stdout, "IRR: ")
    assert irr_line == (
        f"IRR: {expected_irr * 100:.2f}% a month; annualised as (1 + IRR)^12 - 1: {annual * 100:.2f}% a year"
    )

    # By hand: the cumulative net flow is -560,000 - 15,700 - 9,400 - 1,000 + 9,500 + 22,100 + 36,800
    # + 51,500 + 66,200 + 78,800 + 91,400 + 101,900 + 110,300 = -17,600 after month 12; month 13 brings
    # 210,000 x 0.67 - 22,000 = 118,700, so 17,600 / 118,700 = 0.148... of it: 12.15 months (rounded up).
    assert data["payback"] == "12.15"
    assert _line(result.stdout, "Payback: ") == "Payback: 12.15 months"

    # The discounted payback, from float discounting (not the engine's), interpolated and rounded up.
    present = [flow / 1.0075**t for t, flow in enumerate(flows)]
    cumulative = present[0]
    for t, value in enumerate(present[1:], start=1):
        if cumulative + value >= 0:
            expected = math.ceil(((t - 1) + -cumulative / value) * 100) / 100
            break
        cumulative += value
    assert data["discounted_payback"] == f"{expected:.2f}"
    assert _line(result.stdout, "Discounted payback: ") == f"Discounted payback: {expected:.2f} months"


def test_the_example_table_shows_every_period_with_its_currency() -> None:
    result = runner.invoke(app, ["case", "profitability", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "Nordkap reliability programme for large integrated mills - profitability over 18 months, in USD"
    )
    month_13 = next(line for line in lines if line.startswith("│    13 │"))
    cells = [cell.strip() for cell in month_13.strip("│").split("│")]
    assert cells[:7] == [
        "13",
        "67%",
        "USD 140,700.00",
        "USD 947,100.00",
        "USD 22,000.00",
        "USD 118,700.00",
        "USD 101,100.00",
    ]
    assert cells[7] == f"USD {118_700 / 1.0075**13:,.2f}"
    now = next(line for line in lines if line.startswith("│     0 │"))
    assert now.count("USD -560,000.00") == 3
    total = next(line for line in lines if line.startswith("│ Total │"))
    assert "USD 1,730,400.00" in total  # incremental profit
    assert "USD 396,000.00" in total  # 18 x 22,000
    assert "USD 774,400.00" in total  # 1,730,400 - 396,000 - 560,000
    assert lines[-1] == (
        "The target of USD 1,000,000 incremental profit within 12 months is missed: USD 806,400.00 by "
        "month 12, USD 193,600.00 short; it is reached in month 14 of the plan."
    )


# --- targets --------------------------------------------------------------------------------------


def test_a_target_met_names_the_period_it_is_met_in(tmp_path: Path) -> None:
    # Cumulative incremental profit: 674,100 after month 11, 806,400 after month 12.
    path = _example(tmp_path, ("amount: 1000000, within: 12", "amount: 800000, within: 12"))
    result = run(str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == (
        "The target of USD 800,000 incremental profit within 12 months is met in month 12."
    )
    target = _json(str(path))["target"]
    assert target == {
        "target": "800000.00",
        "within": 12,
        "basis": "profit",
        "reached": True,
        "period": 12,
        "period_in_plan": 12,
        "amount": "806400.00",
        "shortfall": "0.00",
        "sentence": "The target of USD 800,000 incremental profit within 12 months is met in month 12.",
    }


def test_a_target_never_reached_says_so(tmp_path: Path) -> None:
    path = _example(tmp_path, ("amount: 1000000", "amount: 5000000.5"))
    result = run(str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == (
        "The target of USD 5,000,000.50 incremental profit within 12 months is missed: USD 806,400.00 by "
        "month 12, USD 4,193,600.50 short; it is never reached within the plan."
    )


def test_a_net_target_counts_the_cash_after_investment_and_running_cost(tmp_path: Path) -> None:
    # Cumulative net flow: 672,900 - 180,000 = 492,900 after month 16, 632,600 after month 17.
    path = _example(
        tmp_path, ("amount: 1000000, within: 12, basis: profit", "amount: 500000, within: 18, basis: net")
    )
    result = run(str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == (
        "The target of USD 500,000 net cash flow within 18 months is met in month 17."
    )


def test_a_case_without_a_target_has_no_verdict(tmp_path: Path) -> None:
    path = _case(tmp_path, SMALL)
    result = run(str(path))
    assert result.exit_code == 0, result.output
    assert "target" not in result.stdout
    assert _json(str(path))["target"] is None


def test_quarters_are_annualised_with_the_fourth_power_and_years_not_at_all(tmp_path: Path) -> None:
    flows = [-120_000, 15_000, 40_000, 65_000, 90_000]
    rate = npf.irr(flows)
    quarterly = run(str(_case(tmp_path, SMALL)))
    assert quarterly.exit_code == 0, quarterly.output
    assert _line(quarterly.stdout, "IRR: ") == (
        f"IRR: {rate * 100:.2f}% a quarter; "
        f"annualised as (1 + IRR)^4 - 1: {((1 + rate) ** 4 - 1) * 100:.2f}% a year"
    )
    # -120,000 + 15,000 + 40,000 = -65,000 after quarter 2; quarter 3 brings 65,000: exactly 3.00.
    assert _line(quarterly.stdout, "Payback: ") == "Payback: 3.00 quarters"
    yearly = run(str(_case(tmp_path, SMALL.replace("period: quarter", "period: year"))))
    assert _line(yearly.stdout, "IRR: ") == f"IRR: {rate * 100:.2f}% a year"


def test_flows_that_never_change_sign_have_no_irr_and_no_payback_to_wait_for(tmp_path: Path) -> None:
    free = run(
        str(_case(tmp_path, SMALL.replace("investment: 120000", "investment: 0").replace("10000", "0")))
    )
    assert free.exit_code == 0, free.output
    assert _line(free.stdout, "IRR: ").startswith("IRR: none")
    assert _line(free.stdout, "Payback: ") == "Payback: 0.00 quarters"
    costly = run(str(_case(tmp_path, SMALL.replace("investment: 120000", "investment: 9000000"))))
    assert costly.exit_code == 0, costly.output
    assert _line(costly.stdout, "Payback: ") == (
        "Payback: not within the plan's 4 quarters (the cumulative net flow stays negative)"
    )


# --- csv, json and files --------------------------------------------------------------------------


def test_the_csv_rows_add_up_to_the_json_totals() -> None:
    result = runner.invoke(app, ["case", "profitability", str(EXAMPLE), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    data = _json(str(EXAMPLE))
    assert len(rows) == 18
    assert [row["period"] for row in rows] == [str(t) for t in range(1, 19)]
    investment = Decimal(data["investment"])
    profit = cumulative_profit = Decimal(0)
    cumulative_net = -investment
    for t, row in enumerate(rows, start=1):
        figures = {key: Decimal(value) for key, value in row.items()}
        assert figures["incremental_profit"] == (210_000 * figures["adoption"]).quantize(Decimal("0.01"))
        cumulative_profit += figures["incremental_profit"]
        profit += figures["incremental_profit"]
        assert figures["cumulative_incremental_profit"] == cumulative_profit
        assert figures["net_flow"] == figures["incremental_profit"] - figures["running_cost"]
        cumulative_net += figures["net_flow"]
        assert figures["cumulative_net_flow"] == cumulative_net
        expected = float(figures["net_flow"]) / 1.0075**t
        assert abs(float(figures["discounted_flow"]) - expected) <= 0.005 + 1e-9
    assert str(profit) == data["total_incremental_profit"] == "1730400.00"
    assert str(cumulative_net) == data["total_net_flow"] == "774400.00"
    discounted = sum(Decimal(row["discounted_flow"]) for row in rows) - investment
    assert abs(discounted - Decimal(data["npv"])) <= Decimal("0.005") * 18
    assert [str(Decimal(flow)) for flow in data["flows"][1:]] == [row["net_flow"] for row in rows]
    assert data["rows"] == [  # the json rows are the csv rows, with the period as a number
        {**row, "period": int(row["period"])} for row in rows
    ]


def test_json_gives_every_decimal_as_a_string(tmp_path: Path) -> None:
    data = _json(str(_case(tmp_path, SMALL)))
    assert data["name"] == "Small case"
    assert data["periods"] == 4
    assert data["periods_per_year"] == 4
    assert data["discount_rate"] == "0.02"
    assert data["profit_at_full_adoption"] == "100000"
    assert data["investment"] == "120000.00"
    assert data["running_cost"] == "10000.00"
    assert data["flows"] == ["-120000.00", "15000.00", "40000.00", "65000.00", "90000.00"]
    assert data["total_running_cost"] == "40000.00"
    assert data["payback"] == "3.00"
    for key in ("npv", "irr", "irr_annualised", "discounted_payback", "total_net_flow"):
        assert isinstance(data[key], str), key
        Decimal(data[key])
    assert Decimal(data["npv"]) == Decimal(f"{npf.npv(0.02, [-120_000, 15_000, 40_000, 65_000, 90_000]):.2f}")


def test_a_json_case_file_reads_like_the_yaml_one(tmp_path: Path) -> None:
    case = {
        "name": "Small case",
        "currency": "EUR",
        "period": "quarter",
        "periods": 4,
        "profit_at_full_adoption": 100000,
        "adoption": [0.25, 0.5, 0.75, 1],
        "investment": 120000,
        "running_cost": 10000,
        "discount_rate": 0.02,
    }
    from_json = _json(str(_case(tmp_path, json.dumps(case), "case.json")))
    assert from_json == _json(str(_case(tmp_path, SMALL)))


@pytest.mark.parametrize("output_format", ["table", "csv", "json"])
def test_output_goes_to_the_file_given(tmp_path: Path, output_format: str) -> None:
    target = tmp_path / f"out.{output_format}"
    result = run(str(EXAMPLE), "--format", output_format, "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Wrote {target}\n"
    written = target.read_text(encoding="utf-8")
    shown = run(str(EXAMPLE), "--format", output_format)
    assert written == shown.stdout
    assert "\x1b" not in written


def test_an_unwritable_output_file_is_refused_in_one_line(tmp_path: Path) -> None:
    result = run(str(EXAMPLE), "-o", str(tmp_path / "missing" / "out.txt"))
    assert result.exit_code == 1
    assert result.output.count("\n") == 1
    assert "out.txt: cannot write" in result.output


# --- bad input ------------------------------------------------------------------------------------

BAD = [
    (
        ("running_cost: 22000", "runing_cost: 22000"),
        "unknown key 'runing_cost'; did you mean 'running_cost'?",
    ),
    (("investment: 560000\n", "\n"), "missing key 'investment'"),
    (("investment: 560000", "investment: -5"), "investment: -5 is negative"),
    (("investment: 560000", "investment: lots"), "investment: 'lots' is not a number"),
    (("profit_at_full_adoption: 210000", "profit_at_full_adoption: 1e+40"), "profit_at_full_adoption: 1e+40"),
    (("running_cost: 22000", "running_cost: -1"), "running_cost: -1 is negative"),
    (("discount_rate: 0.0075", "discount_rate: -1.5"), "discount_rate: -1.5 is not above -100 %"),
    (("periods: 18", "periods: 18.5"), "periods: 18.5 is not a whole number of periods"),
    (("0.77, 0.78]", "0.77]"), "adoption: 17 values for 18 periods"),
    (
        ("[0.03, 0.06, 0.10", "[0.03, 0.06, 1.10"),
        "adoption in period 3: 1.1 is not a share between 0 % and 100 %",
    ),
    (("period: month ", "period: week "), "period: 'week' is not month, quarter or year"),
    (("currency: USD", "currency: 12"), "currency: 12 is not text"),
    (("within: 12,", "within: 24,"), "target.within: 24 is beyond the plan's 18 periods"),
    (("basis: profit", "basis: cash"), "target.basis: 'cash' is not 'profit' or 'net'"),
    (("amount: 1000000", "amount: 0"), "target.amount: 0 is not above 0"),
    (("amount: 1000000, within: 12", "amount: 1000000"), "target: missing key 'within'"),
    (("basis: profit}", "basis: profit, by: me}"), "target: unknown key 'by'"),
    (
        ("target: {amount: 1000000, within: 12, basis: profit}", "target: [1, 2]"),
        "target: [1, 2] is not a mapping",
    ),
    (("name: Nordkap", "name: [Nordkap"), "not valid YAML"),
    (("currency: USD", "currency: USD\ncurrency: EUR"), "key 'currency' is given twice"),
]


@pytest.mark.parametrize(("replacement", "message"), BAD, ids=[message[:40] for _, message in BAD])
def test_bad_input_ends_with_status_2_and_one_line_naming_it(
    tmp_path: Path, replacement: tuple[str, str], message: str
) -> None:
    path = _example(tmp_path, replacement)
    result = run(str(path))
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert result.stdout == ""
    assert result.output.count("\n") == 1, result.output
    assert result.output.startswith(f"{path}: ")
    assert message in result.output


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- name: a list\n", "is a mapping of keys (name, currency,"),
        ("", "not nothing"),
        ("just words", "not a str"),
        ("a: " + "[" * 100 + "]" * 100, "nested more than 64 levels deep"),
        ("name: 'unclosed\n", "line 2, column 1: not valid YAML"),
        (
            SMALL.replace("adoption: [0.25, 0.5, 0.75, 1]", "adoption: 0.5"),
            "adoption: 0.5 is not a list of shares",
        ),
        (
            SMALL.replace("adoption: [0.25, 0.5, 0.75, 1]", "adoption: {a: 1}"),
            "adoption: {'a': 1} is not a list",
        ),
        (SMALL.replace("name: Small case", "name: 12"), "name: 12 is not text"),
    ],
)
def test_files_that_are_not_a_case_are_refused(tmp_path: Path, text: str, message: str) -> None:
    result = run(str(_case(tmp_path, text)))
    assert result.exit_code == 1, result.output
    assert result.output.count("\n") == 1, result.output
    assert message in result.output


def test_files_that_cannot_be_read_are_refused(tmp_path: Path) -> None:
    missing = run(str(tmp_path / "nowhere.yaml"))
    assert (missing.exit_code, missing.output) == (1, f"{tmp_path / 'nowhere.yaml'}: no such file\n")
    folder = run(str(tmp_path))
    assert folder.exit_code == 1
    assert "is a folder" in folder.output or "this is a folder" in folder.output
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("name: Bruk Sk\xf6vde\n".encode("latin-1"))
    decoded = run(str(latin))
    assert (decoded.exit_code, decoded.output) == (1, f"{latin}: not UTF-8 text (byte 13)\n")
    broken = _case(tmp_path, '{"name": "x",}', "case.json")
    result = run(str(broken))
    assert result.exit_code == 1
    assert "line 1, column 14: not valid JSON" in result.output
    twice = _case(tmp_path, '{"name": "x", "name": "y"}', "twice.json")
    assert "key 'name' is given twice" in run(str(twice)).output


# --- hostile text ---------------------------------------------------------------------------------

HOSTILE = "\x1b[31mred[/bold] :smile: \u202eevil\x9b2J"


def test_a_hostile_name_is_printed_escaped(tmp_path: Path) -> None:
    text = {
        "name": HOSTILE,
        "currency": "[b]USD\x07",
        "period": "quarter",
        "periods": 4,
        "profit_at_full_adoption": 100000,
        "adoption": [0.25, 0.5, 0.75, 1],
        "investment": 120000,
        "discount_rate": 0.02,
        "target": {"amount": 1000000, "within": 4},
    }
    path = _case(tmp_path, json.dumps(text), "hostile.json")
    result = run(str(path))
    assert result.exit_code == 0, result.output
    out = result.stdout
    for raw in ("\x1b", "\u202e", "\x9b", "\x07", "😄"):
        assert raw not in out, repr(raw)
    assert out.splitlines()[0].startswith("\\x1b[31mred[/bold] :smile: \\u202eevil\\x9b2J - profitability")
    assert out.splitlines()[-1].startswith("The target of [b]USD\\x07 1,000,000 incremental profit")
    as_json = run(str(path), "--format", "json")
    for raw in ("\x1b", "\u202e", "\x9b", "\x07"):
        assert raw not in as_json.stdout, repr(raw)
    assert json.loads(as_json.stdout)["name"] == HOSTILE  # escaped on the screen, exact in the data


def test_a_hostile_value_in_an_error_is_printed_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "[bold]cases"
    folder.mkdir()
    path = _case(folder, SMALL.replace("period: quarter", 'period: "\\e[2J[red]q"'))
    result = run(str(path))
    assert result.exit_code == 1
    assert "\x1b" not in result.output
    assert result.output == f"{path}: period: '\\x1b[2J[red]q' is not month, quarter or year\n"


# --- startup --------------------------------------------------------------------------------------


def test_its_help_imports_neither_the_engine_nor_yaml() -> None:
    code = (
        "import sys\n"
        "from worth.cli.main import app\n"
        "try:\n"
        "    app(['case', 'profitability', '--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('loaded:' + ','.join(m for m in sys.modules if m == 'yaml' or m.startswith('worth.engine')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert "case profitability [OPTIONS] {CASE.yaml}" in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "loaded:", done.stdout[-300:]
