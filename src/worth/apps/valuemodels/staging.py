"""A model file kept on the server between its preview and the import a person confirms.

The preview page used to carry the whole file back in a hidden field, so confirming re-sent it as
form data: past the form limit (10 MB by default, a model of about a thousand customers) the import
could not be confirmed at all, and the page itself weighed as much as the file. Now the previewed
text is kept in the data folder under its sha256 (a file per person and project), and the confirm
form carries a signed token naming that hash, the person and the project: nobody else can confirm
it, another project cannot receive it, and the text imported is byte for byte the one previewed.
Files left unconfirmed go after a day.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

from django.conf import settings
from django.core import signing

from worth.exports.files import write_whole

__all__ = ["StagedImportError", "forget_staged", "stage_text", "staged_text"]

_SALT = "worth.valuemodels.staged-import"
#: How long a previewed file waits for its confirmation.
MAX_AGE_S = 24 * 3600


class StagedImportError(ValueError):
    """The previewed file cannot be confirmed (gone, too old, or not this person's or project's)."""


def _folder() -> Path:
    return Path(settings.DATA_DIR) / "staged-models"


def _path(sha: str, user_pk: int, project_pk: int) -> Path:
    # One file per person and project: one person's import never removes another's preview.
    return _folder() / f"{user_pk}-{project_pk}-{sha}.txt"


def stage_text(text: str, *, user_pk: int, project_pk: int) -> str:
    """Keep ``text`` for its confirmation; returns the token the confirm form carries."""
    data = text.encode("utf-8")
    sha = hashlib.sha256(data).hexdigest()
    _folder().mkdir(parents=True, exist_ok=True)
    _sweep()
    write_whole(_path(sha, user_pk, project_pk), data)
    return signing.dumps({"sha": sha, "user": user_pk, "project": project_pk}, salt=_SALT)


def staged_text(token: str, *, user_pk: int, project_pk: int) -> str:
    """The text kept under ``token`` for this person and project, exactly as it was previewed."""
    try:
        found = signing.loads(token, salt=_SALT, max_age=MAX_AGE_S)
    except signing.SignatureExpired:
        raise StagedImportError("The preview is more than a day old: choose the file again.") from None
    except signing.BadSignature:
        raise StagedImportError("The preview could not be read back: choose the file again.") from None
    if found.get("user") != user_pk or found.get("project") != project_pk:
        raise StagedImportError("That preview was made by someone else or for another project.")
    sha = str(found.get("sha", ""))
    if not _is_sha256(sha):
        raise StagedImportError("The preview could not be read back: choose the file again.")
    try:
        data = _path(sha, user_pk, project_pk).read_bytes()
    except (OSError, ValueError):
        raise StagedImportError("The previewed file is no longer kept: choose it again.") from None
    if hashlib.sha256(data).hexdigest() != sha:
        raise StagedImportError("The previewed file changed on the server: choose it again.")
    return data.decode("utf-8")


def forget_staged(token: str) -> None:
    """Remove the kept text once imported (a token that cannot be read leaves nothing to remove)."""
    try:
        found = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return
    sha, user_pk, project_pk = str(found.get("sha", "")), found.get("user"), found.get("project")
    if _is_sha256(sha) and isinstance(user_pk, int) and isinstance(project_pk, int):
        _path(sha, user_pk, project_pk).unlink(missing_ok=True)


def _is_sha256(text: str) -> bool:
    return len(text) == 64 and all(c in "0123456789abcdef" for c in text)


def _sweep() -> None:
    """Remove previews nobody confirmed within a day."""
    oldest = time.time() - MAX_AGE_S
    for path in _folder().glob("*.txt"):
        try:
            if path.stat().st_mtime < oldest:
                path.unlink(missing_ok=True)
        except OSError:
            continue
