"""Clause coverage (QMS5xx) and profile duty (QMS602-QMS607) rules: one passing and one failing
case each, on the small fully covered repository of tests/coverage_repo.py.

The failing case names the file, and the line is found by the text it must point at.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from coverage_repo import (
    AUD,
    CAT,
    DEC,
    LEG,
    MAN,
    OBJ,
    REC,
    REV,
    SYS,
    P,
    Q,
    full,
    sub,
)

from qmsdoc.commands.check import check_repository
from qmsdoc.diagnostics import Diagnostic, Severity
from qmsdoc.diagnostics.registry import RULES

TODAY = dt.date(2026, 11, 22)
MakeRepo = Callable[..., Path]


def _run(root: Path, code: str) -> list[Diagnostic]:
    return [d for d in check_repository(root, select=[code], today=TODAY).diagnostics
            if d.code == code]


def _line(root: Path, path: str, needle: str) -> int:
    for n, line in enumerate((root / path).read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return n
    raise AssertionError(f"{needle!r} not in {path}")


LEGAL_AMENDED = sub("    status: in_force\n  - id: 79/2007",
                    "    status: amended\n    amended_by: [99/2026/NĐ-CP]\n"
                    "  - id: 99/2026/NĐ-CP\n    title: Sửa đổi Nghị định 23/2015/NĐ-CP\n"
                    "    issued: 2026-01-20\n    effective: 2026-03-01\n"
                    "    status: in_force\n  - id: 79/2007")

# code: (changes on top of the full repository, path, text on the reported line or None)
CASES: dict[str, tuple[dict[str, object], str, str | None]] = {
    "QMS501": ({Q: sub("profile: co-quan-hanh-chinh-xa", "profile: ubnd-xa-khong-co")},
               Q, "profile:"),
    "QMS502": ({Q: sub("profile: co-quan-hanh-chinh-xa", "profile: co-quan-hanh-chinh")},
               Q, "profile:"),
    "QMS503": ({Q: sub("profile: co-quan-hanh-chinh-xa", "profile: ubnd-xa-thu"),
                "profiles/ubnd-xa-thu.yaml": "id: ubnd-xa-thu\nextends: co-quan-hanh-chinh-xa\n"
                "title_vi: UBND xã Thử\ntitle_en: Thu commune\nduty: []\n"}, Q, "profile:"),
    "QMS504": ({P: sub('"8.6"]', '"8.6", "7.1.50"]')}, P, "7.1.50"),
    "QMS505": ({MAN: sub('"6", "7", "8"', '"6", "8"')}, Q, "scope:"),
    "QMS506": ({Q: sub("      justification: UBND xã không thiết kế dịch vụ; TTHC do pháp luật "
                       "quy định.\n", "")}, Q, '- clause: "8.3"'),
    "QMS507": ({Q: sub('    - clause: "8.3"', '    - clause: "5.2"\n      justification: Không '
                       'cần.\n    - clause: "8.3"')}, Q, '"5.2"'),
    "QMS508": ({Q: sub('    - clause: "8.3"', '    - clause: "8.4"\n      justification: Không '
                       'sử dụng nhà cung cấp bên ngoài.\n    - clause: "8.3"')}, Q, '"8.4"'),
    "QMS509": ({P: sub('"8.6"]', '"8.6", "8.3.2"]')}, P, "8.3.2"),
    "QMS510": ({OBJ: sub('clauses: ["6.2"]\n', "")}, MAN, "clauses:"),
    "QMS511": ({AUD: None}, SYS, "clauses:"),
    "QMS512": ({REC: sub('["7.1.5.1"]', '["7.1.6"]')}, MAN, "clauses:"),
    "QMS513": ({SYS: sub('"9.2", "9.3"', '"9.2"')}, Q, "profile:"),
    "QMS514": ({Q: sub("profile: co-quan-hanh-chinh-xa", "profile: co-quan-hanh-chinh-huyen")},
               Q, "profile:"),
    "QMS602": ({CAT: lambda t: t + '  - code: "1.001193"\n    name: Đăng ký khai sinh\n'},
               CAT, '"1.001193"'),
    "QMS603": ({AUD: sub("date: 2026-06-15", "date: 2025-10-01")}, AUD, "date:"),
    "QMS604": ({REV: sub("date: 2026-07-01", "date: 2025-09-30")}, REV, "date:"),
    "QMS605": ({LEG: LEGAL_AMENDED}, P, "ref: 23/2015/NĐ-CP"),
    "QMS606": ({Q: sub("  statement: Hoạt động giải quyết thủ tục hành chính của UBND xã.\n",
                       "")}, Q, "scope:"),
    "QMS607": ({DEC: None}, Q, "profile:"),
}

# The severity each rule reports with (checked so that a change is a conscious one).
SEVERITY = {
    "QMS501": Severity.ERROR, "QMS502": Severity.ERROR, "QMS503": Severity.ERROR,
    "QMS504": Severity.ERROR, "QMS505": Severity.ERROR, "QMS506": Severity.ERROR,
    "QMS507": Severity.ERROR, "QMS508": Severity.WARNING, "QMS509": Severity.WARNING,
    "QMS510": Severity.ERROR, "QMS511": Severity.ERROR, "QMS512": Severity.INFO,
    "QMS513": Severity.WARNING, "QMS514": Severity.WARNING, "QMS602": Severity.ERROR,
    "QMS603": Severity.WARNING,
    "QMS604": Severity.WARNING, "QMS605": Severity.ERROR, "QMS606": Severity.ERROR,
    "QMS607": Severity.WARNING,
}


def test_every_coverage_and_duty_rule_has_a_case() -> None:
    mine = {c for c, r in RULES.items() if r.check is not None and r.check.__module__ in
            ("qmsdoc.rules.coverage", "qmsdoc.rules.duties")}
    assert mine == set(CASES) == set(SEVERITY)


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_passes_on_covered_repository(make_repo: MakeRepo, code: str) -> None:
    root = make_repo(full())
    assert _run(root, code) == []


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_fires_on_planted_defect(make_repo: MakeRepo, code: str) -> None:
    changes, path, needle = CASES[code]
    root = make_repo(full(changes))
    found = _run(root, code)
    assert found, f"{code} did not fire"
    d = found[0]
    assert d.span.path == path
    if needle is not None:
        assert d.span.line == _line(root, path, needle)
    assert d.severity is SEVERITY[code]
    assert d.vi and d.en and d.vi != d.en
    assert d.hint_vi and d.hint_en and "{" not in d.vi + d.en + d.hint_vi + d.hint_en


def test_rules_are_documented() -> None:
    for code in CASES:
        r = RULES[code]
        assert r.clause, code
        assert len(r.doc.split()) > 25, code


# --------------------------------------------------------------------------- details


def test_unknown_clause_points_at_the_item_and_suggests(make_repo: MakeRepo) -> None:
    root = make_repo(full({P: sub('"8.6"]', '"8.6", "Điều 7.5", "7,1"]')}))
    found = _run(root, "QMS504")
    assert [d.span.column for d in found] == sorted(d.span.column for d in found)
    assert len(found) == 2
    first = found[0]
    line = (root / P).read_text(encoding="utf-8").splitlines()[first.span.line - 1]
    assert line[first.span.column - 1:].startswith('"Điều 7.5"')
    assert '"7.5"' in first.hint_vi and "không đúng dạng" in first.vi


def test_unknown_clause_in_exclusion(make_repo: MakeRepo) -> None:
    root = make_repo(full({Q: sub('- clause: "8.3"', '- clause: "8.30"')}))
    found = _run(root, "QMS504")
    assert [(d.span.path, d.span.line) for d in found] == [(Q, _line(root, Q, '"8.30"'))]


def test_exclusion_of_a_whole_main_clause_is_not_allowed(make_repo: MakeRepo) -> None:
    root = make_repo(full({Q: sub('    - clause: "8.3"', '    - clause: "9"\n      '
                                  'justification: x\n    - clause: "8.3"')}))
    (d,) = _run(root, "QMS507")
    assert "cả một điều chính" in d.vi and "whole main clause" in d.en
    assert "8.3" in d.hint_vi and "7.1.5.2" in d.hint_vi


def test_missing_subtree_is_reported_once(make_repo: MakeRepo) -> None:
    root = make_repo(full({MAN: sub('"6", "7", "8"', '"6", "8"')}))
    found = _run(root, "QMS505")
    # 7.5 is claimed by the system procedure: 7 is partial, its other parts are missing
    assert [d.vi.split()[2] for d in found] == ["7.1", "7.2", "7.3", "7.4"]
    assert "7 điều khoản con" in found[0].vi and "7 sub-clauses" in found[0].en


def test_missing_clause_hint_offers_exclusion_only_where_allowed(make_repo: MakeRepo) -> None:
    root = make_repo(full({Q: sub('    - clause: "8.3"\n      justification: UBND xã không '
                                  "thiết kế dịch vụ; TTHC do pháp luật quy định.\n", ""),
                           MAN: sub('"7", "8", "9"', '"7", "8.1", "8.2", "8.4", "8.5", "8.6", '
                                    '"8.7", "9"')}))
    (d,) = _run(root, "QMS505")
    assert "8.3" in d.vi and "scope.exclusions" in d.hint_vi
    root = make_repo(full({MAN: sub('"5.1", "5.3"', '"5.3"')}))
    (d,) = _run(root, "QMS505")
    assert "5.1" in d.vi and "scope.exclusions" not in d.hint_vi


def test_mandatory_document_hint_names_the_document_to_fix(make_repo: MakeRepo) -> None:
    root = make_repo(full({OBJ: sub('clauses: ["6.2"]\n', "")}))
    (d,) = _run(root, "QMS510")
    assert "6.2.1" in d.vi and "MTCL-2026" in d.hint_vi


def test_overdue_without_any_record_points_at_profile(make_repo: MakeRepo) -> None:
    root = make_repo(full({AUD: None, REV: None}))
    for code in ("QMS603", "QMS604"):
        (d,) = _run(root, code)
        assert (d.span.path, d.span.line) == (Q, _line(root, Q, "profile:"))
        assert "chưa có hồ sơ" in d.vi


def test_future_records_do_not_count(make_repo: MakeRepo) -> None:
    root = make_repo(full({AUD: sub("date: 2026-06-15", "date: 2026-12-15")}))
    (d,) = _run(root, "QMS603")
    assert d.span.path == Q


def test_duty_interval_comes_from_the_organisations_profile(make_repo: MakeRepo) -> None:
    profile = ("id: ubnd-xa-thu\nextends: co-quan-hanh-chinh-xa\ntitle_vi: UBND xã Thử\n"
               "title_en: Thu commune\nduties:\n  - id: internal-audit-interval\n"
               "    params: {months: 3}\n")
    changes = {Q: sub("profile: co-quan-hanh-chinh-xa", "profile: ubnd-xa-thu"),
               "profiles/ubnd-xa-thu.yaml": profile}
    root = make_repo(full(changes))
    (d,) = _run(root, "QMS603")
    assert d.span.path == AUD and "3 tháng" in d.vi
    # the profile folder is not read as QMS documents
    diags = check_repository(root, today=TODAY).diagnostics
    assert not [x for x in diags if x.span.path.startswith("profiles/")]


def test_legal_change_within_the_grace_period_is_not_reported(make_repo: MakeRepo) -> None:
    soon = sub("effective: 2026-03-01", "effective: 2026-09-01")
    root = make_repo(full({LEG: lambda t: soon(LEGAL_AMENDED(t))}))
    assert _run(root, "QMS605") == []


def test_legal_change_applied_by_a_review_is_not_reported(make_repo: MakeRepo) -> None:
    root = make_repo(full({LEG: LEGAL_AMENDED,
                           P: sub("edition: 1", "edition: 1\nlast_reviewed: 2026-04-10")}))
    assert _run(root, "QMS605") == []


def test_replaced_legal_document(make_repo: MakeRepo) -> None:
    """A document replaced more than 3 months ago while the procedure still rests on it."""
    replaced = sub("  - id: 79/2007/NĐ-CP", "  - id: 01/2026/NĐ-CP\n    title: Mới\n"
                   "    effective: 2026-04-01\n  - id: 79/2007/NĐ-CP")
    old = sub("    status: in_force\n  - id: 01/2026", "    status: replaced\n"
              "    replaced_by: 01/2026/NĐ-CP\n  - id: 01/2026")
    root = make_repo(full({LEG: lambda t: old(replaced(t))}))
    (d,) = _run(root, "QMS605")
    assert (d.span.path, d.span.line) == (P, _line(root, P, "ref: 23/2015/NĐ-CP"))
    assert "thay thế" in d.vi and "01/2026/NĐ-CP" in d.vi and "01/04/2026" in d.vi
    assert "replaced" in d.en


def test_draft_announcement_does_not_count(make_repo: MakeRepo) -> None:
    root = make_repo(full({DEC: sub("edition: 1", "edition: 1\nstatus: draft")}))
    assert len(_run(root, "QMS607")) == 1


def test_business_profile_has_no_agency_duties(make_repo: MakeRepo) -> None:
    root = make_repo(full({Q: sub("profile: co-quan-hanh-chinh-xa", "profile: doanh-nghiep"),
                           DEC: None,
                           CAT: lambda t: t + '  - code: "1.1"\n    name: Khác\n'}))
    for code in ("QMS602", "QMS606", "QMS607"):
        assert _run(root, code) == []


def test_one_procedure_can_meet_several_expected_procedures(make_repo: MakeRepo) -> None:
    # QT-02 alone claims 6.1, 7.5, 8.7, 9.2, 9.3 and 10.2: all six expectations are met
    root = make_repo(full())
    assert _run(root, "QMS513") == []
    root = make_repo(full({SYS: None}))
    assert len(_run(root, "QMS513")) == 6



def test_records_register_keeper_must_be_a_role(make_repo: MakeRepo) -> None:
    root = make_repo(full({REC: sub("keeper: cong-chuc\n    retention: 03",
                                    "keeper: thu-kho\n    retention: 03")}))
    found = _run(root, "QMS202")
    assert [(d.span.path, d.span.line) for d in found] == [(REC, _line(root, REC, "thu-kho"))]
    root = make_repo(full({REC: sub("    clauses: [\"7.2\"]\n", "")}))
    missing = [d for d in _run(root, "QMS103") if d.span.path == REC]
    assert len(missing) == 1 and "clauses" in missing[0].vi
