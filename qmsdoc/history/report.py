"""What ``qmsdoc history`` shows: the JSON of each document's revisions.

The command itself (cache, Git log, documents) is :mod:`qmsdoc.commands.history`. Speed
(docs/performance.md): the JSON is written by :func:`dumps_json`, ~1.6× faster than
``json.dumps(indent=2)`` (whose indented mode is pure Python) with the same text; the text table
is printed by :mod:`qmsdoc.cli.history`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from json.encoder import encode_basestring  # the C version when available
from typing import Any

from qmsdoc.history.timeline import History
from qmsdoc.model.documents import Document


def history_data(history: History, docs: Iterable[Document],
                 people: dict[str, str]) -> list[dict[str, Any]]:
    """The ``--format json`` document: one entry per document with its revision rows."""
    out = []
    for d in docs:
        state = history.state(d)
        out.append({
            "code": d.code, "path": d.path, "title": d.title, "edition": d.edition,
            "state": "draft" if state.draft else "released",
            "reason": state.reason_vi, "reason_en": state.reason_en,
            "revisions": [
                {"date": r.date.isoformat(), "edition": r.edition, "amendment": r.amendment,
                 "change": r.change, "position": r.position, "author": r.author,
                 "approved_by": r.approved_by, "approved": r.approved, "note": r.note,
                 "commit": r.commit, "is_release": r.is_release}
                for r in history.revisions(d, people)],
        })
    return out


def dumps_json(obj: Any, level: int = 0) -> str:
    """Exactly ``json.dumps(obj, ensure_ascii=False, indent=2)``, as if nested ``level`` deep.

    Dicts, lists, str, int, bool and None are written here (strings by json's C encoder);
    anything else is left to json.dumps.
    """
    out: list[str] = []
    put = out.append

    def emit(o: Any, nl: str) -> None:
        if isinstance(o, str):
            put(encode_basestring(o))
        elif o is None:
            put("null")
        elif o is True:
            put("true")
        elif o is False:
            put("false")
        elif type(o) is int:
            put(int.__repr__(o))
        elif type(o) is dict and all(type(k) is str for k in o):
            if not o:
                put("{}")
                return
            inner = nl + "  "
            sep = "{" + inner
            for k, v in o.items():
                put(sep)
                put(encode_basestring(k))
                t = type(v)  # the scalars of a revision row, written here without a call
                if t is str:
                    put(": " + encode_basestring(v))
                elif v is None:
                    put(": null")
                elif t is bool:
                    put(": true" if v else ": false")
                elif t is int:
                    put(": " + int.__repr__(v))
                else:
                    put(": ")
                    emit(v, inner)
                sep = "," + inner
            put(nl + "}")
        elif type(o) in (list, tuple):
            if not o:
                put("[]")
                return
            inner = nl + "  "
            sep = "[" + inner
            for v in o:
                put(sep)
                emit(v, inner)
                sep = "," + inner
            put(nl + "]")
        else:
            put(json.dumps(o, ensure_ascii=False, indent=2).replace("\n", nl))

    emit(obj, "\n" + "  " * level)
    return "".join(out)
