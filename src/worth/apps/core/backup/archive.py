"""The backup archive: one ``.tar.gz`` whose first member, ``manifest.json``, lists every other member.

The manifest says what the archive is (format version, Worth version, when, which kind of database,
the migration state of every app) and names each file with its size and sha256. Reading checks every
byte against it before anything is used: a member that is not listed, a listed member that is
missing (a truncated copy), a size or a checksum that differs is refused by name.

Layout::

    manifest.json
    database/worth.sqlite3    (SQLite: a consistent copy made with SQLite's online backup)
    database/worth.pgdump     (PostgreSQL: pg_dump --format=custom)
    files/<path>              (each file of the data folder that holds the team's data)
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import tarfile
import uuid
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import IO, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

__all__ = [
    "DATABASE_MEMBERS",
    "FILES_PREFIX",
    "FORMAT",
    "FORMAT_VERSION",
    "KIND_NAMES",
    "MANIFEST_NAME",
    "BackupError",
    "DatabaseInfo",
    "FileEntry",
    "Manifest",
    "Progress",
    "extract_verified",
    "file_entry",
    "read_manifest",
    "write_archive",
]

FORMAT = "worth-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database/worth.sqlite3", "postgresql": "database/worth.pgdump"}
KIND_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
FILES_PREFIX = "files/"
#: Bytes read at a time, and the most a manifest may hold (about a million files).
CHUNK = 1024 * 1024
MAX_MANIFEST = 256 * 1024 * 1024

#: ``progress(step, done, total)``: a long step's advance; ``total`` is None when it cannot be known.
Progress = Callable[[str, int, int | None], None]
Kind = Literal["sqlite", "postgresql"]


class BackupError(Exception):
    """A backup or restore that cannot go on, said so a person can act on; nothing was changed."""


class FileEntry(BaseModel):
    """One member of the archive: its path there, its size in bytes and its sha256."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    path: str
    size: int = Field(ge=0)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")

    @field_validator("path")
    @classmethod
    def _safe(cls, path: str) -> str:
        pure = PurePosixPath(path)
        if not path or pure.is_absolute() or any(part in ("", ".", "..") for part in path.split("/")):
            raise ValueError(f"{path!r} is not a relative path inside the archive")
        if path != MANIFEST_NAME and not (path in DATABASE_MEMBERS.values() or path.startswith(FILES_PREFIX)):
            raise ValueError(f"{path!r} is neither the database nor under {FILES_PREFIX}")
        return path


class DatabaseInfo(BaseModel):
    """Which database the archive holds, and (PostgreSQL) the server and tool that dumped it."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    kind: Kind
    member: str
    server_version: str = ""
    tool: str = ""


class Manifest(BaseModel):
    """What ``manifest.json`` says."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    format: Literal["worth-backup"]
    format_version: int
    worth_version: str
    created: datetime
    database: DatabaseInfo
    #: The latest applied migration of each app, e.g. ``{"core": "0002_jobs_on_a_queue"}``.
    migrations: dict[str, str]
    #: Where the backed-up server took its SECRET_KEY from: the data folder's file (in the archive
    #: as ``files/secret_key``) or its environment (not in the archive).
    secret_key: Literal["file", "environment"]
    files: list[FileEntry]

    @model_validator(mode="after")
    def _consistent(self) -> Manifest:
        paths = [entry.path for entry in self.files]
        if len(set(paths)) != len(paths):
            raise ValueError("a file is listed twice")
        if self.database.member != DATABASE_MEMBERS[self.database.kind] or self.database.member not in paths:
            raise ValueError(
                f"the {self.database.kind} database is not listed as {DATABASE_MEMBERS[self.database.kind]}"
            )
        return self

    def to_bytes(self) -> bytes:
        return json.dumps(self.model_dump(mode="json"), indent=2, ensure_ascii=False).encode("utf-8")

    @property
    def data_files(self) -> list[FileEntry]:
        """The members that go to the data folder (their paths there without ``files/``)."""
        return [entry for entry in self.files if entry.path.startswith(FILES_PREFIX)]


