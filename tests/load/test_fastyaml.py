"""The fast composer gives exactly what ruamel.yaml + the walker give, or steps aside."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from qmsdoc_testing import SAMPLE

from qmsdoc.load import yamlpos
from qmsdoc.load.fastyaml import NodeBuilder, compose
from qmsdoc.load.files import split_front_matter

STANDARDS = Path(yamlpos.__file__).resolve().parent.parent / "standards"


def reference(text: str, offset: int = 0) -> tuple[object, list[object]] | None:
    """The tree and problems the ruamel.yaml path gives (None when it cannot parse)."""
    try:
        node = yamlpos._PARSER.compose(text)
    except Exception:
        return None
    if node is None:
        return None, []
    return yamlpos._walk(node, offset, 40, 200_000)


def fast(text: str, offset: int = 0) -> object:
    return compose(text, yamlpos._RESOLVE, yamlpos._TreeBuilder(offset, 200_000))


def yaml_texts() -> list[tuple[str, str, int]]:
    out = []
    for p in sorted([*SAMPLE.rglob("*.md"), *SAMPLE.rglob("*.yaml"), *STANDARDS.rglob("*.yaml")]):
        text = p.read_text(encoding="utf-8")
        offset = 0
        if p.suffix == ".md":
            split = split_front_matter(text)
            if split is None:
                continue
            text, offset = split[0], 1
        out.append((p.name, text, offset))
    return out


@pytest.mark.parametrize(("name", "text", "offset"), yaml_texts(), ids=lambda x: str(x)[:40])
def test_same_tree_as_ruamel_on_real_files(name: str, text: str, offset: int) -> None:
    tree = fast(text, offset)
    if tree is None:
        return  # outside the fast subset: ruamel.yaml reads it
    ref = reference(text, offset)
    assert ref is not None and ref[1] == [] and ref[0] == tree


def test_most_real_files_take_the_fast_path() -> None:
    texts = yaml_texts()
    fast_ones = [n for n, t, o in texts if fast(t, o) is not None]
    assert len(fast_ones) >= 0.9 * len(texts)


def test_generated_manual_takes_the_fast_path(tmp_path: Path) -> None:
    from bench import generate

    generate.write(tmp_path / "g", 3, seed=11)
    for p in sorted((tmp_path / "g").rglob("*")):
        if p.suffix not in (".md", ".yaml") or p.name == ".gitignore":
            continue
        text, offset = p.read_text(encoding="utf-8"), 0
        if p.suffix == ".md":
            text, _, _ = split_front_matter(text)  # type: ignore[misc]
            offset = 1
        tree = fast(text, offset)
        assert tree is not None, p
        assert reference(text, offset) == (tree, [])


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n",            # anchors and aliases
    "a: !!str 1\n",                # tags
    "a: {b: 1}\n",                 # flow mappings
    "a: b\n  c\n",                 # multi-line plain scalar
    "a: \"x\\ty\"\n",              # escapes
    "a:\tb\n",                     # tabs
    "a: 1\na: 2\n",                # duplicate keys (reported by the slow path)
    "a:\n",                        # empty value
    "a: |+\n  x\n",                # keep chomping
    "a: >\n\n  x\n",               # leading empty line in a block scalar
    "- a\n - b\n",                 # odd indentation
    "a: b: c\n",                   # invalid
    "---\na: 1\n",                 # document marker
    "a: [1,\n  2]\n",              # multi-line flow
    "? a\n: b\n",                  # complex key
    "a: 'x\n  y'\n",               # multi-line quoted
])
def test_unusual_yaml_goes_to_ruamel(text: str) -> None:
    assert compose(text, yamlpos._RESOLVE, NodeBuilder()) is None
    assert fast(text) is None


# Random documents built from the pieces the fast path understands, and some it does not.
_key = st.sampled_from(["kind", "code", "a", "b_c", "x-y", "steps", "true", "n1", "A"])
_scalar = st.one_of(
    st.sampled_from(["1", "0", "05", "-3", "1.5", "2026-01-15", "true", "null", "~", "yes",
                     "QT-01", "a b", "x#y", "a: b", "Lưu: VT", "'q'", '"d"', "[a, b]",
                     "[1, \"x\", 'y']", "[]", "\"a # b\"", "'it''s'", "x # c", "> x", ""]),
    st.text(alphabet="abcđêơư 0123456789-.,:#'\"[]{}&*!|>%@", min_size=1, max_size=12),
)


@st.composite
def _doc(draw: st.DrawFn, depth: int = 0) -> str:
    lines = []
    ind = " " * (2 * depth)
    for _ in range(draw(st.integers(1, 4))):
        key = draw(_key)
        kind = draw(st.sampled_from(["scalar", "scalar", "map", "seq", "block", "comment"]))
        if kind == "scalar":
            lines.append(f"{ind}{key}: {draw(_scalar)}")
        elif kind == "comment":
            lines.append(f"{ind}# {draw(_scalar)}")
        elif kind == "block":
            style = draw(st.sampled_from([">-", ">", "|", "|-"]))
            lines.append(f"{ind}{key}: {style}")
            for _ in range(draw(st.integers(1, 3))):
                lines.append(f"{ind}  {draw(_scalar)}" if draw(st.booleans()) else "")
        elif kind == "map" and depth < 3:
            lines.append(f"{ind}{key}:")
            lines.append(draw(_doc(depth + 1)))
        elif depth < 3:
            lines.append(f"{ind}{key}:")
            indentless = draw(st.booleans())
            sub = ind if indentless else ind + "  "
            for _ in range(draw(st.integers(1, 3))):
                if draw(st.booleans()):
                    lines.append(f"{sub}- {draw(_scalar)}")
                else:
                    inner = draw(_doc(depth + 2)).split("\n")
                    first = inner[0][len(sub) + 2:] if inner[0].startswith(sub + "  ") else None
                    if first is None:
                        lines.append(f"{sub}- {draw(_scalar)}")
                    else:
                        lines.append(f"{sub}- {first}")
                        lines.extend(inner[1:])
    return "\n".join(lines)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_doc(), st.sampled_from(["", "\n", "\n\n", "\n# end\n", "\n# end"]))
def test_random_documents_same_as_ruamel_or_fallback(doc: str, tail: str) -> None:
    text = doc + tail
    tree = fast(text, 1)
    if tree is None:
        return
    ref = reference(text, 1)
    assert ref is not None, text
    assert ref == (tree, []), text
