"""Backends for the analytics tests: DuckDB always; PostgreSQL when the server answers."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from worth.analytics import connect

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")


@pytest.fixture
def duck() -> Any:
    """A fresh in-memory DuckDB connection."""
    return connect()


def _postgres_problem() -> str | None:
    import psycopg

    try:
        with psycopg.connect(TEST_DATABASE_URL, connect_timeout=5):
            return None
    except psycopg.Error as exc:
        return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


@pytest.fixture(scope="module")
def postgres() -> Iterator[tuple[Any, str]]:
    """(Ibis connection, scratch schema) at TEST_DATABASE_URL; the schema is dropped afterwards.

    A missing server fails the test when CI=true and skips it with one reason otherwise.
    """
    problem = _postgres_problem()
    if problem is not None:
        message = f"PostgreSQL at TEST_DATABASE_URL ({TEST_DATABASE_URL}) is not reachable: {problem}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " (CI=true: a missing server is a failure)")
        pytest.skip(message)
    con = connect(TEST_DATABASE_URL)
    schema = f"worth_test_{uuid.uuid4().hex[:12]}"
    con.raw_sql(f'CREATE SCHEMA "{schema}"')
    try:
        yield con, schema
    finally:
        con.raw_sql(f'DROP SCHEMA "{schema}" CASCADE')
        con.disconnect()
