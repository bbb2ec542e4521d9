"""An output file is written whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from worth.exports.files import write_whole


def test_a_file_is_written_and_an_old_one_replaced(tmp_path: Path) -> None:
    target = tmp_path / "model.json"
    target.write_bytes(b"old")
    write_whole(target, b'{"name": "new"}')
    assert target.read_bytes() == b'{"name": "new"}'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.json"]


def test_a_write_that_fails_leaves_what_was_there_and_no_partial_file(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.mkdir()  # a folder in the way: the move over it fails, as a full disk would
    (target / "kept.txt").write_text("kept", encoding="utf-8")
    with pytest.raises(IsADirectoryError):
        write_whole(target, b"<html>")
    assert (target / "kept.txt").read_text(encoding="utf-8") == "kept"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]
