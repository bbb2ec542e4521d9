"""Uploads are bounded while they arrive: past the limit nothing more is kept, and the form says so.

Django writes an upload of any size to a temporary file before a view sees it (a 305 MB file was
accepted and copied whole). This handler stops keeping a file's bytes once it passes
``WORTH_MAX_UPLOAD_MB`` and still counts them, so the form can refuse it with its real size and the
limit, without the server holding it. Each form also checks its own, smaller limit (a model file, a
policy, a contract) on ``upload.size``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import TemporaryUploadedFile, UploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler

__all__ = ["SizeLimitedUploadHandler", "max_upload_bytes"]


def max_upload_bytes() -> int:
    """The largest file any form accepts, in bytes."""
    return int(settings.WORTH_MAX_UPLOAD_MB) * 1024 * 1024


class SizeLimitedUploadHandler(TemporaryFileUploadHandler):
    """Streams an upload to a temporary file until it passes the limit; then only counts its bytes."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.kept = 0
        self.refused = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if self.refused:
            return None
        self.kept += len(raw_data)
        if self.kept > max_upload_bytes():
            self.refused = True
            self._drop()
            return None
        self.file.write(raw_data)
        return None

    def file_complete(self, file_size: int) -> UploadedFile[Any] | None:
        if self.refused:
            # An empty file that reports the size sent: the form refuses it by its size.
            self.file = TemporaryUploadedFile(self.file_name or "upload", self.content_type, 0, self.charset)
            self.file.size = file_size
            return self.file
        return super().file_complete(file_size)

    def _drop(self) -> None:
        path = Path(self.file.temporary_file_path())
        self.file.close()
        path.unlink(missing_ok=True)
