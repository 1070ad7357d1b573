"""Tests for qmsdoc.standards: the clause checklist, profiles and the typed API."""

from __future__ import annotations

import math
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qmsdoc.standards import (
    DOCUMENT_KINDS,
    RECORD_KINDS,
    Clause,
    Duty,
    Profile,
    ProfileError,
    Standard,
    StandardError,
    available_standards,
    clause_is_within,
    list_profiles,
    load_profile,
    load_standard,
    normalize_clause,
)

# Every clause and sub-clause of clauses 4-10 of ISO 9001:2015, in document order.
_GROUPS = (
    "4 4.1 4.2 4.3 4.4 4.4.1 4.4.2",
    "5 5.1 5.1.1 5.1.2 5.2 5.2.1 5.2.2 5.3",
    "6 6.1 6.1.1 6.1.2 6.2 6.2.1 6.2.2 6.3",
    "7 7.1 7.1.1 7.1.2 7.1.3 7.1.4 7.1.5 7.1.5.1 7.1.5.2 7.1.6 7.2 7.3 7.4",
    "7.5 7.5.1 7.5.2 7.5.3 7.5.3.1 7.5.3.2",
    "8 8.1 8.2 8.2.1 8.2.2 8.2.3 8.2.3.1 8.2.3.2 8.2.4",
    "8.3 8.3.1 8.3.2 8.3.3 8.3.4 8.3.5 8.3.6",
    "8.4 8.4.1 8.4.2 8.4.3",
    "8.5 8.5.1 8.5.2 8.5.3 8.5.4 8.5.5 8.5.6",
    "8.6 8.7 8.7.1 8.7.2",
    "9 9.1 9.1.1 9.1.2 9.1.3 9.2 9.2.1 9.2.2 9.3 9.3.1 9.3.2 9.3.3",
    "10 10.1 10.2 10.2.1 10.2.2 10.3",
)
EXPECTED_NUMBERS = [number for group in _GROUPS for number in group.split()]

# Mandatory documented information: clause -> types expected (domain.md section 3).
EXPECTED_DOCUMENTED = {
    "4.3": {"maintain"},
    "4.4.2": {"maintain", "retain"},
    "5.2.2": {"maintain"},
    "6.2.1": {"maintain"},
    "7.1.5.1": {"retain"},
    "7.1.5.2": {"retain"},
    "7.2": {"retain"},
    "8.1": {"maintain", "retain"},
    "8.2.3.2": {"retain"},
    "8.3.2": {"retain"},
    "8.3.3": {"retain"},
    "8.3.4": {"retain"},
    "8.3.5": {"retain"},
    "8.3.6": {"retain"},
    "8.4.1": {"retain"},
    "8.5.1": {"maintain"},
    "8.5.2": {"retain"},
    "8.5.3": {"retain"},
    "8.5.6": {"retain"},
    "8.6": {"retain"},
    "8.7.2": {"retain"},
    "9.1.1": {"retain"},
    "9.2.2": {"retain"},
    "9.3.3": {"retain"},
    "10.2.2": {"retain"},
}

BUILTIN_PROFILES = {
    "co-quan-hanh-chinh",
    "co-quan-hanh-chinh-xa",
    "co-quan-hanh-chinh-huyen",
    "co-quan-hanh-chinh-so",
    "co-quan-hanh-chinh-tinh",
    "doanh-nghiep",
}
AGENCY_DUTIES = {
    "tthc-has-procedure",
    "internal-audit-interval",
    "management-review-interval",
    "legal-change-revision",
    "scope-defined",
    "announcement-decision",
}


@pytest.fixture(scope="module")
def std() -> Standard:
    return load_standard()


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- the standard


def test_every_clause_present_in_document_order(std: Standard) -> None:
    assert [c.number for c in std.clauses] == EXPECTED_NUMBERS
    assert std.id == "tcvn-iso-9001-2015"
    assert "tcvn-iso-9001-2015" in available_standards()


def test_no_duplicates_and_parents_exist(std: Standard) -> None:
    numbers = [c.number for c in std.clauses]
    assert len(numbers) == len(set(numbers))
    for index, clause in enumerate(std.clauses):
        if clause.parent_number is None:
            assert clause.number in {str(n) for n in range(4, 11)}
        else:
            parent = std.get(clause.parent_number)
            assert parent is not None
            assert std.clauses.index(parent) < index


