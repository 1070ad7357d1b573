"""TCVN3 and VNI text in Word files: which fonts carry it, conversion to Unicode NFC, and the
detection of legacy text in a Unicode font.

The byte tables are the loader's (``qmsdoc.load.text``, written from TCVN 5712:1993 VN3 and
the VNI-Windows layout): one table for the whole tool, so that ``check`` and ``import`` agree
on every character. What is Word-specific lives here: the font families (``.VnTime``,
``.VnArial``…, with the all-capitals ``…H`` faces; ``VNI-Times``, ``VNI-Helve``…) and a
paragraph-level detection for the font that lies.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from qmsdoc.load.text import convert_legacy, detect_legacy

# ".VnTime", ".VnTimeH", ".VnArial NarrowH", "VnTime" (a dot lost in a copy), "TCVN3 …"
_TCVN3_FONT: Final = re.compile(r"^\.?vn[a-z]", re.IGNORECASE)
# "VNI-Times", "VNI Helve", "VNI-Univer"…
_VNI_FONT: Final = re.compile(r"^vni[-\s_]", re.IGNORECASE)


@lru_cache(maxsize=256)
def font_encoding(font: str) -> str:
    """"tcvn3", "vni" or "" for a font family name."""
    name = font.strip()
    if _VNI_FONT.match(name):
        return "vni"
    if _TCVN3_FONT.match(name) or name.lower().startswith("tcvn3"):
        return "tcvn3"
    return ""


def capitals_font(font: str) -> bool:
    """The TCVN3 capital faces (``.VnTimeH``, ``.VnArialH``): lowercase codes print as
    capitals, because VN3 has no toned capitals of its own."""
    name = font.strip()
    return bool(_TCVN3_FONT.match(name)) and name.rstrip().endswith("H")


def convert_run(text: str, encoding: str, font: str) -> str:
    """One run's text in Unicode NFC (upper-cased for a TCVN3 capitals face)."""
    out = convert_legacy(text, encoding)
    return out.upper() if encoding == "tcvn3" and capitals_font(font) else out


def detect_paragraph(text: str, min_words: int = 1) -> str:
    """"tcvn3" or "vni" when a paragraph typed in a Unicode font reads as legacy text.

    One converting word is enough in a paragraph (a short heading has only a few), but it must
    carry a character correct Vietnamese never has, and most legacy-looking words must
    convert; ASCII-only text is never touched.
    """
    if text.isascii():
        return ""
    return detect_legacy(text, min_words=min_words) or ""
