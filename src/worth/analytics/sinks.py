"""Where imported invoice lines go: the Parquet store, a DuckDB table or a PostgreSQL table.

Every sink is all-or-nothing. The store writes under a temporary name inside the store folder and
renames into place on commit; a database sink writes inside one transaction and rolls it back on
abort. The importer calls ``open``, then ``write`` for each good batch, then ``commit`` or ``abort``.
"""

from __future__ import annotations

import io
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from worth.analytics.errors import AnalyticsError
from worth.analytics.invoices import InvoiceContract
from worth.analytics.store import CONTRACT_FILE, data_dir, read_store_contract
from worth.analytics.validation import output_schema

Mode = Literal["replace", "append"]
#: Rows gathered before a Parquet row group is written (fewer, larger row groups read faster).
ROW_GROUP_ROWS = 1_000_000


class Sink(Protocol):
    """What the importer needs of a destination."""

    def open(self, contract: InvoiceContract) -> None: ...

    def write(self, batch: pa.RecordBatch) -> None: ...

    def commit(self) -> None: ...

    def abort(self) -> None: ...


@dataclass(frozen=True)
class ParquetStore:
    """The embedded store: a folder (created if needed) holding the lines as Parquet and their contract."""

    path: Path

    def __str__(self) -> str:
        return f"store {self.path}"


@dataclass(frozen=True)
class DatabaseTable:
    """A table in DuckDB (``duckdb:///file.duckdb``) or PostgreSQL (``postgres://...``), in ``schema``."""

    url: str
    table: str
    schema: str | None = None

    def __str__(self) -> str:
        scheme = self.url.partition("://")[0]
        return f"{scheme} table {self.schema + '.' if self.schema else ''}{self.table}"


