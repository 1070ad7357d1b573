"""``qmsdoc fmt`` never changes what a file means, and never replaces a symbolic link.

Issue 13, findings 3 (a line inside a literal block scalar that looks like a long flow list was
re-wrapped) and 8 (a symlinked source was replaced by a regular file).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import string
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from qmsdoc_testing import MakeRepo
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from typer.testing import CliRunner

import qmsdoc.fmt as fmt
from qmsdoc.cli import app
from qmsdoc.fmt import FormatError, format_bytes
from qmsdoc.load.files import split_front_matter

runner = CliRunner()
LONG_FLOW = "ghi_chu: [" + ", ".join(f"muc-{i}" for i in range(30)) + "]"


def _doc(conditions: str, extra: str = "") -> str:
    block = "".join(f"  {line}\n" if line else "\n" for line in conditions.split("\n"))
    return (f"---\nkind: procedure\ncode: QT-01\ntitle: Quy trình thử\n{extra}"
            f"conditions: |\n{block}---\n\nNội dung.\n")


def _meaning(rel: str, text: str) -> tuple[object, str]:
    """What the file says, read independently of qmsdoc.fmt (ruamel's safe loader)."""
    text = unicodedata.normalize("NFC", text)
    body = ""
    if rel.endswith(".md"):
        split = split_front_matter(text)
        assert split is not None
        text, body, _ = split
    return YAML(typ="safe", pure=True).load(text), body.rstrip()


def test_a_flow_list_lookalike_inside_a_literal_block_is_kept(make_repo: MakeRepo) -> None:
    src = _doc(f"Điều kiện:\n{LONG_FLOW}\nhết.")
    root = make_repo({"quy-trinh/QT-09.md": src.replace("QT-01", "QT-09")})
    path = root / "quy-trinh" / "QT-09.md"
    before = _meaning("a.md", path.read_text(encoding="utf-8"))
    result = runner.invoke(app, ["fmt", str(root)])
    assert result.exit_code == 0, result.output
    assert _meaning("a.md", path.read_text(encoding="utf-8")) == before
    assert f"  {LONG_FLOW}\n" in path.read_text(encoding="utf-8")


def test_a_real_long_flow_list_is_still_wrapped() -> None:
    src = _doc("x", extra="records: [" + ", ".join(f"BM-{i:02d}" for i in range(30)) + "]\n")
    out = format_bytes("a.md", src.encode()).decode()
    assert max(len(line) for line in out.split("\n")) <= fmt.WIDTH
    assert _meaning("a.md", out) == _meaning("a.md", src)


def test_fmt_refuses_to_write_a_file_whose_meaning_would_change(
        make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_repo()
    path = root / "quy-trinh" / "QT-01.md"
    data = path.read_bytes()
    real = fmt.format_text

    def corrupting(rel: str, text: str, *, is_config: bool = False) -> str:
        out = real(rel, text, is_config=is_config)
        return out.replace("title: ", "title: X", 1) if rel.endswith("QT-01.md") else out

    monkeypatch.setattr(fmt, "format_text", corrupting)
    # The file is canonical already: without this the round trip would not even run.
    monkeypatch.setattr(fmt, "is_canonical", lambda *a, **k: False)
    result = runner.invoke(app, ["fmt", str(root), "--lang", "en"])
    assert result.exit_code == 1
    assert "QT-01.md" in result.output and "would change the value of title" in result.output
    assert path.read_bytes() == data


def test_keep_chomping_at_the_end_of_a_yaml_file_is_refused_not_changed() -> None:
    data = b"kind: register\ncode: DM-01\ntitle: a\nnote: |+\n  a\n\n\n"
    with pytest.raises(FormatError):
        format_bytes("x.yaml", data)


_WORD = st.text(alphabet=string.ascii_lowercase + "àáảãạăắđêếôơưữ", min_size=1, max_size=12)
_LINE = st.one_of(
    _WORD,
    st.builds(lambda k, items: f"{k}: [{', '.join(items)}]", _WORD,
              st.lists(_WORD, min_size=1, max_size=40)),
    st.builds(lambda k, v: f"{k}: {v}", _WORD, _WORD),
    st.builds(lambda a, b: f"- {a}, {b}", _WORD, _WORD),
    st.just("15/01/2026"),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(_LINE, min_size=1, max_size=8),
       records=st.lists(_WORD, min_size=0, max_size=40),
       nfd=st.booleans(), date=st.sampled_from(["15/01/2026", "2026-01-15", "1/2/2026"]))
def test_fmt_never_changes_the_loaded_meaning(lines: list[str], records: list[str],
                                              nfd: bool, date: str) -> None:
    extra = f"issued: {date}\n"
    if records:
        extra += "records: [" + ", ".join(records) + "]\n"
    src = _doc("\n".join(lines), extra=extra)
    if nfd:
        src = unicodedata.normalize("NFD", src)
    out = format_bytes("a.md", src.encode()).decode()  # never refuses these well-formed files
    old, new = _meaning("a.md", src), _meaning("a.md", out)
    assert isinstance(old[0], dict) and isinstance(new[0], dict)
    assert new[0].pop("issued") == fmt.as_date(str(old[0].pop("issued")))
    assert new == old
    assert format_bytes("a.md", out.encode()).decode() == out


def test_a_symlinked_source_inside_the_repository_is_edited_through_the_link(
        make_repo: MakeRepo) -> None:
    root = make_repo()
    real = root / "quy-trinh" / "QT-01.md"
    real.write_text(real.read_text(encoding="utf-8").replace(
        "Tiếp nhận hồ sơ", unicodedata.normalize("NFD", "Tiếp nhận hồ sơ")), encoding="utf-8")
    (root / "lien-ket").mkdir()
    link = root / "lien-ket" / "QT-01.md"
    link.symlink_to(os.path.relpath(real, link.parent))
    result = runner.invoke(app, ["fmt", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert unicodedata.is_normalized("NFC", real.read_text(encoding="utf-8"))
    assert "QT-01.md" in result.output


def test_a_symlink_out_of_the_repository_is_skipped_with_a_notice(
        make_repo: MakeRepo, tmp_path: Path) -> None:
    root = make_repo()
    outside = tmp_path / "ngoai.yaml"
    data = "code: MTCL-9\nkind: objectives\ntitle: ngoài kho\n".encode()
    outside.write_bytes(data)
    link = root / "ngoai.yaml"
    link.symlink_to(outside)
    for args in ([str(root)], [str(link)]):
        result = runner.invoke(app, ["fmt", *args, "--lang", "en"])
        assert "ngoai.yaml" in result.output and "outside the repository" in result.output
        assert link.is_symlink() and outside.read_bytes() == data


def test_the_canonical_cache_skips_known_files_and_never_hides_an_edit(
        make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_repo()
    assert runner.invoke(app, ["fmt", str(root)]).exit_code == 0
    assert (root / ".qmsdoc" / "cache" / "fmt.json").is_file()
    calls: list[str] = []
    real = fmt.format_bytes

    def counting(rel: str, data: bytes, *, is_config: bool = False) -> bytes:
        calls.append(rel)
        return real(rel, data, is_config=is_config)

    monkeypatch.setattr(fmt, "format_bytes", counting)
    assert runner.invoke(app, ["fmt", str(root), "--check"]).exit_code == 0
    assert calls == []  # every file known canonical: no round trip
    p = root / "quy-trinh" / "QT-01.md"
    p.write_text(p.read_text(encoding="utf-8").replace("kind: procedure\ncode: QT-01\n",
                                                       "code: QT-01\nkind: procedure\n"),
                 encoding="utf-8")
    result = runner.invoke(app, ["fmt", str(root), "--check"])
    assert result.exit_code == 1 and "QT-01.md" in result.output
    assert calls == [str(root / "quy-trinh" / "QT-01.md")]


_SCALAR = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                    st.dates(dt.date(1990, 1, 1), dt.date(2100, 1, 1)),
                    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
                            max_size=30),
                    st.text(alphabet="ab :,[]{}#&*!|>'\"%@`-\n", max_size=20))
_DATA = st.recursive(_SCALAR, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.text(alphabet=string.ascii_lowercase + "_", min_size=1, max_size=8),
                    inner, max_size=4)), max_leaves=20)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.dictionaries(st.sampled_from(["title", "owner", "issued", "objectives", "x_y",
                                             "notes", "scope"]), _DATA, max_size=5),
       flow=st.sampled_from([None, True, False]), md=st.booleans())
