"""Back up a whole Worth (database and data folder) to one archive, and restore it: everything or nothing.

A backup copies the database first (one consistent moment), then lists and hashes the data folder's
files, then writes the archive (see :mod:`worth.apps.core.backup.archive`) under a temporary name
renamed at the end. A restore refuses what it cannot do before it changes anything: an archive that
is damaged, incomplete or altered (every checksum is checked while it is staged in the data folder),
of another kind of database, from a newer Worth, or a target that already holds records (unless
``force``). Then it brings the staged database to this version's migrations (SQLite), moves the
files in with the replaced ones kept aside, and replaces the database in one step; if that fails the
files go back and the target is as it was. Waiting jobs are put back on the emptied task queue.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from django.conf import settings

from worth.apps.core.backup.archive import (
    DATABASE_MEMBERS,
    FILES_PREFIX,
    FORMAT,
    FORMAT_VERSION,
    KIND_NAMES,
    BackupError,
    FileEntry,
    Kind,
    Manifest,
    Progress,
    extract_verified,
    file_entry,
    read_manifest,
    write_archive,
)
from worth.apps.core.backup.databases import (
    database_kind,
    dump_database,
    latest_migrations,
    migrate_in_place,
    migrate_sqlite_copy,
    migrations_unknown_here,
    records_in_database,
    restore_database,
    sqlite_path,
    staged_database_problem,
)
from worth.apps.core.backup.datafolder import SECRET_KEY_FILE, DataFiles, FileSwap, data_files, sqlite_file_of

__all__ = ["BackupReport", "RestoreReport", "default_archive_name", "restore_backup", "write_backup"]


@dataclass(frozen=True)
class BackupReport:
    """What a backup wrote."""

    path: Path
    kind: Kind
    files: int
    data_bytes: int
    archive_bytes: int
    skipped: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RestoreReport:
    """What a restore did."""

    manifest: Manifest
    files: int
    migrations_applied: int
    waiting_jobs: int
    notes: list[str] = field(default_factory=list)


def default_archive_name(now: datetime | None = None) -> str:
    """``worth-backup-YYYYMMDD-HHMMSS.tar.gz`` (UTC)."""
    return f"worth-backup-{(now or datetime.now(tz=UTC)):%Y%m%d-%H%M%S}.tar.gz"


def worth_version() -> str:
    try:
        return version("worth")
    except PackageNotFoundError:  # pragma: no cover - run from a checkout that was never installed
        return "unknown"


def _data_folder() -> Path:
    return Path(settings.DATA_DIR).resolve()


def _files_of(folder: Path, kind: Kind, *also: Path) -> DataFiles:
    """The data folder's files a backup carries; never the database, the queue or an archive."""
    not_data = [folder / "queue.sqlite3", folder / "test-worth.sqlite3", *also]
    queue = sqlite_file_of(str(settings.WORTH_QUEUE))
    if queue is not None:
        not_data.append(queue)
    if kind == "sqlite":
        not_data.append(sqlite_path())
    return data_files(folder, not_data=not_data)


@contextmanager
def _working_folder(folder: Path, prefix: str) -> Iterator[Path]:
    """A private folder inside the data folder (same disk: files move by renaming), removed at the end."""
    work = folder / f"{prefix}{uuid.uuid4().hex[:12]}"
    work.mkdir(mode=0o700)
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _step(progress: Progress | None, step: str) -> None:
    if progress is not None:
        progress(step, 0, None)


def write_backup(output: Path, *, progress: Progress | None = None) -> BackupReport:
    """Write the database and the data folder's files to the archive ``output`` (which must not exist)."""
    output = output.expanduser().resolve()
    if output.is_dir():
        raise BackupError(f"{output} is a folder: name the archive, e.g. {default_archive_name()}")
    if output.exists():
        raise BackupError(f"{output} already exists: give another name or remove it first")
    if not output.parent.is_dir():
        raise BackupError(f"{output.parent}: no such folder")
    folder = _data_folder()
    kind = database_kind()
    migrations = latest_migrations()
    with _working_folder(folder, ".worth-backup-") as work:
        _step(progress, f"Copying the {KIND_NAMES[kind]} database")
        copy = work / Path(DATABASE_MEMBERS[kind]).name
        info = dump_database(copy)
        found = _files_of(folder, kind, output)
        sources = {info.member: copy, **{FILES_PREFIX + name: folder / name for name in found.files}}
        entries, skipped = _hashed(sources, progress)
        manifest = Manifest(
            format=FORMAT,
            format_version=FORMAT_VERSION,
            worth_version=worth_version(),
            created=datetime.now(tz=UTC),
            database=info,
            migrations=migrations,
            secret_key="environment" if os.environ.get("SECRET_KEY") else "file",
            files=entries,
        )
        write_archive(output, manifest, {e.path: sources[e.path] for e in entries}, progress=progress)
    return BackupReport(
        path=output,
        kind=kind,
        files=len(manifest.data_files),
        data_bytes=sum(entry.size for entry in entries),
        archive_bytes=output.stat().st_size,
        skipped=[*found.skipped, *skipped],
    )


def _hashed(sources: dict[str, Path], progress: Progress | None) -> tuple[list[FileEntry], list[str]]:
    """The manifest entries of ``sources``; a file removed since it was listed is left out and named."""
    sizes = {member: path.stat().st_size for member, path in sources.items() if path.exists()}
    total = sum(sizes.values())
    done = [0]

    def advance(n: int) -> None:
        done[0] += n
        if progress is not None:
            progress(f"Reading {len(sources):,} files", done[0], total)

    entries: list[FileEntry] = []
    gone: list[str] = []
    for member, path in sources.items():
        try:
            entries.append(file_entry(member, path, on_read=advance))
        except FileNotFoundError:  # removed since it was listed (a data set deleted meanwhile)
            gone.append(f"{member.removeprefix(FILES_PREFIX)} (removed during the backup)")
    return entries, gone


