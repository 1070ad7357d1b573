"""Clause coverage: matching semantics, statuses, the matrix, and ``qmsdoc coverage`` end to end."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from coverage_repo import MAN, META, full, sub
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from qmsdoc.cli import app
from qmsdoc.coverage import CoverageResult, compute_coverage, coverage_json, coverage_table
from qmsdoc.load import load_repository
from qmsdoc.standards import load_standard

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_manual"
TODAY = "2026-11-22"
MakeRepo = Callable[..., Path]
runner = CliRunner()
ALL_NUMBERS = [c.number for c in load_standard().clauses]


def _doc(code: str, clauses: str, kind: str = "instruction") -> str:
    return (f"---\nkind: {kind}\ncode: {code}\ntitle: Tài liệu {code}\n{META}"
            f"clauses: {clauses}\n---\n")


def _coverage(root: Path) -> CoverageResult:
    return compute_coverage(load_repository(root).repo)


def _only(make_repo: MakeRepo, clauses: str, **extra: object) -> CoverageResult:
    """Coverage of the minimal repository plus one instruction claiming ``clauses``."""
    return _coverage(make_repo({"hd.md": _doc("HD-01", clauses), **extra}))


# --------------------------------------------------------------------------- matching


def test_a_claim_covers_the_clause_and_its_sub_clauses_only(make_repo: MakeRepo) -> None:
    cov = _only(make_repo, '["7.1.5"]')
    for n in ("7.1.5", "7.1.5.1", "7.1.5.2"):
        assert "HD-01" in cov.get(n).codes  # type: ignore[union-attr]
    # not the parent, not a sibling, never a substring match
    assert "HD-01" not in cov.get("7.1").codes  # type: ignore[union-attr]
    assert "HD-01" not in cov.get("7.1.6").codes  # type: ignore[union-attr]
    assert cov.status("7.1") == "partial"
    assert cov.status("7.1.4") == "missing"
    assert cov.get("7.1.50") is None


def test_7_1_50_is_not_7_1_5(make_repo: MakeRepo) -> None:
    cov = _only(make_repo, '["7.1.50"]')
    assert cov.status("7.1.5") == "missing"
    assert [(u.raw, u.reason) for u in cov.unknown_claims] == [("7.1.50", "not-in-standard")]


def test_5_1_12_does_not_cover_5_1_1(make_repo: MakeRepo) -> None:
    cov = _only(make_repo, '["5.1.12"]')
    assert cov.status("5.1.1") == "missing"
    assert "HD-01" not in cov.get("5.1.1").codes  # type: ignore[union-attr]
    assert [u.raw for u in cov.unknown_claims] == ["5.1.12"]


def test_a_parent_claim_covers_every_descendant(make_repo: MakeRepo) -> None:
    cov = _only(make_repo, '["7.1"]')
    subtree = ["7.1", *(c.number for c in load_standard().descendants("7.1"))]
    # 7.1.5.1 has conditional documented information only: still covered
    assert {cov.status(n) for n in subtree} == {"covered"}
    claim = cov.get("7.1.5.1").claims[0]  # type: ignore[union-attr]
    assert claim.clause == "7.1" and claim.code == "HD-01"


def test_parent_covered_only_when_all_applicable_children_are(make_repo: MakeRepo) -> None:
    cov = _only(make_repo, '["7.1.5.1"]')
    assert cov.status("7.1.5.1") == "covered"
    assert cov.status("7.1.5") == "partial"  # 7.1.5.2 is applicable and missing
    excl = sub("departments:", '  exclusions:\n    - clause: "7.1.5.2"\n      justification: '
               "Không có thiết bị đo.\ndepartments:")
    cov = _only(make_repo, '["7.1.5.1"]', **{"qms.yaml": excl})
    assert cov.status("7.1.5.2") == "excluded"
    assert cov.status("7.1.5") == "covered"  # its only applicable sub-clause is covered


def test_a_parent_whose_children_are_all_excluded_is_excluded(make_repo: MakeRepo) -> None:
    entries = "".join(f'    - clause: "8.3.{i}"\n      justification: Không thiết kế.\n'
                      for i in range(1, 7))
    cov = _coverage(make_repo({"qms.yaml": sub("departments:", "  exclusions:\n" + entries +
                                               "departments:")}))
    assert cov.status("8.3") == "excluded"
    assert cov.get("8.3").exclusion.clause == "8.3.1"  # type: ignore[union-attr]


def test_one_claim_per_document_the_most_specific(make_repo: MakeRepo) -> None:
    cov = _only(make_repo, '["7", "7.1.5", "7.1.5", "7.1"]')
    (claim,) = cov.get("7.1.5.1").claims  # type: ignore[union-attr]
    assert claim.clause == "7.1.5"
    assert [c.clause for c in cov.claims if c.code == "HD-01"] == ["7", "7.1.5", "7.1"]


def test_unknown_and_malformed_numbers_are_ignored(make_repo: MakeRepo) -> None:
    cov = _only(make_repo, '["cl. 7.5", "7,1", "11", "7.0", "7.5"]')
    assert [(u.raw, u.reason) for u in cov.unknown_claims] == [
        ("cl. 7.5", "syntax"), ("7,1", "syntax"), ("11", "not-in-standard"),
        ("7.0", "syntax")]
    assert cov.status("7.5") == "covered"


def test_obsolete_documents_cover_nothing(make_repo: MakeRepo) -> None:
    doc = _doc("HD-01", '["7.1"]').replace("edition: 1", "edition: 1\nstatus: obsolete")
    cov = _coverage(make_repo({"hd.md": doc}))
    assert cov.status("7.1") == "missing"


def test_scope_statement_covers_4_3(make_repo: MakeRepo) -> None:
    cov = _coverage(make_repo())
    c = cov.get("4.3")
    assert c is not None and c.status == "covered" and c.codes == ["qms.yaml"]
    assert c.documented[0].satisfied


# --------------------------------------------------------------------------- exclusions


EXCLUDE_8_3 = '  exclusions:\n    - clause: "8.3"\n{just}departments:'


def test_exclusion_needs_a_justification(make_repo: MakeRepo) -> None:
    root = make_repo({"qms.yaml": sub("departments:", EXCLUDE_8_3.format(just=""))})
    cov = _coverage(root)
    (e,) = cov.exclusions
    assert e.problem == "no-justification" and not e.effective
    assert cov.status("8.3") == "missing"
    just = "      justification: Không thiết kế dịch vụ.\n"
    root = make_repo({"qms.yaml": sub("departments:", EXCLUDE_8_3.format(just=just))})
    cov = _coverage(root)
    assert {cov.status(n) for n in ("8.3", "8.3.1", "8.3.6")} == {"excluded"}
    row = next(r for r in coverage_json(cov)["clauses"] if r["clause"] == "8.3.4")
    assert row["justification"] == "Không thiết kế dịch vụ." and row["excluded_by"] == "8.3"


@pytest.mark.parametrize("clause,problem", [
    ("8.3", ""), ("7.1.5.2", ""), ("8.4", "questionable"), ("8.5.5", ""),
    ("5.2", "not-allowed"), ("9", "not-allowed"), ("8.5.1", "not-allowed"),
    ("4.4", "not-allowed"), ("8.30", "unknown-clause")])
def test_which_exclusions_are_allowed(make_repo: MakeRepo, clause: str, problem: str) -> None:
    just = "      justification: Lý do.\n"
    root = make_repo({"qms.yaml": sub("departments:", EXCLUDE_8_3.replace(
        '"8.3"', f'"{clause}"').format(just=just))})
    (e,) = _coverage(root).exclusions
    assert e.problem == problem
    assert e.effective is (problem in ("", "questionable"))


# --------------------------------------------------------------------------- documented info


def test_mandatory_document_needs_the_right_kind(make_repo: MakeRepo) -> None:
    # an instruction claiming 5.2 addresses it, but the policy (5.2.2) must be a policy/manual
    cov = _only(make_repo, '["5.2"]')
    assert cov.status("5.2.2") == "partial"
    (check,) = cov.get("5.2.2").documented  # type: ignore[union-attr]
    assert not check.satisfied and check.candidates == ("CSCL",)


def test_records_register_and_procedure_records_satisfy_retain(make_repo: MakeRepo) -> None:
    cov = _coverage(make_repo(full()))
    ev = {e.kind for d in cov.get("7.2").documented for e in d.evidence}  # type: ignore[union-attr]
    assert ev == {"records"}
    ev = {e.kind for d in cov.get("8.6").documented for e in d.evidence}  # type: ignore[union-attr]
    assert ev == {"procedure"}
    ev = {e.kind for d in cov.get("9.2.2").documented for e in d.evidence}  # type: ignore[union-attr]
    assert ev == {"internal-audit"}


def test_full_repository_is_fully_covered(make_repo: MakeRepo) -> None:
    cov = _coverage(make_repo(full()))
    assert cov.counts() == {"covered": 83, "partial": 0, "missing": 0, "excluded": 8}


# --------------------------------------------------------------------------- views


def test_table_has_a_header_and_one_row_per_clause(make_repo: MakeRepo) -> None:
    cov = _coverage(make_repo(full()))
    rows = coverage_table(cov, "vi")
    assert rows[0] == ["Điều khoản", "Tên điều khoản", "Tình trạng", "Tài liệu đáp ứng",
                       "Ghi chú"]
    assert [r[0] for r in rows[1:]] == ALL_NUMBERS
    assert all(len(r) == 5 for r in rows)
    row = next(r for r in rows if r[0] == "8.3")
    assert row[2] == "không áp dụng" and "không thiết kế" in row[4]
    en = coverage_table(cov, "en", max_documents=1)
    assert en[0][:3] == ["Clause", "Title", "Status"]
    row = next(r for r in en if r[0] == "7.5")
    assert row[1] == "Documented information" and row[2] == "covered"
    assert row[3] == "STCL, +1 more"


# --------------------------------------------------------------------------- the command


def _coverage_cli(path: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["coverage", str(path), "--today", TODAY, *args],
                           env={"COLUMNS": "80"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout


def test_sample_manual_json_lists_every_clause_and_none_is_missing() -> None:
    code, out = _coverage_cli(SAMPLE, "--format", "json")
    data = json.loads(out)
    assert code == 0, data["findings"]
    assert [c["clause"] for c in data["clauses"]] == ALL_NUMBERS
    assert ALL_NUMBERS[0] == "4" and ALL_NUMBERS[-1] == "10.3" and len(ALL_NUMBERS) == 91
    assert all(c["status"] != "missing" for c in data["clauses"])
    assert data["profile"] == "co-quan-hanh-chinh-xa"
    for c in data["clauses"]:
        assert {"clause", "title", "status", "documents", "justification"} <= c.keys()
        if c["status"] == "excluded":
            assert c["justification"]
        for d in c["documents"]:
            assert {"code", "path", "line", "column"} <= d.keys()
            if d["kind"] == "scope":  # the scope statement of qms.yaml claims 4.3
                continue
            text = (SAMPLE / d["path"]).read_text(encoding="utf-8").splitlines()
            assert d["claimed"] in text[d["line"] - 1][d["column"] - 1:]


def test_text_table_fits_80_columns() -> None:
    code, out = _coverage_cli(SAMPLE)
    assert code == 0
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    table = [line for line in lines if re.match(r"^ *\d+(\.\d+)* ", line)]
    assert [line.split()[0] for line in table[:len(ALL_NUMBERS)]] == ALL_NUMBERS
    assert "đáp ứng" in out and "không áp dụng" in out and "QT-10" in out


def test_english_table() -> None:
    code, out = _coverage_cli(SAMPLE, "--lang", "en")
    assert code == 0
    assert "Documented information" in out and "excluded" in out and "clauses:" in out


def test_removing_the_policy_makes_5_2_missing(tmp_path: Path) -> None:
    root = tmp_path / "sample"
    shutil.copytree(SAMPLE, root)
    policy = next(p for p in root.rglob("*.md") if "\nkind: policy\n" in p.read_text("utf-8"))
    policy.unlink()
    code, out = _coverage_cli(root, "--format", "json")
    status = {c["clause"]: c["status"] for c in json.loads(out)["clauses"]}
    assert code == 1
    assert status["5.2"] == status["5.2.1"] == status["5.2.2"] == "missing"
    assert status["5"] == "partial"
    check = runner.invoke(app, ["check", str(root), "--format", "json", "--today", TODAY])
    assert check.exit_code == 1
    diags = json.loads(check.stdout)
    assert any(d["code"] == "QMS505" and "5.2" in d["message"] for d in diags)


def test_not_a_repository(tmp_path: Path) -> None:
    assert runner.invoke(app, ["coverage", str(tmp_path)]).exit_code == 2


# --------------------------------------------------------------------------- agency duties


def _diags(root: Path) -> list[dict[str, object]]:
    result = runner.invoke(app, ["check", str(root), "--format", "json", "--today", TODAY])
    return list(json.loads(result.stdout))


def _line(path: Path, needle: str) -> int:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return n
    raise AssertionError(needle)


def _kind_file(root: Path, kind: str) -> Path:
    return next(p for p in sorted(root.rglob("*.yaml"))
                if re.search(rf"^kind: {kind}$", p.read_text("utf-8"), re.M))


def test_agency_duties_on_a_copy_of_the_sample(tmp_path: Path) -> None:
    root = tmp_path / "sample"
    shutil.copytree(SAMPLE, root)
    # 1. a TTHC in the catalogue without a procedure
    cat = _kind_file(root, "tthc-catalogue")
    cat.write_text(cat.read_text("utf-8") + '  - code: "9.999999"\n    name: Thủ tục mới\n'
                   "    field: Hộ tịch\n", encoding="utf-8")
    # 2. an internal audit record older than 12 months
    audit = _kind_file(root, "internal-audit")
    text = audit.read_text("utf-8")
    text = re.sub(r"^date: .*$", "date: 2025-10-01", text, count=1, flags=re.M)
    audit.write_text(text, encoding="utf-8")
    # 3. a legal document replaced more than 3 months ago, a procedure still resting on it
    proc = next(p for p in sorted(root.rglob("*.md"))
                if re.search(r"^  - ref: (\S+)", p.read_text("utf-8"), re.M)
                and "kind: procedure" in p.read_text("utf-8"))
    ref = re.search(r"^  - ref: (\S+)", proc.read_text("utf-8"), re.M)[1]  # type: ignore[index]
    reg = _kind_file(root, "legal-register")
    lines = reg.read_text("utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.strip().startswith(f"- id: {ref}"))
    lines.insert(start + 1, "    replaced_by: 01/2026/QĐ-TEST\n")
    lines.append("  - id: 01/2026/QĐ-TEST\n    title: Văn bản thay thế\n"
                 "    issued: 2026-02-01\n    effective: 2026-03-01\n    status: in_force\n")
    reg.write_text("".join(lines), encoding="utf-8")
    text = proc.read_text("utf-8")
    text = re.sub(r"^last_reviewed: .*\n", "", text, flags=re.M)
    text = re.sub(r"^issued: .*$", "issued: 2026-01-15", text, count=1, flags=re.M)
    text = re.sub(r"^effective: .*$", "effective: 2026-01-15", text, count=1, flags=re.M)
    proc.write_text(text, encoding="utf-8")

    found = {(d["code"], d["path"], d["line"]) for d in _diags(root)}
    rel = lambda p: str(p.relative_to(root))  # noqa: E731
    assert ("QMS602", rel(cat), _line(cat, '"9.999999"')) in found
    assert ("QMS603", rel(audit), _line(audit, "date: 2025-10-01")) in found
    assert ("QMS605", rel(proc), _line(proc, f"ref: {ref}")) in found
    code, out = _coverage_cli(root, "--format", "json")
    assert code == 1
    assert {"QMS602", "QMS603", "QMS605"} <= {f["code"] for f in json.loads(out)["findings"]}


def test_unknown_profile_lists_known_ones(make_repo: MakeRepo) -> None:
    root = make_repo({"qms.yaml": sub("profile: co-quan-hanh-chinh-xa", "profile: xa")})
    d = next(x for x in _diags(root) if x["code"] == "QMS501")
    assert d["path"] == "qms.yaml" and d["line"] == _line(root / "qms.yaml", "profile:")
    assert "co-quan-hanh-chinh-xa" in str(d["hint"]) and "doanh-nghiep" in str(d["hint"])
    assert "co-quan-hanh-chinh," not in str(d["hint"])  # abstract profiles are not offered


def test_today_option_moves_deadlines(make_repo: MakeRepo) -> None:
    root = make_repo(full())
    code, out = _coverage_cli(root, "--format", "json")
    assert code == 0 and json.loads(out)["findings"] == []
    later = runner.invoke(app, ["coverage", str(root), "-f", "json", "--today",
                                (dt.date(2027, 8, 1)).isoformat()])
    codes = {f["code"] for f in json.loads(later.stdout)["findings"]}
    assert {"QMS603", "QMS604"} <= codes
    assert later.exit_code == 0  # overdue records are warnings


def test_claims_in_json_point_at_list_items(make_repo: MakeRepo) -> None:
    block = "".join(f'\n  - "{n}"' for n in ("4", "4.1", "5.1", "5.3", "6", "7", "8", "9", "10"))
    root = make_repo(full({MAN: sub('["4", "5.1", "5.3", "6", "7", "8", "9", "10"]', block)}))
    data = json.loads(_coverage_cli(root, "-f", "json")[1])
    row = next(c for c in data["clauses"] if c["clause"] == "4.1")
    man = [d for d in row["documents"] if d["code"] == "STCL"]
    line = _line(root / MAN, '- "4.1"')
    assert man == [{"code": "STCL", "kind": "manual", "path": MAN, "line": line, "column": 5,
                    "claimed": "4.1"}]
    # 4.1.x does not exist; a claim of 4 still lists the manual for 4.2 with "claimed": "4"
    row = next(c for c in data["clauses"] if c["clause"] == "4.2")
    assert [d["claimed"] for d in row["documents"] if d["code"] == "STCL"] == ["4"]


# --------------------------------------------------------------------------- robustness


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(claims=st.lists(st.one_of(st.text(max_size=12), st.from_regex(r"\d{1,2}(\.\d{1,2}){0,4}",
                                                                      fullmatch=True)),
                       max_size=6),
       excluded=st.lists(st.text(max_size=10), max_size=3))
def test_any_claims_and_exclusions_never_raise(make_repo: MakeRepo, claims: list[str],
                                               excluded: list[str]) -> None:
    items = ", ".join(json.dumps(c, ensure_ascii=False) for c in claims)
    entries = "".join(f"    - clause: {json.dumps(e, ensure_ascii=False)}\n"
                      "      justification: x\n" for e in excluded)
    root = make_repo({"hd.md": _doc("HD-01", f"[{items}]"),
                      "qms.yaml": sub("departments:", "  exclusions:\n" + entries
                                      + "departments:") if excluded else (lambda t: t)})
    cov = _coverage(root)
    assert [c.number for c in cov.clauses] == ALL_NUMBERS
    assert coverage_table(cov, "en")
    run = runner.invoke(app, ["check", str(root), "--select", "QMS5,QMS6", "-f", "json"])
    assert run.exit_code in (0, 1), run.output


def test_help() -> None:
    result = runner.invoke(app, ["coverage", "--help"])
    assert result.exit_code == 0 and "--today" in result.stdout and "--format" in result.stdout