def test_fmt_keeps_the_meaning_of_arbitrary_yaml_or_refuses(data: dict[str, object],
                                                            flow: bool | None, md: bool) -> None:
    """Any YAML value under a qmsdoc kind: fmt's output means the same, or fmt refuses."""
    y = YAML(typ="safe", pure=True)
    y.default_flow_style = flow
    buf = io.StringIO()
    y.dump({"kind": "objectives", "code": "MTCL-1", **data}, buf)
    rel = "a.md" if md else "a.yaml"
    src = f"---\n{buf.getvalue()}---\n\nNội dung.\n" if md else buf.getvalue()
    try:
        before = _meaning(rel, src)
    except YAMLError:  # ruamel's dumper wrote text its own reader refuses ("{a: :0}" in flow)
        assume(False)
    try:
        out = format_bytes(rel, src.encode()).decode()
    except FormatError:
        return  # refused: the file is left as it is
    old, new = before, _meaning(rel, out)
    assert isinstance(old[0], dict) and isinstance(new[0], dict)
    for key in ("issued",):  # a date field: 15/01/2026-style text may become a date
        if key in old[0] and isinstance(old[0][key], str) and fmt.as_date(old[0][key]):
            assert new[0].pop(key) == fmt.as_date(old[0].pop(key))
    assert new == old


def test_a_complex_key_is_an_error_at_its_line(make_repo: MakeRepo) -> None:
    # ruamel cannot hash a key that holds a list: fmt used to stop with "internal error".
    root = make_repo()
    path = root / "quy-trinh" / "QT-01.md"
    text = path.read_text(encoding="utf-8")
    head, rest = text.split("\n", 1)
    spoiled = f"{head}\n? kết quả:\n  - a\n: 1\n{rest}"
    path.write_text(spoiled, encoding="utf-8")
    result = runner.invoke(app, ["fmt", "--check", str(root)])
    assert result.exit_code == 1
    assert "QT-01.md:2:3" in result.output and "khóa phức" in result.output
    assert "Lỗi nội bộ" not in result.output
    assert path.read_text(encoding="utf-8") == spoiled
