"""``worth pricing ...``: invoice-line imports, waterfall and band, policy, value-based price, strategy.

Invoice lines come from a Parquet store (``--store DIR``, written by ``worth pricing import``) or
from a database table (``--database URL --table NAME``: DuckDB, PostgreSQL or Spark). Bad input never
ends in a traceback: the problem is printed with the file, row, column or option it concerns and the
command exits with status 1. Ibis and the engine are imported inside the commands
(``worth.cli.pricing_support``), so the help of every command shows at once.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from worth.cli.commands import command_group
from worth.cli.formats import OutputFormat
from worth.cli.terminal import console, styled

app = command_group(help="Pricing: import invoice lines, pocket price waterfall and band, profit levers.")
policy_app = command_group(help="Pricing policy files: discounts, allowances and price guidelines.")
app.add_typer(policy_app, name="policy")


class By(StrEnum):
    """Dimensions to group by."""

    customer = "customer"
    segment = "segment"
    salesperson = "salesperson"
    product = "product"


class Level(StrEnum):
    """What one point of the band is."""

    transaction = "transaction"
    customer = "customer"


Store = Annotated[
    Path | None, typer.Option("--store", help="Folder of the Parquet store.", show_default=False)
]
Database = Annotated[
    str | None,
    typer.Option(
        "--database",
        help="duckdb:///file.duckdb, postgres://..., spark://local[2]; with --store: the engine reading it.",
        show_default=False,
    ),
]
TableName = Annotated[str, typer.Option("--table", help="Table of invoice lines in --database.")]
Schema = Annotated[str | None, typer.Option("--schema", help="Schema of --table.", show_default=False)]
ContractFile = Annotated[
    Path | None,
    typer.Option("--contract", help="Invoice contract (YAML): column names, items.", show_default=False),
]
Format = Annotated[OutputFormat, typer.Option("--format", "-f", help="table, json or csv.")]
ByOption = Annotated[By | None, typer.Option("--by", help="Group by this dimension.", show_default=False)]
Where = Annotated[
    list[str] | None,
    typer.Option("--where", help="Keep lines where COLUMN=VALUE (repeatable).", show_default=False),
]
DateFrom = Annotated[
    dt.datetime | None,
    typer.Option("--from", formats=["%Y-%m-%d"], help="First invoice date.", show_default=False),
]
DateTo = Annotated[
    dt.datetime | None,
    typer.Option("--to", formats=["%Y-%m-%d"], help="Last invoice date.", show_default=False),
]
Chart = Annotated[
    Path | None, typer.Option("--chart", help="Also write the chart (.svg or .png).", show_default=False)
]


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="Invoice lines: .csv or .parquet.", show_default=False)],
    store: Store = None,
    database: Database = None,
    table: TableName = "invoice_lines",
    schema: Schema = None,
    contract: ContractFile = None,
    append: Annotated[bool, typer.Option("--append", help="Add to the lines already there.")] = False,
    delimiter: Annotated[str, typer.Option(help="CSV field separator.")] = ",",
    show: Annotated[int, typer.Option(help="How many problems to list.")] = 50,
) -> None:
    """Import invoice lines, streamed and checked row by row; if any row is bad nothing is loaded."""
    from worth.analytics import DatabaseTable, InvoiceImportError, ParquetStore, import_invoices
    from worth.cli import pricing_support as support

    if (store is None) == (database is None):
        raise support.fail("give either --store DIR or --database URL (with --table)")
    with support.reported():
        target = ParquetStore(store) if store is not None else DatabaseTable(str(database), table, schema)
        chosen = support.read_contract(contract)
        with support.progress(f"Importing {file.name}", bytes_=file.suffix.lower() == ".csv") as bar:
            task = bar.add_task("import", total=None)
            try:
                report = import_invoices(
                    file,
                    target,
                    contract=chosen,
                    mode="append" if append else "replace",
                    delimiter=delimiter,
                    max_problems=max(show, 1),
                    progress=lambda done, total: bar.update(task, completed=done, total=total),
                )
            except InvoiceImportError as error:
                bar.stop()
                support.print_problems(error, file, show)
                raise typer.Exit(1) from None
    console().print(f"{report.rows:,} invoice lines loaded into {report.target} in {report.seconds:.1f} s")


@app.command()
def waterfall(
    store: Store = None,
    database: Database = None,
    table: TableName = "invoice_lines",
    schema: Schema = None,
    contract: ContractFile = None,
    by: ByOption = None,
    where: Where = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    output: Format = OutputFormat.table,
    chart: Chart = None,
    currency: Annotated[str, typer.Option(help="Currency shown on the chart.")] = "",
) -> None:
    """The pocket price waterfall per unit, volume-weighted: list, invoice and pocket price."""
    from worth.analytics import pocket_price_waterfall
    from worth.analytics.export import waterfall_rows, waterfall_table
    from worth.cli import pricing_support as support
    from worth.exports.charts.pricing import waterfall_chart

    support.chart_names(chart)
    with support.reported():
        lines, chosen = support.lines(store, database, table, schema, contract)
        report = pocket_price_waterfall(
            lines,
            contract=chosen,
            by=by.value if by else None,
            where=support.filters(where),
            date_from=support.day(date_from),
            date_to=support.day(date_to),
        )
        rows = waterfall_rows(report)
        support.emit(rows, output, support.rich_table(waterfall_table(report)), report)
        support.chart(waterfall_chart(report, currency=currency), chart)


@app.command()
def band(
    store: Store = None,
    database: Database = None,
    table: TableName = "invoice_lines",
    schema: Schema = None,
    contract: ContractFile = None,
    policy: Annotated[
        Path | None, typer.Option("--policy", help="Pricing policy with the guidelines.", show_default=False)
    ] = None,
    level: Annotated[Level, typer.Option("--level", help="transaction or customer.")] = Level.transaction,
    by: ByOption = None,
    where: Where = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    bin_width: Annotated[float, typer.Option("--bin-width", help="Histogram bin, in % of list.")] = 2.5,
    deals: Annotated[int, typer.Option("--deals", help="Costliest out-of-policy deals to list.")] = 10,
    output: Format = OutputFormat.table,
    chart: Chart = None,
) -> None:
    """The pocket price band (pocket price as % of list), guideline compliance and out-of-policy deals."""
    from worth.analytics import Deal, out_of_policy_deals, pocket_price_band
    from worth.analytics.export import band_bin_rows, band_rows, band_table, deal_rows, deals_table
    from worth.cli import pricing_support as support
    from worth.engine.pricing import load_policy
    from worth.exports.charts.pricing import band_chart

    support.chart_names(chart)
    with support.reported():
        chosen_policy = load_policy(policy) if policy is not None else None
        lines, chosen = support.lines(store, database, table, schema, contract)
        filters = {
            "where": support.filters(where),
            "date_from": support.day(date_from),
            "date_to": support.day(date_to),
        }
        report = pocket_price_band(
            lines,
            contract=chosen,
            policy=chosen_policy,
            level=level.value,
            by=by.value if by else None,
            bin_width=bin_width,
            **filters,  # type: ignore[arg-type]
        )
        worst: tuple[Deal, ...] = ()
        if chosen_policy is not None and chosen_policy.guidelines and deals > 0:
            worst = out_of_policy_deals(lines, chosen_policy, contract=chosen, limit=deals, **filters)  # type: ignore[arg-type]
        rows = band_rows(report)
        data = {"band": report, "bins": band_bin_rows(report), "deals": deal_rows(worst)}
        support.emit(rows, output, support.rich_table(band_table(report)), data)
        if output is OutputFormat.table and worst:
            console().print(support.rich_table(deals_table(worst)))
        support.chart(band_chart(report), chart)


@policy_app.command("check")
def policy_check(
    file: Annotated[Path, typer.Argument(help="The pricing policy (.yaml).", show_default=False)],
) -> None:
    """Check a pricing policy: a discount that requires no customer action is an error."""
    from worth.cli import pricing_support as support
    from worth.engine.pricing import PolicyError, check_policy, load_policy

    try:
        policy = load_policy(file)
    except PolicyError as error:
        raise support.fail(str(error)) from None
    findings = check_policy(policy)
    out = console()
    for finding in findings:
        colour = "red" if finding.severity == "error" else "yellow"
        out.print(styled((finding.severity, colour), f" {finding.where}: {finding.message}"))
    errors = sum(f.severity == "error" for f in findings)
    counts = f"{len(policy.discounts)} discounts and allowances, {len(policy.guidelines)} guidelines"
    out.print(f"{file}: {counts}; {errors} error(s), {len(findings) - errors} warning(s)")
    if errors:
        raise typer.Exit(1)


@app.command("value-price")
def value_price_command(
    nba_price: Annotated[str, typer.Option("--nba-price", help="Price of the next-best alternative.")],
    positive: Annotated[
        list[str],
        typer.Option(
            "--positive",
            help="A favourable element: NAME=AMOUNT or an amount (repeatable: the amounts add up).",
        ),
    ],
    negative: Annotated[
        list[str] | None,
        typer.Option(
            "--negative",
            help="An unfavourable element, as a magnitude: NAME=AMOUNT or an amount (repeatable).",
            show_default=False,
        ),
    ] = None,
    prices: Annotated[list[str] | None, typer.Option("--price", help="Candidate price (repeatable).")] = None,
    volumes: Annotated[list[str] | None, typer.Option("--volume", help="Volume at each --price.")] = None,
    unit_cost: Annotated[str, typer.Option("--unit-cost", help="Cost of one unit.")] = "0",
    fixed_cost: Annotated[str, typer.Option("--fixed-cost", help="Fixed cost of each option.")] = "0",
    currency: Annotated[str, typer.Option(help="Currency shown on tables and charts.")] = "",
    output: Format = OutputFormat.table,
    chart: Annotated[Path | None, typer.Option("--chart", help="Value map (.svg or .png).")] = None,
    profit_chart: Annotated[
        Path | None, typer.Option("--profit-chart", help="Profit per price chart.")
    ] = None,
) -> None:
    """Economic value to the customer, the prices that leave it better off, and profit at candidate prices.

    Each --positive and --negative is one element of the differentiation value; give several and they
    add up, each shown by name: --positive "Less downtime=120" --positive "Longer life=80".
    """
    from worth.cli import pricing_support as support
    from worth.engine.pricing import value_price
    from worth.exports.charts.pricing import price_options_chart, value_map_chart

    support.chart_names(chart, profit_chart)
    with support.reported():
        items = [
            *support.items(positive, sign=1, word="positive"),
            *support.items(negative or [], sign=-1, word="negative"),
        ]
        result = value_price(
            nba_price,
            items=items,
            prices=prices or [],
            volumes=volumes or [],
            unit_cost=unit_cost,
            fixed_cost=fixed_cost,
        )
        rows = result.option_rows()
        if output is OutputFormat.table:
            console().print("\n".join(result.explanation(currency)))
        data = result.summary()
        if rows or output is not OutputFormat.table:
            support.emit(rows, output, support.rich_table(result.option_table()), data)
        support.chart(value_map_chart(result.value_map, currency=currency), chart)
        if profit_chart is not None and result.comparison is None:
            raise support.fail("--profit-chart needs at least one --price with its --volume")
        if result.comparison is not None:
            support.chart(price_options_chart(result.comparison, currency=currency), profit_chart)


@app.command()
def levers(
    price: Annotated[
        str | None, typer.Option("--price", help="Price per unit (from the invoice lines if not given).")
    ] = None,
    units: Annotated[
        str | None,
        typer.Option("--units", help="Units sold in the period (from the invoice lines if not given)."),
    ] = None,
    variable_cost: Annotated[
        str | None, typer.Option("--variable-cost", help="Variable cost per unit.", show_default=False)
    ] = None,
    variable_cost_share: Annotated[
        str | None,
        typer.Option(
            "--variable-cost-share", help="Variable cost as % of the price, instead.", show_default=False
        ),
    ] = None,
    fixed_cost: Annotated[str, typer.Option("--fixed-cost", help="Fixed costs of the period.")] = "0",
    step: Annotated[str, typer.Option("--step", help="How far each lever moves, in %.")] = "1",
    changes: Annotated[
        list[str] | None,
        typer.Option(
            "--change", help="A price change in % to find the volume for (repeatable).", show_default=False
        ),
    ] = None,
    store: Store = None,
    database: Database = None,
    table: TableName = "invoice_lines",
    schema: Schema = None,
    contract: ContractFile = None,
    where: Where = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    currency: Annotated[str, typer.Option(help="Currency shown on tables and charts.")] = "",
    output: Format = OutputFormat.table,
    chart: Annotated[Path | None, typer.Option("--chart", help="The levers chart (.svg or .png).")] = None,
    trade_off_chart: Annotated[
        Path | None, typer.Option("--trade-off-chart", help="Volume against price change chart.")
    ] = None,
) -> None:
    """What +1 % price, +1 % volume, -1 % variable cost and -1 % fixed costs do to operating profit, and
    the volume a price change must win back (or may lose) to keep it.

    Give the price and units, or read them from invoice lines (--store or --database: the pocket price
    per unit and the units of the lines kept by --where, --from and --to); the costs are yours.
    """
    from decimal import Decimal

    from worth.cli import pricing_support as support
    from worth.engine.pricing.levers import (
        KEEP_PROFIT_CHANGES,
        ProfitStructure,
        analyse_levers,
        levers_table,
        trade_off_table,
    )
    from worth.engine.pricing.money import to_decimal
    from worth.exports.charts.levers import levers_chart
    from worth.exports.charts.levers import trade_off_chart as trade_off_spec

    support.chart_names(chart, trade_off_chart)
    with support.reported():
        source = "the figures given"
        if store is not None or database is not None:
            from worth.analytics.volume import sold_volume

            lines, chosen = support.lines(store, database, table, schema, contract)
            sold = sold_volume(
                lines,
                contract=chosen,
                where=support.filters(where),
                date_from=support.day(date_from),
                date_to=support.day(date_to),
            )
            price = price or str(sold.pocket_price)
            units = units or str(sold.units)
            source = f"pocket price and units of {sold.lines:,} invoice lines, {sold.period()}"
        if price is None or units is None:
            raise support.fail("give --price and --units, or invoice lines with --store or --database")
        if (variable_cost is None) == (variable_cost_share is None):
            raise support.fail(
                "give one of --variable-cost (per unit) or --variable-cost-share (% of the price)"
            )
        unit_cost = (
            to_decimal(variable_cost, field="--variable-cost")
            if variable_cost is not None
            else to_decimal(price, field="--price")
            * to_decimal(variable_cost_share or "0", field="--variable-cost-share")
            / 100
        )
        structure = ProfitStructure.of(
            price=price, units=units, variable_cost=unit_cost, fixed_cost=fixed_cost
        )
        found = analyse_levers(
            structure,
            step=to_decimal(step, field="--step") / 100,
            changes=[to_decimal(c, field="--change") / 100 for c in changes]
            if changes
            else KEEP_PROFIT_CHANGES,
        )
        data = {"source": source, **found.summary()}
        if output is OutputFormat.table:
            money = f"{currency} " if currency else ""
            summary = data["structure"]
            assert isinstance(summary, dict)
            console().print(
                f"From {source}: price {money}{summary['price']:,}"
                f" x {float(structure.units):,.0f} units = revenue {money}{summary['revenue']:,};"
                f" contribution margin {summary['contribution_margin_pct']:.1f} %;"
                f" operating profit {money}{summary['operating_profit']:,}."
            )
            ratio = found.price_over_volume
            if ratio is not None:
                console().print(
                    f"1 % on price earns {ratio.quantize(Decimal('0.1'))} times what 1 % more volume earns."
                )
            console().print(support.rich_table(levers_table(found.levers, currency)))
            console().print(support.rich_table(trade_off_table(found.trade_offs)))
        else:
            rows = data["levers"]
            assert isinstance(rows, list)
            support.emit(rows, output, support.rich_table(levers_table(found.levers, currency)), data)
        support.chart(levers_chart(found.levers, currency=currency), chart)
        support.chart(trade_off_spec(found.trade_offs), trade_off_chart)


@app.command()
def strategy(
    file: Annotated[Path, typer.Argument(help="The model file (.yaml, .yml or .json).", show_default=False)],
    subsegment: Annotated[str, typer.Option("--subsegment", help="The subsegment whose customers to price.")],
    variable_cost: Annotated[str, typer.Option("--variable-cost", help="Variable cost per unit.")] = "0",
    fixed_cost: Annotated[str, typer.Option("--fixed-cost", help="Fixed costs of the period.")] = "0",
    volume_driver: Annotated[
        str | None,
        typer.Option(
            "--volume-driver",
            help="A driver or numeric characteristic counting each customer's units (the price is then per"
            " unit); default one unit each, the price per customer and period.",
            show_default=False,
        ),
    ] = None,
    penetration_share: Annotated[
        str, typer.Option("--penetration-share", help="% of the customers who buy at the penetration price.")
    ] = "80",
    skimming_share: Annotated[
        str, typer.Option("--skimming-share", help="% of the customers who buy at the skimming price.")
    ] = "20",
    output: Format = OutputFormat.table,
    chart: Annotated[
        Path | None, typer.Option("--chart", help="Profit and volume over price (.svg or .png).")
    ] = None,
) -> None:
    """Penetration against skimming for a subsegment, from each researched customer's economic value.

    A customer buys at a price up to its economic value (the alternative's price plus its delta value).
    Shown: the highest price at which --penetration-share % of the customers buy, the highest at which
    --skimming-share % buy, and the price with the most operating profit; each with its buyers, volume,
    revenue, unit margin, operating profit and the value left to the customers.
    """
    from worth.cli import pricing_support as support
    from worth.cli.model import load_or_exit
    from worth.engine.model.analysis import analyse_model
    from worth.engine.pricing.money import to_decimal
    from worth.engine.pricing.strategy import price_strategy, strategy_rows, strategy_table
    from worth.engine.pricing.strategy_inputs import strategy_customers
    from worth.exports.charts.strategy import strategy_chart

    support.chart_names(chart)
    model = load_or_exit(file).model
    with support.reported():
        customers, left = strategy_customers(analyse_model(model), subsegment, volume=volume_driver)
        found = price_strategy(
            customers,
            variable_cost=to_decimal(variable_cost, field="--variable-cost"),
            fixed_cost=to_decimal(fixed_cost, field="--fixed-cost"),
            penetration_share=to_decimal(penetration_share, field="--penetration-share"),
            skimming_share=to_decimal(skimming_share, field="--skimming-share"),
            unvalued=left,
        )
        currency = model.currency
        if output is OutputFormat.table:
            console().print(
                f"{len(found.customers)} customers of {subsegment} with a computable value; volume: "
                f"{volume_driver or 'one unit each'}; in {currency} per {model.period}."
            )
            for warning in found.warnings(currency):
                console(stderr=True).print(styled(("warning: ", "yellow"), warning))
        rows = strategy_rows(found.prices)
        support.emit(rows, output, support.rich_table(strategy_table(found, currency)), found.summary())
        support.chart(strategy_chart(found, currency=currency, volume_unit=volume_driver or "units"), chart)


@app.command()
def compensation(
    variable_cost_share: Annotated[
        str, typer.Option("--variable-cost-share", help="Variable cost as % of the list-price revenue.")
    ],
    revenue_rate: Annotated[
        str, typer.Option("--revenue-rate", help="The revenue plan's pay, % of revenue.")
    ],
    margin_rate: Annotated[
        str | None,
        typer.Option(
            "--margin-rate",
            help="The margin plan's pay, % of contribution (default: the same total).",
            show_default=False,
        ),
    ] = None,
    expenses: Annotated[
        list[str] | None,
        typer.Option(
            "--expense",
            help="CODE=AMOUNT: a salesperson's sales expenses and bad debt (repeatable).",
            show_default=False,
        ),
    ] = None,
    store: Store = None,
    database: Database = None,
    table: TableName = "invoice_lines",
    schema: Schema = None,
    contract: ContractFile = None,
    where: Where = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    currency: Annotated[str, typer.Option(help="Currency shown on the table.")] = "",
    output: Format = OutputFormat.table,
) -> None:
    """Per salesperson: revenue, price given away, contribution, and pay on revenue against pay on margin."""
    from worth.analytics.volume import sales_by_salesperson
    from worth.cli import pricing_support as support
    from worth.engine.pricing import PricingError
    from worth.engine.pricing.amounts import read_named_amounts
    from worth.engine.pricing.compensation import compare_pay_plans, pay_rows, pay_table
    from worth.engine.pricing.money import to_decimal

    with support.reported():
        try:  # one reader for every NAME=AMOUNT input: the page's expenses box reads the same way
            spent = read_named_amounts("\n".join(expenses or []))
        except PricingError as exc:
            raise support.fail(f"--expense (the options in the order given): {exc}") from None
        lines, chosen = support.lines(store, database, table, schema, contract)
        results = sales_by_salesperson(
            lines,
            contract=chosen,
            where=support.filters(where),
            date_from=support.day(date_from),
            date_to=support.day(date_to),
        )
        found = compare_pay_plans(
            results,
            variable_cost_share=to_decimal(variable_cost_share, field="--variable-cost-share") / 100,
            revenue_rate=to_decimal(revenue_rate, field="--revenue-rate") / 100,
            margin_rate=None if margin_rate is None else to_decimal(margin_rate, field="--margin-rate") / 100,
            expenses=spent,
        )
        rows = pay_rows(found)
        if output is OutputFormat.table:
            plan = "the same total as the revenue plan" if found.budget_neutral else "as given"
            console().print(
                f"Margin plan: {float(found.margin_rate) * 100:.2f} % of contribution ({plan});"
                f" revenue plan: {float(found.revenue_rate) * 100:.2f} % of pocket revenue."
            )
        support.emit(rows, output, support.rich_table(pay_table(found, currency)), {"people": rows})


@app.command()
def behaviour(
    store: Store = None,
    database: Database = None,
    table: TableName = "invoice_lines",
    schema: Schema = None,
    contract: ContractFile = None,
    policy: Annotated[
        Path | None,
        typer.Option("--policy", help="Pricing policy: discounts and guidelines.", show_default=False),
    ] = None,
    where: Where = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    output: Format = OutputFormat.table,
) -> None:
    """Per salesperson code: concessions without a change in the offering, and lines below the floor."""
    from worth.analytics.behaviour import behaviour_rows, behaviour_table, salesperson_behaviour
    from worth.cli import pricing_support as support
    from worth.engine.pricing import load_policy

    with support.reported():
        chosen_policy = load_policy(policy) if policy is not None else None
        lines, chosen = support.lines(store, database, table, schema, contract)
        found = salesperson_behaviour(
            lines,
            chosen_policy,
            contract=chosen,
            where=support.filters(where),
            date_from=support.day(date_from),
            date_to=support.day(date_to),
        )
        rows = behaviour_rows(found)
        currency = chosen_policy.currency if chosen_policy is not None else ""
        if output is OutputFormat.table and chosen_policy is None:
            console().print(
                "No --policy: only lines and list revenue; give the policy to measure the habits."
            )
        support.emit(rows, output, support.rich_table(behaviour_table(rows, currency)), {"salespeople": rows})


@app.command()
def mix(
    store: Store = None,
    database: Database = None,
    table: TableName = "invoice_lines",
    schema: Schema = None,
    contract: ContractFile = None,
    spend: Annotated[
        Path | None,
        typer.Option(
            "--spend",
            help="File of yearly purchases of the category, one CUSTOMER_ID=AMOUNT a line.",
            show_default=False,
        ),
    ] = None,
    where: Where = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    customers: Annotated[
        bool, typer.Option("--customers", help="With --format csv: the customers' rows, not the products'.")
    ] = False,
    currency: Annotated[str, typer.Option(help="Currency shown on the tables.")] = "",
    output: Format = OutputFormat.table,
    chart: Chart = None,
) -> None:
    """Per segment what each product keeps of list price; per customer its products and share of business."""
    from worth.analytics.mix import (
        business_mix,
        customer_rows,
        customer_table,
        mix_rows,
        mix_table,
        share_of_business,
    )
    from worth.cli import pricing_support as support
    from worth.engine.pricing.amounts import read_named_amounts
    from worth.exports.charts.mix import mix_chart

    support.chart_names(chart)
    with support.reported():
        text = ""
        if spend is not None:
            try:
                text = spend.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as refused:
                raise support.fail(f"--spend {str(spend)!r}: cannot be read ({refused})") from None
        lines, chosen = support.lines(store, database, table, schema, contract)
        report = business_mix(
            lines,
            contract=chosen,
            where=support.filters(where),
            date_from=support.day(date_from),
            date_to=support.day(date_to),
        )
        try:
            purchases = read_named_amounts(
                text,
                name="CUSTOMER_ID",
                example="C001=2500000",
                known={c.customer_id for c in report.customers},
                unknown="no customer of that id in the chosen lines",
                positive=True,
            )
        except ValueError as refused:
            raise support.fail(f"--spend {spend}: {refused}") from None
        if purchases:
            report = share_of_business(report, purchases)
        products, people = mix_rows(report), customer_rows(report)
        if output is OutputFormat.table:
            console().print(
                "Invoice lines hold no product costs: products are ranked by pocket price as % of list,"
                f" not by margin. Period {report.first:%Y-%m-%d} to {report.last:%Y-%m-%d}, {report.days}"
                f" days; a share of business is the pocket revenue x 365 / {report.days} over the yearly"
                " purchases given."
            )
            console().print(support.rich_table(mix_table(products, currency)))
            if not report.any_candidates:
                console().print(
                    "Every customer buys every product its segment's customers buy: no cross-sell."
                )
        data = {
            "first": report.first,
            "last": report.last,
            "days": report.days,
            "products": products,
            "customers": people,
        }
        table_shown = customer_table(people, currency)
        support.emit(people if customers else products, output, support.rich_table(table_shown), data)
        support.chart(mix_chart(report), chart)


@app.command("demo-data")
def demo_data(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="File to write (.csv or .parquet).", show_default=False)
    ],
    rows: Annotated[int, typer.Option("--rows", help="Invoice lines to generate.")] = 20_000,
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same lines.")] = 7,
) -> None:
    """Write demo invoice lines of Nordkap Bearings (bearings and condition monitoring for paper mills)."""
    from worth.analytics.demo_invoices import write_demo_invoices
    from worth.cli import pricing_support as support

    with support.reported(), support.progress(f"Writing {output.name}", bytes_=False) as bar:
        task = bar.add_task("demo", total=rows)
        write_demo_invoices(
            output, rows=rows, seed=seed, progress=lambda done, total: bar.update(task, completed=done)
        )
    console().print(f"{rows:,} demo invoice lines written to {output} (seed {seed})")