def test_titles_and_summaries(std: Standard) -> None:
    for clause in std.clauses:
        for text in (clause.vi, clause.en, clause.summary_vi):
            assert text.strip() == text and text
            assert unicodedata.is_normalized("NFC", text)
            assert "\n" not in text
        # a one-line summary of our own, not a copied paragraph
        assert len(clause.summary_vi) <= 160, clause.number


def test_documented_information(std: Standard) -> None:
    found = {c.number: {d.type for d in c.documented} for c in std.clauses if c.documented}
    assert found == EXPECTED_DOCUMENTED
    for clause in std.clauses:
        for info in clause.documented:
            allowed = DOCUMENT_KINDS if info.type == "maintain" else RECORD_KINDS
            assert info.kinds and set(info.kinds) <= allowed
            assert info.vi and info.en
    kinds = {k for c in std.clauses for d in c.documented for k in d.kinds}
    assert {"internal-audit", "management-review", "corrective-actions"} <= kinds
    assert {"scope", "policy", "objectives"} <= kinds


def test_excludable_clauses(std: Standard) -> None:
    excludable = {c.number for c in std.clauses if c.excludable}
    assert excludable == {
        "7.1.5.2",
        "8.3",
        "8.3.1",
        "8.3.2",
        "8.3.3",
        "8.3.4",
        "8.3.5",
        "8.3.6",
        "8.5.3",
        "8.5.5",
    }
    for clause in std.clauses:
        if clause.excludable:
            assert all(d.excludable for d in std.descendants(clause.number))


def test_clause_properties(std: Standard) -> None:
    clause = std.get("7.1.5.1")
    assert clause is not None
    assert clause.parent_number == "7.1.5"
    assert clause.depth == 4
    top = std.get("10")
    assert top is not None and top.parent_number is None and top.depth == 1


def test_navigation(std: Standard) -> None:
    assert [c.number for c in std.children("7.1")] == [
        "7.1.1",
        "7.1.2",
        "7.1.3",
        "7.1.4",
        "7.1.5",
        "7.1.6",
    ]
    assert [c.number for c in std.children("7.1.5")] == ["7.1.5.1", "7.1.5.2"]
    assert std.children("7.2") == []
    assert [c.number for c in std.descendants("7.5")] == [
        "7.5.1",
        "7.5.2",
        "7.5.3",
        "7.5.3.1",
        "7.5.3.2",
    ]
    assert [c.number for c in std.ancestors("7.1.5.2")] == ["7", "7.1", "7.1.5"]
    assert std.ancestors("4") == []
    assert [c.number for c in std.top_level()] == [str(n) for n in range(4, 11)]
    leaves = {c.number for c in std.leaves()}
    assert "7.1.5.1" in leaves and "7.1.5" not in leaves and "8.6" in leaves
    assert "7.1" not in leaves and "10.3" in leaves
    # inputs are normalised; unknown numbers raise KeyError
    assert std.get(" 7.1.5. ") is std.get("7.1.5")
    assert std.get(7.1) is std.get("7.1")
    assert std.get("7.1.50") is None and std.get("x") is None
    assert "8.3" in std and "8.8" not in std
    for bad in ("7.1.50", "11", "nonsense"):
        with pytest.raises(KeyError):
            std.children(bad)
        with pytest.raises(KeyError):
            std.ancestors(bad)
        with pytest.raises(KeyError):
            std.descendants(bad)


@pytest.mark.parametrize(
    ("number", "ancestor", "expected"),
    [
        ("7.1.5", "7.1", True),
        ("7.1.5.1", "7", True),
        ("7.1", "7.1", True),
        ("7.1", "7.1.5", False),  # a child does not contain its parent
        ("7.1.50", "7.1.5", False),  # substring trap
        ("7.1.5", "7.1.50", False),
        ("5.1.12", "5.1.1", False),  # substring trap
        ("5.1.1", "5.1", True),
        ("7.10", "7.1", False),
        ("71", "7", False),
        ("10.2", "1", False),
        ("10.2.1", "10", True),
        ("8.3", "8.3.", True),  # trailing dot normalised
        ("x", "7", False),
        ("7", "", False),
    ],
)
def test_is_within(std: Standard, number: str, ancestor: str, expected: bool) -> None:
    assert std.is_within(number, ancestor) is expected
    assert clause_is_within(number, ancestor) is expected


