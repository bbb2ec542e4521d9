"""Which files of the data folder a backup carries, and putting restored files in place.

Everything in the data folder is the team's data and is carried (invoice stores, uploads waiting for
their import, the secret key, the demo's password file, and whatever later versions keep there),
except what is rebuilt or is not data:

- ``static/`` (collected static files, rebuilt from the source tree);
- the SQLite database and its ``-wal``/``-shm`` files (the archive holds a consistent copy instead),
  the test database, and the embedded task queue (``queue.sqlite3``: its tasks are not carried; the
  restore puts waiting jobs back on the queue from their records);
- imports in progress (``.staging-*``), a restore's or backup's own working folders, and backup
  archives (``worth-backup-*.tar.gz``, and the archive being written) kept in the data folder;
- anything that is not a regular file (symbolic links, sockets): listed as skipped.
"""

from __future__ import annotations

import fnmatch
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["SECRET_KEY_FILE", "DataFiles", "FileSwap", "data_files", "sqlite_file_of"]

SECRET_KEY_FILE = "secret_key"  # noqa: S105 - the file's name, not a key
STATIC = "static"
#: Working folders and files that are never data: imports in progress, a restore's or backup's own.
TEMPORARY_PREFIXES = (".staging-", ".worth-restore-", ".worth-backup-")
ARCHIVE_PATTERN = "worth-backup-*.tar.gz"
SIDECARS = ("", "-wal", "-shm", "-journal")


@dataclass(frozen=True)
class DataFiles:
    """The data folder's files a backup carries (paths relative to it, sorted) and those it skips."""

    folder: Path
    files: list[str]
    skipped: list[str] = field(default_factory=list)


def sqlite_file_of(url: str) -> Path | None:
    """The file of a ``sqlite:///`` queue URL (read as the queue reads it), else None."""
    if not url.startswith("sqlite://"):
        return None
    path = url.removeprefix("sqlite://").removeprefix("/")
    return Path(path) if path else None


def data_files(folder: Path, *, not_data: list[Path]) -> DataFiles:
    """The files under ``folder`` a backup carries.

    ``not_data`` are files that are never carried wherever they are (the database, the queue, the
    archive being written); each one's ``-wal``, ``-shm`` and ``-journal`` files are left out too.
    """
    folder = folder.resolve()
    skip = {Path(f"{path.resolve()}{suffix}") for path in not_data for suffix in SIDECARS}
    files: list[str] = []
    skipped: list[str] = []
    for root, dirs, names in os.walk(folder):
        here = Path(root)
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(TEMPORARY_PREFIXES) and not (here == folder and d == STATIC)
        )
        for name in sorted(names):
            path = here / name
            relative = path.relative_to(folder).as_posix()
            if path in skip or name.startswith(TEMPORARY_PREFIXES) or fnmatch.fnmatch(name, ARCHIVE_PATTERN):
                continue
            if path.is_symlink() or not path.is_file():
                skipped.append(relative)
                continue
            files.append(relative)
        for d in list(dirs):
            if (here / d).is_symlink():
                dirs.remove(d)
                skipped.append((here / d).relative_to(folder).as_posix())
    return DataFiles(folder=folder, files=files, skipped=skipped)


class FileSwap:
    """Puts restored files in place, keeping the ones they replace aside until the restore is done.

    Every step is a rename within the data folder, recorded, so :meth:`undo` puts the folder back as
    it was when a later step (the database) fails.
    """

    def __init__(self, folder: Path, *, incoming: Path, aside: Path) -> None:
        self.folder = folder
        self.incoming = incoming
        self.aside = aside
        self.moves: list[tuple[Path, Path]] = []

    def _move(self, source: Path, target: Path) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
        self.moves.append((source, target))

    def apply(self, *, replaced: list[str], restored: list[str]) -> None:
        """Move ``replaced`` (the target's files) aside, then ``restored`` (from the archive) in."""
        for relative in replaced:
            self._move(self.folder / relative, self.aside / relative)
        for relative in restored:
            self._move(self.incoming / relative, self.folder / relative)
        for relative in replaced:
            _remove_empty_parents(self.folder / relative, self.folder)

    def undo(self) -> None:
        """Put every moved file back where it was."""
        for source, target in reversed(self.moves):
            source.parent.mkdir(parents=True, exist_ok=True)
            os.replace(target, source)
            _remove_empty_parents(target, self.folder)
        self.moves.clear()

    def done(self) -> None:
        """Forget the replaced files for good."""
        shutil.rmtree(self.aside, ignore_errors=True)
        self.moves.clear()


def _remove_empty_parents(path: Path, top: Path) -> None:
    """Remove the empty folders from ``path``'s parent up to (not including) ``top``."""
    parent = path.parent
    while parent != top and top in parent.parents:
        try:
            parent.rmdir()
        except OSError:
            return
        parent = parent.parent
