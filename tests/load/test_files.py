"""One file's bytes to a model object: front matter, kinds, conversion diagnostics."""

from __future__ import annotations

import datetime as dt

import pytest

from qmsdoc.load.files import load_file, split_front_matter
from qmsdoc.model.config import Limits
from qmsdoc.model.documents import Procedure
from qmsdoc.model.duration import TimeUnit

LIMITS = Limits()

DOC = """---
kind: procedure
code: QT-01
title: Quy trình thử
issued: 15/01/2026
steps:
  - action: Tiếp nhận
    responsible: cong-chuc
    duration: "0,5 ngày làm việc"
    forms: BM-01
---
# Mục đích
"""


def test_split_front_matter() -> None:
    assert split_front_matter("no front matter") is None
    yaml, body, line = split_front_matter("---\na: 1\n---\nbody\n") or ("", "", 0)
    assert (yaml, body, line) == ("a: 1\n", "body\n", 4)
    with pytest.raises(ValueError):
        split_front_matter("---\na: 1\n")


def test_procedure_is_converted_with_positions() -> None:
    res = load_file("qt.md", DOC.encode(), LIMITS)
    assert res.diagnostics == []
    p = res.obj
    assert isinstance(p, Procedure)
    assert p.issued == dt.date(2026, 1, 15)  # dd/mm/yyyy accepted
    step = p.steps[0]
    assert step.responsible == ["cong-chuc"]  # one scalar where a list is expected
    assert step.forms == ["BM-01"]
    assert step.duration and step.duration.unit is TimeUnit.WORKING_DAY
    assert p.at("steps", 0).line == 7
    assert step.at("duration").line == 9
    assert p.body.startswith("# Mục đích") and p.body_line == 12


def test_unknown_key_suggests_the_right_one() -> None:
    res = load_file("qt.md", DOC.replace("title:", "titel:").encode(), LIMITS)
    (d,) = [d for d in res.diagnostics if d.code == "QMS006"]
    assert "title" in d.hint_vi and d.span.line == 4


def test_wrong_type_and_invalid_values() -> None:
    bad = DOC.replace("issued: 15/01/2026", "issued: 31/02/2026\nedition: [1]")
    codes = sorted((d.code, d.span.line) for d in load_file("qt.md", bad.encode(), LIMITS)
                   .diagnostics)
    assert codes == [("QMS007", 6), ("QMS017", 5)]


def test_bad_duration_is_reported_in_both_languages() -> None:
    res = load_file("qt.md", DOC.replace('"0,5 ngày làm việc"', "nửa buổi").encode(), LIMITS)
    (d,) = res.diagnostics
    assert d.code == "QMS017" and d.span.line == 9 and d.vi != d.en


@pytest.mark.parametrize("data,code", [
    (b"", "QMS008"),
    (b"\x00\x01\x02\x03" * 100, "QMS009"),
    (b"kind: form\ntitle: \xc3\x28\n", "QMS003"),
    (b"---\nkind: form\ncode: X\n", "QMS002"),
    (b"kind: nope\n", "QMS013"),
    (b"- just\n- a list\n", "QMS014"),
])
def test_broken_input_gives_a_diagnostic(data: bytes, code: str) -> None:
    name = "x.md" if data.startswith(b"---") else "x.yaml"
    res = load_file(name, data, LIMITS)
    assert code in {d.code for d in res.diagnostics}
    assert res.obj is None


def test_markdown_without_front_matter_is_ignored() -> None:
    res = load_file("README.md", "# Đọc tôi\n".encode(), LIMITS)
    assert res.obj is None and res.diagnostics == []


def test_a_number_padded_with_a_control_character_is_read() -> None:
    """Found by tests/reliability/test_fuzz_loader.py: ``edition: "0\\x1f"`` raised ValueError
    (str.strip removes the unit separator, int() does not accept it)."""
    from qmsdoc.load.files import load_file
    from qmsdoc.model.config import Limits

    res = load_file("p.md", b'---\nkind: form\ncode: BM-01\nedition: "3\\x1f"\n---\n', Limits())
    assert res.obj is not None and getattr(res.obj, "edition", None) == 3
