""".doc, .odt and .rtf → .docx through LibreOffice, in a private temporary folder.

The input is copied under an ASCII name into a fresh folder with its own LibreOffice profile
(two ``soffice`` sharing a profile wait for each other); the output is read back as bytes and
the folder removed. Nothing is written next to the original.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

CONVERTIBLE = (".doc", ".odt", ".rtf", ".dot")
DIRECT = (".docx", ".docm", ".dotx")
TIMEOUT_SECONDS = 120


class ConversionError(Exception):
    pass


def to_docx(soffice: str, source: Path, work: Path) -> Path:
    """Convert ``source`` to ``work``/``<n>.docx`` and return its path."""
    tmp = Path(tempfile.mkdtemp(prefix="qmsdoc-import-", dir=work))
    src = tmp / f"in{source.suffix.lower()}"
    profile = tmp / "profile"
    shutil.copyfile(source, src, follow_symlinks=False)
    try:
        done = subprocess.run(
            [soffice, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless",
             "--norestore", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp),
             str(src)],
            capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
    except (OSError, subprocess.SubprocessError) as e:
        raise ConversionError(str(e)) from None
    out = tmp / "in.docx"
    if not out.is_file():
        detail = (done.stderr or done.stdout or "").strip().splitlines()
        raise ConversionError(detail[-1] if detail else f"exit {done.returncode}")
    return out