def test_is_within_matches_tree(std: Standard) -> None:
    for clause in std.clauses:
        within = {c.number for c in std.clauses if std.is_within(c.number, clause.number)}
        assert within == {clause.number} | {d.number for d in std.descendants(clause.number)}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("7.1.5", "7.1.5"),
        (" 7.1.5 ", "7.1.5"),
        ("7.1.5.", "7.1.5"),
        ("\u00a07.5\t", "7.5"),
        ("７.１", "7.1"),  # full-width digits (NFKC)
        ("10", "10"),
        (8, "8"),
        (10, "10"),
        (7.1, "7.1"),  # what YAML gives for an unquoted 7.1
        (10.2, "10.2"),
        ("cl. 7.5", None),
        ("Điều 7.5", None),
        ("§7.5", None),
        ("7..1", None),
        ("7.1..", None),
        (".7", None),
        ("7.0", None),
        ("07.1", None),
        ("7,1", None),
        ("7. 1", None),
        ("", None),
        (" ", None),
        (".", None),
        ("a.b", None),
        (0, None),
        (-7, None),
        (8.0, None),
        (-7.1, None),
        (math.nan, None),
        (math.inf, None),
        (True, None),
        (None, None),
        (["7"], None),
    ],
)
def test_normalize_clause(raw: object, expected: str | None) -> None:
    assert normalize_clause(raw) == expected


def test_load_standard_is_cached_and_unknown_raises() -> None:
    assert load_standard() is load_standard("tcvn-iso-9001-2015")
    with pytest.raises(StandardError) as info:
        load_standard("iso-14001")
    assert "tcvn-iso-9001-2015" in info.value.message_en
    assert "tcvn-iso-9001-2015" in info.value.message_vi


def _std_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "id": "t",
        "title": "T",
        "format_version": 1,
        "clauses": [
            {"number": "4", "vi": "a", "en": "a", "summary_vi": "a"},
            {"number": "4.1", "vi": "b", "en": "b", "summary_vi": "b"},
        ],
    }
    data.update(changes)
    return data


def test_standard_from_data_validates() -> None:
    ok = Standard.from_data(_std_data())
    assert [c.number for c in ok] == ["4", "4.1"]
    clause = {"vi": "x", "en": "x", "summary_vi": "x"}
    bad_cases: list[dict[str, object]] = [
        _std_data(format_version=2),
        _std_data(clauses=[{"number": 4.1, **clause}]),  # unquoted float
        _std_data(clauses=[{"number": "4", **clause}, {"number": "4", **clause}]),
        _std_data(clauses=[{"number": "4.1", **clause}]),  # missing parent
        _std_data(clauses=[{"number": "4", "vi": "", "en": "x", "summary_vi": "x"}]),
        _std_data(clauses=[{"number": "4", "titel": "x", **clause}]),  # unknown key
        _std_data(
            clauses=[
                {
                    "number": "4",
                    **clause,
                    "documented": [{"type": "retain", "vi": "x", "en": "x", "kinds": ["policy"]}],
                }
            ]
        ),
        _std_data(
            clauses=[
                {"number": "4", **clause, "excludable": True},
                {"number": "4.1", **clause},  # child of an excludable parent
            ]
        ),
    ]
    for data in bad_cases:
        with pytest.raises(StandardError):
            Standard.from_data(data)


# --------------------------------------------------------------------------- profiles


def test_builtin_profiles_load() -> None:
    profiles = {p.id: p for p in list_profiles()}
    assert set(profiles) == BUILTIN_PROFILES
    assert profiles["co-quan-hanh-chinh"].abstract
    for pid in BUILTIN_PROFILES - {"co-quan-hanh-chinh"}:
        assert not profiles[pid].abstract
    for profile in profiles.values():
        assert profile.builtin and profile.path is None
        assert profile.standard == "tcvn-iso-9001-2015"
        assert profile.title_vi and profile.title_en