class StoreSink:
    """Writes one Parquet part under a temporary folder of the store; commit renames it into place."""

    def __init__(self, target: ParquetStore, mode: Mode) -> None:
        self.store = target.path
        self.mode = mode
        self.tmp = self.store / f".import-{uuid.uuid4().hex}"
        self.part = f"part-{uuid.uuid4().hex}.parquet"
        self.writer: pq.ParquetWriter | None = None
        self.pending: list[pa.RecordBatch] = []
        self.contract: InvoiceContract | None = None

    def open(self, contract: InvoiceContract) -> None:
        if self.store.exists() and not self.store.is_dir():
            raise AnalyticsError(f"{self.store}: exists and is not a folder")
        if self.mode == "append" and (data_dir(self.store) / CONTRACT_FILE).is_file():
            stored = read_store_contract(self.store)
            if stored.items != contract.items:
                raise AnalyticsError(
                    f"{self.store}: the stored lines use other price items; "
                    "import with the same contract, or replace them"
                )
        self.contract = contract
        self.tmp.mkdir(parents=True)
        self.writer = pq.ParquetWriter(str(self.tmp / self.part), output_schema(contract), compression="zstd")

    def _flush(self) -> None:
        if self.pending and self.writer is not None:
            self.writer.write_table(pa.Table.from_batches(self.pending), row_group_size=ROW_GROUP_ROWS)
            self.pending = []

    def write(self, batch: pa.RecordBatch) -> None:
        self.pending.append(batch)
        if sum(b.num_rows for b in self.pending) >= ROW_GROUP_ROWS:
            self._flush()

    def commit(self) -> None:
        self._flush()
        if self.writer is not None:
            self.writer.close()
            self.writer = None
        target = data_dir(self.store)
        if self.mode == "append" and target.is_dir():
            (self.tmp / self.part).replace(target / self.part)
            shutil.rmtree(self.tmp, ignore_errors=True)
            return
        assert self.contract is not None  # set by open()
        (self.tmp / CONTRACT_FILE).write_text(self.contract.to_json(), encoding="utf-8")
        old = self.store / f".replaced-{uuid.uuid4().hex}"
        if target.exists():
            target.replace(old)
        self.tmp.replace(target)
        shutil.rmtree(old, ignore_errors=True)

    def abort(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None
        self.pending = []
        shutil.rmtree(self.tmp, ignore_errors=True)


_SQL_TYPES = {
    pa.string(): "VARCHAR",
    pa.int64(): "BIGINT",
    pa.float64(): "DOUBLE PRECISION",
    pa.date32(): "DATE",
}


def _columns_sql(schema: pa.Schema, quote: Any) -> str:
    return ", ".join(
        f"{quote(f.name)} {_SQL_TYPES[f.type]}{'' if f.nullable else ' NOT NULL'}" for f in schema
    )


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class DuckDBSink:
    """Creates (or appends to) a DuckDB table inside one transaction."""

    def __init__(self, target: DatabaseTable, mode: Mode) -> None:
        import duckdb

        path = target.url.partition("://")[2] or ":memory:"
        self.con = duckdb.connect(path)
        self.name = (_quote(target.schema) + "." if target.schema else "") + _quote(target.table)
        self.mode = mode

    def open(self, contract: InvoiceContract) -> None:
        self.con.begin()
        create = "CREATE OR REPLACE TABLE" if self.mode == "replace" else "CREATE TABLE IF NOT EXISTS"
        self.con.execute(f"{create} {self.name} ({_columns_sql(output_schema(contract), _quote)})")

    def write(self, batch: pa.RecordBatch) -> None:
        self.con.register("worth_import_batch", pa.Table.from_batches([batch]))
        self.con.execute(f"INSERT INTO {self.name} SELECT * FROM worth_import_batch")  # noqa: S608 - quoted name
        self.con.unregister("worth_import_batch")

    def commit(self) -> None:
        self.con.commit()
        self.con.close()

    def abort(self) -> None:
        self.con.rollback()
        self.con.close()


class PostgresSink:
    """Creates (or appends to) a PostgreSQL table inside one transaction, loading with COPY."""

    def __init__(self, target: DatabaseTable, mode: Mode) -> None:
        import psycopg
        from psycopg import sql

        self.sql = sql
        try:
            self.conn = psycopg.connect(target.url)
        except psycopg.Error as exc:
            raise AnalyticsError(f"cannot connect to {target}: {exc}") from exc
        parts = [target.schema, target.table] if target.schema else [target.table]
        self.name = sql.Identifier(*parts)
        self.mode = mode
        self.columns: list[str] = []

    def open(self, contract: InvoiceContract) -> None:
        schema = output_schema(contract)
        self.columns = schema.names
        columns = self.sql.SQL(_columns_sql(schema, lambda n: self.sql.Identifier(n).as_string(self.conn)))
        with self.conn.cursor() as cur:
            if self.mode == "replace":
                cur.execute(self.sql.SQL("DROP TABLE IF EXISTS {}").format(self.name))
            cur.execute(self.sql.SQL("CREATE TABLE IF NOT EXISTS {} ({})").format(self.name, columns))

    def write(self, batch: pa.RecordBatch) -> None:
        buffer = io.BytesIO()
        pacsv.write_csv(pa.Table.from_batches([batch]), buffer)
        copy_sql = self.sql.SQL("COPY {} ({}) FROM STDIN WITH (FORMAT csv, HEADER true)").format(
            self.name, self.sql.SQL(", ").join(self.sql.Identifier(c) for c in self.columns)
        )
        with self.conn.cursor() as cur, cur.copy(copy_sql) as copy:
            copy.write(buffer.getvalue())

    def commit(self) -> None:
        self.conn.commit()
        self.conn.close()

    def abort(self) -> None:
        self.conn.rollback()
        self.conn.close()


def make_sink(target: ParquetStore | DatabaseTable, mode: Mode) -> Sink:
    """The sink for a target; raise :class:`AnalyticsError` for a database Worth cannot load into."""
    if isinstance(target, ParquetStore):
        return StoreSink(target, mode)
    scheme = target.url.partition("://")[0]
    if scheme == "duckdb":
        return DuckDBSink(target, mode)
    if scheme in ("postgres", "postgresql"):
        return PostgresSink(target, mode)
    raise AnalyticsError(f"{target.url!r}: import into duckdb:// or postgres:// tables, or a Parquet store")
