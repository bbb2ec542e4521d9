"""Check and convert one batch of invoice lines to the contract's types, finding every bad value.

Everything is vectorized (pyarrow compute and numpy) so millions of rows pass quickly; only the
problems found are turned into Python objects. A problem names the row, the column as the user's
file calls it, the value exactly as it was written and what is wrong with it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from worth.analytics.invoices import CORE_COLUMNS, ColumnType, InvoiceContract

_NUMBER = r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$"
_INTEGER = r"^[+-]?\d+$"


@dataclass(frozen=True)
class ImportProblem:
    """A bad value: ``row`` (line of a CSV file, record of a Parquet file), column, value as written, why."""

    row: int
    column: str
    value: str
    problem: str

    @property
    def shown_value(self) -> str:
        """The value as written, in quotes (control characters already written as ``\\x00``)."""
        return f"'{self.value}'" if self.value != "" else "(empty)"

    def __str__(self) -> str:
        return f"row {self.row}, {self.column} = {self.shown_value}: {self.problem}"


#: Control characters a text field may not hold (NUL and the like; tab and line breaks are text).
CONTROL_CHARACTERS = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
_SHOWN_CONTROLS = {code: f"\\x{code:02x}" for code in [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]}


def visible(text: str) -> str:
    r"""``text`` with its control characters written as ``\x00``, so a message can show them."""
    return text.translate(_SHOWN_CONTROLS)


@dataclass
class ProblemLog:
    """Problems found so far: every bad row is counted, the first ``limit`` problems are kept."""

    limit: int
    problems: list[ImportProblem] = field(default_factory=list)
    bad_rows: int = 0
    more: int = 0

    def add(self, mask: np.ndarray, rows: np.ndarray, column: str, raw: pa.Array, problem: str) -> None:
        """Record ``problem`` for every row where ``mask`` is True."""
        where = np.flatnonzero(mask)
        room = max(0, self.limit - len(self.problems))
        self.more += max(0, len(where) - room)
        if room and len(where):
            keep = where[:room]
            values = raw.take(pa.array(keep)).to_pylist()
            self.problems.extend(
                ImportProblem(int(rows[i]), column, "" if v is None else visible(str(v)), problem)
                for i, v in zip(keep, values, strict=True)
            )


def _to_text(raw: pa.Array) -> pa.Array:
    if pa.types.is_dictionary(raw.type):
        raw = raw.cast(raw.type.value_type)
    if not (pa.types.is_string(raw.type) or pa.types.is_large_string(raw.type)):
        raw = raw.cast(pa.string())
    return pc.utf8_trim_whitespace(raw.cast(pa.string()))


def _blank(text: pa.Array) -> np.ndarray:
    return np.asarray(pc.fill_null(pc.equal(text, ""), True).to_numpy(zero_copy_only=False), dtype=bool)


def _numbers(raw: pa.Array, kind: ColumnType) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(values as float64, blank mask, unparsable mask)."""
    if pa.types.is_integer(raw.type) or pa.types.is_floating(raw.type) or pa.types.is_decimal(raw.type):
        values = np.asarray(raw.cast(pa.float64()).to_numpy(zero_copy_only=False), dtype=np.float64)
        blank = np.asarray(raw.is_null().to_numpy(zero_copy_only=False), dtype=bool)
        bad = ~blank & ~np.isfinite(np.where(blank, 0.0, values))
        if kind == "integer":
            bad |= ~blank & ~bad & (values != np.floor(np.where(np.isfinite(values), values, 0.0)))
        return values, blank, bad
    text = _to_text(raw)
    blank = _blank(text)
    pattern = _INTEGER if kind == "integer" else _NUMBER
    ok = np.asarray(
        pc.fill_null(pc.match_substring_regex(text, pattern), False).to_numpy(zero_copy_only=False)
    )
    bad = ~blank & ~ok
    cleaned = pc.if_else(pa.array(ok), text, pa.scalar(None, pa.string()))
    values = np.asarray(pc.cast(cleaned, pa.float64()).to_numpy(zero_copy_only=False), dtype=np.float64)
    bad |= ok & ~np.isfinite(np.where(ok, values, 0.0))
    return values, blank, bad


