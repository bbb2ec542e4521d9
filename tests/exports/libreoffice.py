"""Recalculate workbooks with LibreOffice, headless, as a spreadsheet user's program would.

LibreOffice returns a file's cached values on conversion unless its profile says to recalculate on
load, so each session gets a fresh profile that forces it (Formula/Load: OOXMLRecalcMode and
ODFRecalcMode 0, "always"). Several workbooks are recalculated in one call, which costs about one
start of the program.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

PROFILE_ITEM = (
    '<item oor:path="/org.openoffice.Office.Calc/Formula/Load">'
    '<prop oor:name="{name}" oor:op="fuse"><value>0</value></prop></item>'
)

PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
{items}
</oor:items>
""".format(items="\n".join(PROFILE_ITEM.format(name=name) for name in ("OOXMLRecalcMode", "ODFRecalcMode")))


def soffice() -> str:
    found = shutil.which("soffice")
    if found is None:
        pytest.fail(
            "LibreOffice (soffice) is not installed: `make spreadsheet` installs Debian's libreoffice-calc"
        )
    return found


def recalculate(workbooks: Sequence[Path], work: Path) -> list[Path]:
    """Each workbook opened, recalculated and saved again by LibreOffice; the saved copies, in order."""
    profile = work / "profile"
    user = profile / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(PROFILE, encoding="utf-8")
    out = work / "recalculated"
    out.mkdir(exist_ok=True)
    command = [
        soffice(),
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "xlsx",
        "--outdir",
        str(out),
        *map(str, workbooks),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    results = [out / path.name for path in workbooks]
    missing = [str(p) for p in results if not p.exists()]
    if done.returncode != 0 or missing:
        raise AssertionError(f"LibreOffice did not recalculate {missing}: {done.stdout} {done.stderr}")
    return results
