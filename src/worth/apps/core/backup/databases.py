"""The database of a backup: a consistent copy out, and back in as one step.

SQLite: the online backup API copies the database as of one moment while the app goes on working
(WAL lets it write meanwhile); a restore copies the staged file into the configured one the same way,
in one step that either completes or leaves the database as it was.

PostgreSQL: ``pg_dump --format=custom`` of the configured database (one consistent snapshot). A
restore has ``pg_restore`` turn the dump into SQL that ``psql`` runs in one transaction, after
dropping Worth's own tables: any error rolls everything back. Both tools must be installed, and
``pg_dump`` be at least the server's major version (it refuses an older one). Connection settings
go to the tools as ``PG*`` environment variables, never on their command line.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from worth.apps.core.backup.archive import DATABASE_MEMBERS, BackupError, DatabaseInfo, Kind

__all__ = [
    "BOOKKEEPING_TABLES",
    "database_kind",
    "dump_database",
    "latest_migrations",
    "migrate_in_place",
    "migrate_sqlite_copy",
    "migrations_unknown_here",
    "records_in_database",
    "restore_database",
    "sqlite_path",
    "staged_database_problem",
]

#: Tables ``worth migrate`` fills by itself: rows there do not make a database "not empty".
BOOKKEEPING_TABLES = frozenset(
    {
        "django_migrations",
        "django_content_type",
        "auth_permission",
        "auth_group",
        "auth_group_permissions",
        "sqlite_sequence",
    }
)
#: How long a PostgreSQL restore waits for a table another connection is using before giving up.
LOCK_TIMEOUT = "15s"
_ENGINES: dict[str, Kind] = {
    "django.db.backends.sqlite3": "sqlite",
    "django.db.backends.postgresql": "postgresql",
}
#: DATABASES OPTIONS that libpq also reads from the environment.
_PG_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "options": "PGOPTIONS",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}
_TOC_TABLE = re.compile(r"^\d+; \d+ \d+ TABLE (\S+) (\S+) ")


def database_kind() -> Kind:
    """``sqlite`` or ``postgresql``: the kind of the configured database."""
    engine = settings.DATABASES["default"]["ENGINE"]
    try:
        return _ENGINES[engine]
    except KeyError:
        raise BackupError(f"backups support SQLite and PostgreSQL, not {engine}") from None


def sqlite_path() -> Path:
    return Path(settings.DATABASES["default"]["NAME"]).resolve()


def latest_migrations() -> dict[str, str]:
    """The latest applied migration of each app (by name: migrations are numbered)."""
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        raise BackupError("the database has no Worth tables yet (run `worth migrate`): nothing to back up")
    latest: dict[str, str] = {}
    for app, name in sorted(recorder.applied_migrations()):
        latest[app] = name
    return latest


def migrations_unknown_here(migrations: dict[str, str]) -> list[str]:
    """``app.migration`` of each of ``migrations`` this version of Worth does not have."""
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    return [f"{app}.{name}" for app, name in sorted(migrations.items()) if (app, name) not in known]


def records_in_database() -> dict[str, int]:
    """Rows per table of the configured database, for every table that holds any (bookkeeping aside)."""
    found: dict[str, int] = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table in BOOKKEEPING_TABLES:
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - a name the database listed, quoted
            (count,) = cursor.fetchone()
            if count:
                found[table] = int(count)
    return found


# ---- out ----------------------------------------------------------------------------------------


def dump_database(target: Path) -> DatabaseInfo:
    """A consistent copy of the configured database in ``target``."""
    kind = database_kind()
    if kind == "sqlite":
        _copy_sqlite(sqlite_path(), target)
        return DatabaseInfo(kind=kind, member=DATABASE_MEMBERS[kind], tool=f"SQLite {sqlite3.sqlite_version}")
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        (server,) = cursor.fetchone()
    tool = _run(["pg_dump", "--version"], what="pg_dump").strip()
    _run(["pg_dump", "--format=custom", "--compress=0", f"--file={target}"], what="pg_dump")
    return DatabaseInfo(kind=kind, member=DATABASE_MEMBERS[kind], server_version=str(server), tool=tool)


def _copy_sqlite(source: Path, target: Path) -> None:
    """SQLite's online backup: the database as of one moment, even while the app writes."""
    try:
        src = sqlite3.connect(source, timeout=30)
        try:
            dst = sqlite3.connect(target)
            try:
                src.backup(dst)  # one step: a consistent snapshot, never restarted by a writer
                dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        raise BackupError(f"cannot copy the database {source}: {exc}") from None


def _pg_env() -> dict[str, str]:
    db: dict[str, Any] = settings.DATABASES["default"]
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    env["PGDATABASE"] = str(db["NAME"])
    for option, var in _PG_OPTIONS.items():
        if db.get("OPTIONS", {}).get(option):
            env[var] = str(db["OPTIONS"][option])
    return env


