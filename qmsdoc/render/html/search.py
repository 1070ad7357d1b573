"""The site's search index: built at build time, read by ``qmsdoc.js`` on the search page.

A script file (``search-index.js`` setting ``window.QMSDOC_INDEX``), not JSON: a page opened
from disk (file://) may not fetch a JSON file, but it may load a script beside it. Each entry
keeps the page's code(s), title and the distinct words of its text, all *folded* (lower case,
without diacritics, đ → d) so that "dang ky khai sinh" finds "Đăng ký khai sinh"; the script
folds the query the same way (``fold`` in qmsdoc.js must stay in step with :func:`fold`).
A word list instead of the full text keeps the index small (measured in docs/performance.md).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

_WORD = re.compile(r"[\w.\-]+")


def fold(text: str) -> str:
    """Lower case, no diacritics, đ → d (Vietnamese typed without its accents)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def words(text: str) -> list[str]:
    """The distinct folded words of ``text`` in first-seen order; "QT-10" also gives "qt"
    and "10", a trailing full stop is dropped."""
    seen: dict[str, None] = {}
    for raw in _WORD.findall(fold(text)):
        word = raw.strip(".-_")
        if not word:
            continue
        seen.setdefault(word, None)
        if "-" in word or "." in word:
            for part in re.split(r"[.\-]", word):
                if part:
                    seen.setdefault(part, None)
    return list(seen)


@dataclass(frozen=True)
class Entry:
    """One page of the site as the search sees it."""

    url: str
    title: str
    codes: tuple[str, ...]  # the document code and other codes it answers to (TTHC code)
    kind: str  # document kind, or the site page's name
    text: str  # all of the page's text


#: Kinds listed first when the match is otherwise as good (a procedure before its form).
_RANK = {"procedure": 0, "instruction": 1, "form": 2, "manual": 3, "policy": 3,
         "objectives": 3, "decision": 4}


def search_index(entries: Sequence[Entry]) -> bytes:
    rows = []
    for order, e in enumerate(entries):
        title_words = set(words(e.title))
        rows.append({
            "u": e.url, "t": e.title, "c": list(e.codes), "o": order,
            "r": _RANK.get(e.kind, 5), "f": fold(e.title), "k": [fold(c) for c in e.codes],
            # the title's words are matched from "f"; the rest only once
            "w": " ".join(w for w in words(e.text) if w not in title_words)})
    text = json.dumps(rows, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return f"window.QMSDOC_INDEX={text};\n".encode()
