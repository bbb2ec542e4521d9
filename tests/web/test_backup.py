"""``worth backup`` and ``worth restore`` as a team runs them: real data folders, databases and commands.

The demo case is loaded into a data folder (on the PostgreSQL run, with a database of its own), backed
up, and restored into an empty folder and database: every row of every table, every file and every
analysis the command line gives must come back the same, and the task queue must run a job that was
waiting. A damaged, truncated, altered or newer archive, and a target that holds records, are refused
with a message naming the problem, and the target is left exactly as it was.

The tests run on SQLite and, under ``WORTH_TEST_BACKEND=postgres``, on PostgreSQL (each site gets a
database of its own, created and dropped here).
"""

from __future__ import annotations

import io
import json
import math
import os
import secrets
import sqlite3
import subprocess
import sys
import tarfile
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
WORTH = str(Path(sys.executable).with_name("worth"))
POSTGRES = os.environ.get("WORTH_TEST_BACKEND") == "postgres"
#: What the data folder holds that is not the team's data: rebuilt, or the database and queue files.
NOT_DATA = ("static/", "worth.sqlite3", "queue.sqlite3")

#: Every analysis the command line gives of the site's records and stores, run in one process (the
#: ``worth`` commands themselves, called as the entry point calls them): each model evaluated, each
#: data set's waterfall by segment and band against its project's pricing policy.
ANALYSES = r"""
import contextlib, io, json, sys
from pathlib import Path

import django

django.setup()
from worth.apps.pricing.models import InvoiceDataset, PricingPolicy
from worth.apps.valuemodels.models import ValueModelRecord
from worth.cli.main import app


def worth(*args):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try:
            app([str(a) for a in args], standalone_mode=False)
        except SystemExit as exc:
            assert not exc.code, (args, exc.code)
    return json.loads(out.getvalue())


folder = Path(sys.argv[1])
folder.mkdir(parents=True, exist_ok=True)
results = {}
for i, record in enumerate(ValueModelRecord.objects.order_by("pk")):
    path = folder / f"model-{record.pk}.{record.fmt}"
    path.write_text(record.text, encoding="utf-8")
    results[f"model {i} {record.name}"] = worth("model", "evaluate", path, "--format", "json")
for i, dataset in enumerate(InvoiceDataset.objects.order_by("pk")):
    store = dataset.store
    by_segment = ["--by", "segment", "--format", "json"]
    results[f"waterfall {i}"] = worth("pricing", "waterfall", "--store", store, *by_segment)
    policy = PricingPolicy.objects.filter(project_id=dataset.project_id).first()
    given = []
    if policy is not None:
        given = ["--policy", folder / f"policy-{dataset.pk}.yaml"]
        given[1].write_text(policy.text, encoding="utf-8")
    results[f"band {i}"] = worth("pricing", "band", "--store", store, *given, "--format", "json")
print(json.dumps(results))
"""

#: A Worth of its own: migrated (then, for app.migration arguments, taken back to those), one user.
PREPARE = r"""
import sys

import django

django.setup()
from django.contrib.auth.models import User
from django.core.management import call_command

call_command("migrate", interactive=False, verbosity=0)
for target in sys.argv[2:]:
    call_command("migrate", *target.split("."), interactive=False, verbosity=0)
User.objects.create(username=sys.argv[1])
"""

QUEUE_A_JOB = r"""
import django

django.setup()
from django.contrib.auth.models import User
from worth.apps.core.models import Job

Job.objects.create(
    user=User.objects.get(username="leader"), kind="test", title="Waiting through a backup",
    handler="tests.web.job_work.counting", params={"steps": 3},
)
"""


# ---- sites: a data folder and its database ------------------------------------------------------


