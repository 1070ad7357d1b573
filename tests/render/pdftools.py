"""Reading PDFs back with poppler-utils (pdftotext, pdfinfo, pdffonts, pdftoppm).

Tests that need them skip with the reason when they are missing; CI installs them
(``apt-get install poppler-utils``, see ``.ci/run``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

TOOLS = ("pdftotext", "pdfinfo", "pdffonts", "pdftoppm")
MISSING = [t for t in TOOLS if shutil.which(t) is None]
needs_poppler = pytest.mark.skipif(
    bool(MISSING), reason=f"poppler-utils not installed ({', '.join(MISSING)} missing): "
    "apt-get install poppler-utils")


def _run(args: list[str], pdf: bytes) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.pdf"
        path.write_bytes(pdf)
        done = subprocess.run([*args, str(path)] + (["-"] if args[0] == "pdftotext" else []),
                              capture_output=True, timeout=120, check=True)
    return done.stdout.decode("utf-8")


def text(pdf: bytes, page: int | None = None) -> str:
    """The text in content order (``-raw``: a table cell's lines stay together)."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return _run(["pdftotext", "-raw", "-enc", "UTF-8", *pages], pdf)


def flat(s: str) -> str:
    """Whitespace runs as one space (lines wrap differently from the source)."""
    return " ".join(s.split())


def info(pdf: bytes) -> dict[str, str]:
    out = _run(["pdfinfo", "-enc", "UTF-8"], pdf)
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())
            if v}


def pages(pdf: bytes) -> int:
    return int(info(pdf)["Pages"])


def fonts(pdf: bytes) -> list[tuple[str, str]]:
    """(font name, embedded yes/no) of every font of the PDF."""
    rows = _run(["pdffonts"], pdf).splitlines()[2:]
    out = []
    for row in rows:
        parts = row.split()
        # name type... encoding emb sub uni object ID: emb is the 5th field from the end.
        if len(parts) >= 6:
            out.append((parts[0], parts[-5]))
    return out


def grey_share(pdf: bytes, page: int) -> float:
    """The share of light-grey pixels of a page (a watermark), from a 30 dpi rendering."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "30", "-f", str(page), "-l", str(page), "-gray",
                        str(path), str(Path(tmp) / "p")], check=True, capture_output=True)
        image = next(Path(tmp).glob("p*.pgm")).read_bytes()
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", image)
    assert m, "not a PGM image"
    pixels = image[m.end():]
    grey = sum(1 for v in pixels if 150 <= v <= 235)
    return grey / max(1, len(pixels))


def bookmarks(pdf: bytes) -> list[tuple[int, str]]:
    """The outline of a PDF: (level, title) in order, level 1 at the top."""
    import io

    import pikepdf

    found: list[tuple[int, str]] = []

    def walk(items: list[pikepdf.OutlineItem], level: int) -> None:
        for item in items:
            found.append((level, item.title))
            walk(item.children, level + 1)

    with pikepdf.open(io.BytesIO(pdf)) as doc, doc.open_outline() as outline:
        walk(outline.root, 1)
    return found
