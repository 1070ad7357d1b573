"""qmsdoc import: the round trip of sample_manual's DOCX, the corpus of foreign layouts, and
the safety of reading hostile files."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from qmsdoc.commands.import_ import Options, run
from qmsdoc.load import load_repository
from qmsdoc.model.documents import Decision, Form, Manual, Objectives, Policy, Procedure
from tests.qmsdoc_testing import ROOT, SAMPLE

sys.path.insert(0, str(ROOT / "tests" / "data" / "import_corpus"))
from make_corpus import SPECS, build  # noqa: E402


def _empty_repo(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    shutil.copy(SAMPLE / "qms.yaml", path / "qms.yaml")
    shutil.copytree(SAMPLE / "dang-ky", path / "dang-ky")
    return path


# ------------------------------------------------------------------------------- round trip
@pytest.fixture(scope="module")
def sample_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("sample")
    shutil.copytree(SAMPLE, repo, dirs_exist_ok=True)
    out = tmp_path_factory.mktemp("out")
    done = subprocess.run([sys.executable, "-m", "qmsdoc", "build", str(repo), "-f", "docx",
                           "-j", "1", "-o", str(out)], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def round_trip(sample_docx: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = _empty_repo(tmp_path_factory.mktemp("imported"))
    result = run(Options((sample_docx,), repo))
    written = [f for f in result.files if f.status == "written"]
    assert len(written) >= 38, [(d.code, d.span.path) for d in result.diagnostics]
    # check afterwards: what it finds in the written files is true of the originals
    assert result.findings and {f["verdict"] for f in result.findings} == {"original"}
    assert result.status == 0  # warnings only: the sets (QMS919) and manifest.json (QMS917)
    return repo


def _norm(text: str) -> str:
    """Body text without Markdown markup and with whitespace collapsed."""
    text = re.sub(r"^#+ .*$", "", text, flags=re.MULTILINE)  # the fixed section titles
    # a Mermaid diagram is printed as its drawing (a picture): it comes back as a picture
    text = re.sub(r"^```mermaid\n.*?^```$", "", text, flags=re.MULTILINE | re.DOTALL)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    # a fill-in blank is a dotted leader to the line's end in Word: its length is not kept
    text = re.sub(r"…+", "…", text)
    # a pipe table's alignment row: Word keeps the alignment in the cells, not the row
    text = re.sub(r"^\|[ \t:|-]+\|$", "", text, flags=re.MULTILINE)
    text = text.replace("```", "")
    text = re.sub(r"[*_\\]|^\s*[-+] |^\s*\d+\. ", "", text, flags=re.MULTILINE)
    return " ".join(text.split())


def _sections(body: str) -> dict[str, str]:
    from qmsdoc.ingest.extract import SECTION_WORDS, classify

    out: dict[str, str] = {}
    for part in re.split(r"^## ", body, flags=re.MULTILINE)[1:]:
        title, _, text = part.partition("\n")
        key = classify(title.strip(), SECTION_WORDS) or title.strip().casefold()
        out[key] = (out.get(key, "") + " " + _norm(text)).strip()
    if lead := _norm(re.split(r"^## ", body, flags=re.MULTILINE)[0]):
        out["content"] = (lead + " " + out.get("content", "")).strip()
    return {k: v for k, v in out.items() if v}


#: Not printed in the DOCX, so not in an import: a case's id (its name is printed), the event
#: a step's period runs from (the step table prints the period only), and a step's check and
#: what is done otherwise (drawn only in the flowchart, which is a picture).
NOT_PRINTED = ("id", "start", "decision", "otherwise")


def _plain(obj: Any) -> Any:
    """Model objects as plain data, without what the DOCX does not print."""
    from dataclasses import fields, is_dataclass

    if is_dataclass(obj):
        return {f.name: _plain(getattr(obj, f.name)) for f in fields(obj)
                if f.compare and f.name not in NOT_PRINTED}
    if isinstance(obj, list):
        return [_plain(x) for x in obj]
    return obj


COMPARED = ("code", "title", "edition", "issued", "prepared_by", "reviewed_by", "approved_by",
            "tthc", "legal_basis", "conditions", "dossier", "place", "fee", "result", "results",
            "records", "level", "procedure_type", "field", "applicants", "agencies", "channels",
            "statement", "commitments", "communicated_to", "year", "objectives", "purpose",
            "signer", "sign_mode", "recipients")
#: Printed by kind: a form prints no signature grid, a decision only its signer.
NOT_ON = {Form: ("prepared_by", "reviewed_by", "approved_by"),
          Decision: ("prepared_by", "reviewed_by", "approved_by")}


def test_round_trip_of_every_document_qmsdoc_builds(round_trip: Path) -> None:
    from qmsdoc.render.compose.procedure import form_codes

    source = {d.code: d for d in load_repository(SAMPLE).repo.documents}
    imported = load_repository(round_trip).repo.documents
    kinds = {type(d) for d in imported}
    assert kinds == {Procedure, Form, Manual, Policy, Objectives, Decision}
    assert len(imported) == len(source)
    for new in imported:
        old = source[new.code]
        assert type(new) is type(old)
        for name in COMPARED:
            if name in NOT_ON.get(type(old), ()):
                continue
            if hasattr(old, name):
                assert _plain(getattr(new, name)) == _plain(getattr(old, name)), \
                    (new.code, name)
        if isinstance(old, Procedure):
            assert isinstance(new, Procedure)
            names = {c.id: c.name for c in old.cases}
            new_names = {c.id: c.name for c in new.cases}
            for a, b in zip(old.steps, new.steps, strict=True):
                assert _plain(b) | {"cases": None} == _plain(a) | {"cases": None}, new.code
                assert [new_names[c] for c in b.cases] == [names[c] for c in a.cases]
            assert [_plain(c) for c in new.cases] == [_plain(c) for c in old.cases]
            assert form_codes(new) == form_codes(old), new.code
            assert new.related == old.related, new.code
            # The printed time is the procedure's own or, without one, the TTHC catalogue's:
            # the DOCX cannot tell which, so the import writes it and the time is the same.
            tthc = {e.code: e.legal_time for e in load_repository(SAMPLE).repo.tthc}
            assert _plain(new.processing_time or tthc.get(new.tthc)) == \
                _plain(old.processing_time or tthc.get(old.tthc)), new.code
            assert _sections(new.body) == _sections(old.body), new.code
        elif isinstance(old, Manual | Policy | Objectives | Decision):
            assert _norm(new.body) == _norm(old.body), new.code
            if isinstance(old, Decision):
                from qmsdoc.render.compose.decision import official_number

                assert isinstance(new, Decision)
                assert new.number == official_number(old.number or ""), new.code
        else:
            assert isinstance(new, Form) and isinstance(old, Form)
            assert new.origin == old.origin
            assert _norm(new.body) == _norm(old.body) or \
                _norm(new.body).replace(" ", "") == _norm(old.body).replace(" ", ""), new.code


def test_imported_sample_passes_check_but_for_facts_of_the_original(round_trip: Path) -> None:
    """The errors check still reports are true of the DOCX: a form or a decision prints no
    preparer, reviewer nor owner (QMS103 on those only), a procedure prints no clauses
    (coverage, QMS505)."""
    from qmsdoc.commands.check import check_repository

    result = check_repository(round_trip)
    forms = {d.path for d in result.repo.documents if isinstance(d, Form | Decision)}
    unexpected = [(d.code, d.span.path, d.vi) for d in result.diagnostics
                  if d.severity == "error" and not (d.code == "QMS505" or (
                      d.code == "QMS103" and d.span.path in forms))]
    assert unexpected == []
    assert any(d.code == "QMS103" for d in result.diagnostics)


# ------------------------------------------------------------------------------ the corpus
@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("corpus")
    made = build(folder)
    assert len(made) >= 20
    repo = _empty_repo(tmp_path_factory.mktemp("corpus-repo"))
    result = run(Options((folder,), repo, dry_run=True))
    out: dict[str, dict[str, Any]] = {}
    for f in result.files:
        if f.text:  # "name.docx", or "name.docx#BM-31-01" for a form printed in it
            name = Path(f.source).name.rsplit(".", 1)[0] if "#" not in f.source else \
                Path(f.source).name.replace(".docx#", "#").replace(".doc#", "#")
            out[name] = yaml.safe_load(f.text.split("---\n")[1]) | {"_body": f.text}
    return out


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
def test_corpus_file_imports_field_by_field(spec: Any, corpus: dict[str, dict[str, Any]]) -> None:
    fm = corpus[spec.name]
    day, month, year = (int(x) for x in spec.issued.split("/"))
    assert fm["kind"] == "procedure"
    assert fm["code"] == spec.code
    assert fm["title"] == spec.title
    assert fm["edition"] == spec.edition
    assert fm["issued"] == dt.date(year, month, day)
    assert (fm["prepared_by"], fm["reviewed_by"], fm["approved_by"]) == (
        "pham-thi-dung", "le-van-cuong", "nguyen-van-an")
    roles = {"Công chức Bộ phận Tiếp nhận và Trả kết quả": "cong-chuc-mot-cua",
             "Công chức Tư pháp - Hộ tịch": "cong-chuc-tu-phap",
             "Chủ tịch UBND xã": "chu-tich", "Văn thư - Lưu trữ UBND xã": "van-thu"}
    steps = fm["steps"]
    assert [s["action"] for s in steps] == [a for a, *_ in spec.steps]
    assert [s["responsible"] for s in steps] == [roles[r] for _, r, _, _ in spec.steps]
    assert [s["duration"] for s in steps] == [t for _, _, t, _ in spec.steps]
    for s, (_, _, _, output) in zip(steps, spec.steps, strict=True):
        if re.fullmatch(r"BM-\d+", output):
            assert s["forms"] == [output]
        else:
            assert s["output"] == output
    assert [(r["name"], r["keeper"], r["retention"]) for r in fm["records"]] == [
        (n, roles[k], ret) for n, k, ret in spec.records]
    if spec.legal:
        assert fm["legal_basis"] == [{"ref": x} for x in spec.legal]
    for code, title in spec.appended_forms:  # each printed form became a form document
        form = corpus[f"{spec.name}#{code}"]
        assert (form["kind"], form["code"], form["title"]) == ("form", code, title)
        assert (form["edition"], form["issued"]) == (spec.edition, dt.date(year, month, day))
        assert form["prepared_by"] == "pham-thi-dung"
        assert "Họ và tên người nộp" in form["_body"]
        assert "| **TT** | **Nội dung** | **Ghi chú** |" in form["_body"]
        assert code in fm["forms"]
    if not spec.appended_forms:
        assert not any(k.startswith(f"{spec.name}#") for k in corpus)


def test_corpus_has_the_layouts_the_issue_asks_for() -> None:
    assert len(SPECS) >= 20
    assert {s.encoding for s in SPECS} >= {"tcvn3", "vni", "tcvn3-lying", ""}
    assert "flow" in {s.step_columns for s in SPECS}
    assert {s.header for s in SPECS} >= {"three", "tworow", "labels", "body"}
    assert any(s.doc for s in SPECS) and "hand" in {s.numbering for s in SPECS}
    assert sum(bool(s.appended_forms) for s in SPECS) >= 5


# ------------------------------------------------------------------------------------ safety
def _docx(tmp_path: Path, name: str = "QT-77 Quy trình thử.docx") -> Path:
    from docx import Document

    doc = Document()
    t = doc.sections[0].header.add_table(rows=1, cols=3, width=doc.sections[0].page_width)
    t.cell(0, 0).text = "UBND XÃ"
    t.cell(0, 1).text = "QUY TRÌNH THỬ"
    t.cell(0, 2).text = "Mã hiệu: QT-77\nLần ban hành: 01\nNgày ban hành: 01/02/2024"
    doc.add_paragraph("1. MỤC ĐÍCH").runs[0].bold = True
    doc.add_paragraph("Thử.")
    path = tmp_path / name
    doc.save(str(path))
    return path


def _rewrite(path: Path, edit: dict[str, bytes | None]) -> None:
    """Replace (or add, or drop with None) members of a zip."""
    with zipfile.ZipFile(path) as z:
        items = {i.filename: z.read(i) for i in z.infolist()}
    for k, v in edit.items():
        if v is None:
            items.pop(k, None)
        else:
            items[k] = v
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for k, v in items.items():
            z.writestr(k, v)


def _codes(result: Any) -> set[str]:
    return {d.code for d in result.diagnostics}


def test_zip_bomb_is_refused(tmp_path: Path) -> None:
    path = _docx(tmp_path)
    _rewrite(path, {"word/bomb.xml": b"\0" * (40 * 1024 * 1024)})
    result = run(Options((path,), _empty_repo(tmp_path / "r")))
    assert "QMS901" in _codes(result) and result.status == 1
    assert not list((tmp_path / "r").glob("quy-trinh/*"))


def test_external_relationship_is_refused(tmp_path: Path) -> None:
    path = _docx(tmp_path)
    rels = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            b'openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" '
            b'Target="http://example.invalid/t.dotm" TargetMode="External"/></Relationships>')
    _rewrite(path, {"word/_rels/settings.xml.rels": rels})
    result = run(Options((path,), _empty_repo(tmp_path / "r")))
    assert "QMS902" in _codes(result)


def test_dtd_is_refused(tmp_path: Path) -> None:
    path = _docx(tmp_path)
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml")
    laughs = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaa">]>'
    _rewrite(path, {"word/document.xml": xml.replace(b"?>", b"?>" + laughs, 1)})
    result = run(Options((path,), _empty_repo(tmp_path / "r")))
    assert "QMS903" in _codes(result)


def test_macros_are_ignored_and_the_document_imported(tmp_path: Path) -> None:
    path = _docx(tmp_path)
    _rewrite(path, {"word/vbaProject.bin": b"\x00macro"})
    result = run(Options((path,), _empty_repo(tmp_path / "r")))
    assert "QMS904" in _codes(result) and result.status == 0
    assert [f.status for f in result.files] == ["written"]


def test_not_a_docx_is_a_diagnostic(tmp_path: Path) -> None:
    path = tmp_path / "QT-01.docx"
    path.write_bytes(b"not a zip")
    result = run(Options((path,), _empty_repo(tmp_path / "r")))
    assert "QMS900" in _codes(result) and result.status == 1


def test_never_overwrites_without_force_and_replaces_with_it(tmp_path: Path) -> None:
    repo = _empty_repo(tmp_path / "r")
    path = _docx(tmp_path)
    first = run(Options((path,), repo))
    target = repo / first.files[0].target
    assert target.is_file()
    target.write_text(target.read_text(encoding="utf-8") + "\nsửa tay\n", encoding="utf-8")
    again = run(Options((path,), repo))
    assert "QMS905" in _codes(again) and again.status == 1
    assert "sửa tay" in target.read_text(encoding="utf-8")
    forced = run(Options((path,), repo, force=True))
    assert forced.status == 0 and "sửa tay" not in target.read_text(encoding="utf-8")


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    repo = _empty_repo(tmp_path / "r")
    before = sorted(p.relative_to(repo) for p in repo.rglob("*"))
    result = run(Options((_docx(tmp_path),), repo, dry_run=True))
    assert [f.status for f in result.files] == ["planned"]
    assert sorted(p.relative_to(repo) for p in repo.rglob("*")) == before


def test_report_json_has_locations(tmp_path: Path) -> None:
    import json

    repo = _empty_repo(tmp_path / "r")
    run(Options((_docx(tmp_path),), repo))
    report = json.loads((repo / ".qmsdoc" / "import-report.json").read_text(encoding="utf-8"))
    notes = report["files"][0]["notes"]
    assert any(n["field"] == "code" and "đầu trang" in n["where"] for n in notes)


def test_cli_end_to_end(tmp_path: Path) -> None:
    repo = _empty_repo(tmp_path / "r")
    path = _docx(tmp_path)
    done = subprocess.run([sys.executable, "-m", "qmsdoc", "import", str(path), "--into",
                           str(repo), "--lang", "en"], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert "QMS916" in done.stdout and "Wrote 1 documents" in done.stderr
    again = subprocess.run([sys.executable, "-m", "qmsdoc", "import", str(path), "--into",
                            str(repo)], capture_output=True, text=True, check=False)
    assert again.returncode == 1 and "QMS905" in again.stdout and "Traceback" not in again.stderr


# ------------------------------------------------------------------- each diagnostic, fired
def _procedure(tmp_path: Path, name: str, *, code: str = "QT-88", date: str = "01/02/2024",
               signer: str = "Lê Văn Cường", role: str = "Công chức Tư pháp - Hộ tịch",
               time: str = "4 giờ", legal: str = "123/2015/NĐ-CP", title: str = "QUY TRÌNH X",
               legacy: str = "") -> Path:
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    doc = Document()
    t = doc.sections[0].header.add_table(rows=1, cols=3, width=doc.sections[0].page_width)
    t.cell(0, 0).text = "UBND XÃ"
    t.cell(0, 1).text = title
    t.cell(0, 2).text = (f"Mã hiệu: {code}\n" if code else "") + \
        f"Lần ban hành: 01\nNgày ban hành: {date}"
    g = doc.add_table(rows=3, cols=4)
    for c, h in enumerate(["", "Soạn thảo", "Xem xét", "Phê duyệt"]):
        g.cell(0, c).text = h
    g.cell(2, 0).text = "Họ và tên"
    for c, n in enumerate(["Phạm Thị Dung", signer, "Nguyễn Văn An"], 1):
        g.cell(2, c).text = n
    doc.add_paragraph("1. CĂN CỨ PHÁP LÝ").runs[0].bold = True
    doc.add_paragraph(f"- Nghị định số {legal} của Chính phủ.")
    doc.add_paragraph("2. NỘI DUNG").runs[0].bold = True
    if legacy:
        from qmsdoc.load.text import encode_legacy

        run = doc.add_paragraph().add_run(encode_legacy("Tiếp nhận hồ sơ và trả kết quả",
                                                        "tcvn3"))
        fonts = OxmlElement("w:rFonts")
        fonts.set(qn("w:ascii"), legacy)
        fonts.set(qn("w:hAnsi"), legacy)
        run._element.get_or_add_rPr().append(fonts)
    s = doc.add_table(rows=2, cols=4)
    for c, h in enumerate(["Bước", "Nội dung công việc", "Trách nhiệm", "Thời gian"]):
        s.cell(0, c).text = h
    for c, v in enumerate(["B1", "Thẩm định", role, time]):
        s.cell(1, c).text = v
    path = tmp_path / name
    doc.save(str(path))
    return path


def _fired(tmp_path: Path, *paths: Path) -> set[str]:
    return _codes(run(Options(paths, _empty_repo(tmp_path / "repo"), dry_run=True)))


@pytest.mark.parametrize(("code", "kwargs"), [
    ("QMS907", {"code": ""}),
    ("QMS910", {"date": "31/02/2015"}),
    ("QMS911", {"role": "Cán bộ địa chính"}),
    ("QMS912", {"signer": "Hoàng Văn Em"}),
    ("QMS913", {"legal": "99/2099/NĐ-CP"}),
    ("QMS914", {"time": "Theo thực tế"}),
    ("QMS915", {"legacy": ".VnTime"}),
    ("QMS916", {}),
    ("QMS918", {"title": ""}),
    ("QMS919", {"title": "DANH MỤC TÀI LIỆU"}),
])
def test_each_import_diagnostic_fires(tmp_path: Path, code: str, kwargs: dict[str, str]) -> None:
    found = _fired(tmp_path, _procedure(tmp_path, "x.docx", **kwargs))
    assert code in found, found


def test_a_clean_file_fires_none_of_the_warnings(tmp_path: Path) -> None:
    found = _fired(tmp_path, _procedure(tmp_path, "x.docx"))
    assert found == {"QMS916"}


def test_duplicate_code_and_unsupported_file(tmp_path: Path) -> None:
    a = _procedure(tmp_path, "a.docx")
    b = _procedure(tmp_path, "b.docx")
    other = tmp_path / "notes.txt"
    other.write_text("x", encoding="utf-8")
    found = _fired(tmp_path, a, b, other)
    assert {"QMS906", "QMS917"} <= found


def test_doc_without_libreoffice_and_failed_conversion(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from qmsdoc.render.libreoffice import find_soffice

    monkeypatch.setattr("qmsdoc.render.libreoffice.find_soffice", find_soffice.__wrapped__)
    doc = tmp_path / "QT-01.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0 not really")
    monkeypatch.setenv("QMSDOC_SOFFICE", str(tmp_path / "no-such-soffice"))
    assert "QMS908" in _fired(tmp_path, doc)
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("QMSDOC_SOFFICE", str(fake))
    shutil.rmtree(tmp_path / "repo")
    assert "QMS909" in _fired(tmp_path, doc)


def test_pictures_are_extracted_into_the_repository(tmp_path: Path) -> None:
    import base64

    from docx import Document

    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==")
    (tmp_path / "p.png").write_bytes(png)
    path = _docx(tmp_path)
    doc = Document(str(path))
    doc.add_paragraph("2. LƯU ĐỒ").runs[0].bold = True
    doc.add_picture(str(tmp_path / "p.png"))
    doc.save(str(path))
    repo = _empty_repo(tmp_path / "r")
    result = run(Options((path,), repo))
    f = result.files[0]
    assert f.status == "written" and len(f.images) == 1
    assert (repo / f.images[0]).read_bytes() == png
    text = (repo / f.target).read_text(encoding="utf-8")
    link = re.search(r"!\[\]\(([^)]+)\)", text)
    assert link is not None
    assert (repo / f.target).parent.joinpath(link.group(1)).resolve() == \
        (repo / f.images[0]).resolve()


def test_check_after_import_tells_import_faults_from_the_originals(tmp_path: Path) -> None:
    from qmsdoc.commands.import_ import FileResult, _check_written

    repo = _empty_repo(tmp_path / "r")
    (repo / "quy-trinh").mkdir()
    (repo / "quy-trinh" / "QT-01.md").write_text(
        "---\nkind: procedure\ncode: QT-01\ntitle: [unclosed\n---\n", encoding="utf-8")
    (repo / "quy-trinh" / "QT-02.md").write_text(
        "---\nkind: procedure\ncode: QT-02\ntitle: Quy trình hai\nedition: 1\n"
        "issued: 2024-01-01\n---\n", encoding="utf-8")
    found = _check_written(repo, [FileResult("a.docx", "written", "quy-trinh/QT-01.md"),
                                  FileResult("b.docx", "written", "quy-trinh/QT-02.md")])
    verdicts = {(f["file"], f["verdict"]) for f in found}
    assert ("quy-trinh/QT-01.md", "import") in verdicts  # a YAML error: the import's fault
    assert ("quy-trinh/QT-02.md", "original") in verdicts  # no owner: not in the Word file
    assert ("quy-trinh/QT-02.md", "import") not in verdicts


def test_responsibility_matched_by_department_and_by_part_of_a_title() -> None:
    from qmsdoc.ingest.extract import Directory, Extractor, fold

    d = Directory(roles={fold("Công chức Tư pháp - Hộ tịch"): "cong-chuc-tu-phap",
                         fold("Công chức Bộ phận Tiếp nhận và Trả kết quả"): "cong-chuc-mot-cua",
                         fold("Chủ tịch UBND xã"): "chu-tich",
                         fold("Phó Chủ tịch UBND xã"): "pho-chu-tich"},
                  departments={fold("Bộ phận Một cửa"): "mot-cua", fold("Phòng Kinh tế"): "kt"},
                  department_of_role={"cong-chuc-mot-cua": "mot-cua"},
                  department_heads={"kt": "pho-chu-tich"})
    ex = Extractor(d, {})
    assert ex._roles("Bộ phận Một cửa", "x") == (["cong-chuc-mot-cua"], None)  # its only role
    assert ex._roles("Phòng Kinh tế", "x") == (["pho-chu-tich"], None)  # its head
    assert ex._roles("Công chức tư pháp", "x") == (["cong-chuc-tu-phap"], None)  # part of one
    # part of two titles: not by part, but its id is a role's id
    assert ex._roles("Chủ tịch", "x") == (["chu-tich"], None) and not ex.proposed_roles
    assert ex._roles("Cán bộ địa chính", "x") == (["can-bo-dia-chinh"], None)  # proposed
    assert ex.proposed_roles == {"can-bo-dia-chinh": "Cán bộ địa chính"}
    assert ex._roles("Tổ chức, cá nhân", "x") == ([], "nguoi-nop-ho-so")
    assert all(n.kind == "guessed" for n in ex.notes)
    assert [n.code for n in ex.notes].count("QMS911") == 1  # only the unknown one


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_named_docx_is_skipped_not_opened(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "QT-01.docx")  # opening it would wait for a writer forever
    (folder / "QT-02.docx").symlink_to(_docx(tmp_path))
    shutil.copy(_docx(tmp_path), folder / "QT-77.docx")
    result = run(Options((folder,), _empty_repo(tmp_path / "r"), dry_run=True))
    statuses = {Path(f.source).name: f.status for f in result.files}
    assert statuses == {"QT-01.docx": "skipped", "QT-02.docx": "skipped",
                        "QT-77.docx": "planned"}
