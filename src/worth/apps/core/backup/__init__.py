"""Backups of a whole Worth: the database, the invoice stores, uploads and the secret key in one archive.

``worth backup`` and ``worth restore`` call :func:`write_backup` and :func:`restore_backup`; see
docs/backup-restore.md for what is in the archive and what a restore checks.
"""

from worth.apps.core.backup.archive import BackupError, Manifest, Progress, read_manifest
from worth.apps.core.backup.service import (
    BackupReport,
    RestoreReport,
    default_archive_name,
    restore_backup,
    write_backup,
)

__all__ = [
    "BackupError",
    "BackupReport",
    "Manifest",
    "Progress",
    "RestoreReport",
    "default_archive_name",
    "read_manifest",
    "restore_backup",
    "write_backup",
]
