"""Two-level local government since 1 July 2025 (issue 15, item 8): profiles and the sample."""

from __future__ import annotations

from pathlib import Path

from qmsdoc_testing import SAMPLE, TODAY, MakeRepo, sub

from qmsdoc.commands.check import check_repository
from qmsdoc.load import load_repository
from qmsdoc.standards import ProfileError, list_profiles, load_profile


def test_district_profile_loads_and_is_marked_obsolete() -> None:
    p = load_profile("co-quan-hanh-chinh-huyen")
    assert p.obsolete is not None
    assert p.obsolete.since == "2025-07-01"
    assert "hai cấp" in p.obsolete.reason_vi and "two levels" in p.obsolete.reason_en
    for replacement in p.obsolete.replaced_by:
        r = load_profile(replacement)
        assert not r.abstract and r.obsolete is None
    # the duties of a state agency still apply to an old district repository
    assert p.duty("internal-audit-interval") is not None


def test_obsolescence_is_not_inherited(tmp_path: Path) -> None:
    (tmp_path / "huyen-rieng.yaml").write_text(
        "id: huyen-rieng\nextends: co-quan-hanh-chinh-huyen\ntitle_vi: Riêng\ntitle_en: Own\n",
        encoding="utf-8")
    assert load_profile("huyen-rieng", [tmp_path]).obsolete is None


def test_malformed_obsolete_block_is_a_profile_error(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text(
        "id: x\nextends: co-quan-hanh-chinh\ntitle_vi: X\ntitle_en: X\n"
        "obsolete: {since: sometime, replaced_by: [], reason_vi: a, reason_en: b}\n",
        encoding="utf-8")
    try:
        load_profile("x", [tmp_path])
    except ProfileError as e:
        assert "YYYY-MM-DD" in e.message_vi
    else:  # pragma: no cover - the assertion above is the test
        raise AssertionError("a bad 'since' was accepted")


def test_two_level_profiles_exist() -> None:
    profiles = {p.id: p for p in list_profiles()}
    assert "xã, phường, đặc khu" in profiles["co-quan-hanh-chinh-xa"].title_vi
    assert profiles["co-quan-hanh-chinh-so"].obsolete is None
    assert profiles["co-quan-hanh-chinh-tinh"].extends == "co-quan-hanh-chinh"


def test_old_district_repository_checks_with_a_warning_that_says_why(
        make_repo: MakeRepo) -> None:
    root = make_repo({"qms.yaml": sub("profile: co-quan-hanh-chinh-xa",
                                      "profile: co-quan-hanh-chinh-huyen")})
    found = [d for d in check_repository(root, today=TODAY).diagnostics if d.code == "QMS514"]
    assert len(found) == 1
    d = found[0]
    assert d.severity.name == "WARNING"
    assert "01/07/2025" in d.vi and "hai cấp" in d.vi and "two levels" in d.en
    assert "co-quan-hanh-chinh-xa" in d.hint_vi
    assert d.span.line == 6  # the profile line of qms.yaml
    # the profile still works: no QMS501-503, and its expected procedures are still checked
    codes = {x.code for x in check_repository(root, today=TODAY).diagnostics}
    assert not codes & {"QMS501", "QMS502", "QMS503"}
    assert "QMS513" in codes


def test_commune_repository_has_no_obsolete_warning(make_repo: MakeRepo) -> None:
    codes = {d.code for d in check_repository(make_repo(), today=TODAY).diagnostics}
    assert "QMS514" not in codes


def test_sample_legal_register_marks_what_is_not_verified() -> None:
    docs = load_repository(SAMPLE).repo.legal_documents
    assert all(d.verified is not None for d in docs)
    assert [d.id for d in docs if d.verified] == ["118/2025/NĐ-CP"]
    assert check_repository(SAMPLE, today=TODAY).diagnostics == []
