"""Settings from the environment: database URLs, yes/no flags, the generated secret key."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from worth.site.config import database_from_url, env_bool, env_list, load_or_create_secret_key


def test_it_defaults_to_sqlite_in_the_data_folder_with_wal(tmp_path: Path) -> None:
    cfg = database_from_url(None, data_dir=tmp_path)
    assert cfg["ENGINE"] == "django.db.backends.sqlite3"
    assert cfg["NAME"] == str(tmp_path / "worth.sqlite3")
    assert "journal_mode=WAL" in cfg["OPTIONS"]["init_command"]


def test_it_reads_a_postgres_url(tmp_path: Path) -> None:
    cfg = database_from_url("postgres://worth:pw@db.internal:5433/worth", data_dir=tmp_path)
    assert cfg["ENGINE"] == "django.db.backends.postgresql"
    assert (cfg["HOST"], cfg["PORT"], cfg["NAME"], cfg["USER"]) == ("db.internal", 5433, "worth", "worth")


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("mysql://u@h/db", "unsupported scheme 'mysql'"),
        ("not a url", "unsupported scheme 'not a url'"),
        ("postgres://u@h:5432/", "no database name"),
    ],
)
def test_it_names_the_problem_with_a_bad_url(tmp_path: Path, url: str, words: str) -> None:
    with pytest.raises(ImproperlyConfigured) as exc:
        database_from_url(url, data_dir=tmp_path)
    assert words in str(exc.value)
    assert url in str(exc.value)


def test_yes_no_flags(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_FLAG", "Yes")
    assert env_bool("X_FLAG", default=False) is True
    monkeypatch.setenv("X_FLAG", "off")
    assert env_bool("X_FLAG", default=True) is False
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG='maybe' is not a yes/no value"):
        env_bool("X_FLAG", default=False)
    monkeypatch.setenv("X_HOSTS", "a.example, b.example ,")
    assert env_list("X_HOSTS", default=[]) == ["a.example", "b.example"]


def test_it_generates_a_secret_key_once_and_keeps_it(tmp_path: Path) -> None:
    path = tmp_path / "secret_key"
    first = load_or_create_secret_key(path)
    assert len(first) >= 50
    assert load_or_create_secret_key(path) == first
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_bad_database_url_stops_the_cli_with_one_line(tmp_path: Path) -> None:
    env = {
        "DATABASE_URL": "mysql://nobody@nowhere/x",
        "WORTH_DATA_DIR": str(tmp_path),
        "PATH": "/usr/bin:/bin",
    }
    proc = subprocess.run(
        [sys.executable, "-m", "worth.cli.main", "migrate"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert "unsupported scheme 'mysql'" in lines[0]
    assert "Traceback" not in proc.stderr
