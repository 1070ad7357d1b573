"""End to end on the 60 real TTHC records of tests/data/tthc (issue 15).

Each record is converted into a procedure (tests/real/convert.py) as faithfully as the format
allows, then checked and built. What must hold: every time wording of the records reads; no
false "steps exceed the legal time" (QMS301): alternative cases and periods from different
start events are never added up; a record whose steps truly exceed its time still fails, with
the arithmetic in the message; clean procedures build to DOCX and PDF with the published
record's fields in them.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import docx
import pytest

from qmsdoc.build import BuildOptions
from qmsdoc.commands.build import build as run
from qmsdoc.commands.check import check_repository
from qmsdoc.diagnostics import Diagnostic
from qmsdoc.load import load_repository
from qmsdoc.model.documents import Procedure
from qmsdoc.model.duration import DurationError, parse_duration
from qmsdoc.rules.context import RuleContext
from qmsdoc.rules.timing import Chain, available_hours, chains, counts, limits, total
from tests.real.convert import (
    all_records,
    channel_cells,
    load_record,
    times_in,
    write_repository,
)

TODAY = dt.date(2026, 11, 22)
RECORDS = all_records()
# The one record whose published steps truly exceed its published time: its online channel
# says "15 Ngày" (calendar days) while its own text gives 30 and 15 working days for the
# first issue and the reissue, from the same event.
OVER = "bo-tai-chinh/3.000038.json"


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str],
                                                            list[Diagnostic]]:
    root = tmp_path_factory.mktemp("real") / "repo"
    paths = write_repository(root, RECORDS)
    return root, paths, list(check_repository(root, today=TODAY).diagnostics)


def _procedure(root: Path, path: str) -> tuple[RuleContext, Procedure]:
    repo = load_repository(root).repo
    ctx = RuleContext(repo, TODAY)
    return ctx, next(p for p in repo.procedures if p.path == path)


def _naive_overrun(ctx: RuleContext, p: Procedure) -> bool:
    """What the old rule did: every counted step added up, cases and start events ignored."""
    t = ctx.timing
    chain = Chain("all", None, [(n, s, t.read(s.duration)) for n, s in enumerate(p.steps, 1)
                                if s.duration and counts(s)])
    tot = total(t, chain)
    entry = ctx.index.tthc.get(p.tthc or "")
    return not tot.unlimited and any(
        tot.hours > available_hours(t, lim.duration, tot.calendar_days)
        for lim in limits(t, p, None, entry) if lim.duration.limited)


def test_the_records_are_there() -> None:
    assert len(RECORDS) == 60


def test_every_time_wording_of_the_records_reads() -> None:
    wordings: list[str] = []
    for rel in RECORDS:
        r = load_record(rel)
        for cell in channel_cells(r["cach_thuc_thuc_hien"]):
            if cell.time:
                wordings.append(cell.time)
            wordings.extend(times_in(cell.note))
        wordings.extend(times_in(r["trinh_tu_thuc_hien"]))
    assert len(wordings) > 300
    refused = []
    for w in wordings:
        try:
            parse_duration(w)
        except DurationError as e:
            refused.append((w, e.vi))
    assert refused == []
    # The wordings the issue names are among them or read the same way.
    for w in ("15 Ngày", "15 Ngày làm việc", "8 Giờ", "6 Tháng", "Trong ngày", "Không quy định",
              "02 (hai) ngày làm việc", "ngay trong ngày tiếp nhận hồ sơ"):
        parse_duration(w)


def test_no_value_is_refused_and_no_false_overrun(
        real: tuple[Path, dict[str, str], list[Diagnostic]]) -> None:
    root, paths, diags = real
    assert [d for d in diags if d.code in ("QMS007", "QMS017", "QMS006")] == []
    over = {d.span.path for d in diags if d.code == "QMS301"}
    assert over == {paths[OVER]}


def test_a_true_overrun_fails_with_the_arithmetic(
        real: tuple[Path, dict[str, str], list[Diagnostic]]) -> None:
    _, paths, diags = real
    found = [d for d in diags if d.code == "QMS301" and d.span.path == paths[OVER]]
    assert len(found) == 2  # the first issue and the reissue, each on its own path
    first = next(d.vi for d in found if "cấp Giấy" in d.vi)
    assert first.startswith('Trường hợp "Đối với cấp Giấy chứng nhận')
    assert "nộp trực tuyến" in first
    assert re.search(r"các bước \d+ cộng lại 30 ngày làm việc", first)
    assert "vượt thời hạn giải quyết 15 ngày (theo lịch) kể từ ngày nhận đủ hồ sơ hợp lệ" in first
    assert "thường gồm 11 ngày làm việc" in first and "8 giờ một ngày" in first
    en = next(d.en for d in found if "cấp Giấy" in d.vi)
    assert "add up to 30 working days" in en and "15 calendar days" in en


def test_the_bare_day_reading_is_stated_and_can_be_changed(
        real: tuple[Path, dict[str, str], list[Diagnostic]], tmp_path: Path) -> None:
    root, paths, diags = real
    said = [d for d in diags if d.code == "QMS309" and d.span.path == paths[OVER]]
    assert said and "ngày theo lịch" in said[0].vi
    copy = tmp_path / "repo"
    shutil.copytree(root, copy)
    config = copy / "qms.yaml"
    config.write_text(config.read_text(encoding="utf-8")
                      + "calendar:\n  bare_day: working\n", encoding="utf-8")
    again = check_repository(copy, today=TODAY, select=["QMS301", "QMS309"]).diagnostics
    over = [d for d in again if d.code == "QMS301"]
    # Read as working days, the reissue (15 working days in "15 Ngày") fits; the first issue
    # (30 working days) still does not.
    assert len(over) == 1 and "30 ngày làm việc" in over[0].vi
    assert "ngày làm việc (theo calendar.bare_day" in next(
        d.vi for d in again if d.code == "QMS309")


@pytest.mark.parametrize("rel", ["bo-tai-chinh/2.002324.json", "ngan-hang-nha-nuoc/1.013691.json",
                                 "bo-xay-dung/1.002508.json"])
def test_alternative_cases_are_never_added_up(
        real: tuple[Path, dict[str, str], list[Diagnostic]], rel: str) -> None:
    root, paths, diags = real
    ctx, p = _procedure(root, paths[rel])
    assert p.cases and any(s.cases for s in p.steps)
    assert _naive_overrun(ctx, p)  # adding the alternatives would exceed the time …
    assert [d for d in diags if d.code == "QMS301" and d.span.path == paths[rel]] == []


@pytest.mark.parametrize("rel", ["bo-nong-nghiep-mt/1.014853.json",
                                 "bo-nong-nghiep-mt/1.014862.json", "bo-xay-dung/2.001218.json"])
def test_periods_from_different_events_are_never_added_up(
        real: tuple[Path, dict[str, str], list[Diagnostic]], rel: str) -> None:
    root, paths, diags = real
    ctx, p = _procedure(root, paths[rel])
    assert not p.cases
    events = {c.event for _, path in [(None, list(enumerate(p.steps, 1)))]
              for c in chains(ctx.timing, path)}
    assert {"nhan-ho-so", "ho-so-hop-le"} <= events  # "nhận được hồ sơ" / "nhận đủ hồ sơ"
    assert _naive_overrun(ctx, p)
    assert [d for d in diags if d.code == "QMS301" and d.span.path == paths[rel]] == []


def test_steps_of_the_applicant_need_no_role_nor_duration(
        real: tuple[Path, dict[str, str], list[Diagnostic]]) -> None:
    root, paths, diags = real
    rel = "bo-tai-chinh/1.009806.json"
    _, p = _procedure(root, paths[rel])
    applicant = [s for s in p.steps if s.actor == "nguoi-nop-ho-so"]
    assert applicant and all(not s.responsible for s in applicant)
    # "Trong thời hạn 60 ngày …, cổ đông … hoàn thiện hồ sơ": the applicant's time.
    assert any(s.duration and s.duration.value == 60 for s in applicant)
    mine = [d for d in diags if d.span.path == paths[rel] and d.code in ("QMS302", "QMS304",
                                                                        "QMS311", "QMS301")]
    assert mine == []


def test_fees_of_the_records_are_read() -> None:
    from qmsdoc.model.fee import parse_fee

    kinds = {parse_fee(c.fee).kind for rel in RECORDS
             for c in channel_cells(load_record(rel)["cach_thuc_thuc_hien"]) if c.fee}
    assert {"free", "amount"} <= kinds
    assert parse_fee("10,000 Việt Nam Đồng").low == 10000
    assert parse_fee("Bằng 50% mức thu").kind == "percent"


# ---- building: commune-level records, read back ----------------------------------------------

COMMUNE = ["bo-tu-phap/2.001255.json", "bo-xay-dung/2.001218.json",
           "bo-nong-nghiep-mt/1.014853.json"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("built") / "repo"
    paths = write_repository(root, COMMUNE)
    config = root / "qms.yaml"
    # The converted repository has only procedures: the clause-coverage family (QMS5xx) is
    # about a whole QMS and is not what is tested here.
    config.write_text(config.read_text(encoding="utf-8")
                      + 'rules:\n  ignore: ["QMS5"]\noutput:\n  formats: [docx, pdf]\n',
                      encoding="utf-8")
    result = run(root, BuildOptions(jobs=1, today=TODAY, history=False))
    assert not result.refused, result.check_errors
    return root, paths


def test_clean_real_procedures_check_without_errors(built: tuple[Path, dict[str, str]]) -> None:
    root, _ = built
    errors = [d for d in check_repository(root, today=TODAY).diagnostics
              if d.severity == "error"]
    assert errors == []


def _docx_text(path: Path) -> str:
    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts)


def test_the_published_fields_are_in_the_docx(built: tuple[Path, dict[str, str]]) -> None:
    root, _ = built
    text = _docx_text(root / "_build" / "QT-002.docx")  # 2.001218, cấp xã
    r = load_record("bo-xay-dung/2.001218.json")
    assert "Thông tin về thủ tục hành chính" in text
    assert "Cấp thực hiện | Cấp xã" in text
    assert f"Lĩnh vực | {r['linh_vuc']}" in text
    assert "Cách thức thực hiện, thời hạn và phí, lệ phí" in text
    assert "Trực tuyến | 5 Ngày làm việc" in text
    assert "Miễn phí" in text
    assert "(mã KQ." in text
    assert "Người nộp hồ sơ" in text  # the applicant's step names no internal role


def test_the_published_fields_are_in_the_pdf(built: tuple[Path, dict[str, str]]) -> None:
    from tests.render.pdftools import MISSING, flat, text

    if MISSING:
        pytest.skip(f"poppler-utils missing: {MISSING}")
    root, _ = built
    pdf = (root / "_build" / "QT-002.pdf").read_bytes()
    content = flat(text(pdf))
    assert "Thông tin về thủ tục hành chính" in content
    assert "Cấp xã" in content
    assert "Trực tuyến" in content and "5 Ngày làm việc" in content
    assert "Người nộp hồ sơ" in content


def test_a_one_path_total_is_not_shown_for_several_chains(
        built: tuple[Path, dict[str, str]]) -> None:
    root, _ = built
    text = _docx_text(root / "_build" / "QT-003.docx")  # 1.014853: two start events
    assert "Xem thời hạn của từng trường hợp" in text


def test_every_real_procedure_builds_to_docx_and_pdf(
        real: tuple[Path, dict[str, str], list[Diagnostic]], tmp_path: Path) -> None:
    """All 60, forced (one record truly overruns its time): no build problem at all, names over
    255 characters included (DOCX properties are cut, the header fits the title); each DOCX
    opens with its TTHC code in it and each PDF is written."""
    root, paths, _ = real
    copy = tmp_path / "repo"
    shutil.copytree(root, copy)
    config = copy / "qms.yaml"
    config.write_text(config.read_text(encoding="utf-8")
                      + 'rules:\n  ignore: ["QMS5"]\noutput:\n  formats: [docx, pdf]\n',
                      encoding="utf-8")
    result = run(copy, BuildOptions(jobs=1, today=TODAY, history=False, force=True))
    assert any(len(load_record(rel)["ten_thu_tuc"]) > 255 for rel in paths)
    assert [d for d in result.diagnostics if d.code.startswith("QMS8")] == []
    out = copy / "_build"
    for rel, path in paths.items():
        code = Path(path).stem
        assert load_record(rel)["ma_thu_tuc"] in _docx_text(out / f"{code}.docx")
        assert (out / f"{code}.pdf").read_bytes().startswith(b"%PDF")
    # Fees that differ by channel (1.004222) and a legal basis cited without its number
    # (3.000038) are printed as published.
    fees = _docx_text(out / f"{Path(paths['bo-cong-an/1.004222.json']).stem}.docx")
    assert "Trực tuyến | 7 Ngày làm việc | 10,000 Việt Nam Đồng" in fees
    assert "Trực tiếp | 7 Ngày làm việc | 20,000 Việt Nam Đồng" in fees
    cited = _docx_text(out / f"{Path(paths[OVER]).stem}.docx")
    assert "Nghị định số 85/2026" in cited


def test_a_legal_basis_without_number_is_a_warning(
        real: tuple[Path, dict[str, str], list[Diagnostic]]) -> None:
    _, paths, diags = real
    free = [d for d in diags if d.code == "QMS313" and d.span.path == paths[OVER]]
    assert free and free[0].severity == "warning" and "85/2026" in free[0].vi
    assert [d for d in diags if d.code == "QMS314"] == []


def test_the_catalogue_and_the_procedure_agree_per_channel(
        real: tuple[Path, dict[str, str], list[Diagnostic]], tmp_path: Path) -> None:
    root, paths, diags = real
    assert [d for d in diags if d.code == "QMS312"] == []
    copy = tmp_path / "repo"
    shutil.copytree(root, copy)
    catalogue = copy / "danh-muc-tthc.yaml"
    text = catalogue.read_text(encoding="utf-8")
    # The catalogue says the in-person fee of 1.004222 (đăng ký thường trú) is 15.000 đồng.
    assert text.count("fee: 20,000 Việt Nam Đồng") == 1
    catalogue.write_text(text.replace("fee: 20,000 Việt Nam Đồng", "fee: 15.000 đồng"),
                         encoding="utf-8")
    found = [d for d in check_repository(copy, today=TODAY, select=["QMS312"]).diagnostics
             if d.code == "QMS312"]
    assert len(found) == 1 and found[0].span.path == paths["bo-cong-an/1.004222.json"]
    assert "trực tiếp" in found[0].vi and "15.000 đồng" in found[0].vi


def test_a_word_symbol_bullet_as_published_is_caught_by_check(tmp_path: Path) -> None:
    """Record 1.009806 carries Word's Wingdings bullet U+F0A7 (a private-use character, an empty
    box in every ordinary font): written as published, check reports it where it is (QMS027),
    so the build is refused before a PDF could fail on it."""
    rel = "bo-tai-chinh/1.009806.json"
    published = load_record(rel, as_published=True)
    assert any("\uf0a7" in v for v in published.values() if isinstance(v, str))
    root = tmp_path / "repo"
    paths = write_repository(root, [rel])
    proc = root / paths[rel]
    text = proc.read_text(encoding="utf-8")
    assert "\uf0a7" not in text  # the converter follows QMS027's advice
    proc.write_text(text.replace("•", "\uf0a7"), encoding="utf-8")
    found = [d for d in check_repository(root, today=TODAY).diagnostics if d.code == "QMS027"]
    assert found and found[0].span.path == paths[rel]
    line = proc.read_text(encoding="utf-8").splitlines()[found[0].span.line - 1]
    assert line[found[0].span.column - 1] == "\uf0a7"
