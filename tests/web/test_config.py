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


def test_each_server_thread_keeps_its_database_connection(tmp_path: Path) -> None:
    # Opening SQLite and setting its pragmas on every request cost more than a small page's queries;
    # a kept connection is checked before reuse, so a connection that broke is replaced, not used.
    for url in (None, "postgres://worth@db.internal:5432/worth"):
        cfg = database_from_url(url, data_dir=tmp_path)
        assert cfg["CONN_MAX_AGE"] >= 60
        assert cfg["CONN_HEALTH_CHECKS"] is True


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


def migrate_with(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``worth migrate`` in a process of its own, with only ``env`` for its environment."""
    return subprocess.run(
        [sys.executable, "-m", "worth.cli.main", "migrate"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_bad_database_url_stops_the_cli_with_one_line(tmp_path: Path) -> None:
    env = {
        "DATABASE_URL": "mysql://nobody@nowhere/x",
        "WORTH_DATA_DIR": str(tmp_path),
        "PATH": "/usr/bin:/bin",
    }
    proc = migrate_with(env)
    assert proc.returncode == 2
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert "unsupported scheme 'mysql'" in lines[0]
    assert "Traceback" not in proc.stderr


def _settings_with(env: dict[str, str], tmp_path: Path, *names: str) -> dict[str, object]:
    """The settings a fresh process reads from ``env`` (settings are read once, at start-up)."""
    import json

    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}, default=str))"
    )
    full = {
        "WORTH_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "worth.site.settings",
        "PATH": "/usr/bin:/bin",
    }
    proc = subprocess.run(
        [sys.executable, "-c", code], env={**full, **env}, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    return dict(json.loads(proc.stdout))


def test_the_production_profile_turns_the_secure_defaults_on(tmp_path: Path) -> None:
    names = ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS", "SECURE_SSL_REDIRECT")
    plain = _settings_with({}, tmp_path, *names)
    assert plain == dict.fromkeys(names, False) | {"SECURE_HSTS_SECONDS": 0}
    production = _settings_with({"WORTH_PRODUCTION": "1"}, tmp_path, *names, "SECURE_PROXY_SSL_HEADER")
    assert production["SESSION_COOKIE_SECURE"] is production["CSRF_COOKIE_SECURE"] is True
    assert production["SECURE_HSTS_SECONDS"] == 31_536_000
    assert production["SECURE_SSL_REDIRECT"] is False  # no proxy says the request was HTTPS
    proxied = _settings_with(
        {"WORTH_PRODUCTION": "1", "WORTH_TRUSTED_PROXIES": "1"},
        tmp_path,
        "SECURE_SSL_REDIRECT",
        "SECURE_PROXY_SSL_HEADER",
    )
    assert proxied == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
    }


def test_debug_and_production_together_stop_the_start_with_one_line(tmp_path: Path) -> None:
    env = {"WORTH_PRODUCTION": "1", "DEBUG": "1", "WORTH_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    proc = migrate_with(env)
    assert proc.returncode == 2
    assert "DEBUG and WORTH_PRODUCTION cannot both be on" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(("raw", "words"), [("two", "is not a whole number"), ("-1", "must be at least 0")])
def test_whole_number_settings_are_refused_in_words(
    monkeypatch: pytest.MonkeyPatch, raw: str, words: str
) -> None:
    from worth.site.config import env_int

    monkeypatch.setenv("X_COUNT", raw)
    with pytest.raises(ImproperlyConfigured, match=words):
        env_int("X_COUNT", default=1, minimum=0)
    monkeypatch.setenv("X_COUNT", "1_000")
    assert env_int("X_COUNT", default=1) == 1000


def test_serve_warns_of_insecure_defaults_off_loopback(settings) -> None:
    from worth.cli.server import insecure_defaults

    settings.SESSION_COOKIE_SECURE = False
    settings.SECURE_HSTS_SECONDS = 0
    assert insecure_defaults("127.0.0.1") == []
    warned = insecure_defaults("worth.example.com")
    assert any("session cookies are sent over plain HTTP" in w for w in warned)
    assert any("no HSTS" in w for w in warned)
    settings.SESSION_COOKIE_SECURE = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    assert insecure_defaults("worth.example.com") == []


def test_logged_in_pages_are_private_and_never_stored(world) -> None:
    page = world.client_for(world.analyst).get("/")
    assert set(page["Cache-Control"].replace(" ", "").split(",")) == {"private", "no-store"}
    from django.test import Client

    assert "private" not in Client().get("/healthz").get("Cache-Control", "")


def test_the_data_folder_and_everything_in_it_is_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    old = data / "pricing" / "7"
    old.mkdir(parents=True, mode=0o755)
    (old / "part-0.parquet").write_bytes(b"written by an earlier version")
    (old / "part-0.parquet").chmod(0o644)
    env = {"WORTH_DATA_DIR": str(data), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run(
        [sys.executable, "-m", "worth.cli.main", "migrate", "-q"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    modes = {p.relative_to(data).as_posix(): p.stat().st_mode & 0o777 for p in [data, *data.rglob("*")]}
    assert modes["."] == 0o700
    assert modes["worth.sqlite3"] == 0o600
    assert modes["secret_key"] == 0o600
    assert modes["pricing/7"] == 0o700
    assert modes["pricing/7/part-0.parquet"] == 0o600
    assert all(mode & 0o077 == 0 for mode in modes.values()), modes
