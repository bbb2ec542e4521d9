"""``worth case ...``: a business case for change from the command line (profitability, NPV, IRR, payback).

``worth case profitability CASE.yaml`` reads the assumptions of a case (the incremental profit at
full adoption, the adoption per period, the investment, the running cost, the discount rate and an
optional success target), works them out with :mod:`worth.engine.finance` and prints the rows, the
measures of the net cash flows and whether the target is met. Bad input never ends in a traceback:
one line names the key and the value as given, and the command exits with status 2. The finance
engine and the YAML parser are imported inside the command, so ``worth --help`` starts at once.

Text from the file (the case's name, its currency) and the file's path are printed as written, never
read as markup (:mod:`worth.cli.terminal`), and control characters in them, such as the escape that
starts a terminal colour sequence, are printed as escapes (``\\x1b``), so a file cannot drive the
terminal it is shown in.
"""

from __future__ import annotations

import csv
import dataclasses
import difflib
import io
import json
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from worth.cli.commands import command_group
from worth.cli.formats import OutputFormat
from worth.cli.terminal import console, styled

if TYPE_CHECKING:
    from rich.console import Console

    from worth.engine.finance import Profitability, ProfitabilityPlan, TargetResult

app = command_group(help="Business cases for change: profitability, NPV, IRR, payback and the target.")

#: A case file is a few hundred bytes; anything this large is the wrong file.
MAX_FILE_BYTES = 1_000_000
REQUIRED = (
    "name",
    "currency",
    "period",
    "periods",
    "profit_at_full_adoption",
    "adoption",
    "investment",
    "discount_rate",
)
OPTIONAL = ("running_cost", "target")
TARGET_REQUIRED = ("amount", "within")
TARGET_OPTIONAL = ("basis",)
#: The engine's names of the fields (in its messages) and the keys of the file they come from.
PLAN_KEYS = {
    "profit at full adoption": "profit_at_full_adoption",
    "running cost": "running_cost",
    "discount rate": "discount_rate",
}
TARGET_KEYS = {"target": "target.amount", "within": "target.within", "basis": "target.basis"}
_ESCAPED = {"Cc", "Cf", "Cs", "Zl", "Zp"}

CaseFile = Annotated[
    Path,
    typer.Argument(metavar="CASE.yaml", help="The business case (.yaml, .yml or .json).", show_default=False),
]


class CaseError(ValueError):
    """The case file cannot be used; the message is one line naming the key and the value as given."""


@dataclass(frozen=True)
class Target:
    amount: Any
    within: Any
    basis: Any = "profit"


@dataclass(frozen=True)
class Case:
    """A case file as read: the text to show, the plan (checked by the engine) and the target."""

    name: str
    currency: str
    period: str
    plan: ProfitabilityPlan
    target: Target | None


# --- reading ------------------------------------------------------------------------------------