def _dates(raw: pa.Array, date_format: str) -> tuple[pa.Array, np.ndarray, np.ndarray]:
    """(date32 array, blank mask, unparsable mask)."""
    if pa.types.is_date(raw.type) or pa.types.is_timestamp(raw.type):
        blank = np.asarray(raw.is_null().to_numpy(zero_copy_only=False), dtype=bool)
        return raw.cast(pa.date32()), blank, np.zeros(len(raw), dtype=bool)
    text = _to_text(raw)
    blank = _blank(text)
    parsed = pc.strptime(
        pc.if_else(pa.array(blank), pa.scalar(None, pa.string()), text),
        format=date_format,
        unit="s",
        error_is_null=True,
    )
    bad = ~blank & np.asarray(parsed.is_null().to_numpy(zero_copy_only=False), dtype=bool)
    bad |= ~blank & ~bad & _not_calendar_dates(text, parsed, date_format)
    return parsed.cast(pa.date32()), blank, bad


def _not_calendar_dates(text: pa.Array, parsed: pa.Array, date_format: str) -> np.ndarray:
    """Mask of texts pyarrow parsed by rolling over (2025-02-30 -> March 2) or loosely (year 25).

    A text that prints back identically is a real date. The few that do not (unpadded days, say) are
    checked with Python's strict ``strptime``, once per distinct text.
    """
    again = pc.strftime(parsed, format=date_format)
    differs = np.asarray(
        pc.fill_null(pc.not_equal(again, text), False).to_numpy(zero_copy_only=False), dtype=bool
    )
    if not differs.any():
        return differs
    suspects = text.filter(pa.array(differs))
    refused = []
    for value in pc.unique(suspects).to_pylist():
        try:
            dt.datetime.strptime(value, date_format)  # noqa: DTZ007 - a calendar check, no time zone involved
        except ValueError:
            refused.append(value)
    if not refused:
        return np.zeros(len(text), dtype=bool)
    hit = pc.fill_null(pc.is_in(text, value_set=pa.array(refused, pa.string())), False)
    out: np.ndarray = differs & np.asarray(hit.to_numpy(zero_copy_only=False), dtype=bool)
    return out


def output_schema(contract: InvoiceContract) -> pa.Schema:
    """The typed schema imported lines are stored with (contract names, float64 money)."""
    types = {"text": pa.string(), "integer": pa.int64(), "number": pa.float64(), "date": pa.date32()}
    fields = [
        pa.field(name, types[kind], nullable=not required) for name, (kind, required) in CORE_COLUMNS.items()
    ]
    fields += [pa.field(c, pa.float64(), nullable=False) for c in contract.item_columns]
    return pa.schema(fields)


@dataclass
class _Check:
    """One batch under check: the raw columns, the row numbers and the bad-row mask so far."""

    raw: dict[str, pa.Array]
    rows: np.ndarray
    contract: InvoiceContract
    log: ProblemLog
    bad: np.ndarray

    def flag(self, mask: np.ndarray, column: str, problem: str) -> None:
        if mask.any():
            self.log.add(mask, self.rows, self.contract.source_name(column), self.raw[column], problem)
            self.bad |= mask


def _deductions(values: dict[str, np.ndarray], check: _Check) -> np.ndarray:
    """Walk the deductions per unit like the waterfall does; flag the item that takes the price below 0.

    Rows already bad are skipped: their sums mean nothing.
    """
    contract, raw, rows, log = check.contract, check.raw, check.rows, check.log
    quantity, list_price = values["quantity"], values["list_price"]
    usable = (quantity > 0) & (list_price > 0) & ~check.bad
    running = np.where(usable, list_price, 0.0)
    flagged = np.zeros(len(rows), dtype=bool)
    for item in contract.items:
        amount = np.nan_to_num(values[item.column])
        if item.basis == "percent":
            unit = (list_price if item.stacking == "adds-on-list" else running) * amount / 100.0
        elif item.basis == "line-amount":
            unit = np.divide(amount, quantity, out=np.zeros_like(amount), where=usable)
        else:
            unit = amount
        running = running - unit
        below = usable & ~flagged & (running < -1e-9 * np.maximum(list_price, 1.0))
        log.add(
            below,
            rows,
            contract.source_name(item.column),
            raw[item.column],
            "the deductions add up to more than the list price",
        )
        flagged |= below
    return flagged


