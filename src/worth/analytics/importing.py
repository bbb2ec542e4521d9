"""Import invoice lines from CSV or Parquet, streamed, checked row by row, loaded all or nothing.

Files of millions of rows never sit in memory whole: CSV is read with pyarrow's streaming reader in
blocks, Parquet one batch at a time. Every row is checked (types, missing required fields, negative
quantities, deductions beyond the list price, dates that do not parse) and every bad value is
reported with its row and column, as written. If any row is bad, nothing is loaded: the destination
is left exactly as it was. Row numbers of a CSV file are its line numbers (the header is line 1, as
in a spreadsheet); for Parquet they count records from 1.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from worth.analytics.errors import AnalyticsError
from worth.analytics.invoices import CORE_COLUMNS, DEFAULT_CONTRACT, InvoiceContract
from worth.analytics.sinks import DatabaseTable, Mode, ParquetStore, make_sink
from worth.analytics.validation import ImportProblem, ProblemLog, validate_batch

Progress = Callable[[int, int], None]
CSV_BLOCK_BYTES = 8 << 20
PARQUET_BATCH_ROWS = 256_000


class InvoiceImportError(AnalyticsError):
    """The import was refused and nothing was loaded; ``problems`` lists the bad values found."""

    def __init__(
        self, message: str, problems: tuple[ImportProblem, ...] = (), bad_rows: int = 0, more: int = 0
    ):
        super().__init__(message)
        self.problems = problems
        self.bad_rows = bad_rows
        self.more = more


@dataclass(frozen=True)
class ImportReport:
    """A successful import: rows loaded, where to, how long it took."""

    rows: int
    target: str
    seconds: float


@dataclass
class _CsvLines:
    """Line numbers of the rows a CSV reader yields, allowing for the rows it skipped."""

    next_line: int = 2
    skipped: set[int] | None = None

    def take(self, n: int) -> np.ndarray:
        skipped = self.skipped or set()
        out: list[int] = []
        line = self.next_line
        if not skipped:
            self.next_line += n
            return np.arange(line, line + n)
        while len(out) < n:
            if line not in skipped:
                out.append(line)
            line += 1
        self.next_line = line
        return np.array(out, dtype=np.int64)


def _csv_header(path: Path, delimiter: str) -> list[str]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle, delimiter=delimiter), None)
    except UnicodeDecodeError as exc:
        raise InvoiceImportError(f"{path}: the header is not UTF-8 text (byte {exc.start})") from exc
    if not header:
        raise InvoiceImportError(f"{path}: the file is empty; expected a header line with the column names")
    return [h.strip() for h in header]


def _check_columns(names: list[str], contract: InvoiceContract, source: Path) -> dict[str, str]:
    """Map file names to contract names and make sure everything required is there."""
    rename = {name: contract.columns.get(name, name) for name in names}
    present = set(rename.values())
    needed = [c for c, (_, required) in CORE_COLUMNS.items() if required] + list(contract.item_columns)
    missing = [contract.source_name(c) for c in needed if c not in present]
    if missing:
        raise InvoiceImportError(
            f"{source}: missing column(s) {', '.join(missing)}; the file has {', '.join(names)}. "
            "Name them in the contract's columns mapping if they are called differently."
        )
    doubled = sorted({v for v in rename.values() if list(rename.values()).count(v) > 1 and v in present})
    if doubled:
        raise InvoiceImportError(f"{source}: more than one column would become {', '.join(doubled)}")
    return rename


def _csv_batches(
    path: Path, contract: InvoiceContract, delimiter: str, log: ProblemLog
) -> Iterator[tuple[pa.RecordBatch, np.ndarray, int, int]]:
    names = _csv_header(path, delimiter)
    rename = _check_columns(names, contract, path)
    lines = _CsvLines(skipped=set())
    total = max(path.stat().st_size, 1)

    def invalid(row: Any) -> str:
        assert lines.skipped is not None
        if row.number is not None:
            lines.skipped.add(int(row.number))
        if row.text.strip():
            log.problems.append(
                ImportProblem(
                    int(row.number or 0),
                    "(whole row)",
                    row.text,
                    f"{row.actual_columns} fields where the header has {row.expected_columns}",
                )
            )
            log.bad_rows += 1
        return "skip"

    keep = [n for n in names if rename[n] in CORE_COLUMNS or rename[n] in contract.item_columns]
    with path.open("rb") as handle:
        reader = pacsv.open_csv(
            handle,
            read_options=pacsv.ReadOptions(block_size=CSV_BLOCK_BYTES, use_threads=False),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter, invalid_row_handler=invalid, ignore_empty_lines=False
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names},
                include_columns=keep,
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
                null_values=[""],
            ),
        )
        # The reader reads ahead, so ``handle.tell()`` runs to the end of the file long before the rows
        # are checked; each batch is one block of the file, which measures the work done truly.
        consumed = 0
        for batch in reader:
            renamed = batch.rename_columns([rename[n] for n in batch.schema.names])
            consumed = min(consumed + CSV_BLOCK_BYTES, total)
            yield renamed, lines.take(batch.num_rows), consumed, total


def _parquet_batches(
    path: Path, contract: InvoiceContract
) -> Iterator[tuple[pa.RecordBatch, np.ndarray, int, int]]:
    try:
        files = sorted(path.glob("*.parquet")) if path.is_dir() else [path]
        readers = [pq.ParquetFile(str(f)) for f in files]
    except (pa.ArrowException, OSError) as exc:
        raise InvoiceImportError(f"{path}: not a readable Parquet file: {exc}") from exc
    if not readers:
        raise InvoiceImportError(f"{path}: no .parquet files in this folder")
    total = sum(r.metadata.num_rows for r in readers)
    done = 0
    for file, reader in zip(files, readers, strict=True):
        names = reader.schema_arrow.names
        rename = _check_columns(names, contract, file)
        keep = [n for n in names if rename[n] in CORE_COLUMNS or rename[n] in contract.item_columns]
        for batch in reader.iter_batches(batch_size=PARQUET_BATCH_ROWS, columns=keep):
            renamed = batch.rename_columns([rename[n] for n in batch.schema.names])
            rows = np.arange(done + 1, done + batch.num_rows + 1)
            done += batch.num_rows
            yield renamed, rows, done, total


def _summary(source: Path, log: ProblemLog, shown: int = 5) -> str:
    lines = [f"{source}: {log.bad_rows} bad row(s); nothing was loaded."]
    lines += [f"  {p}" for p in log.problems[:shown]]
    hidden = len(log.problems) - shown + log.more
    if hidden > 0:
        lines.append(f"  ... and {hidden} more problem(s)")
    return "\n".join(lines)


def import_invoices(
    source: Path,
    target: ParquetStore | DatabaseTable,
    *,
    contract: InvoiceContract = DEFAULT_CONTRACT,
    mode: Mode = "replace",
    delimiter: str = ",",
    max_problems: int = 1000,
    progress: Progress | None = None,
) -> ImportReport:
    """Stream ``source`` (``.csv``, ``.parquet``, a folder of Parquet files) into ``target``, all or nothing.

    Parameters
    ----------
    source
        The invoice-line file, with the columns of the contract (or mapped to them).
    target
        :class:`ParquetStore` (a folder; the embedded default) or :class:`DatabaseTable`
        (``duckdb:///file.duckdb`` or ``postgres://...``).
    contract
        Column mapping, date format and price items; stored with the data in a Parquet store.
    mode
        ``replace`` the lines already there, or ``append`` to them (same contract required).
    delimiter
        CSV field separator. Numbers use a decimal point.
    max_problems
        How many problems to keep for the report; all bad rows are counted either way.
    progress
        Called as ``progress(done, total)`` after each batch: bytes for CSV, rows for Parquet.

    Returns
    -------
    ImportReport

    Raises
    ------
    InvoiceImportError
        When the file cannot be read, misses columns, or has bad rows (``problems`` lists them by
        row and column with the value as written). Nothing is loaded in that case.
    """
    started = time.perf_counter()
    suffix = source.suffix.lower()
    if not source.exists():
        raise InvoiceImportError(f"{source}: no such file")
    log = ProblemLog(limit=max_problems)
    if suffix == ".csv":
        batches = _csv_batches(source, contract, delimiter, log)
    elif suffix == ".parquet" or source.is_dir():
        batches = _parquet_batches(source, contract)
    else:
        raise InvoiceImportError(f"{source}: import a .csv or .parquet file")
    first = next(batches, None)  # reads the header before anything is created at the target
    sink = make_sink(target, mode)
    sink.open(contract)
    rows = 0
    try:
        pending = iter([first]) if first is not None else iter(())
        for batch, numbers, done, total in _chain(pending, batches):
            typed, bad = validate_batch(batch, numbers, contract, log)
            if not bad and not log.bad_rows:
                sink.write(typed)
            rows += batch.num_rows
            if progress is not None:
                progress(done, total)
    except InvoiceImportError:
        sink.abort()
        raise
    except (pa.ArrowException, UnicodeDecodeError) as exc:
        sink.abort()
        raise InvoiceImportError(f"{source}: cannot read the file after row {rows}: {exc}") from exc
    except BaseException:
        sink.abort()
        raise
    if log.bad_rows:
        sink.abort()
        log.problems.sort(key=lambda p: p.row)
        raise InvoiceImportError(_summary(source, log), tuple(log.problems), log.bad_rows, log.more)
    sink.commit()
    return ImportReport(rows=rows, target=str(target), seconds=time.perf_counter() - started)


def _chain(
    first: Iterator[tuple[pa.RecordBatch, np.ndarray, int, int]],
    rest: Iterator[tuple[pa.RecordBatch, np.ndarray, int, int]],
) -> Iterator[tuple[pa.RecordBatch, np.ndarray, int, int]]:
    yield from first
    yield from rest