def _run(command: list[str], *, what: str, hint: str = "") -> str:
    """Run a PostgreSQL tool; its failure becomes a :class:`BackupError` with its own words."""
    tool = shutil.which(command[0])
    if tool is None:
        raise BackupError(
            f"{command[0]} is not installed: install the PostgreSQL client tools of the server's major "
            "version (Debian: postgresql-client)"
        )
    done = subprocess.run([tool, *command[1:]], env=_pg_env(), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        said = " ".join(done.stderr.strip().splitlines()[:3]) or f"exit status {done.returncode}"
        raise BackupError(f"{what} failed: {said}{hint}")
    return done.stdout


# ---- in -----------------------------------------------------------------------------------------


def staged_database_problem(kind: Kind, staged: Path) -> str | None:
    """Why the staged database cannot be restored here, or None (checked before anything changes)."""
    if kind == "sqlite":
        try:
            with closing(sqlite3.connect(f"file:{staged}?mode=ro", uri=True)) as db:
                (result,) = db.execute("PRAGMA quick_check").fetchone()
        except sqlite3.Error as exc:
            return f"the database in the archive cannot be read: {exc}"
        return None if result == "ok" else f"the database in the archive is damaged: {result}"
    try:
        _dump_tables(staged)
    except BackupError as exc:
        return str(exc)
    return None


def _dump_tables(dump: Path) -> list[str]:
    listing = _run(["pg_restore", "--list", str(dump)], what="reading the database dump with pg_restore")
    return [match.group(2) for line in listing.splitlines() if (match := _TOC_TABLE.match(line))]


def migrate_sqlite_copy(staged: Path, scratch: Path) -> int:
    """Bring the staged SQLite copy to this version's migrations before it replaces anything.

    Run as its own process configured on the copy, so not a row of the configured database changes
    (the role groups' post-migrate step writes to the default database). Returns the migrations applied.
    """
    scratch.mkdir(parents=True, exist_ok=True)
    before = _applied_count(staged)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "worth.site.settings",
        "DATABASE_URL": f"sqlite:///{staged}",
        "WORTH_DATA_DIR": str(scratch),
    }
    done = subprocess.run(
        [sys.executable, "-m", "django", "migrate", "--noinput", "--verbosity", "0"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
        raise BackupError(f"the database in the archive could not be brought to this version: {last}")
    return _applied_count(staged) - before


def _applied_count(path: Path) -> int:
    with closing(sqlite3.connect(path)) as db:
        (count,) = db.execute("SELECT COUNT(*) FROM django_migrations").fetchone()
    return int(count)


def restore_database(kind: Kind, staged: Path, work: Path) -> None:
    """Replace the configured database with the staged one, in one step (nothing changes on failure)."""
    connection.close()
    if kind == "sqlite":
        _restore_sqlite(staged, sqlite_path())
    else:
        _restore_postgresql(staged, work)
    connection.close()


def _restore_sqlite(staged: Path, target: Path) -> None:
    try:
        src = sqlite3.connect(f"file:{staged}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(target, timeout=30)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        raise BackupError(
            f"cannot write the database {target}: {exc} (stop Worth's server and workers, then try again)"
        ) from None


def _restore_postgresql(dump: Path, work: Path) -> None:
    """Drop Worth's tables and load the dump, all in one transaction."""
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
    ours = set(connection.introspection.django_table_names(include_views=False))
    dropped = sorted(existing & (ours | set(_dump_tables(dump)) | {"django_migrations"}))
    preamble = work / "preamble.sql"
    lines = [f"SET lock_timeout = '{LOCK_TIMEOUT}';"]
    if dropped:
        lines.append(f"DROP TABLE {', '.join(connection.ops.quote_name(t) for t in dropped)} CASCADE;")
    preamble.write_text("\n".join(lines) + "\n", encoding="utf-8")
    script = work / "restore.sql"
    _run(
        ["pg_restore", "--no-owner", "--no-privileges", f"--file={script}", str(dump)],
        what="reading the database dump with pg_restore",
    )
    try:
        _run(
            ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", "-f", str(preamble), "-f",
             str(script)],
            what="restoring the database",
            hint=f" (nothing was changed; if it waited {LOCK_TIMEOUT} for a lock, stop Worth's server and "
            "workers and try again)",
        )  # fmt: skip
    finally:
        script.unlink(missing_ok=True)


def migrate_in_place() -> int:
    """Bring the restored database to this version's migrations; returns the migrations applied."""
    from django.core.management import call_command

    before = len(MigrationRecorder(connection).applied_migrations())
    call_command("migrate", interactive=False, verbosity=0)
    return len(MigrationRecorder(connection).applied_migrations()) - before
