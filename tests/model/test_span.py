"""Positions as the loader keeps them (one int per value) and as diagnostics show them."""

from __future__ import annotations

from qmsdoc_testing import SAMPLE

from qmsdoc.load import load_repository
from qmsdoc.model.span import line_column, position


def test_a_position_keeps_any_line_and_column() -> None:
    for line, column in [(1, 1), (70_000, 300), (3, 1_000_000), (2**40, 7)]:
        assert line_column(position(line, column)) == (line, column)


def test_a_field_and_its_key_are_found_where_they_were_written() -> None:
    repo = load_repository(SAMPLE).repo
    procedure = next(d for d in repo.documents if d.code == "QT-10")
    lines = (SAMPLE / procedure.path).read_text(encoding="utf-8").splitlines()
    value, key = procedure.at("title"), procedure.key_at("title")
    assert value.path == key.path == procedure.path
    assert lines[key.line - 1][key.column - 1:].startswith("title:")
    assert lines[value.line - 1][value.column - 1:].lstrip("\"'").startswith(
        procedure.title[:10])