def test_agency_profiles_merge_with_base() -> None:
    base = load_profile("co-quan-hanh-chinh")
    assert {d.id for d in base.duties} == AGENCY_DUTIES
    for pid in ("co-quan-hanh-chinh-xa", "co-quan-hanh-chinh-huyen", "co-quan-hanh-chinh-so",
                "co-quan-hanh-chinh-tinh"):
        child = load_profile(pid)
        assert child.extends == "co-quan-hanh-chinh"
        assert child.lineage == (pid, "co-quan-hanh-chinh")
        assert {d.id for d in child.duties} == AGENCY_DUTIES
        assert child.commonly_excluded == base.commonly_excluded
        assert child.expected_procedures == base.expected_procedures
    duty = base.duty("internal-audit-interval")
    assert duty is not None and duty.params["months"] == 12
    assert base.duty("management-review-interval") is not None
    assert base.duty("management-review-interval").params["months"] == 12  # type: ignore[union-attr]
    revision = base.duty("legal-change-revision")
    assert revision is not None and revision.params["months"] == 3
    assert "8.3" in {e.clause for e in base.commonly_excluded}
    procedure_clauses = {p.id: p.clauses for p in base.expected_procedures}
    assert procedure_clauses["danh-gia-noi-bo"] == ("9.2",)
    assert procedure_clauses["xem-xet-cua-lanh-dao"] == ("9.3",)
    assert procedure_clauses["kiem-soat-khong-phu-hop-va-hanh-dong-khac-phuc"] == ("8.7", "10.2")
    assert procedure_clauses["giai-quyet-rui-ro-va-co-hoi"] == ("6.1",)


def test_business_profile() -> None:
    business = load_profile("doanh-nghiep")
    assert business.extends is None
    assert {d.id for d in business.duties} == {
        "internal-audit-interval",
        "management-review-interval",
    }
    assert any("8.4" in p.clauses for p in business.expected_procedures)


def test_profile_references_exist_in_standard(std: Standard) -> None:
    for profile in list_profiles():
        for procedure in profile.expected_procedures:
            assert procedure.clauses
            for number in procedure.clauses:
                assert std.get(number) is not None, (profile.id, procedure.id, number)
        for excluded in profile.commonly_excluded:
            clause = std.get(excluded.clause)
            assert clause is not None and clause.excludable
            assert excluded.reason_vi
        for duty in profile.duties:
            assert duty.vi and duty.en and duty.source
            for number in duty.clauses:
                assert std.get(number) is not None


def test_duty_params_are_read_only() -> None:
    duty = load_profile("co-quan-hanh-chinh").duty("internal-audit-interval")
    assert isinstance(duty, Duty)
    with pytest.raises(TypeError):
        duty.params["months"] = 6  # type: ignore[index]


def test_unknown_profile_lists_known_ids() -> None:
    with pytest.raises(ProfileError) as info:
        load_profile("ubnd-tinh")
    err = info.value
    assert set(err.known_ids) == BUILTIN_PROFILES
    for pid in BUILTIN_PROFILES:
        assert pid in err.message_vi and pid in err.message_en
    assert "ubnd-tinh" in str(err)
    assert err.message("en") == err.message_en