def _core(check: _Check, n: int) -> tuple[dict[str, pa.Array], dict[str, np.ndarray]]:
    """Typed text and date columns, and the numeric ones as float64 arrays (NaN where bad)."""
    out: dict[str, pa.Array] = {}
    values: dict[str, np.ndarray] = {}
    for name, (kind, required) in CORE_COLUMNS.items():
        if name not in check.raw:  # only optional columns can be absent here
            out[name] = out["customer_id"] if name == "customer_name" else pa.nulls(n, pa.string())
        elif kind == "text":
            text = _to_text(check.raw[name])
            blank = _blank(text)
            control = pc.fill_null(pc.match_substring_regex(text, CONTROL_CHARACTERS), False)
            check.flag(
                np.asarray(control.to_numpy(zero_copy_only=False), dtype=bool),
                name,
                "a control character (such as NUL, shown as \\x00) in the text",
            )
            if required:
                check.flag(blank, name, "missing: this column is required")
            elif name == "customer_name":
                text = pc.if_else(pa.array(blank), out["customer_id"], text)
            out[name] = text
        elif kind == "date":
            dates, blank, unparsable = _dates(check.raw[name], check.contract.date_format)
            check.flag(blank, name, "missing: this column is required")
            check.flag(unparsable, name, f"not a date in the format {check.contract.date_format}")
            out[name] = dates
        else:
            numbers, blank, unparsable = _numbers(check.raw[name], kind)
            check.flag(blank, name, "missing: this column is required")
            check.flag(unparsable, name, "not a whole number" if kind == "integer" else "not a number")
            values[name] = np.where(blank | unparsable, np.nan, numbers)
    check.flag(
        values["quantity"] < 0,
        "quantity",
        "negative quantity: credit notes and returns are not invoice lines",
    )
    check.flag(values["quantity"] == 0, "quantity", "quantity must be above 0")
    check.flag(values["list_price"] <= 0, "list_price", "list price per unit must be above 0")
    return out, values


def _items(check: _Check, values: dict[str, np.ndarray]) -> None:
    for item in check.contract.items:
        numbers, blank, unparsable = _numbers(check.raw[item.column], "number")
        check.flag(unparsable, item.column, "not a number")
        numbers = np.where(blank | unparsable, 0.0, numbers)
        check.flag(numbers < 0, item.column, "a deduction must not be negative")
        if item.basis == "percent":
            check.flag(numbers > 100, item.column, "a percentage above 100")
        values[item.column] = numbers


def validate_batch(
    batch: pa.RecordBatch, rows: np.ndarray, contract: InvoiceContract, log: ProblemLog
) -> tuple[pa.RecordBatch, int]:
    """Convert ``batch`` (contract names, any types) to :func:`output_schema`; log every bad value.

    Parameters
    ----------
    batch
        Lines whose columns are already renamed to the contract's names.
    rows
        The row number of each line, as the user should see it.
    contract
        Item columns and date format.
    log
        Collects problems and counts bad rows.

    Returns
    -------
    (RecordBatch, int)
        The typed batch and the number of bad rows in it (the batch must not be stored if above 0).
    """
    n = batch.num_rows
    raw = {name: batch.column(name) for name in batch.schema.names}
    check = _Check(raw, rows, contract, log, np.zeros(n, dtype=bool))
    out, values = _core(check, n)
    _items(check, values)
    check.bad |= _deductions(values, check)
    count = int(check.bad.sum())
    log.bad_rows += count
    if count:
        return batch, count
    out["line_no"] = pa.array(values["line_no"].astype(np.int64))
    for name in ("quantity", "list_price", *contract.item_columns):
        out[name] = pa.array(values[name])
    schema = output_schema(contract)
    return pa.RecordBatch.from_arrays([out[f.name] for f in schema], schema=schema), 0