def visible(text: str) -> str:
    """``text`` with control and format characters written as escapes (``\\x1b``, ``\\u202e``)."""
    return "".join(
        ch.encode("unicode_escape").decode("ascii") if unicodedata.category(ch) in _ESCAPED else ch
        for ch in text
    )


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise CaseError(f"the file is {size:,} bytes; a business case is at most {MAX_FILE_BYTES:,}")
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CaseError("no such file") from None
    except IsADirectoryError:
        raise CaseError("this is a folder, not a business case file") from None
    except UnicodeDecodeError as error:
        raise CaseError(f"not UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise CaseError(f"cannot read the file: {error.strerror or error}") from None


def _duplicate_key(node: Any) -> str | None:
    """The first key written twice in one mapping (PyYAML would keep the last silently), with its line."""
    import yaml

    seen: set[int] = set()
    pending = [node]
    while pending:
        current = pending.pop()
        if id(current) in seen:  # an alias: its node was looked at already
            continue
        seen.add(id(current))
        if isinstance(current, yaml.MappingNode):
            keys: set[str] = set()
            for key_node, value_node in current.value:
                if isinstance(key_node, yaml.ScalarNode):
                    if key_node.value in keys:
                        line = key_node.start_mark.line + 1
                        return f"line {line}: key {key_node.value!r} is given twice"
                    keys.add(key_node.value)
                pending += [key_node, value_node]
        elif isinstance(current, yaml.SequenceNode):
            pending += current.value
    return None


def _yaml_data(text: str) -> Any:
    import yaml

    from worth.engine.yaml_guard import NestingError, check_nesting

    loader_class: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        check_nesting(text)
        loader = loader_class(text)
        try:
            node = loader.get_single_node()
            duplicate = _duplicate_key(node)
            if duplicate is not None:
                raise CaseError(duplicate)
            return None if node is None else loader.construct_document(node)
        finally:
            loader.dispose()
    except NestingError as error:
        raise CaseError(str(error)) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        problem = " ".join(part for part in (error.context, error.problem) if part) or "not valid YAML"
        raise CaseError(f"{where}not valid YAML: {problem}") from None
    except yaml.YAMLError as error:
        raise CaseError(f"not valid YAML: {error}") from None
    except RecursionError:
        raise CaseError("the file nests too deeply (recursive aliases?)") from None


def _json_data(text: str) -> Any:
    from worth.engine.yaml_guard import NestingError, check_nesting

    def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                raise CaseError(f"key {key!r} is given twice")
            out[key] = value
        return out

    try:
        check_nesting(text)
        return json.loads(text, object_pairs_hook=unique, parse_float=Decimal)
    except NestingError as error:
        raise CaseError(str(error)) from None
    except json.JSONDecodeError as error:
        raise CaseError(f"line {error.lineno}, column {error.colno}: not valid JSON: {error.msg}") from None
    except RecursionError:
        raise CaseError("the file nests too deeply") from None


def _check_keys(
    data: dict[Any, Any], required: tuple[str, ...], optional: tuple[str, ...], where: str
) -> None:
    known = (*required, *optional)
    for key in data:
        if key not in known:
            near = difflib.get_close_matches(str(key), known, n=1)
            hint = f"; did you mean {near[0]!r}?" if near else f" (the keys are {', '.join(known)})"
            raise CaseError(f"{where}unknown key {key!r}{hint}")
    missing = [key for key in required if key not in data]
    if missing:
        names = ", ".join(repr(key) for key in missing)
        raise CaseError(f"{where}missing key{'s' if len(missing) > 1 else ''} {names}")


def _text(data: dict[str, Any], key: str) -> str:
    value = data[key]
    if not isinstance(value, str) or not value.strip():
        raise CaseError(f"{key}: {value!r} is not text")
    return value.strip()


def _target(value: Any) -> Target | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise CaseError(f"target: {value!r} is not a mapping of amount, within and basis")
    _check_keys(value, TARGET_REQUIRED, TARGET_OPTIONAL, "target: ")
    return Target(value["amount"], value["within"], value.get("basis", "profit"))


def _keyed(error: Exception, keys: dict[str, str]) -> CaseError:
    """The engine's message with the file's key in place of the engine's field name."""
    message = str(error)
    field, sep, rest = message.partition(": ")
    return CaseError(f"{keys[field]}: {rest}" if sep and field in keys else message)


def read_case(path: Path) -> Case:
    """Read and check a case file; :class:`CaseError` names the problem in one line."""
    from worth.engine.finance import FinanceError, ProfitabilityPlan
    from worth.engine.finance.wording import PERIODS

    text = _read_text(path)
    data = _json_data(text) if path.suffix.lower() == ".json" else _yaml_data(text)
    if not isinstance(data, dict):
        kind = "nothing" if data is None else f"a {type(data).__name__}"
        raise CaseError(f"a business case is a mapping of keys ({', '.join(REQUIRED)}, ...), not {kind}")
    _check_keys(data, REQUIRED, OPTIONAL, "")
    name, currency, period = (_text(data, key) for key in ("name", "currency", "period"))
    if period not in PERIODS:
        raise CaseError(f"period: {data['period']!r} is not month, quarter or year")
    if not isinstance(data["adoption"], list):
        raise CaseError(f"adoption: {data['adoption']!r} is not a list of shares, one per period")
    try:
        plan = ProfitabilityPlan(
            periods=data["periods"],
            profit_at_full_adoption=data["profit_at_full_adoption"],
            adoption=data["adoption"],
            investment=data["investment"],
            discount_rate=data["discount_rate"],
            running_cost=data.get("running_cost", 0),
        )
    except FinanceError as error:
        raise _keyed(error, PLAN_KEYS) from None
    return Case(name, currency, period, plan, _target(data.get("target")))


def work_out(case: Case) -> tuple[Profitability, TargetResult | None]:
    """The engine's figures of the case and, if it has a target, whether it is reached."""
    from worth.engine.finance import FinanceError, profitability

    result = profitability(case.plan)
    if case.target is None:
        return result, None
    try:
        return result, result.target_reached(case.target.amount, case.target.within, case.target.basis)
    except FinanceError as error:
        raise _keyed(error, TARGET_KEYS) from None


# --- figures for people -------------------------------------------------------------------------


def verdict(case: Case, target: TargetResult) -> str:
    """The target in one sentence (the wording every entry point shares)."""
    from worth.engine.finance.wording import target_sentence

    return target_sentence(target, currency=case.currency, period=case.period)


def _payback_line(label: str, periods: Decimal | None, case: Case, what: str) -> str:
    from worth.engine.finance.wording import PERIODS, count

    many = PERIODS[case.period][1]
    if periods is None:
        return (
            f"{label}: not within the plan's {count(case.plan.periods, case.period)} ({what} stays negative)"
        )
    return f"{label}: {periods} {many}"


def summary_lines(case: Case, result: Profitability) -> list[str]:
    """NPV, IRR (annualised for months and quarters), payback and discounted payback, in words."""
    from worth.engine.finance.wording import PERIODS, annualised, exact_percent, money, percent

    one, _, per_year = PERIODS[case.period]
    lines = [f"NPV at {exact_percent(result.discount_rate)} a {one}: {money(result.npv, case.currency)}"]
    if result.irr is None:
        lines.append("IRR: none (no discount rate makes the NPV zero: the net flows never change sign)")
    else:
        line = f"IRR: {percent(result.irr)} a {one}"
        yearly = annualised(result.irr, case.period)
        if yearly is not None:
            line += f"; annualised as (1 + IRR)^{per_year} - 1: {percent(yearly)} a year"
        lines.append(line)
    lines.append(_payback_line("Payback", result.payback, case, "the cumulative net flow"))
    lines.append(
        _payback_line("Discounted payback", result.discounted_payback, case, "the discounted cumulative flow")
    )
    return lines


# --- output -------------------------------------------------------------------------------------


def _print_table(out: Console, case: Case, result: Profitability, target: TargetResult | None) -> None:
    from rich.table import Table

    from worth.engine.finance.wording import PERIODS, count, exact_percent, money

    name, currency = visible(case.name), visible(case.currency)
    title = f" - profitability over {count(result.periods, case.period)}, in {currency}"
    out.print(styled((name, "bold"), title))
    table = Table()
    table.add_column(PERIODS[case.period][0].capitalize(), justify="right")
    for column in (
        "Adoption",
        "Incremental profit",
        "Cumulative profit",
        "Running cost",
        "Net flow",
        "Cumulative net flow",
        "Discounted flow",
    ):
        table.add_column(column, justify="right")
    invested = money(-result.investment, currency)
    table.add_row("0", "", "", "", "", invested, invested, invested)
    for row in result.rows:
        table.add_row(
            str(row.period),
            exact_percent(row.adoption),
            money(row.incremental_profit, currency),
            money(row.cumulative_incremental_profit, currency),
            money(row.running_cost, currency),
            money(row.net_flow, currency),
            money(row.cumulative_net_flow, currency),
            money(row.discounted_flow, currency),
        )
    table.add_row(
        "Total",
        "",
        money(result.total_incremental_profit, currency),
        "",
        money(result.total_running_cost, currency),
        money(result.total_net_flow, currency),
        "",
        "",
        style="bold",
    )
    out.print(table)
    for line in summary_lines(case, result):
        out.print(visible(line))
    if target is not None:
        out.print(visible(verdict(case, target)))


def csv_text(result: Profitability) -> str:
    """The period rows, one line each, every figure as its exact decimal."""
    rows = [dataclasses.asdict(row) for row in result.rows]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows({key: str(value) for key, value in row.items()} for row in rows)
    return buffer.getvalue()


def _json_safe(text: str) -> str:
    """JSON with the characters a terminal would act on written as ``\\u`` escapes (still valid JSON)."""
    return "".join(
        json.dumps(ch)[1:-1] if unicodedata.category(ch) in _ESCAPED and ch != "\n" else ch for ch in text
    )


def json_text(case: Case, result: Profitability, target: TargetResult | None) -> str:
    """Everything: the inputs as read, the rows, totals, measures and the target; decimals as strings."""
    from worth.engine.finance.discounting import read_number
    from worth.engine.finance.wording import PERIODS, annualised

    figures = dataclasses.asdict(result)
    data: dict[str, Any] = {
        "name": case.name,
        "currency": case.currency,
        "period": case.period,
        "periods": figures.pop("periods"),
        "profit_at_full_adoption": read_number(case.plan.profit_at_full_adoption, field="profit"),
        "investment": figures.pop("investment"),
        "running_cost": result.rows[0].running_cost,
        "discount_rate": figures.pop("discount_rate"),
        **figures,
        "irr_annualised": annualised(result.irr, case.period),
        "periods_per_year": PERIODS[case.period][2],
        "target": None,
    }
    if target is not None:
        data["target"] = {**dataclasses.asdict(target), "sentence": verdict(case, target)}
    return _json_safe(json.dumps(data, indent=2, ensure_ascii=False, default=str)) + "\n"


def _fail(message: str) -> typer.Exit:
    console(stderr=True).print(visible(message.replace("\n", " ")))
    return typer.Exit(1)


def _write(text: str, output: Path) -> None:
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise _fail(f"{output}: cannot write: {error.strerror or error}") from None
    console().print(visible(f"Wrote {output}"))


def _table_text(case: Case, result: Profitability, target: TargetResult | None) -> str:
    from rich.console import Console

    buffer = io.StringIO()
    # The settings of worth.cli.terminal.console, for a file: no markup, no emoji codes, no colour.
    out = Console(
        file=buffer, width=160, highlight=False, soft_wrap=True, markup=False, emoji=False, color_system=None
    )
    _print_table(out, case, result, target)
    return buffer.getvalue()


@app.command("profitability")
def profitability_command(
    file: CaseFile,
    output_format: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="table (terminal), csv (the rows) or json (everything)."),
    ] = OutputFormat.table,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write to this file instead of the terminal.", show_default=False
        ),
    ] = None,
) -> None:
    """The case period by period, its NPV, IRR, payback and discounted payback, and the target's verdict."""
    try:
        case = read_case(file)
        result, target = work_out(case)
    except CaseError as error:
        raise _fail(f"{file}: {error}") from None
    if output_format is OutputFormat.json:
        text = json_text(case, result, target)
    elif output_format is OutputFormat.csv:
        text = csv_text(result)
    elif output is None:
        _print_table(console(), case, result, target)
        return
    else:
        text = _table_text(case, result, target)
    if output is None:
        typer.echo(text, nl=False)
    else:
        _write(text, output)