def test_organisation_profile_extends_builtin(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "ubnd-xa-an-binh",
        """\
id: ubnd-xa-an-binh
extends: co-quan-hanh-chinh-xa
title_vi: UBND xã An Bình
title_en: An Binh Commune People's Committee
commonly_excluded:
  - clause: 8.5.5          # unquoted: read as a float, normalised to "8.5.5"
    reason_vi: Không có hoạt động sau khi trả kết quả.
expected_procedures:
  - id: kiem-soat-ho-so
    vi: Kiểm soát thông tin dạng văn bản (hồ sơ)
  - id: tiep-cong-dan
    vi: Tiếp công dân
    en: Receiving citizens
    clauses: ["8.2.1"]
duties:
  - id: internal-audit-interval
    params: {months: 6}
  - id: digital-archive
    vi: Lưu hồ sơ điện tử
    en: Keep records electronically
    params: {system: iso-dien-tu}
remove:
  duties: [announcement-decision]
""",
    )
    profile = load_profile("ubnd-xa-an-binh", [tmp_path])
    assert profile.path == path and not profile.builtin and not profile.abstract
    assert profile.lineage == ("ubnd-xa-an-binh", "co-quan-hanh-chinh-xa", "co-quan-hanh-chinh")
    assert profile.standard == "tcvn-iso-9001-2015"
    assert [e.clause for e in profile.commonly_excluded] == ["8.3", "7.1.5.2", "8.5.5"]
    ids = [p.id for p in profile.expected_procedures]
    assert ids[-1] == "tiep-cong-dan" and len(ids) == len(set(ids)) == 7
    records = profile.procedure("kiem-soat-ho-so")
    assert records is not None
    assert records.vi == "Kiểm soát thông tin dạng văn bản (hồ sơ)"
    assert records.en == "Control of records" and records.clauses == ("7.5",)
    audit = profile.duty("internal-audit-interval")
    assert audit is not None and audit.params["months"] == 6
    assert audit.vi == load_profile("co-quan-hanh-chinh").duty("internal-audit-interval").vi  # type: ignore[union-attr]
    assert profile.duty("announcement-decision") is None
    assert profile.duty("digital-archive") is not None
    # duty order: inherited ones keep their place, new ones at the end
    assert [d.id for d in profile.duties][-1] == "digital-archive"
    # list_profiles includes organisation profiles after the built-in ones
    listed = [p.id for p in list_profiles([tmp_path])]
    assert listed[-1] == "ubnd-xa-an-binh" and set(listed[:-1]) == BUILTIN_PROFILES
    # the unknown-id error lists organisation profiles too
    with pytest.raises(ProfileError) as info:
        load_profile("missing", [tmp_path])
    assert "ubnd-xa-an-binh" in info.value.known_ids


def test_profile_text_is_nfc(tmp_path: Path) -> None:
    title = unicodedata.normalize("NFD", "UBND phường Hòa Bình")
    _write(
        tmp_path,
        "p",
        f"id: p\nextends: doanh-nghiep\ntitle_vi: {title}\ntitle_en: P\n",
    )
    profile = load_profile("p", [tmp_path])
    assert profile.title_vi == unicodedata.normalize("NFC", title)


def test_cycle_detection(tmp_path: Path) -> None:
    _write(tmp_path, "a", "id: a\nextends: b\ntitle_vi: A\ntitle_en: A\n")
    _write(tmp_path, "b", "id: b\nextends: c\ntitle_vi: B\ntitle_en: B\n")
    _write(
        tmp_path, "c", "id: c\nextends: a\ntitle_vi: C\ntitle_en: C\nstandard: tcvn-iso-9001-2015\n"
    )
    _write(tmp_path, "self", "id: self\nextends: self\ntitle_vi: S\ntitle_en: S\n")
    with pytest.raises(ProfileError) as info:
        load_profile("a", [tmp_path])
    assert "a → b → c → a" in info.value.message_en
    with pytest.raises(ProfileError) as info:
        load_profile("self", [tmp_path])
    assert "self → self" in info.value.message_vi
    with pytest.raises(ProfileError):
        list_profiles([tmp_path])


def test_extends_unknown_profile(tmp_path: Path) -> None:
    _write(tmp_path, "orphan", "id: orphan\nextends: nowhere\ntitle_vi: O\ntitle_en: O\n")
    with pytest.raises(ProfileError) as info:
        load_profile("orphan", [tmp_path])
    assert "nowhere" in info.value.message_en
    assert "co-quan-hanh-chinh" in info.value.known_ids


BASE = "extends: co-quan-hanh-chinh\ntitle_vi: X\ntitle_en: X\n"