def file_entry(member: str, path: Path, *, on_read: Callable[[int], None] | None = None) -> FileEntry:
    """The manifest entry of ``path`` as archive member ``member`` (read once to hash it)."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as source:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            if on_read is not None:
                on_read(len(chunk))
    return FileEntry(path=member, size=size, sha256=digest.hexdigest())


class _Checked(io.RawIOBase):
    """A file read for the archive that must still be the bytes its manifest entry describes."""

    def __init__(self, source: IO[bytes], on_read: Callable[[int], None]) -> None:
        self.source = source
        self.digest = hashlib.sha256()
        self.on_read = on_read

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        chunk = self.source.read(size)
        self.digest.update(chunk)
        self.on_read(len(chunk))
        return chunk


def write_archive(
    output: Path,
    manifest: Manifest,
    sources: dict[str, Path],
    *,
    progress: Progress | None = None,
) -> None:
    """Write the archive: the manifest first, then each listed file (``sources[member]``).

    The archive is written beside ``output`` under a temporary name and renamed at the end, so
    ``output`` is either the whole archive or not there. A file that changed since it was hashed for
    the manifest stops the backup by name (run it again).
    """
    partial = output.with_name(f".{output.name}.{uuid.uuid4().hex[:8]}.partial")
    total = sum(entry.size for entry in manifest.files)
    written = [0]

    def advance(n: int) -> None:
        written[0] += n
        if progress is not None:
            progress("Writing the archive", written[0], total)

    stamp = manifest.created.timestamp()
    try:
        with tarfile.open(partial, "w:gz", compresslevel=6, format=tarfile.PAX_FORMAT) as tar:
            head = manifest.to_bytes()
            tar.addfile(_member(MANIFEST_NAME, len(head), stamp), io.BytesIO(head))
            for entry in manifest.files:
                _add(tar, entry, sources[entry.path], advance)
        partial.chmod(0o600)
        os.replace(partial, output)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"cannot write {output}: {exc.strerror or exc}") from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _add(tar: tarfile.TarFile, entry: FileEntry, path: Path, advance: Callable[[int], None]) -> None:
    """Add ``path`` as ``entry``, refusing it if it is no longer the file that was hashed."""
    with path.open("rb") as source:
        checked = _Checked(source, advance)
        try:
            tar.addfile(_member(entry.path, entry.size, path.stat().st_mtime), checked)
        except OSError as exc:
            if exc.errno is None:  # tarfile's "unexpected end of data": the file shrank
                raise BackupError(f"{path} changed while it was backed up: run the backup again") from None
            raise
        if checked.digest.hexdigest() != entry.sha256 or source.read(1):
            raise BackupError(f"{path} changed while it was backed up: run the backup again")


def _member(name: str, size: int, mtime: float) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(mtime)
    info.mode = 0o600
    info.uname = info.gname = ""
    return info


@contextmanager
def _reading(archive: Path) -> Iterator[tarfile.TarFile]:
    """The archive opened as a stream; damage anywhere in it becomes one :class:`BackupError`."""
    if not archive.exists():
        raise BackupError(f"{archive}: no such file")
    if not archive.is_file():
        raise BackupError(f"{archive}: not a file")
    try:
        with tarfile.open(archive, "r|gz") as tar:
            yield tar
    except BackupError:
        raise
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise BackupError(
            f"{archive}: not a complete Worth backup (a damaged, truncated or other kind of file: {exc})"
        ) from None
    except OSError as exc:
        raise BackupError(f"{archive}: cannot be read: {exc.strerror or exc}") from None


def _manifest_from(tar: tarfile.TarFile, archive: Path) -> Manifest:
    """The manifest, read from the first member (iterating ``tar`` later yields that member again)."""
    first = tar.next()
    if first is None or first.name != MANIFEST_NAME or not first.isfile():
        raise BackupError(f"{archive}: not a Worth backup (it does not start with {MANIFEST_NAME})")
    if first.size > MAX_MANIFEST:
        raise BackupError(f"{archive}: its {MANIFEST_NAME} is {first.size:,} bytes: too large for a manifest")
    stream = tar.extractfile(first)
    assert stream is not None  # a regular file always has a stream
    try:
        raw: Any = json.loads(stream.read())
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(f"{archive}: its {MANIFEST_NAME} is not readable JSON ({exc})") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise BackupError(f"{archive}: not a Worth backup ({MANIFEST_NAME} does not say format {FORMAT!r})")
    version = raw.get("format_version")
    if isinstance(version, int) and version > FORMAT_VERSION:
        raise BackupError(
            f"{archive}: written by a newer Worth ({raw.get('worth_version', 'unknown version')}) in backup "
            f"format {version}; this version reads format {FORMAT_VERSION}: restore it with a newer Worth"
        )
    try:
        return Manifest.model_validate(raw)
    except ValidationError as exc:
        first_error = exc.errors()[0]
        where = ".".join(str(part) for part in first_error["loc"])
        message = str(first_error["msg"]).removeprefix("Value error, ")
        said = f"{where}: {message}" if where else message
        raise BackupError(f"{archive}: its {MANIFEST_NAME} is not valid: {said}") from None


def _open_staged(target: Path) -> IO[bytes]:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        return target.open("xb")
    except OSError as exc:
        raise BackupError(f"cannot write {target}: {exc.strerror or exc}") from None


def _write_staged(out: IO[bytes], chunk: bytes, target: Path) -> None:
    """Write a chunk of a staged file; a failure to write is said as such, not as a bad archive."""
    try:
        out.write(chunk)
    except OSError as exc:
        raise BackupError(f"cannot write {target}: {exc.strerror or exc} (is the disk full?)") from None


def read_manifest(archive: Path) -> Manifest:
    """The archive's manifest (read from its first member; the rest of the archive is not read)."""
    with _reading(archive) as tar:
        return _manifest_from(tar, archive)


