"""Text from a repository or from Git made safe to print on a terminal.

A commit message, a file name or a document title is data written by someone else: escape
sequences in it (``ESC [ 2 J``, OSC 8 links, a carriage return that overwrites the line) would
be obeyed by the terminal. :func:`strip_controls` removes whole escape sequences and every other
control character (C0, DEL, C1), keeping newline and tab only where the caller says they mean
something.
"""

from __future__ import annotations

import re

# CSI (ESC [ … final), OSC (ESC ] … BEL or ESC \), other two-character escapes; also the 8-bit
# CSI/OSC introducers (U+009B, U+009D).
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?")
_CONTROLS = {keep: re.compile("[" + "".join(
    re.escape(chr(c)) for c in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]
    if chr(c) not in keep) + "]") for keep in ("\n\t", "\t", "")}


def strip_controls(text: str, keep: str = "\n\t") -> str:
    """``text`` without escape sequences and control characters (``keep``: "\\n\\t", "\\t" or
    "")."""
    if text.isprintable():
        return text  # the usual case, and fast
    return _CONTROLS[keep].sub("", _ESCAPES.sub("", text))


def one_line(text: str) -> str:
    """``text`` for a table cell or a one-line message: no control characters at all."""
    return strip_controls(re.sub(r"[\r\n\t]+", " ", text), keep="")
