"""Every migration runs forward on a copy of the previous release's demo database.

``tests/fixtures/previous_release/`` holds the demo database as the previous release wrote it (on
SQLite and on PostgreSQL), with a simulation its stopped server left running and an import that
finished. The test restores a copy into a database of its own, runs ``worth migrate`` as a team
upgrading would, and checks that no row was lost, that the running job is failed with the reason,
and that every page a person reads answers on the upgraded data.
"""

from __future__ import annotations

import gzip
import json
import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "previous_release"
ON_POSTGRES = os.environ.get("WORTH_TEST_BACKEND") == "postgres"
WORTH = str(Path(sys.executable).with_name("worth"))
SERVER = os.environ.get("TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")


class Copy:
    """A copy of the previous release's demo database that the test may upgrade and read."""

    def __init__(self, url: str, tmp_path: Path) -> None:
        self.url = url
        self.data_dir = tmp_path / "data"
        self.data_dir.mkdir()

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        if self.url.startswith("sqlite"):
            with sqlite3.connect(self.url.removeprefix("sqlite:///")) as db:
                return db.execute(sql).fetchall()
        import psycopg

        with psycopg.connect(self.url) as db:
            return db.execute(sql).fetchall()  # type: ignore[arg-type]

    def tables(self) -> list[str]:
        if self.url.startswith("sqlite"):
            found = self.rows(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        else:
            found = self.rows("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        return sorted(name for (name,) in found)

    def counts(self) -> dict[str, int]:
        return {table: self.rows(f'SELECT COUNT(*) FROM "{table}"')[0][0] for table in self.tables()}  # noqa: S608

    def worth(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": os.environ.get("HOME", "/root"),
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": self.url,
            "WORTH_DATA_DIR": str(self.data_dir),
        }
        return subprocess.run(list(args), env=env, cwd=ROOT, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def previous_release(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Copy]:
    tmp_path = tmp_path_factory.mktemp("previous_release")
    if not ON_POSTGRES:
        path = tmp_path / "previous.sqlite3"
        with sqlite3.connect(path) as db, gzip.open(FIXTURES / "demo-sqlite.sql.gz", "rt") as dump:
            db.executescript(dump.read())
        yield Copy(f"sqlite:///{path}", tmp_path)
        return
    import psycopg

    name = f"worth_previous_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(SERVER, autocommit=True) as server:
        server.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
    url = SERVER.rsplit("/", 1)[0] + f"/{name}"
    try:
        with gzip.open(FIXTURES / "demo-postgres.sql.gz", "rb") as dump:
            subprocess.run(
                ["psql", "--quiet", "--set", "ON_ERROR_STOP=1", url], input=dump.read(), check=True,
                capture_output=True,
            )  # fmt: skip
        yield Copy(url, tmp_path)
    finally:
        with psycopg.connect(SERVER, autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def upgraded(previous_release: Copy) -> tuple[Copy, dict[str, int], subprocess.CompletedProcess[str]]:
    """The copy after ``worth migrate``, with its row counts from before."""
    before = previous_release.counts()
    migrated = previous_release.worth(WORTH, "migrate")
    return previous_release, before, migrated


def test_every_migration_runs_forward_and_no_row_is_lost(upgraded: Any) -> None:
    copy, before, migrated = upgraded
    assert before["programs_project"] >= 3  # the fixture is the whole demo, not an empty schema
    assert migrated.returncode == 0, migrated.stderr
    check = copy.worth(WORTH, "manage", "migrate", "--check")
    assert check.returncode == 0, f"migrations left unapplied: {check.stdout}{check.stderr}"
    after = copy.counts()
    lost = {
        t: (n, after.get(t)) for t, n in before.items() if t != "django_migrations" and after.get(t, 0) < n
    }
    assert lost == {}
    assert after["django_migrations"] > before["django_migrations"]


def test_a_job_the_previous_release_left_running_is_failed_with_the_reason(upgraded: Any) -> None:
    copy, _, _ = upgraded
    jobs = dict(copy.rows("SELECT title, status || ' ' || message FROM core_job"))
    assert jobs["Monte Carlo of the bearings model"].startswith(
        "failed The server stopped while this job ran"
    )
    assert jobs["Invoice import"] == "done "


def test_every_page_answers_on_the_upgraded_demo(upgraded: Any) -> None:
    copy, _, _ = upgraded
    pages = copy.worth(sys.executable, "-m", "tests.web.previous_release_pages")
    assert pages.returncode == 0, pages.stderr
    report = json.loads(pages.stdout.strip().splitlines()[-1])
    assert len(report) >= 10
    # Every page answers and names its record (the list and policy pages have no single name to show).
    assert {url: answer for url, answer in report.items() if answer != [200, True]} == {}


def test_each_model_s_history_becomes_its_first_versions_credited_to_the_person(upgraded: Any) -> None:
    copy, _, _ = upgraded
    records = copy.rows("SELECT id, text, content_sha256, updated_by_id FROM valuemodels_valuemodelrecord")
    assert records
    for pk, text, sha, updated_by in records:
        texts = [t for (t,) in copy.rows(
            f"SELECT text FROM valuemodels_historicalvaluemodelrecord WHERE id = {pk} "  # noqa: S608
            "ORDER BY history_date, history_id"
        )]  # fmt: skip
        distinct = [t for i, t in enumerate(texts) if i == 0 or t != texts[i - 1]]
        versions = copy.rows(
            f"SELECT number, text, sha256, created_by_id, content FROM valuemodels_modelversion "  # noqa: S608
            f"WHERE model_id = {pk} ORDER BY number"
        )
        assert [v[0] for v in versions] == list(range(1, len(distinct) + 1))
        assert [v[1] for v in versions] == distinct
        assert versions[-1][1] == text
        assert versions[-1][2] == sha
        assert len(sha) == 64
        assert versions[-1][3] == updated_by
        # The content is the model as canonical data: the name and every element are there.
        content = json.loads(versions[-1][4]) if isinstance(versions[-1][4], str) else versions[-1][4]
        assert content["elements"]
        assert content["name"] in text


def test_each_model_becomes_parts_the_builder_edits_holding_its_current_version(upgraded: Any) -> None:
    from worth.engine.model.parts import Part, join_parts, split_parts

    copy, _, _ = upgraded
    for pk, sha in copy.rows("SELECT id, content_sha256 FROM valuemodels_valuemodelrecord"):
        (content,) = copy.rows(
            f"SELECT content FROM valuemodels_modelversion WHERE model_id = {pk} AND sha256 = '{sha}'"  # noqa: S608
        )[0]
        content = json.loads(content) if isinstance(content, str) else content
        rows = copy.rows(
            f"SELECT kind, key, position, data FROM valuemodels_modelpart WHERE model_id = {pk}"  # noqa: S608
        )
        assert len(rows) == len(split_parts(content))
        assert len(rows) > 20  # the demo model: header, offering, segment, 2 subsegments, 15 drivers...
        parts = [Part(k, key, pos, json.loads(d) if isinstance(d, str) else d) for k, key, pos, d in rows]
        assert join_parts(parts) == content


def test_each_members_free_text_function_becomes_their_title_and_a_function_of_the_method(
    upgraded: Any,
) -> None:
    copy, _, _ = upgraded
    seats = {title: (function, role, commitment) for title, function, role, commitment in copy.rows(
        "SELECT title, function, role, commitment FROM programs_membership"
    )}  # fmt: skip
    # The previous demo's texts, read by their words; the leader's seat makes a leader.
    assert seats["Project leader"][0] == "leader"
    assert seats["Field application engineer"][0] == "field"
    assert seats["Product marketing"][0] == "marketing"
    assert seats["Sales, large mills"][0] == "sales"
    assert seats["Finance"][0] == "other"
    assert {commitment for _, _, commitment in seats.values()} == {25}