def extract_verified(archive: Path, into: Path, *, progress: Progress | None = None) -> Manifest:
    """Extract every member listed in the manifest into ``into``, checking each one's size and sha256.

    Raises :class:`BackupError` naming the first member that is not as the manifest says, a member
    the manifest does not list, or one it lists that the archive lacks. The caller removes ``into``
    when this fails.
    """
    with _reading(archive) as tar:
        manifest = _manifest_from(tar, archive)
        expected = {entry.path: entry for entry in manifest.files}
        total = sum(entry.size for entry in manifest.files)
        done = 0
        seen: set[str] = set()
        manifest_seen = False
        for member in tar:
            if member.name == MANIFEST_NAME and not manifest_seen:  # the first member, read already
                manifest_seen = True
                continue
            entry = expected.get(member.name)
            if entry is None or member.name in seen:
                why = "twice" if member.name in seen else "but its manifest does not list it"
                raise BackupError(f"{archive}: {member.name} is in the archive {why}: not as it was written")
            if not member.isfile():
                raise BackupError(f"{archive}: {member.name} is not a regular file: not as it was written")
            if member.size != entry.size:
                raise BackupError(
                    f"{archive}: {member.name} is {member.size:,} bytes but its manifest says {entry.size:,}"
                )
            stream = tar.extractfile(member)
            assert stream is not None
            target = into / member.name
            digest = hashlib.sha256()
            with _open_staged(target) as out:
                while chunk := stream.read(CHUNK):
                    digest.update(chunk)
                    _write_staged(out, chunk, target)
                    done += len(chunk)
                    if progress is not None:
                        progress("Checking the archive", done, total)
            if digest.hexdigest() != entry.sha256:
                raise BackupError(
                    f"{archive}: {member.name} does not match its checksum: the archive is damaged "
                    "(nothing was restored)"
                )
            os.utime(target, (member.mtime, member.mtime))
            seen.add(member.name)
        missing = [path for path in expected if path not in seen]
        if missing:
            raise BackupError(
                f"{archive}: {missing[0]} (and {len(missing) - 1} more) listed in its manifest but missing: "
                "an incomplete copy?"
                if len(missing) > 1
                else f"{archive}: {missing[0]} is listed in its manifest but missing: an incomplete copy?"
            )
    return manifest
