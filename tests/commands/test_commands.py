"""Each command's ``run(options) -> Result``, called directly as a library user would: the exit
status, the diagnostics or rows the CLI prints, and the files written (or not)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from qmsdoc_testing import TODAY, MakeRepo, sub

from qmsdoc.commands import (
    build,
    check,
    coverage,
    doctor,
    due,
    fmt,
    history,
    init,
    new,
    release,
    rules,
    schema,
)


def _git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_DATE": "2026-01-20T09:00:00+07:00",
           "GIT_COMMITTER_DATE": "2026-01-20T09:00:00+07:00"}
    subprocess.run(["git", "-c", "user.name=Phạm Thị Dung", "-c", "user.email=d@example.vn",
                    "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false", *args],
                   cwd=root, env=env, check=True, capture_output=True)


def _committed(root: Path) -> Path:
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "Khởi tạo")
    return root


#: The minimal repository leaves clauses uncovered (QMS505 errors): turned off in qms.yaml, so
#: that it checks clean and builds.
_CLEAN: dict[str, object] = {"qms.yaml": lambda t: t + "rules:\n  ignore: [QMS505]\n"}
_BROKEN = {**_CLEAN, "quy-trinh/QT-01.md": sub("owner: van-phong", "owner: khong-co")}


# -- check ---------------------------------------------------------------------------------


def test_check_clean_repository_exits_0(make_repo: MakeRepo) -> None:
    result = check.run(check.Options(make_repo(_CLEAN), today=TODAY, cache=False))
    assert result.status == 0 and result.error is None
    assert not [d for d in result.diagnostics if d.severity.value == "error"]


def test_check_reports_an_error_with_its_file_and_exits_1(make_repo: MakeRepo) -> None:
    result = check.run(check.Options(make_repo(_BROKEN), today=TODAY, cache=False))
    assert result.status == 1
    errors = [d for d in result.diagnostics if d.severity.value == "error"]
    assert errors and all(d.span.path == "quy-trinh/QT-01.md" for d in errors)


def test_check_answers_the_second_run_from_the_cache(make_repo: MakeRepo,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_repo(_BROKEN)
    first = check.run(check.Options(root, today=TODAY))
    assert (root / ".qmsdoc" / "cache").is_dir()

    def no_load(*args: object, **kwargs: object) -> None:
        raise AssertionError("an unchanged repository is answered from the cache")

    monkeypatch.setattr(check, "check_repository", no_load)
    second = check.run(check.Options(root, today=TODAY))
    assert second.status == first.status == 1
    assert [(d.code, d.span.line) for d in second.diagnostics] == \
        [(d.code, d.span.line) for d in first.diagnostics]


def test_check_usage_errors_exit_2(make_repo: MakeRepo, tmp_path: Path) -> None:
    bad = check.run(check.Options(make_repo(_CLEAN), select=("QMS999x",), cache=False))
    assert bad.status == 2 and bad.error is not None and "QMS999x" in bad.error[1]
    none = check.run(check.Options(tmp_path / "empty-folder", cache=False))
    assert none.status == 2 and none.error is not None and not none.diagnostics


def test_check_changed_since_an_unknown_revision_exits_2(make_repo: MakeRepo) -> None:
    root = _committed(make_repo(_CLEAN))
    result = check.run(check.Options(root, changed_since="no-such-rev", today=TODAY))
    assert result.status == 2 and result.error is not None


# -- coverage ------------------------------------------------------------------------------


def test_coverage_gives_the_matrix_and_its_status(make_repo: MakeRepo, tmp_path: Path) -> None:
    result = coverage.run(coverage.Options(make_repo(_CLEAN), TODAY))
    assert result.run is not None and result.run.result.clauses
    assert result.status == (1 if result.run.failed else 0)
    assert coverage.run(coverage.Options(tmp_path / "nothing")).status == 2


# -- history and release -------------------------------------------------------------------


def test_history_lists_each_document_and_refuses_an_unknown_code(make_repo: MakeRepo) -> None:
    root = _committed(make_repo(_CLEAN))
    result = history.run(history.Options(root, cache=False))
    assert result.status == 0
    codes = {json.loads(e.json)["code"] for e in result.entries}
    assert {"QT-01", "BM-01"} <= codes
    one = history.run(history.Options(root, ("qt-01",), cache=False))
    assert [json.loads(e.json)["code"] for e in one.entries] == ["QT-01"]
    missing = history.run(history.Options(root, ("QT-99",), cache=False))
    assert missing.status == 2 and missing.error is not None and "QT-99" in missing.error[1]


def test_release_dry_run_plans_without_tagging(make_repo: MakeRepo) -> None:
    root = _committed(make_repo(_CLEAN))
    result = release.run(release.Options(root, dry_run=True))
    assert result.status == 0 and result.plan is not None and result.applied is None
    assert result.plan.baseline
    tags = subprocess.run(["git", "tag"], cwd=root, capture_output=True, text=True).stdout
    assert tags.strip() == ""


def test_release_is_refused_while_the_check_finds_errors(make_repo: MakeRepo) -> None:
    root = _committed(make_repo(_BROKEN))
    result = release.run(release.Options(root))
    assert result.status == 1 and result.error is not None
    assert "qmsdoc check" in result.error[1]


# -- build ---------------------------------------------------------------------------------


def test_build_writes_the_set_and_refuses_a_repository_with_errors(make_repo: MakeRepo) -> None:
    root = make_repo(_CLEAN)
    result = build.run(build.Options(root, formats=("docx",), jobs=1, today=TODAY))
    assert result.status == 0 and result.build is not None
    assert (root / "_build" / "manifest.json").is_file()
    assert any(f.endswith(".docx") for f in result.build.written)

    broken = make_repo(_BROKEN)
    refused = build.run(build.Options(broken, formats=("docx",), jobs=1, today=TODAY))
    assert refused.status == 1 and refused.build is not None and refused.build.refused
    assert refused.diagnostics and not (broken / "_build" / "manifest.json").exists()


# -- due, fmt ------------------------------------------------------------------------------


def test_due_lists_items_and_refuses_a_bad_horizon(make_repo: MakeRepo) -> None:
    root = make_repo(_CLEAN)
    result = due.run(due.Options(root, "1y", TODAY))
    assert result.error is None and result.until is not None
    assert result.status == (1 if result.overdue else 0)
    assert all(i.due <= result.until for i in result.items)
    bad = due.run(due.Options(root, "soon", TODAY))
    assert bad.status == 2 and bad.error is not None and "soon" in bad.error[1]


def test_fmt_check_writes_nothing_and_fmt_writes(make_repo: MakeRepo) -> None:
    root = make_repo({**_CLEAN, "muc-tieu.yaml": lambda t: t + "\n\n\n"})  # trailing blanks
    path = root / "muc-tieu.yaml"
    before = path.read_bytes()
    checked = fmt.run(fmt.Options((root,), check=True, cache=False))
    assert checked.status == 1 and checked.changed
    assert all(o.rel.endswith("muc-tieu.yaml") for o in checked.changed)
    assert path.read_bytes() == before
    written = fmt.run(fmt.Options((root,), cache=False))
    assert written.status == 0 and written.changed and path.read_bytes() != before
    assert fmt.run(fmt.Options((root,), check=True, cache=False)).status == 0
    assert fmt.run(fmt.Options((root / "nope",))).status == 2


# -- init, new -----------------------------------------------------------------------------


def test_init_writes_a_repository_that_checks(tmp_path: Path) -> None:
    target = tmp_path / "moi"
    result = init.run(init.InitOptions(target, init.available_profiles()[0], "UBND xã Hòa Phong",
                                       git=False, today=TODAY))
    assert result.status == 0 and result.init is not None and result.init.written
    assert (target / "qms.yaml").is_file()
    assert check.run(check.Options(target, today=TODAY, cache=False)).status == 0
    unknown = init.run(init.InitOptions(tmp_path / "x", "khong-co", "UBND"))
    assert unknown.status == 2 and not (tmp_path / "x").exists()


def test_new_dry_run_writes_nothing_then_new_writes(make_repo: MakeRepo) -> None:
    root = make_repo(_CLEAN)
    planned = new.run(new.Options("procedure", "Quy trình thử", root, dry_run=True, today=TODAY))
    assert planned.status == 0 and planned.document is not None
    assert planned.document.code == "QT-02" and not planned.document.path.exists()
    written = new.run(new.Options("procedure", "Quy trình thử", root, today=TODAY))
    assert written.document is not None and written.document.path.is_file()
    again = new.run(new.Options("procedure", "Quy trình thử", root, code="QT-02", today=TODAY))
    assert again.status == 2 and again.error is not None


# -- doctor, schema, rules -----------------------------------------------------------------


def test_doctor_reads_the_font_of_qms_yaml(make_repo: MakeRepo) -> None:
    root = make_repo({"qms.yaml": lambda t: t + "output:\n  font: Phông Thử\n"})
    result = doctor.run(doctor.Options(root))
    assert result.status == 0 and result.report.requested_font == "Phông Thử"
    assert doctor.run(doctor.Options(root, font="Arial")).report.requested_font == "Arial"


def test_schema_writes_one_file_per_kind_and_refuses_an_unknown_kind(tmp_path: Path) -> None:
    result = schema.run(schema.Options(out=tmp_path / "s"))
    assert result.status == 0 and result.written
    assert (tmp_path / "s" / "procedure.schema.json").is_file()
    one = json.loads(schema.run(schema.Options("procedure")).text)
    assert one == json.loads((tmp_path / "s" / "procedure.schema.json").read_text("utf-8"))
    assert schema.run(schema.Options("khong-co")).status == 2


def test_rules_explains_one_rule_and_refuses_an_unknown_one() -> None:
    every = rules.run(rules.Options())
    assert every.status == 0 and len(every.rules) > 10
    code = every.rules[0].code
    one = rules.run(rules.Options(code.lower()))
    assert [r.code for r in one.rules] == [code]
    none = rules.run(rules.Options("QMS000"))
    assert none.status == 2 and none.error == ("Không có quy tắc QMS000.", "No rule QMS000.")


def test_warm_check_imports_neither_the_loader_nor_the_rules(make_repo: MakeRepo) -> None:
    """The cache hit is answered by commands.check alone (the start-up budget of a warm check)."""
    import sys

    root = make_repo(_BROKEN)
    cmd = [sys.executable, "-X", "importtime", "-m", "qmsdoc", "check", str(root),
           "--today", TODAY.isoformat()]
    cold = subprocess.run(cmd, capture_output=True, text=True)
    warm = subprocess.run(cmd, capture_output=True, text=True)
    assert cold.returncode == warm.returncode == 1 and warm.stdout == cold.stdout

    def imported(stderr: str) -> set[str]:
        return {line.rsplit("|", 1)[-1].strip() for line in stderr.splitlines()
                if line.startswith("import time:")}

    heavy = ("qmsdoc.load.files", "qmsdoc.load.yamlpos", "qmsdoc.load.convert", "qmsdoc.rules",
             "qmsdoc.history")  # the cache lists files with qmsdoc.load.discover, reads none
    assert {"qmsdoc.load.files", "qmsdoc.rules.engine"} <= imported(cold.stderr)
    assert "qmsdoc.commands.check" in imported(warm.stderr)
    assert not {m for m in imported(warm.stderr) if m.startswith(heavy)}
