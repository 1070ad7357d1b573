"""``qmsdoc history``'s document list: the top-level shortcut gives what a full load gives.

qmsdoc/load/frontmatter_only.py reads only the fields history needs when it can be sure of the
result, and loads the whole file otherwise; every case here compares with ``load_file``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from qmsdoc.load import read_settings, skip_reason
from qmsdoc.load.files import load_file
from qmsdoc.load.frontmatter_only import FIELDS, _fields_only, _load_document
from qmsdoc.model.documents import Document

SAMPLE = Path(__file__).resolve().parents[2] / "sample_manual"
LIMITS = read_settings(None).limits

HEAD = "kind: procedure\ncode: QT-07\ntitle: Quy trình cấp phép\nedition: 2\nissued: 2026-01-15\n"
STEPS = "steps:\n  - id: B1\n    action: Tiếp nhận hồ sơ\n    role: Văn thư\n"


def _full(rel: str, data: bytes) -> tuple[list[object] | None, str | None]:
    res = load_file(rel, data, LIMITS)
    if isinstance(res.obj, Document):
        return [type(res.obj), *(getattr(res.obj, f) for f in FIELDS)], None
    why = skip_reason(res.diagnostics) if res.obj is None else None
    return None, why.code if why else None


def _history(rel: str, data: bytes) -> tuple[list[object] | None, str | None]:
    doc, why = _load_document(rel, data, LIMITS)
    fields = [type(doc), *(getattr(doc, f) for f in FIELDS)] if doc is not None else None
    return fields, why.code if why else None


CASES = {
    # A quoted or flow value may run over a line at column 0 that looks like a key.
    "quoted-over-a-key-line": HEAD.replace("code: QT-07\n", "") + 'note: "xem\ncode: QT-99"\n'
                              "code: QT-07\n",
    "single-quoted-over-a-key-line": "kind: procedure\nnote: 'a\ntitle: sai'\ntitle: Đúng\n",
    "flow-over-a-key-line": "kind: procedure\nroles: [a,\ncode: b]\ncode: QT-08\n",
    "duplicate-code-first-wins": HEAD + "code: QT-99\n",
    "quoted-key": '"code": QT-09\nkind: procedure\ntitle: T\n',
    "block-title": "kind: procedure\ncode: QT-10\ntitle: |\n  Hai dòng\n  tiêu đề\n",
    "lists-at-column-0": "kind: procedure\nlegal_basis:\n- ref: 08/2021/NĐ-CP\n- ref: x\n"
                         "code: QT-17\nroles:\n-\n  a\n- 'b'\ntitle: T\n",
    "list-after-a-scalar": "kind: procedure\ncode: QT-18\n- x\ntitle: T\n",
    "comments-at-column-0": "# đầu\nkind: procedure\n# giữa\ncode: QT-11\n" + STEPS,
    "wrong-types": "kind: procedure\ncode: QT-12\nedition: hai\nissued: 31/02/2026\n",
    "dmy-date": "kind: form\ncode: BM-01\nissued: 15/01/2026\n",
    "yaml-1.2-scalars": "kind: procedure\ncode: 010\ntitle: yes\nedition: 0x1\n",
    "anchors-and-aliases": HEAD + "a: &x [1, 2]\nb: *x\n",
    "asterisks-in-text": HEAD + "notes: Giấy tờ (*) và R&D, bản sao*\n",
    "bullets-not-aliases": HEAD + "notes: |\n  Lưu ý:\n  * Nộp trực tiếp\n"
                           "conditions: Gồm: * bản chính\n",
    "undefined-alias": HEAD + "notes: * Nộp\n",
    "alias-after-colon": '{"kind": procedure, "code":*c, x: &c QT-19}\n',
    "alias-bomb": HEAD + "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a]\n"
                  "c: &c [*b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c]\n"
                  "e: &e [*d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e]\n"
                  "g: [*f, *f, *f, *f, *f, *f]\n",
    "too-deep": HEAD + "deep: " + "[" * 45 + "]" * 45 + "\n",
    "too-deep-block": HEAD + "deep:\n" + "".join(" " * i + "- \n" for i in range(1, 4))
                      + "".join(" " * (2 * i) + f"k{i}:\n" for i in range(2, 50)),
    "syntax-error-late": HEAD + STEPS + "notes: [unclosed\n",
    "tab-indentation": HEAD + "steps:\n\t- id: B1\n",
    "second-document": HEAD + "--- {code: QT-98}\n",
    "no-kind": "code: QT-13\ntitle: T\n",
    "unknown-kind": "kind: quy-trinh\ncode: QT-14\n",
    "kind-a-list": "kind: [procedure]\ncode: QT-15\n",
    "top-level-list": "- kind: procedure\n",
    "indented-root": "  kind: procedure\n  code: QT-16\n",
    "empty": "",
    "crlf": (HEAD + STEPS).replace("\n", "\r\n"),
    "nfd-title": HEAD.replace("Quy trình cấp phép", "Quy trình cấp phép".encode().decode()
                              .replace("ì", "i\u0300")),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_same_fields_or_skip_reason_as_a_full_load(name: str) -> None:
    text = CASES[name]
    data = (f"---\n{text}---\n\n## Nội dung\n\nThân.\n" if "\r" not in text
            else f"---\r\n{text}---\r\n\r\nThân.\r\n").encode("utf-8")
    assert _history("quy-trinh/x.md", data) == _full("quy-trinh/x.md", data)


def test_the_shortcut_is_taken_for_ordinary_documents() -> None:
    """Every document of the sample is read by the shortcut (else it would only be slower)."""
    docs = [p for p in SAMPLE.rglob("*.md") if p.read_text(encoding="utf-8").startswith("---")]
    assert len(docs) > 30
    for path in docs:
        rel = path.relative_to(SAMPLE).as_posix()
        data = path.read_bytes()
        fast = _fields_only(rel, data, LIMITS)
        assert fast is not None, rel
        assert _history(rel, data) == _full(rel, data)


def test_the_shortcut_is_taken_for_the_real_procedures(tmp_path: Path) -> None:
    """The 60 published procedures, converted (their lists are written at column 0)."""
    from tests.real.convert import all_records, write_repository

    write_repository(tmp_path, all_records())
    docs = sorted(tmp_path.rglob("*.md"))
    assert len(docs) >= 60
    fast = 0
    for path in docs:
        rel = path.relative_to(tmp_path).as_posix()
        data = path.read_bytes()
        fast += _fields_only(rel, data, LIMITS) is not None
        assert _history(rel, data) == _full(rel, data), rel
    assert fast == len(docs)  # " * " bullets too: composed once to know they are not aliases


def test_unsure_files_are_loaded_in_full() -> None:
    for name in ("quoted-over-a-key-line", "anchors-and-aliases", "too-deep", "quoted-key",
                 "undefined-alias",
                 "syntax-error-late", "second-document", "indented-root"):
        text = CASES[name]
        assert _fields_only("x.md", f"---\n{text}---\n".encode(), LIMITS) is None, name
