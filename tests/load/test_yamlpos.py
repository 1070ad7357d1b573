"""Positioned YAML: positions, scalar types, duplicate keys and the safety limits."""

from __future__ import annotations

import datetime as dt
import time

from qmsdoc.load.yamlpos import YMap, YScalar, YSeq, parse_yaml, plain


def test_positions_are_one_based_and_offset() -> None:
    tree, problems = parse_yaml("a: 1\nb:\n  - x\n  - y\n", line_offset=1)
    assert problems == []
    assert isinstance(tree, YMap)
    b = tree.get("b")
    assert isinstance(b, YSeq)
    assert (b.items[1].line, b.items[1].column) == (5, 5)


def test_scalars_keep_raw_text_and_typed_value() -> None:
    tree, _ = parse_yaml("n: 01\nd: 2026-01-05\nb: yes\nz: ~\nf: 1.5\n")
    assert plain(tree) == {"n": 1, "d": dt.date(2026, 1, 5), "b": "yes", "z": None, "f": 1.5}
    assert isinstance(tree, YMap)
    n = tree.get("n")
    assert isinstance(n, YScalar) and n.raw == "01"


def test_duplicate_key_reported_first_value_kept() -> None:
    tree, problems = parse_yaml("a: 1\na: 2\n")
    assert plain(tree) == {"a": 1}
    assert [(p.kind, p.line, p.column, p.detail) for p in problems] == [
        ("duplicate-key", 2, 1, "a")]


def test_syntax_error_has_position() -> None:
    tree, problems = parse_yaml("a: b: c\n", line_offset=1)
    assert tree is None
    assert problems[0].kind == "syntax" and problems[0].line == 2


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    prev = "a"
    for c in "bcdefghij":
        lines.append(f"{c}: &{c} [{', '.join(['*' + prev] * 9)}]")
        prev = c
    start = time.perf_counter()
    tree, problems = parse_yaml("\n".join(lines) + "\n", max_nodes=100_000)
    assert time.perf_counter() - start < 5
    assert tree is None and problems[-1].kind == "too-many-nodes"


def test_recursive_alias_and_depth_limit() -> None:
    assert parse_yaml("a: &a [*a]\n")[1][-1].kind == "recursive"
    deep = "a: " + "[" * 60 + "]" * 60 + "\n"
    assert parse_yaml(deep, max_depth=40)[1][-1].kind == "too-deep"
