"""``qmsdoc fmt``: idempotent, keeps every comment, ``--check`` for CI, never touches bad YAML."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from qmsdoc_testing import MakeRepo
from typer.testing import CliRunner

from qmsdoc.cli import app
from qmsdoc.fmt import format_text

runner = CliRunner()


def _fmt(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["fmt", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def _comments(root: Path) -> list[str]:
    """Every comment (and Markdown heading) of the sources, as a sorted multiset."""
    out = []
    for p in sorted(root.rglob("*")):
        if p.suffix in (".yaml", ".md"):
            text = p.read_text(encoding="utf-8")
            out += [m.group(1).strip() for m in re.finditer(r"(?:^|\s)(#.*)$", text, re.M)]
    return sorted(out)


def test_fmt_twice_changes_nothing_the_second_time_and_keeps_comments(sample_copy: Path) -> None:
    before_comments = _comments(sample_copy)
    code, _ = _fmt(str(sample_copy))
    assert code == 0
    first = _snapshot(sample_copy)
    assert _comments(sample_copy) == before_comments
    code, out = _fmt(str(sample_copy))
    assert code == 0
    assert _snapshot(sample_copy) == first
    assert "0" in out
    code, out = _fmt(str(sample_copy), "--check")
    assert code == 0, out


def test_check_reports_nfd_and_writes_nothing(make_repo: MakeRepo) -> None:
    root = make_repo()
    assert _fmt(str(root))[0] == 0
    p = root / "quy-trinh" / "QT-01.md"
    nfd = p.read_text(encoding="utf-8").replace(
        "Tiếp nhận hồ sơ", unicodedata.normalize("NFD", "Tiếp nhận hồ sơ"))
    p.write_text(nfd, encoding="utf-8")
    before = _snapshot(root)
    code, out = _fmt(str(root), "--check")
    assert code == 1
    assert "quy-trinh/QT-01.md" in out
    assert _snapshot(root) == before
    assert _fmt(str(root))[0] == 0
    assert unicodedata.is_normalized("NFC", p.read_text(encoding="utf-8"))
    assert _fmt(str(root), "--check")[0] == 0


def test_key_order_dates_and_indentation() -> None:
    src = (
        "---\n"
        "# đầu tệp\n"
        "title: Quy trình thử  # tên\n"
        "kind: procedure\n"
        "code: QT-01\n"
        "issued: 15/01/2026  # ngày ban hành\n"
        "edition: 1\n"
        "steps:\n"
        "# các bước\n"
        "- duration: 1 giờ\n"
        "  action: Tiếp nhận\n"
        "  responsible: a\n"
        "custom: giữ nguyên\n"
        "---\n\n"
        "Nội dung  \n"
        "giữ nguyên\n\n\n"
    )
    out = format_text("a.md", src)
    assert out.startswith("---\n# đầu tệp\nkind: procedure\ncode: QT-01\ntitle: Quy trình thử")
    assert "issued: 2026-01-15  # ngày ban hành\n" in out
    steps = "\nsteps:\n# các bước\n  - action: Tiếp nhận\n    responsible: a\n    duration: 1 giờ\n"
    assert steps in out
    assert "custom: giữ nguyên\n---\n" in out
    assert out.endswith("Nội dung  \ngiữ nguyên\n")  # body kept, only the end normalised
    assert format_text("a.md", out) == out


def test_files_with_yaml_errors_are_reported_and_left_alone(make_repo: MakeRepo) -> None:
    root = make_repo({"bad.yaml": "kind: form\ntitle: [không đóng\n"})
    data = (root / "bad.yaml").read_bytes()
    code, out = _fmt(str(root))
    assert code == 1
    assert "bad.yaml:" in out
    assert (root / "bad.yaml").read_bytes() == data


def test_unknown_files_only_get_text_normalisation(make_repo: MakeRepo) -> None:
    text = "name:   giữ nguyên\nlist:\n- a\n"
    root = make_repo({"khac.yaml": text, "README.md": "# Đọc tôi\n\n\n"})
    assert _fmt(str(root))[0] == 0
    assert (root / "khac.yaml").read_text(encoding="utf-8") == text
    assert (root / "README.md").read_text(encoding="utf-8") == "# Đọc tôi\n"


def test_single_file_and_english(make_repo: MakeRepo) -> None:
    root = make_repo({"muc-tieu.yaml": lambda t: t.replace("kind: objectives\ncode: MTCL-2026\n",
                                                           "code: MTCL-2026\nkind: objectives\n")})
    code, out = _fmt(str(root / "muc-tieu.yaml"), "--check", "--lang", "en")
    assert code == 1 and "would reformat" in out
    assert _fmt(str(root / "khong-co.yaml"))[0] == 2


def test_anchors_and_merge_keys_are_kept_in_place() -> None:
    src = ("kind: legal-register\nbase: &b\n  type: Luật\ndocuments:\n  - <<: *b\n"
           "    title: Luật A\n    id: 1/2020/QH14\n    issued: 01/02/2020\n")
    out = format_text("x.yaml", src)
    assert out == src.replace("01/02/2020", "2020-02-01")
    assert format_text("x.yaml", out) == out


# ---- migration of old duration spellings (issue 15) -------------------------------------------

def test_migrate_durations_rewrites_only_certain_spellings() -> None:
    from qmsdoc.migrate import migrate_durations

    old = ("steps:\n  - action: x\n    duration: 1 day\n  - action: y\n    duration: 4h  # note\n"
           "  - action: z\n    duration: \"0,5 ngày\"\n"
           "processing_time: 15 ngày theo lịch, kể từ ngày nhận đủ hồ sơ hợp lệ\n"
           "action: 1 day\n")
    new = migrate_durations(old)
    assert "duration: 1 ngày làm việc\n" in new
    assert "duration: 4 giờ  # note\n" in new
    # A bare "ngày" with no stated reading is not certain: left alone.
    assert 'duration: "0,5 ngày"\n' in new
    assert "processing_time: 15 ngày, kể từ ngày nhận đủ hồ sơ hợp lệ\n" in new
    assert "action: 1 day\n" in new  # not a duration key
    working = migrate_durations(old, bare_day_is_working=True)
    assert 'duration: "0,5 ngày làm việc"\n' in working
    assert "processing_time: 15 ngày theo lịch, kể từ" in working


def test_fmt_migrates_with_the_repository_reading(tmp_path: Path) -> None:
    from qmsdoc.fmt import format_paths

    (tmp_path / "qms.yaml").write_text("calendar:\n  bare_day: working\n", encoding="utf-8")
    doc = tmp_path / "quy-trinh" / "QT-01.md"
    doc.parent.mkdir()
    doc.write_text("---\nkind: procedure\ncode: QT-01\nprocessing_time: 2 ngày\nsteps:\n"
                   "  - action: a\n    duration: 1 day\n---\n", encoding="utf-8")
    format_paths([tmp_path / "quy-trinh"])
    text = doc.read_text(encoding="utf-8")
    assert "processing_time: 2 ngày làm việc" in text
    assert "duration: 1 ngày làm việc" in text


def test_migration_never_touches_a_block_scalar_or_the_body(tmp_path: Path) -> None:
    from qmsdoc.fmt import format_paths

    (tmp_path / "qms.yaml").write_text("calendar:\n  bare_day: working\n", encoding="utf-8")
    doc = tmp_path / "quy-trinh" / "QT-01.md"
    doc.parent.mkdir()
    doc.write_text("---\nkind: procedure\ncode: QT-01\nconditions: |\n  duration: 1 day\n"
                   "steps:\n  - action: a\n    duration: 1 day\n---\n\nduration: 2 days\n",
                   encoding="utf-8")
    format_paths([tmp_path / "quy-trinh"])
    text = doc.read_text(encoding="utf-8")
    assert "  duration: 1 day\nsteps:" in text  # the block's text is data, kept as written
    assert text.endswith("\nduration: 2 days\n")  # so is the body
