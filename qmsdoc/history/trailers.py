"""Commit and tag message trailers: ``Phê-duyệt:``, ``Sửa-đổi:``, ``Vị-trí:`` and English names.

A trailer block is the last paragraph of a message (after the subject) in which every line reads
``Key: value`` (lines starting with white space continue the previous value), as in
``git interpret-trailers``. Keys are matched without case, accents are optional (``Phe-duyet``)
and a space may stand for the dash (``Phê duyệt``). Unknown keys (``Signed-off-by``) are kept
under their own lower-case name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

#: Canonical trailer names and every spelling accepted for them.
TRAILER_NAMES: dict[str, tuple[str, ...]] = {
    "approved-by": ("Phê-duyệt", "Approved-by", "Người-phê-duyệt"),
    "change": ("Sửa-đổi", "Change", "Nội-dung-sửa-đổi"),
    "position": ("Vị-trí", "Position", "Trang"),
    "release-date": ("Ngày-ban-hành", "Release-date"),
    "root": ("Thư-mục", "Root"),
    "approval": ("Tình-trạng-phê-duyệt", "Approval"),
}

_LINE = re.compile(r"^(?P<key>[^\s:][^:]{0,40}?)\s*:\s*(?P<value>\S.*)$")


def _fold(key: str) -> str:
    """``Phê duyệt`` → ``phe-duyet``: no case, no accents, dashes for spaces and underscores."""
    text = unicodedata.normalize("NFD", key.strip().replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[\s_]+", "-", text.casefold())


_ALIASES: dict[str, str] = {_fold(s): name for name, spellings in TRAILER_NAMES.items()
                            for s in (*spellings, name)}


def canonical(key: str) -> str:
    """The canonical name of a trailer key (an unknown key folded to lower case)."""
    folded = _fold(key)
    return _ALIASES.get(folded, folded)


def parse_trailers(message: str) -> dict[str, tuple[str, ...]]:
    """Trailers of a commit or tag message, by canonical name; values in order of appearance."""
    text = unicodedata.normalize("NFC", message.replace("\r\n", "\n")).strip("\n")
    paragraphs = [p for p in re.split(r"\n[ \t]*\n", text) if p.strip()]
    if len(paragraphs) < 2:
        return {}  # a subject alone carries no trailers
    pairs: list[list[str]] = []
    for line in paragraphs[-1].split("\n"):
        if not line.strip():
            continue
        if line[:1] in (" ", "\t") and pairs:
            pairs[-1][1] += " " + line.strip()
            continue
        m = _LINE.match(line)
        if m is None:
            return {}  # prose, not a trailer block
        pairs.append([m["key"], m["value"].strip()])
    out: dict[str, list[str]] = {}
    for key, value in pairs:
        out.setdefault(canonical(key), []).append(value)
    return {k: tuple(v) for k, v in out.items()}


def trailer(trailers: Mapping[str, tuple[str, ...]], name: str) -> str:
    """One trailer's values joined with ``; `` (empty when absent)."""
    return "; ".join(trailers.get(name, ()))