@pytest.mark.parametrize(
    "body",
    [
        "id: other\n" + BASE,  # id differs from the file name
        "id: x\n" + BASE + "colour: red\n",  # unknown key
        "id: x\nextends: co-quan-hanh-chinh\ntitle_en: X\n",  # missing title_vi
        "id: x\n" + BASE + "standard: iso-14001\n",  # different standard than parent
        "id: x\ntitle_vi: X\ntitle_en: X\n",  # root profile without a standard
        "id: x\n" + BASE + "abstract: maybe\n",
        "id: x\n" + BASE + "commonly_excluded:\n  - clause: '9.2'\n    reason_vi: r\n",
        "id: x\n" + BASE + "commonly_excluded:\n  - clause: '8.9'\n    reason_vi: r\n",
        "id: x\n" + BASE + "commonly_excluded:\n  - clause: '8.3.1'\n",  # no reason
        "id: x\n"
        + BASE
        + "expected_procedures:\n  - id: new\n    vi: v\n    en: e\n    clauses: ['7.1.50']\n",
        "id: x\n"
        + BASE
        + "expected_procedures:\n  - id: new\n    vi: v\n    en: e\n",  # no clauses
        "id: x\n" + BASE + "duties:\n  - id: new-duty\n    vi: v\n",  # new duty without en
        "id: x\n"
        + BASE
        + "duties:\n  - id: d\n    vi: v\n    en: e\n  - id: d\n    vi: v\n    en: e\n",
        "id: x\n" + BASE + "duties:\n  - id: Bad Id\n    vi: v\n    en: e\n",
        "id: x\n" + BASE + "duties:\n  - id: d\n    vi: v\n    en: e\n    params: [1]\n",
        "id: x\n" + BASE + "remove:\n  duties: [no-such-duty]\n",
        "id: x\n" + BASE + "remove:\n  forms: [a]\n",
        "id: x\n" + BASE + "duties: {id: d}\n",
        "id: x\n" + BASE + "title_en: [unclosed\n",  # YAML syntax error
        "id: x\n" + BASE + "title_vi: again\n",  # duplicate key
        "- just\n- a list\n",
    ],
)
def test_malformed_profiles(tmp_path: Path, body: str) -> None:
    _write(tmp_path, "x", body)
    with pytest.raises(ProfileError) as info:
        load_profile("x", [tmp_path])
    assert info.value.message_vi and info.value.message_en


def test_profile_file_not_utf8(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_bytes("id: x\ntitle_vi: Hà Nôi\n".encode("latin-1"))
    with pytest.raises(ProfileError):
        load_profile("x", [tmp_path])


def test_organisation_profile_cannot_shadow_builtin(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "doanh-nghiep",
        "id: doanh-nghiep\ntitle_vi: X\ntitle_en: X\nstandard: tcvn-iso-9001-2015\n",
    )
    with pytest.raises(ProfileError) as info:
        load_profile("doanh-nghiep", [tmp_path])
    assert "extends" in info.value.message_en


def test_duplicate_ids_across_extra_dirs(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    text = "id: p\nextends: doanh-nghiep\ntitle_vi: P\ntitle_en: P\n"
    _write(one, "p", text)
    _write(two, "p", text)
    with pytest.raises(ProfileError):
        load_profile("p", [one, two])


def test_missing_extra_dir(tmp_path: Path) -> None:
    with pytest.raises(ProfileError):
        load_profile("doanh-nghiep", [tmp_path / "absent"])


def test_abstract_not_inherited(tmp_path: Path) -> None:
    _write(tmp_path, "p", "id: p\nextends: co-quan-hanh-chinh\ntitle_vi: P\ntitle_en: P\n")
    profile = load_profile("p", [tmp_path])
    assert isinstance(profile, Profile) and not profile.abstract


def test_clause_dataclass_is_frozen(std: Standard) -> None:
    clause = std.get("4.3")
    assert isinstance(clause, Clause)
    with pytest.raises(AttributeError):
        clause.vi = "x"  # type: ignore[misc]
    assert hash(clause) == hash(std.get("4.3"))


# --------------------------------------------------------------------------- properties

_parts = st.lists(st.integers(min_value=1, max_value=120), min_size=1, max_size=5)


def _num(parts: list[int]) -> str:
    return ".".join(map(str, parts))


@given(_parts, st.lists(st.integers(min_value=1, max_value=120), max_size=3))
def test_is_within_prefix_property(head: list[int], tail: list[int]) -> None:
    assert clause_is_within(_num(head + tail), _num(head))
    assert clause_is_within(_num(head), _num(head + tail)) is (not tail)


@given(_parts, st.integers(min_value=0, max_value=9))
def test_is_within_never_matches_on_digit_extension(parts: list[int], digit: int) -> None:
    # "7.1.5" + "0" -> "7.1.50": a longer last part is a sibling, not a child
    assert not clause_is_within(_num(parts) + str(digit), _num(parts))


@given(_parts)
def test_normalize_round_trip(parts: list[int]) -> None:
    text = _num(parts)
    assert normalize_clause(text) == text
    assert normalize_clause(f"  {text}. ") == text
