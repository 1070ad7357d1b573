"""End to end: ``qmsdoc check`` on the sample manual and on broken copies of it."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
from qmsdoc_testing import SAMPLE
from typer.testing import CliRunner

from qmsdoc.cli import app

runner = CliRunner()
KHAI_SINH = "quy-trinh-tthc/QT-10-dang-ky-khai-sinh.md"


def check(path: Path, *args: str) -> tuple[int, list[dict[str, object]]]:
    result = runner.invoke(app, ["check", str(path), "--format", "json", "--today",
                                 "2026-11-22", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout)


def line_of(path: Path, needle: str, start: int = 1) -> int:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if n >= start and needle in line:
            return n
    raise AssertionError(needle)


def test_sample_manual_has_no_errors() -> None:
    code, diags = check(SAMPLE)
    assert code == 0, diags
    assert [d for d in diags if d["severity"] == "error"] == []


def test_json_shape() -> None:
    code, diags = check(SAMPLE, "--select", "ALL")
    for d in diags:
        assert {"code", "severity", "path", "line", "column", "message"} <= d.keys()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _sub(path: Path, pattern: str, repl: str) -> int:
    """Regex-replace the first match in a file; returns the line changed."""
    text = path.read_text(encoding="utf-8")
    m = re.search(pattern, text, re.M)
    assert m, pattern
    path.write_text(re.sub(pattern, repl, text, count=1, flags=re.M), encoding="utf-8")
    return text[: m.start()].count("\n") + 1


def _set_status(register: Path, doc_id: str, status: str) -> None:
    """Set the status of one entry of the legal register (text edit, keeps the rest)."""
    lines = register.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.strip() == f"- id: {doc_id}")
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("  - ")),
               len(lines))
    entry = [line for line in lines[start + 1:end] if not line.startswith("    status:")]
    lines[start + 1:end] = [f"    status: {status}\n", *entry]
    register.write_text("".join(lines), encoding="utf-8")


def _first_step_form(p: Path) -> str:
    m = re.search(r"^    forms: \[(BM-[\w-]+)", p.read_text(encoding="utf-8"), re.M)
    assert m
    return m.group(1)


def test_planted_defects_are_each_reported_at_their_line(sample_copy: Path) -> None:
    ks = sample_copy / KHAI_SINH
    # 1. a step naming a form that does not exist
    form = _first_step_form(ks)
    _edit(ks, f"    forms: [{form}", "    forms: [BM-99")
    expect = [("QMS201", KHAI_SINH, line_of(ks, "forms: [BM-99"))]
    # 2. two documents with the same code
    dup = sample_copy / "quy-trinh-tthc" / "zz-ban-sao.md"
    dup.write_text(ks.read_text(encoding="utf-8").replace("forms: [BM-99", f"forms: [{form}"),
                   encoding="utf-8")
    expect.append(("QMS101", "quy-trinh-tthc/zz-ban-sao.md", line_of(dup, "code: QT-10")))
    # 3. steps that exceed the legal processing time
    _sub(ks, r"^processing_time: .*$", "processing_time: 1 giờ")
    expect.append(("QMS301", KHAI_SINH, line_of(ks, "steps:")))
    # 4. a step whose responsible role is not defined
    line = _sub(ks, r"^(    responsible: ).*$", r"\1vai-tro-khong-co")
    expect.append(("QMS202", KHAI_SINH, line))
    # 5. a legal basis entry pointing at a repealed document
    m = re.search(r"^  - ref: (\S+)", ks.read_text(encoding="utf-8"), re.M)
    assert m
    reg = next(p for p in sample_copy.rglob("*.yaml") if "kind: legal-register" in p.read_text())
    _set_status(reg, m[1], "repealed")
    expect.append(("QMS206", KHAI_SINH, line_of(ks, f"ref: {m[1]}")))
    # 6. a YAML syntax error in one front matter
    other = sample_copy / "quy-trinh-tthc" / "loi-cu-phap.md"
    other.write_text("---\nkind: procedure\ncode: QT-98\ntitle: Lỗi: cú pháp\n---\n",
                     encoding="utf-8")
    expect.append(("QMS001", "quy-trinh-tthc/loi-cu-phap.md", 4))
    # 7. a file saved in NFD
    nfd = sample_copy / "quy-trinh-tthc" / "nfd.md"
    nfd.write_text(unicodedata.normalize("NFD", dup.read_text(encoding="utf-8"))
                   .replace("QT-10", "QT-97"), encoding="utf-8")
    expect.append(("QMS005", "quy-trinh-tthc/nfd.md", line_of(nfd, "title:")))
    # 8. an objective with no plan
    obj = next(p for p in sample_copy.rglob("*.yaml") if "kind: objectives" in p.read_text())
    text = obj.read_text(encoding="utf-8")
    first = line_of(obj, "    plan:")
    lines = text.splitlines(keepends=True)
    end = first
    while end < len(lines) and (lines[end].startswith("      ") or not lines[end].strip()):
        end += 1
    obj.write_text("".join(lines[:first - 1] + lines[end:]), encoding="utf-8")
    obj_id_line = max(n for n in range(1, first) if "  - id:" in lines[n - 1])
    expect.append(("QMS403", str(obj.relative_to(sample_copy)), obj_id_line))

    code, diags = check(sample_copy)
    assert code == 1
    found = {(d["code"], d["path"], d["line"]) for d in diags}
    for item in expect:
        assert item in found, (item, sorted(x for x in found if x[0] == item[0]))


@pytest.mark.parametrize("name,data", [
    ("trong.md", b""),
    ("nhi-phan.yaml", bytes(range(256)) * 8),
    ("sai-utf8.md", b"---\nkind: form\ntitle: \xff\xfe\n---\n"),
    ("khong-dong.md", b"---\nkind: form\ncode: BM-77\n"),
    ("bom-alias.yaml", ("kind: form\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n"
        for p, c in zip("abcdefghi", "bcdefghij", strict=True))
     ).encode()),
])
def test_broken_files_never_crash(sample_copy: Path, name: str, data: bytes) -> None:
    (sample_copy / name).write_bytes(data)
    result = runner.invoke(app, ["check", str(sample_copy), "--format", "json"])
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    diags = json.loads(result.stdout)
    assert any(d["path"] == name for d in diags)


def test_huge_file_is_refused_not_read(sample_copy: Path) -> None:
    with (sample_copy / "lon.yaml").open("wb") as fh:
        fh.write(b"kind: form\nnote: " + b"x" * (20 * 1024 * 1024) + b"\n")
    code, diags = check(sample_copy)
    assert ("QMS010", "lon.yaml") in {(d["code"], d["path"]) for d in diags}


def test_not_a_repository_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(tmp_path)])
    assert result.exit_code == 2
    assert "qms.yaml" in result.output


def test_english_messages_and_formats(sample_copy: Path) -> None:
    _sub(sample_copy / KHAI_SINH, r"^(    responsible: ).*$", r"\1khong-co")
    result = runner.invoke(app, ["check", str(sample_copy), "--lang", "en", "--format", "text"])
    assert result.exit_code == 1 and "is not declared in qms.yaml" in result.stdout
    gh = runner.invoke(app, ["check", str(sample_copy), "--format", "github"])
    assert "::error file=" in gh.stdout and "QMS202" in gh.stdout
    sarif = json.loads(runner.invoke(app, ["check", str(sample_copy), "-f", "sarif"]).stdout)
    results = sarif["runs"][0]["results"]
    assert any(r["ruleId"] == "QMS202" for r in results)


def test_select_and_ignore(sample_copy: Path) -> None:
    _sub(sample_copy / KHAI_SINH, r"^(    responsible: ).*$", r"\1khong-co")
    assert check(sample_copy, "--ignore", "QMS202")[0] == 0
    assert check(sample_copy, "--ignore", "references")[0] == 0
    code, diags = check(sample_copy, "--select", "QMS2", "--ignore", "unknown-role")
    assert code == 0
    bad = runner.invoke(app, ["check", str(sample_copy), "--select", "QMS999"])
    assert bad.exit_code == 2


def test_config_ignore(sample_copy: Path) -> None:
    _sub(sample_copy / KHAI_SINH, r"^(    responsible: ).*$", r"\1khong-co")
    with (sample_copy / "qms.yaml").open("a", encoding="utf-8") as fh:
        fh.write("rules:\n  ignore: [QMS202]\n")
    assert check(sample_copy)[0] == 0
    # the command line beats the configuration
    assert check(sample_copy, "--select", "QMS202")[0] == 1


def test_help_texts() -> None:
    for args in (["--help"], ["check", "--help"], ["rules"], ["rules", "QMS301"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, args
        assert result.stdout.strip()
