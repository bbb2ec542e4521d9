"""``worth backup`` and ``worth restore``: the whole Worth (database and data folder) as one archive.

Django and the backup code are imported inside the commands, so ``worth --help`` starts at once.
What is in the archive and what a restore checks: docs/backup-restore.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from worth.cli.server import check_database, setup_django

if TYPE_CHECKING:
    from worth.apps.core.backup import Progress


def _size(n: int) -> str:
    """Bytes for a person: 2.1 MB, 340 kB, 12 bytes."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= scale:
            return f"{n / scale:,.1f} {unit}"
    return f"{n} bytes"


@contextmanager
def _progress() -> Iterator[Progress]:
    """One bar per long step on stderr (bytes where they are known); gone once the command ends."""
    from rich.progress import BarColumn, DownloadColumn, ProgressColumn, Task, TimeElapsedColumn
    from rich.progress import Progress as Bars
    from rich.text import Text

    from worth.cli.terminal import console, text_column

    class Amount(ProgressColumn):
        def render(self, task: Task) -> Any:
            return Text("") if task.total is None else DownloadColumn().render(task)

    bars = Bars(
        text_column("{task.description}"),
        BarColumn(),
        Amount(),
        TimeElapsedColumn(),
        console=console(stderr=True),
        transient=True,
    )
    tasks: dict[str, Any] = {}

    def report(step: str, done: int, total: int | None) -> None:
        if step not in tasks:
            for earlier in tasks.values():
                bars.update(earlier, visible=False)
            tasks[step] = bars.add_task(step, total=total)
        bars.update(tasks[step], completed=done, total=total)

    with bars:
        yield report


def _fail(message: str) -> typer.Exit:
    typer.secho(f"worth: {message}", fg="red", err=True)
    return typer.Exit(1)


def backup(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            dir_okay=False,
            help="The archive to write (default: worth-backup-YYYYMMDD-HHMMSS.tar.gz in this folder).",
        ),
    ] = None,
) -> None:
    """Back up the database, invoice stores, uploads and secret key to one archive (while Worth runs).

    The archive holds the data of every person on this server: keep it as safe as the server.
    """
    setup_django()
    check_database()
    from worth.apps.core.backup import BackupError, default_archive_name, write_backup

    target = output if output is not None else Path.cwd() / default_archive_name()
    try:
        with _progress() as progress:
            report = write_backup(target, progress=progress)
    except BackupError as exc:
        raise _fail(str(exc)) from None
    database = "the SQLite database" if report.kind == "sqlite" else "the PostgreSQL database"
    typer.echo(
        f"Backed up {database} and {report.files:,} file(s) ({_size(report.data_bytes)}) "
        f"to {report.path} ({_size(report.archive_bytes)})"
    )
    for name in report.skipped:
        typer.secho(f"  skipped {name} (not a regular file)", fg="yellow", err=True)


def restore(
    archive: Annotated[Path, typer.Argument(dir_okay=False, help="An archive written by `worth backup`.")],
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace the records and files of a Worth that is not empty."),
    ] = False,
) -> None:
    """Restore an archive of `worth backup` into this Worth (its database and data folder), then migrate.

    Every checksum is checked before anything changes; a Worth that already holds records is refused
    unless --force. Stop the server and workers first.
    """
    setup_django()
    from django.conf import settings

    # An SQLite file is created by connecting to it: a refused restore must leave none behind.
    if "sqlite" not in settings.DATABASES["default"]["ENGINE"]:
        check_database()
    from worth.apps.core.backup import BackupError, restore_backup

    try:
        with _progress() as progress:
            report = restore_backup(archive, force=force, progress=progress)
    except BackupError as exc:
        raise _fail(str(exc)) from None
    made = report.manifest
    database = "SQLite" if made.database.kind == "sqlite" else "PostgreSQL"
    typer.echo(
        f"Restored the {database} database and {report.files:,} file(s) from {archive} "
        f"(made {made.created:%Y-%m-%d %H:%M} UTC by Worth {made.worth_version})"
    )
    if report.migrations_applied:
        typer.echo(f"  brought to this version with {report.migrations_applied} migration(s)")
    if report.waiting_jobs:
        typer.echo(f"  {report.waiting_jobs} waiting job(s) put back on the task queue")
    for note in report.notes:
        typer.secho(f"  note: {note}", fg="yellow")


def register(app: typer.Typer) -> None:
    app.command()(backup)
    app.command()(restore)
