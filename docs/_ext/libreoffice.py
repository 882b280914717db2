"""Recalculate and convert spreadsheets with headless LibreOffice.

Used by the book's build (the picture of Chapter 11's workbook) and by
``tests/test_spreadsheet.py`` (the workbook's numbers, computed by a real
spreadsheet engine). It has no Sphinx dependency.

openpyxl writes formulas without computed values, and LibreOffice does not
honour the "recalculate on load" flag of an ``.xlsx`` file. A fresh user
profile whose ``registrymodifications.xcu`` sets Calc's ``OOXMLRecalcMode``
to 0 ("always recalculate") makes a headless conversion compute every
formula before it saves.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

INSTALL_HINT = (
    "LibreOffice is needed to recalculate the workbook of Chapter 11. Install "
    "Debian's package: `sudo apt-get install libreoffice-calc-nogui` (the nox "
    "sessions do it when run as root on Debian or Ubuntu), or point "
    "MATHDL_SOFFICE at a soffice binary."
)

_PROFILE = """\
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
           xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
  <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop>
</item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
  <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop>
</item>
</oor:items>
"""


def find_soffice() -> str | None:
    """The soffice binary: ``$MATHDL_SOFFICE``, else ``soffice`` on the PATH."""
    return os.environ.get("MATHDL_SOFFICE") or shutil.which("soffice")


def convert(
    path: str | os.PathLike[str], out_dir: str | os.PathLike[str], to: str
) -> Path:
    """Open ``path`` in LibreOffice, recalculate every formula, save as ``to``.

    ``to`` is a LibreOffice conversion target such as ``"xlsx"`` or ``"pdf"``.
    Returns the written file, ``out_dir / (path's stem + "." + extension)``.
    Raises RuntimeError with an install hint when LibreOffice is missing, and
    with LibreOffice's output when the conversion fails.
    """
    soffice = find_soffice()
    if soffice is None:
        raise RuntimeError(INSTALL_HINT)
    path, out_dir = Path(path).resolve(), Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{path.stem}.{to.split(':', 1)[0]}"
    target.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="mathdl-lo-") as profile:
        user = Path(profile) / "user"
        user.mkdir()
        (user / "registrymodifications.xcu").write_text(_PROFILE, encoding="utf-8")
        command = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--convert-to",
            to,
            "--outdir",
            str(out_dir),
            str(path),
        ]
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=600, check=False
        )
    if result.returncode != 0 or not target.is_file():
        raise RuntimeError(
            f"LibreOffice could not convert {path.name} to {to} "
            f"(exit code {result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    return target
