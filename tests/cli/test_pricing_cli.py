"""``worth pricing ...`` on real files: import, waterfall, band, policy check, value-price, demo-data."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import duckdb
import pyarrow.csv as pacsv
import pytest
from tests.analytics.invoice_data import HAND_POLICY_TEXT, hand_lines
from typer.testing import CliRunner

from worth.cli.pricing import app

EXAMPLE_POLICY = Path(__file__).resolve().parents[2] / "examples" / "pricing-policy.yaml"
runner = CliRunner()


@pytest.fixture
def hand_store(tmp_path: Path) -> Path:
    """The three hand-calculated lines of tests/analytics, imported through the command line."""
    source = tmp_path / "hand.csv"
    pacsv.write_csv(hand_lines(), str(source))
    result = runner.invoke(app, ["import", str(source), "--store", str(tmp_path / "store")])
    assert result.exit_code == 0, result.output
    assert "3 invoice lines loaded into store" in result.stdout
    return tmp_path / "store"


def test_the_waterfall_table_shows_the_hand_figures_to_the_cent(hand_store: Path) -> None:
    result = runner.invoke(app, ["waterfall", "--store", str(hand_store)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    for label, figure in [
        ("List price", "100.00"),
        ("Order-size discount", "-2.30"),
        ("Invoice price", "92.30"),
        ("Payment terms", "-0.71"),  # 0.706 rounded half up
        ("Pocket price", "87.53"),  # 87.534
    ]:
        line = next(x for x in out.splitlines() if x.startswith(f"│ {label}"))
        assert figure in line, line
    assert "% compounding" in out
    assert "amount per line" in out


def test_the_waterfall_as_csv_and_json(hand_store: Path) -> None:
    result = runner.invoke(
        app, ["waterfall", "--store", str(hand_store), "--by", "segment", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    pocket = {r["group"]: r["per_unit"] for r in rows if r["key"] == "pocket_price"}
    assert pocket == {"B": "43.00", "A": "154.34"}  # 154.335 half up
    result = runner.invoke(app, ["waterfall", "--store", str(hand_store), "--format", "json"])
    data = json.loads(result.stdout)
    steps = {s["key"]: s for s in data["groups"][0]["steps"]}
    assert steps["pocket_price"]["per_unit"] == pytest.approx(87.534)
    assert steps["payment_terms_cost"]["stacking"] == "compounds"


def test_filters_and_dates(hand_store: Path) -> None:
    args = ["waterfall", "--store", str(hand_store), "--format", "json", "--where", "salesperson=S1"]
    data = json.loads(runner.invoke(app, [*args, "--from", "2025-06-01"]).stdout)
    assert data["groups"][0]["lines"] == 1
    result = runner.invoke(app, ["waterfall", "--store", str(hand_store), "--where", "salesperson"])
    assert result.exit_code == 1
    assert "write COLUMN=VALUE" in result.stderr


def test_the_band_with_a_policy_lists_compliance_and_deals_and_writes_the_chart(
    hand_store: Path, tmp_path: Path
) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(HAND_POLICY_TEXT, encoding="utf-8")
    chart = tmp_path / "band.svg"
    args = ["band", "--store", str(hand_store), "--policy", str(policy), "--chart", str(chart)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    summary = next(x for x in result.stdout.splitlines() if "all lines" in x)
    assert "86.33" in summary  # volume-weighted mean
    assert "33.3 %" in summary  # 1 of 3 lines within
    assert "60.00" in summary  # revenue lost below the floor
    assert "INV-2/1" in result.stdout  # the out-of-policy deal
    assert chart.read_text(encoding="utf-8").startswith("<svg")
    data = json.loads(runner.invoke(app, [*args[:5], "--format", "json", "--level", "customer"]).stdout)
    assert data["band"]["level"] == "customer"
    assert [d["revenue_lost"] for d in data["deals"]] == ["60.00"]


def test_a_bad_file_lists_rows_and_columns_and_loads_nothing(tmp_path: Path) -> None:
    source = tmp_path / "bad.csv"
    table = hand_lines()
    pacsv.write_csv(table, str(source))
    text = source.read_text(encoding="utf-8").replace('"C3"', '""').replace("2025-03-01", "01/03/2025", 1)
    source.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["import", str(source), "--store", str(tmp_path / "store")])
    assert result.exit_code == 1
    err = result.stderr
    assert "'01/03/2025'" in err
    assert "not a date in the format %Y-%m-%d" in err
    assert "customer_id" in err
    assert "2 bad row(s)" in err
    assert "nothing was loaded" in err
    assert not (tmp_path / "store" / "invoice_lines").exists()


def test_import_into_a_duckdb_table_and_read_it_back(tmp_path: Path) -> None:
    source = tmp_path / "hand.csv"
    pacsv.write_csv(hand_lines(), str(source))
    url = f"duckdb://{tmp_path / 'w.duckdb'}"
    assert runner.invoke(app, ["import", str(source), "--database", url, "--table", "lines"]).exit_code == 0
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        assert con.execute("SELECT count(*) FROM lines").fetchone() == (3,)
    result = runner.invoke(app, ["waterfall", "--database", url, "--table", "lines", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "Pocket price,pocket_price,subtotal,pocket,,,87.53" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["waterfall"], "give --store DIR, or --database URL with --table"),
        (["import", "x.csv"], "give either --store DIR or --database URL"),
        (["waterfall", "--store", "nowhere"], "no imported invoice lines here"),
        (["waterfall", "--store", "x", "--chart", "w.gif"], "use a .svg or .png name"),
        (["band", "--store", "x", "--policy", "missing.yaml"], "cannot read the pricing policy"),
        (["waterfall", "--database", "mysql://h/db"], "use duckdb://"),
        (
            ["waterfall", "--store", "nowhere", "--database", "postgres://nobody@127.0.0.1:1/x"],
            "cannot connect",
        ),
    ],
)
def test_bad_options_exit_1_with_a_message(tmp_path: Path, args: list[str], message: str) -> None:
    result = runner.invoke(
        app, [a if not a.endswith((".yaml", ".gif")) and a != "nowhere" else str(tmp_path / a) for a in args]
    )
    assert result.exit_code == 1
    assert message in result.stderr


def test_policy_check_passes_the_example_and_flags_a_discount_for_nothing(tmp_path: Path) -> None:
    result = runner.invoke(app, ["policy", "check", str(EXAMPLE_POLICY)])
    assert result.exit_code == 0, result.output
    assert "8 discounts and allowances, 4 guidelines; 0 error(s), 0 warning(s)" in result.stdout
    flagged = tmp_path / "flagged.yaml"
    flagged.write_text(
        "company: X\ndiscounts:\n  - id: competitive\n    name: Competitive discount\n    kind: volume\n"
        "    percent: 8\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["policy", "check", str(flagged)])
    assert result.exit_code == 1
    assert "error discounts[competitive]: 'Competitive discount' requires no customer action" in result.stdout
    broken = tmp_path / "broken.yaml"
    broken.write_text("company: X\ndiscounts:\n  - id: a\n    kind: loyalty\n", encoding="utf-8")
    result = runner.invoke(app, ["policy", "check", str(broken)])
    assert result.exit_code == 1
    assert "discounts[0].kind" in result.stderr


def test_value_price_works_out_the_eve_range_and_profits(tmp_path: Path) -> None:
    args = ["value-price", "--nba-price", "29000", "--positive", "45000", "--negative", "3000"]
    args += ["--price", "40000", "--volume", "120", "--price", "64000", "--volume", "45"]
    args += ["--unit-cost", "24000"]
    charts = ["--chart", str(tmp_path / "map.png"), "--profit-chart", str(tmp_path / "p.svg")]
    result = runner.invoke(app, args + charts)
    assert result.exit_code == 0, result.output
    assert "Economic value to the customer: 71,000.00" in result.stdout
    assert "29,000.00 up to 71,000.00" in result.stdout
    assert "1,920,000.00" in result.stdout  # (40,000 - 24,000) x 120
    assert "price 1 (most profit)" in result.stdout
    assert (tmp_path / "map.png").read_bytes()[:4] == b"\x89PNG"
    assert (tmp_path / "p.svg").read_text(encoding="utf-8").startswith("<svg")
    data = json.loads(runner.invoke(app, [*args, "--format", "json"]).stdout)
    assert (data["reference_value"], data["economic_value"], data["better_off_below"]) == (
        "29000.00",
        "71000.00",
        "71000.00",
    )
    assert data["options"][0]["value_captured_pct"] == "26.19"
    assert [o["profit"] for o in data["options"]] == ["1920000.00", "1800000.00"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--price", "10"], "give one volume per price"),
        (["--negative", "-5"], "--negative '-5': give the amount as a magnitude (>= 0)"),
        (["--positive", "Longer life=ten"], "--positive Longer life"),
        (["--positive", "=10"], "write NAME=AMOUNT"),
        (["--price", "abc", "--volume", "1"], "options['price 1'].price"),
    ],
)
def test_value_price_refuses_bad_numbers(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["value-price", "--nba-price", "100", "--positive", "20", *args])
    assert result.exit_code == 1
    assert message in result.stderr


def test_value_price_adds_up_named_elements_and_shows_each() -> None:
    args = ["value-price", "--nba-price", "1000", "--currency", "EUR"]
    args += [
        "--positive",
        "Longer life=120",
        "--positive",
        "Less downtime=80",
        "--negative",
        "Installation=30",
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    # 1,000 + (120 + 80) - 30 = 1,170, not 1,080 (the last --positive alone, as it once was)
    assert "Economic value to the customer: 1,170.00 EUR" in result.stdout
    assert "positive differentiation 200 = Longer life: 120 + Less downtime: 80" in result.stdout
    assert "negative differentiation 30 = Installation: 30" in result.stdout
    data = json.loads(runner.invoke(app, [*args, "--format", "json"]).stdout)
    assert data["items"] == [
        {"name": "Longer life", "amount": "120.00"},
        {"name": "Less downtime", "amount": "80.00"},
        {"name": "Installation", "amount": "-30.00"},
    ]


def test_demo_data_writes_the_lines_the_band_reads(tmp_path: Path) -> None:
    out = tmp_path / "demo.parquet"
    result = runner.invoke(app, ["demo-data", "-o", str(out), "--rows", "5000", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert "5,000 demo invoice lines written" in result.stdout
    assert runner.invoke(app, ["import", str(out), "--store", str(tmp_path / "s")]).exit_code == 0
    result = runner.invoke(
        app, ["band", "--store", str(tmp_path / "s"), "--policy", str(EXAMPLE_POLICY), "--by", "salesperson"]
    )
    assert result.exit_code == 0, result.output
    assert "SP04 West" in result.stdout


def test_a_step_of_nothing_reads_0_00_not_minus_0_00(tmp_path: Path) -> None:
    header = (
        "invoice_id,line_no,date,customer_id,customer_name,segment,salesperson,product,quantity,list_price,"
        "order_size_discount,competitive_discount,other_on_invoice,payment_terms_cost,annual_volume_rebate,"
        "cooperative_advertising,freight"
    )
    lines = tmp_path / "lines.csv"
    lines.write_text(
        header
        + "\nINV-1,1,2025-01-02,C1,Mill,A,S1,P,3,100,0,5,0,0,0,0,0"
        + "\nINV-2,1,2025-01-03,C2,Mill 2,A,S1,P,1,80,0,0,,0,0,0,0\n",
        encoding="utf-8",
    )
    store = tmp_path / "store"
    assert runner.invoke(app, ["import", str(lines), "--store", str(store)]).exit_code == 0
    table = runner.invoke(app, ["waterfall", "--store", str(store)])
    assert table.exit_code == 0, table.output
    assert "-0.00" not in table.stdout
    assert "│ Other on-invoice        │ amount per line │     0.00 │      0.00 │" in table.stdout
    csv_rows = list(
        csv.DictReader(
            io.StringIO(runner.invoke(app, ["waterfall", "--store", str(store), "-f", "csv"]).stdout)
        )
    )
    assert all(not row["pct_of_list"].startswith("-0.0") for row in csv_rows)


def test_levers_from_the_invoice_lines_by_hand(hand_store: Path, tmp_path: Path) -> None:
    # Segment A: L1 10 units at a pocket price of 77.34, L2 30 at 180: 6,173.40 / 40 = 154.335 -> 154.34.
    args = ["levers", "--store", str(hand_store), "--where", "segment=A", "--variable-cost", "100"]
    result = runner.invoke(app, [*args, "--fixed-cost", "1000", "--format", "json", "--change", "-10"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["source"] == "pocket price and units of 2 invoice lines, 2025-03-01 to 2025-03-01"
    assert (data["structure"]["price"], data["structure"]["units"]) == ("154.34", 40.0)
    # (154.34 - 100) x 40 - 1,000 = 1,173.60
    assert data["structure"]["operating_profit"] == "1173.60"
    change = {row["key"]: row["profit_change"] for row in data["levers"]}
    # 1 % of 6,173.60 revenue; of 2,173.60 contribution; of 4,000 variable costs; of 1,000 fixed
    assert change == {"price": "61.74", "volume": "21.74", "variable_cost": "40.00", "fixed_cost": "10.00"}
    (cut,) = data["keep_profit"]
    # c = 54.34, c' = 138.906 - 100 = 38.906: 54.34 / 38.906 - 1
    assert cut["volume_change_pct"] == pytest.approx((54.34 / 38.906 - 1) * 100)
    given = ["--price", "100", "--units", "10000", "--variable-cost-share", "75", "--fixed-cost", "150000"]
    charts = ["--chart", str(tmp_path / "l.svg"), "--trade-off-chart", str(tmp_path / "t.png")]
    table = runner.invoke(app, ["levers", *given, "--currency", "EUR", *charts])
    assert table.exit_code == 0, table.output
    assert "operating profit EUR 100,000.00" in table.stdout
    assert "1 % on price earns 4.0 times what 1 % more volume earns" in table.stdout
    assert "+400.0 %" in table.stdout  # a 20 % cut at a 25 % margin: 25 / 5 - 1
    assert (tmp_path / "l.svg").read_text().startswith("<svg")
    assert (tmp_path / "t.png").read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--units", "5", "--variable-cost", "1"], "give --price and --units"),
        (["--price", "10", "--units", "5"], "give one of --variable-cost"),
        (["--price", "10", "--units", "5", "--variable-cost", "-1"], "variable cost: -1 is negative"),
        (["--price", "10", "--units", "0", "--variable-cost", "1"], "units: must be more than 0"),
        (["--price", "10", "--units", "5", "--variable-cost", "1", "--step", "80"], "step: 0.8 is more than"),
        (["--price", "10", "--units", "5", "--variable-cost", "1", "--change", "-100"], "price change: -1"),
        (["--price", "ten", "--units", "5", "--variable-cost", "1"], "price: expected a number"),
    ],
)
def test_levers_refuse_bad_figures_naming_them(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["levers", *args])
    assert result.exit_code == 1
    assert message in result.output


def test_compensation_by_hand(hand_store: Path) -> None:
    # The three hand lines: S1 sold L1 (10 x 100 list, 77.34 pocket) and L3 (60 x 50, 43): list 4,000,
    # pocket 773.40 + 2,580 = 3,353.40; S2 sold L2 (30 x 200, 180): list 6,000, pocket 5,400.
    args = ["compensation", "--store", str(hand_store), "--variable-cost-share", "50", "--revenue-rate", "5"]
    result = runner.invoke(app, [*args, "--expense", "S1=100", "--format", "json"])
    assert result.exit_code == 0, result.output
    people = {p["salesperson"]: p for p in json.loads(result.stdout)["people"]}
    assert people["S1"]["contribution"] == "1253.40"  # 3,353.40 - 2,000 - 100
    assert people["S2"]["contribution"] == "2400.00"  # 5,400 - 3,000
    assert people["S1"]["pay_on_revenue"] == "167.67"  # 5 % of 3,353.40
    # the same total, 167.67 + 270 = 437.67, over 3,653.40 of contribution
    assert float(people["S2"]["pay_on_margin"]) == pytest.approx(2400 * 437.67 / 3653.40, abs=0.005)
    table = runner.invoke(app, [*args, "--expense", "S1=100"])
    assert f"Margin plan: {437.67 / 3653.40 * 100:.2f} % of contribution (the same total" in table.stdout
    bad = runner.invoke(app, [*args, "--expense", "nobody"])
    assert bad.exit_code == 1
    assert "write CODE=AMOUNT" in bad.output
    twice = runner.invoke(app, [*args, "--expense", "S1=100", "--expense", "S1=200"])
    assert twice.exit_code == 1
    assert "S1 is given on line 1 already" in twice.output  # not one of the two amounts silently winning


def test_the_pricing_habits_per_salesperson_code_by_hand(tmp_path: Path) -> None:
    from tests.analytics.behaviour_data import BEHAVIOUR_CSV, BEHAVIOUR_POLICY

    source, policy = tmp_path / "lines.csv", tmp_path / "policy.yaml"
    source.write_text(BEHAVIOUR_CSV, encoding="utf-8")
    policy.write_text(BEHAVIOUR_POLICY, encoding="utf-8")
    store = tmp_path / "store"
    assert runner.invoke(app, ["import", str(source), "--store", str(store)]).exit_code == 0
    result = runner.invoke(app, ["behaviour", "--store", str(store), "--policy", str(policy), "-f", "json"])
    assert result.exit_code == 0, result.output
    s1, s2 = json.loads(result.stdout)["salespeople"]
    # tests/analytics/behaviour_data.py: S1 concessions 100 of 1,500 list, 1 of 2 lines below, 25 lost
    # money to the cent as exact decimals, as every pricing command writes it
    assert (s1["salesperson"], s1["concessions"], s1["lines_below_floor"], s1["revenue_lost"]) == (
        "S1",
        "100.00",
        1,
        "25.00",
    )
    assert s1["concessions_pct_of_list"] == pytest.approx(100 / 15)
    assert (s2["concessions"], s2["revenue_lost"]) == ("26.00", "1.00")
    shown = runner.invoke(app, ["behaviour", "--store", str(store), "--policy", str(policy)])
    assert "100.00" in shown.stdout
    assert "6.67 %" in shown.stdout
    bare = runner.invoke(app, ["behaviour", "--store", str(store), "-f", "json"]).stdout
    assert json.loads(bare)["salespeople"][0]["concessions"] is None
    missing = runner.invoke(app, ["behaviour", "--store", str(store), "--policy", str(tmp_path / "no.yaml")])
    assert missing.exit_code == 1
    assert "cannot read the pricing policy" in missing.output
