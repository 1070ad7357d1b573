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


def _fold_char(c: str) -> str:
    """The definition qmsdoc.js uses: đ → d, NFD, drop U+0300–U+036F (then lower case)."""
    decomposed = unicodedata.normalize("NFD", c.replace("đ", "d").replace("Đ", "D"))
    return "".join(x for x in decomposed if not "\u0300" <= x <= "\u036f")


#: Every precomposed Latin letter → its base letter(s): one C-speed ``translate`` per text
#: instead of a Python loop over its characters (the index of a big manual folds megabytes).
_TABLE = {cp: _fold_char(chr(cp)) for cp in range(0xC0, 0x2000)
          if _fold_char(chr(cp)) != chr(cp)}
_COMBINING = re.compile(r"[\u0300-\u036f]")


def fold(text: str) -> str:
    """Lower case, no diacritics, đ → d (Vietnamese typed without its accents)."""
    return _COMBINING.sub("", text.translate(_TABLE)).lower()


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
    words: str  # :func:`page_words` of the page


#: Kinds listed first when the match is otherwise as good (a procedure before its form).
_RANK = {"procedure": 0, "instruction": 1, "form": 2, "manual": 3, "policy": 3,
         "objectives": 3, "decision": 4}


def page_words(title: str, text: str) -> str:
    """The distinct folded words of a page's text that are not in its title (the title is
    matched from its own field), space-separated."""
    title_words = set(words(title))
    return " ".join(w for w in words(text) if w not in title_words)


def search_index(entries: Sequence[Entry]) -> bytes:
    rows = [{"u": e.url, "t": e.title, "c": list(e.codes), "o": order,
             "r": _RANK.get(e.kind, 5), "f": fold(e.title), "k": [fold(c) for c in e.codes],
             "w": e.words} for order, e in enumerate(entries)]
    text = json.dumps(rows, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return f"window.QMSDOC_INDEX={text};\n".encode()