def restore_backup(archive: Path, *, force: bool = False, progress: Progress | None = None) -> RestoreReport:
    """Replace this Worth's database and data files with the archive's, then migrate forward.

    Raises :class:`BackupError`, having changed nothing, when the archive is damaged, incomplete,
    altered, of another kind of database or from a newer Worth, or when the target holds records and
    ``force`` is false.
    """
    archive = archive.expanduser().resolve()
    folder = _data_folder()
    kind = database_kind()
    manifest = read_manifest(archive)
    _refuse_unless_restorable(archive, manifest, kind, folder, force=force)
    with _working_folder(folder, ".worth-restore-") as staging:
        incoming = staging / "archive"
        extract_verified(archive, incoming, progress=progress)
        staged = incoming / manifest.database.member
        problem = staged_database_problem(kind, staged)
        if problem is not None:
            raise BackupError(f"{archive}: {problem}")
        applied = 0
        if kind == "sqlite":
            _step(progress, "Bringing the database to this version")
            applied = migrate_sqlite_copy(staged, staging / "scratch")
        restored = [entry.path.removeprefix(FILES_PREFIX) for entry in manifest.data_files]
        replaced = _files_of(folder, kind, archive).files
        if SECRET_KEY_FILE not in restored:  # the archive has no key: keep this server's
            replaced = [name for name in replaced if name != SECRET_KEY_FILE]
        swap = FileSwap(folder, incoming=incoming / FILES_PREFIX.rstrip("/"), aside=staging / "aside")
        _step(progress, "Restoring the database and files")
        try:
            swap.apply(replaced=replaced, restored=restored)
            restore_database(kind, staged, staging)
        except BaseException:
            swap.undo()
            raise
        swap.done()
        if kind == "postgresql":
            _step(progress, "Bringing the database to this version")
            applied = _migrate_restored()
    waiting, notes = _requeue_waiting_jobs()
    return RestoreReport(
        manifest=manifest,
        files=len(restored),
        migrations_applied=applied,
        waiting_jobs=waiting,
        notes=[*notes, *_secret_key_notes(manifest)],
    )


def _refuse_unless_restorable(
    archive: Path, manifest: Manifest, kind: Kind, folder: Path, *, force: bool
) -> None:
    """Everything a restore checks before it reads more than the manifest."""
    theirs = manifest.database.kind
    if theirs != kind:
        raise BackupError(
            f"{archive} holds a {KIND_NAMES[theirs]} database, but this Worth uses {KIND_NAMES[kind]} "
            f"(DATABASE_URL): restore it into a Worth on {KIND_NAMES[theirs]}; a restore does not move "
            "between kinds of database"
        )
    unknown = migrations_unknown_here(manifest.migrations)
    if unknown:
        raise BackupError(
            f"{archive} comes from a newer Worth ({manifest.worth_version}; this is {worth_version()}): its "
            f"database has migrations this version does not know ({', '.join(unknown[:5])}). Install the "
            "version that made it, or a later one, and restore with that"
        )
    if force:
        return
    records = {} if kind == "sqlite" and not sqlite_path().exists() else records_in_database()
    files = [name for name in _files_of(folder, kind, archive).files if name != SECRET_KEY_FILE]
    held = []
    if records:
        tables = ", ".join(f"{table} {count:,}" for table, count in sorted(records.items())[:4])
        held.append(f"the database holds {sum(records.values()):,} records ({tables}, ...)")
    if files:
        held.append(f"the data folder {folder} holds {len(files):,} files ({files[0]}, ...)")
    if held:
        raise BackupError(
            f"this Worth is not empty: {' and '.join(held)}. A restore replaces them all with the "
            "archive's: give --force to do that"
        )


def _migrate_restored() -> int:
    try:
        return migrate_in_place()
    except Exception as exc:
        raise BackupError(
            "the database and files were restored, but bringing the database to this version failed "
            f"({type(exc).__name__}: {exc}): remove the cause and run `worth migrate`"
        ) from exc


def _requeue_waiting_jobs() -> tuple[int, list[str]]:
    """Empty the task queue (its tasks name jobs of the replaced database) and queue the waiting jobs.

    A job that was running when the backup was made is started again once by the next worker, as
    after a crash (see :func:`worth.apps.core.jobs.reap_stale_jobs`).
    """
    from worth.apps.core.models import Job, JobStatus
    from worth.apps.core.queue import enqueue_job, queue

    waiting = list(Job.objects.filter(status=JobStatus.QUEUED).order_by("pk").values_list("pk", flat=True))
    try:
        queue().flush()
        for pk in waiting:
            enqueue_job(pk)
    except Exception as exc:  # the queue's own failure (Redis away, a locked file): the restore is done
        return 0, [
            f"the task queue could not be emptied and refilled ({type(exc).__name__}: {exc}); "
            f"{len(waiting)} waiting job(s) will not run until it is: run `worth restore` again with "
            "--force once the queue answers, or start the jobs again"
        ]
    return len(waiting), []


def _secret_key_notes(manifest: Manifest) -> list[str]:
    if manifest.secret_key == "environment":  # noqa: S105 - where the key came from, not a key
        return [
            "the backed-up server took SECRET_KEY from its environment, so the archive holds no key: give "
            "this server the same SECRET_KEY, or everyone signs in again"
        ]
    if os.environ.get("SECRET_KEY"):
        return [
            "SECRET_KEY is set in this environment and wins over the restored secret_key file: sign-ins "
            "from the backup stay valid only if it is the same key"
        ]
    return []