def _server_url(name: str) -> str:
    """A URL of the test run's PostgreSQL server, for database ``name``."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    return f"postgres://{db.get('USER') or 'postgres'}{password}@{host}:{port}/{name}"


def _admin(sql: str) -> None:
    import psycopg
    from django.conf import settings

    with psycopg.connect(_server_url(settings.DATABASES["default"]["NAME"]), autocommit=True) as conn:
        conn.execute(sql)


@dataclass
class Site:
    """One Worth: a data folder and, on the PostgreSQL run, a database of its own."""

    folder: Path
    database: str | None = None
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def env(self) -> dict[str, str]:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": os.environ.get("HOME", "/root"),
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "worth.site.settings",
            "WORTH_DATA_DIR": str(self.folder),
            "WORTH_JOB_HEARTBEAT_S": "1",
        }
        if self.database is not None:
            env["DATABASE_URL"] = _server_url(self.database)
        return env

    def worth(self, *args: str | Path, ok: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [WORTH, *map(str, args)], env=self.env, cwd=ROOT, capture_output=True, text=True, timeout=300
        )
        if ok:
            assert done.returncode == 0, f"worth {' '.join(map(str, args))}:\n{done.stdout}\n{done.stderr}"
        return done

    def python(self, code: str, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", code, *args], env=self.env, cwd=ROOT, capture_output=True, text=True,
            timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return done.stdout

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        if self.database is not None:
            import psycopg

            with psycopg.connect(_server_url(self.database)) as conn:
                return list(conn.execute(sql).fetchall())  # type: ignore[arg-type]
        with closing(sqlite3.connect(f"file:{self.folder / 'worth.sqlite3'}?mode=ro", uri=True)) as db:
            return db.execute(sql).fetchall()

    def has_database(self) -> bool:
        if self.database is not None:
            return bool(self.query("SELECT 1 FROM pg_tables WHERE schemaname = 'public' LIMIT 1"))
        return (self.folder / "worth.sqlite3").exists()

    def records(self) -> dict[str, list[str]]:
        """Every row of every table (and each sequence's position), sorted: the whole database."""
        if not self.has_database():
            return {}
        if self.database is not None:
            tables = [r[0] for r in self.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
            sequences = [
                r[0]
                for r in self.query(
                    "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE c.relkind = 'S' AND n.nspname = 'public'"
                )
            ]
        else:
            tables = [r[0] for r in self.query("SELECT name FROM sqlite_master WHERE type = 'table'")]
            sequences = []
        found = {t: sorted(map(repr, self.query(f'SELECT * FROM "{t}"'))) for t in tables}  # noqa: S608
        for s in sequences:
            found[f"sequence {s}"] = [repr(self.query(f'SELECT last_value, is_called FROM "{s}"'))]  # noqa: S608
        return found

    def files(self) -> dict[str, bytes]:
        """Every file of the data folder that is the team's data, by path, with its bytes."""
        found = {}
        for path in sorted(self.folder.rglob("*")):
            name = path.relative_to(self.folder).as_posix()
            if path.is_file() and not name.startswith(NOT_DATA):
                found[name] = path.read_bytes()
        return found

    def state(self) -> tuple[dict[str, list[str]], dict[str, bytes], list[str]]:
        """Records, data files, and every name in the data folder: to show nothing changed."""
        names = sorted(p.relative_to(self.folder).as_posix() for p in self.folder.rglob("*"))
        names = [n for n in names if not n.endswith(("-wal", "-shm"))]  # SQLite's, while connected
        return self.records(), self.files(), names

    def start_worker(self) -> None:
        self.workers.append(
            subprocess.Popen(
                [WORTH, "worker", "--threads", "1"], env=self.env, cwd=ROOT,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
        )  # fmt: skip

    def stop(self) -> None:
        for worker in self.workers:
            worker.terminate()
            worker.wait(timeout=30)
        if self.database is not None:
            _admin(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')


@pytest.fixture(scope="module")
def new_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[], Site]]:
    """Make empty sites: a new data folder (and on PostgreSQL an empty database); all removed after."""
    made: list[Site] = []

    def make() -> Site:
        site = Site(tmp_path_factory.mktemp("site"))
        if POSTGRES:
            site.database = f"worth_backup_{secrets.token_hex(4)}"
            _admin(f'CREATE DATABASE "{site.database}"')
        made.append(site)
        return site

    yield make
    for site in made:
        site.stop()


@dataclass(frozen=True)
class Backup:
    site: Site
    archive: Path
    said: str
    seconds: float


@pytest.fixture(scope="module")
def demo(new_site: Callable[[], Site], tmp_path_factory: pytest.TempPathFactory) -> Backup:
    """The demo case with a job waiting for a worker, and its backup (made once for the module)."""
    site = new_site()
    site.worth("demo")
    site.python(QUEUE_A_JOB)
    archive = tmp_path_factory.mktemp("archives") / "demo.tar.gz"
    started = time.monotonic()
    said = site.worth("backup", "--output", archive).stdout
    return Backup(site, archive, said, time.monotonic() - started)


# ---- analyses -----------------------------------------------------------------------------------


def analyses(site: Site, out: Path) -> dict[str, Any]:
    """What the command line computes from the site's records and stores: every model, every data set."""
    results: dict[str, Any] = json.loads(site.python(ANALYSES, str(out)))
    assert {"waterfall 0", "band 0"} <= results.keys()
    assert any(key.startswith("model 0") for key in results)
    return results


def assert_same(ours: Any, theirs: Any, where: str = "") -> None:
    """Equal, floats within 1e-9 relative (DuckDB's parallel sums differ in the last bits run to run)."""
    if isinstance(ours, float) and isinstance(theirs, float):
        assert math.isclose(ours, theirs, rel_tol=1e-9, abs_tol=1e-12), where
    elif isinstance(ours, dict) and isinstance(theirs, dict):
        assert ours.keys() == theirs.keys(), where
        for key in ours:
            assert_same(ours[key], theirs[key], f"{where}.{key}")
    elif isinstance(ours, list) and isinstance(theirs, list):
        assert len(ours) == len(theirs), where
        for i, (a, b) in enumerate(zip(ours, theirs, strict=True)):
            assert_same(a, b, f"{where}[{i}]")
    else:
        assert ours == theirs, where


# ---- archives altered as an accident or an attacker would ------------------------------------


def rewrite(
    archive: Path,
    out: Path,
    *,
    manifest: Callable[[dict[str, Any]], None] | None = None,
    member: Callable[[str, bytes], bytes | None] | None = None,
    extra: tuple[str, bytes] | None = None,
    renamed: dict[str, str] | None = None,
) -> Path:
    """A copy of ``archive`` with its manifest and members changed (``member`` returning None drops one)."""
    with tarfile.open(archive, "r:gz") as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar.getmembers()]  # type: ignore[union-attr]
    with tarfile.open(out, "w:gz") as tar:
        for info, data in members:
            if info.name == "manifest.json" and manifest is not None:
                raw = json.loads(data)
                manifest(raw)
                data = json.dumps(raw).encode()
            elif member is not None:
                changed = member(info.name, data)
                if changed is None:
                    continue
                data = changed
            info.size = len(data)
            info.name = (renamed or {}).get(info.name, info.name)
            tar.addfile(info, io.BytesIO(data))
        if extra is not None:
            info = tarfile.TarInfo(extra[0])
            info.size = len(extra[1])
            tar.addfile(info, io.BytesIO(extra[1]))
    return out


def parquet_of(archive: Path) -> str:
    with tarfile.open(archive, "r:gz") as tar:
        return next(name for name in tar.getnames() if name.endswith(".parquet"))


# ---- the round trip -----------------------------------------------------------------------------


def test_it_restores_every_record_file_and_analysis_into_an_empty_worth(
    demo: Backup, new_site: Callable[[], Site], tmp_path: Path
) -> None:
    kind = "PostgreSQL" if POSTGRES else "SQLite"
    assert f"Backed up the {kind} database and 4 file(s)" in demo.said, demo.said
    assert str(demo.archive) in demo.said
    print(f"\nbackup of the demo: {demo.archive.stat().st_size:,} bytes in {demo.seconds:.2f} s")

    target = new_site()
    started = time.monotonic()
    said = target.worth("restore", demo.archive).stdout
    print(f"restore of the demo: {time.monotonic() - started:.2f} s")
    assert f"Restored the {kind} database and 4 file(s) from {demo.archive}" in said
    assert "1 waiting job(s) put back on the task queue" in said

    ours, theirs = demo.site.records(), target.records()
    assert ours.keys() == theirs.keys()
    for table in ours:
        assert ours[table] == theirs[table], table
    assert sum(map(len, ours.values())) > 300  # the demo case, not an empty database
    assert demo.site.files() == target.files()  # byte for byte: stores, secret key, demo password
    assert {"secret_key", "demo-password.txt"} < target.files().keys()
    assert not list(target.folder.glob(".worth-restore-*"))

    assert_same(analyses(demo.site, tmp_path / "ours"), analyses(target, tmp_path / "theirs"))

    # The queue works: the job that was waiting when the backup was made runs on the restored Worth.
    target.start_worker()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        rows = target.query("SELECT status, result FROM core_job WHERE title = 'Waiting through a backup'")
        if rows[0][0] == "done":
            break
        time.sleep(0.2)
    status, result = rows[0]
    assert status == "done", rows
    assert (json.loads(result) if isinstance(result, str) else result) == {"count": 3}


@dataclass(frozen=True)
class Occupied:
    site: Site
    archive: Path


@pytest.fixture(scope="module")
def occupied(new_site: Callable[[], Site], tmp_path_factory: pytest.TempPathFactory) -> Occupied:
    """A Worth of its own as an earlier version left it, and its backup (made before any test runs).

    The pricing and value model apps are one migration behind; it has a user and a store of its own.
    Tests restore into it (it holds records whatever they did before: a refusal must leave it as it
    was), and its archive is the backup an older Worth made.
    """
    site = new_site()
    site.python(PREPARE, "early", "pricing.0001", "valuemodels.0001")
    (site.folder / "pricing" / "77").mkdir(parents=True)
    (site.folder / "pricing" / "77" / "lines.parquet").write_bytes(b"this Worth's own lines")
    archive = tmp_path_factory.mktemp("archives") / "older.tar.gz"
    site.worth("backup", "-o", archive)
    return Occupied(site, archive)


def test_an_older_backup_is_brought_to_this_versions_migrations(
    demo: Backup, occupied: Occupied, new_site: Callable[[], Site]
) -> None:
    with tarfile.open(occupied.archive, "r:gz") as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
    assert manifest["migrations"]["pricing"] == "0001_initial"

    target = new_site()
    said = target.worth("restore", occupied.archive).stdout
    every = set(demo.site.query("SELECT app, name FROM django_migrations"))
    # Behind: what the archive's Worth had not applied (the apps that build on the value models too).
    done = manifest["migrations"]
    behind = {(app, name) for app, name in every if app not in done or name > done[app]}
    assert {("pricing", "0002_revision"), ("valuemodels", "0002_revision")} <= behind
    assert f"brought to this version with {len(behind)} migration(s)" in said
    applied = set(target.query("SELECT app, name FROM django_migrations"))
    assert {("pricing", "0002_revision"), ("valuemodels", "0002_revision")} <= applied
    assert applied == set(demo.site.query("SELECT app, name FROM django_migrations"))  # every one
    assert target.query("SELECT username FROM auth_user") == [("early",)]
    assert (target.folder / "pricing" / "77" / "lines.parquet").read_bytes() == b"this Worth's own lines"


def test_it_refuses_a_worth_that_holds_records_and_replaces_it_with_force(
    demo: Backup, occupied: Occupied
) -> None:
    target = occupied.site
    before = target.state()
    refused = target.worth("restore", demo.archive, ok=False)
    assert refused.returncode == 1
    assert "this Worth is not empty: the database holds " in refused.stderr
    assert "give --force to do that" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert target.state() == before

    target.worth("restore", demo.archive, "--force")
    ours, theirs = demo.site.records(), target.records()
    assert ours.keys() == theirs.keys()  # an older schema replaced by the archive's, then migrated
    for table in ours:
        assert ours[table] == theirs[table], table
    assert target.files() == demo.site.files()  # the replaced Worth's own store is gone
    assert not (target.folder / "pricing" / "77").exists()


# ---- refused, leaving the target as it was ------------------------------------------------------


def flipped_byte(archive: Path, out: Path) -> Path:
    def change(name: str, data: bytes) -> bytes:
        return data[:100] + bytes([data[100] ^ 1]) + data[101:] if name.endswith(".parquet") else data

    return rewrite(archive, out, member=change)


def truncated(archive: Path, out: Path) -> Path:
    out.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    return out


def store_dropped(archive: Path, out: Path) -> Path:
    return rewrite(archive, out, member=lambda name, data: None if name.endswith(".parquet") else data)


def file_slipped_in(archive: Path, out: Path) -> Path:
    return rewrite(archive, out, extra=("files/pricing/1/extra.parquet", b"slipped in"))


def newer(archive: Path, out: Path) -> Path:
    def change(raw: dict[str, Any]) -> None:
        raw["migrations"]["core"] = "0099_from_a_newer_worth"
        raw["worth_version"] = "9.0.0"

    return rewrite(archive, out, manifest=change)


DATABASE_MEMBERS = {"sqlite": "database/worth.sqlite3", "postgresql": "database/worth.pgdump"}


def other_kind(archive: Path, out: Path) -> Path:
    """The same archive, as if a Worth on the other kind of database had made it."""
    ours, theirs = ("postgresql", "sqlite") if POSTGRES else ("sqlite", "postgresql")

    def change(raw: dict[str, Any]) -> None:
        raw["database"].update(kind=theirs, member=DATABASE_MEMBERS[theirs])
        for entry in raw["files"]:
            if entry["path"] == DATABASE_MEMBERS[ours]:
                entry["path"] = DATABASE_MEMBERS[theirs]

    return rewrite(archive, out, manifest=change, renamed={DATABASE_MEMBERS[ours]: DATABASE_MEMBERS[theirs]})


def database_elsewhere(archive: Path, out: Path) -> Path:
    def change(raw: dict[str, Any]) -> None:
        raw["database"]["member"] = "../../outside.sqlite3"

    return rewrite(archive, out, manifest=change)


def not_an_archive(archive: Path, out: Path) -> Path:
    out.write_text("name,price\nbearing,12\n")
    return out


def nothing(archive: Path, out: Path) -> Path:
    return out


KINDS = ("SQLite", "PostgreSQL")[:: -1 if POSTGRES else 1]
#: How an archive goes wrong, and what the refusal must say (``{parquet}``: the store's member).
DAMAGES: dict[str, tuple[Callable[[Path, Path], Path], list[str]]] = {
    "a changed byte in a store": (flipped_byte, ["{parquet}", "does not match its checksum"]),
    "a truncated copy": (truncated, ["not a complete Worth backup", "truncated"]),
    "a store missing from the archive": (store_dropped, ["{parquet}", "listed in its manifest but missing"]),
    "a file the manifest does not list": (
        file_slipped_in,
        ["files/pricing/1/extra.parquet", "its manifest does not list it"],
    ),
    "a newer migration state": (newer, ["comes from a newer Worth (9.0.0", "core.0099_from_a_newer_worth"]),
    "another kind of database": (
        other_kind,
        [f"holds a {KINDS[1]} database, but this Worth uses {KINDS[0]}"],
    ),
    "a database outside the archive": (database_elsewhere, ["manifest.json is not valid", "not listed as"]),
    "not an archive": (not_an_archive, ["not a complete Worth backup"]),
    "no such file": (nothing, ["no such file"]),
}


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_bad_archive_is_refused_by_name_and_changes_nothing(
    demo: Backup, occupied: Occupied, tmp_path: Path, damage: str
) -> None:
    """Into a Worth that holds records, even with --force: the refusal names the problem, nothing moves."""
    make, expected = DAMAGES[damage]
    bad = make(demo.archive, tmp_path / "bad.tar.gz")
    target = occupied.site
    before = target.state()
    done = target.worth("restore", bad, "--force", ok=False)
    assert done.returncode == 1, done.stdout
    for words in expected:
        assert words.format(parquet=parquet_of(demo.archive)) in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert target.state() == before
    assert not list(target.folder.glob(".worth-restore-*"))


@pytest.mark.parametrize("damage", ["a changed byte in a store", "a newer migration state"])
def test_a_refused_restore_into_an_empty_worth_leaves_it_empty(
    demo: Backup, new_site: Callable[[], Site], tmp_path: Path, damage: str
) -> None:
    make, _ = DAMAGES[damage]
    bad = make(demo.archive, tmp_path / "bad.tar.gz")
    target = new_site()
    done = target.worth("restore", bad, ok=False)
    assert done.returncode == 1
    assert not target.has_database()  # not even an empty database file
    # What any worth command makes in a new data folder: its secret key and the static folder.
    assert sorted(p.name for p in target.folder.iterdir()) == ["secret_key", "static"]


# ---- backing up ---------------------------------------------------------------------------------


@pytest.mark.skipif(POSTGRES, reason="SQLite's online backup; pg_dump takes one snapshot by itself")
def test_a_backup_while_someone_writes_is_the_database_as_of_one_moment(demo: Backup, tmp_path: Path) -> None:
    writer = sqlite3.connect(demo.site.folder / "worth.sqlite3", isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute(
            "INSERT INTO django_session (session_key, session_data, expire_date) "
            "VALUES ('half-written', 'x', '2099-01-01')"
        )
        archive = tmp_path / "during.tar.gz"
        demo.site.worth("backup", "-o", archive)  # the write transaction stays open meanwhile
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    with tarfile.open(archive, "r:gz") as tar:
        tar.extract("database/worth.sqlite3", tmp_path, filter="data")
    with closing(sqlite3.connect(tmp_path / "database" / "worth.sqlite3")) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute(
            "SELECT COUNT(*) FROM django_session WHERE session_key = 'half-written'"
        ).fetchone() == (0,)
        assert copy.execute("SELECT COUNT(*) FROM auth_user").fetchone() == (9,)


def test_a_backup_never_overwrites_a_file_nor_writes_half_an_archive(
    demo: Backup, new_site: Callable[[], Site], tmp_path: Path
) -> None:
    existing = tmp_path / "kept.tar.gz"
    existing.write_bytes(b"an earlier backup")
    done = demo.site.worth("backup", "-o", existing, ok=False)
    assert done.returncode == 1
    assert "already exists" in done.stderr
    assert existing.read_bytes() == b"an earlier backup"

    nowhere = demo.site.worth("backup", "-o", tmp_path / "missing" / "b.tar.gz", ok=False)
    assert nowhere.returncode == 1
    assert "no such folder" in nowhere.stderr

    empty = new_site()
    unmigrated = empty.worth("backup", "-o", tmp_path / "empty.tar.gz", ok=False)
    assert unmigrated.returncode == 1
    assert "nothing to back up" in unmigrated.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.tar.gz"]
    assert "Traceback" not in done.stderr + nowhere.stderr + unmigrated.stderr


def test_the_default_archive_name_is_timestamped_in_the_current_folder(demo: Backup, tmp_path: Path) -> None:
    done = subprocess.run(
        [WORTH, "backup"],
        env=demo.site.env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    (made,) = tmp_path.glob("worth-backup-*.tar.gz")
    assert len(made.name) == len("worth-backup-20261201-185400.tar.gz")
    assert str(made) in done.stdout
    assert made.stat().st_mode & 0o777 == 0o600  # it holds everyone's data: the owner's only
