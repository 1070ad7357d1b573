"""Generate the import test corpus: Word procedures in layouts qmsdoc does not produce.

Run as ``python tests/data/import_corpus/make_corpus.py OUT`` (the tests call :func:`build`).
Each file is described by a :class:`Spec`; ``EXPECTED`` holds what an import must find in it
(code, title, edition, steps, records), so the corpus and its answers live together. Layouts:
three-cell and two-row headers, label/value header cells, a header in the body instead of the
page header, signature grids by columns or by rows (Biên soạn/Kiểm tra/Phê duyệt), step tables
with and without a Lưu đồ column (merged vertically), hand-numbered sections and lists, TCVN3
(.VnTime, .VnTimeH) and VNI runs (and TCVN3 text in a Unicode font), a .doc through LibreOffice.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from qmsdoc.load.text import encode_legacy


@dataclass
class Spec:
    name: str
    code: str
    title: str
    edition: int
    issued: str  # dd/mm/yyyy
    steps: list[tuple[str, str, str, str]]  # action, responsible title, time, output
    records: list[tuple[str, str, str]]  # name, keeper title, retention
    header: str = "three"  # three | tworow | labels | body
    signatures: str = "columns"  # columns | rows | bienso
    step_columns: str = "classic"  # classic | flow | short | tt
    encoding: str = ""  # "" | tcvn3 | vni | tcvn3-lying
    numbering: str = "styles"  # styles | hand
    doc: bool = False  # also saved as .doc through LibreOffice
    legal: list[str] = field(default_factory=list)
    appended_forms: list[tuple[str, str]] = field(default_factory=list)  # (code, title)


ROLES = ["Công chức Bộ phận Tiếp nhận và Trả kết quả", "Công chức Tư pháp - Hộ tịch",
         "Chủ tịch UBND xã", "Văn thư - Lưu trữ UBND xã"]
STEPS = [
    ("Tiếp nhận, kiểm tra hồ sơ", ROLES[0], "0,5 ngày làm việc", "BM-01"),
    ("Thẩm định hồ sơ, trình ký", ROLES[1], "1 ngày làm việc", "Dự thảo kết quả"),
    ("Ký duyệt kết quả", ROLES[2], "4 giờ", "Kết quả đã ký"),
    ("Đóng dấu, trả kết quả", ROLES[3], "2 giờ", "BM-06"),
]
RECORDS = [("Hồ sơ đề nghị", ROLES[1], "05 năm"), ("Sổ theo dõi hồ sơ", ROLES[0], "Vĩnh viễn")]

_TITLES = ["Quy trình đăng ký khai sinh", "Quy trình chứng thực bản sao",
           "Quy trình cấp bản sao trích lục", "Quy trình đăng ký kết hôn",
           "Quy trình giải quyết khiếu nại", "Quy trình kiểm soát tài liệu"]


def _specs() -> list[Spec]:
    out: list[Spec] = []
    headers = ["three", "tworow", "labels", "body"]
    sigs = ["columns", "rows", "bienso"]
    cols = ["classic", "flow", "short", "tt"]
    encodings = ["", "", "tcvn3", "vni", "", "tcvn3-lying"]
    for i in range(22):
        steps = STEPS[: 2 + i % 3]
        out.append(Spec(
            name=(f"{i + 1:02d}-{headers[i % 4]}-{cols[(i // 2) % 4]}-"
                  f"{encodings[i % 6] or 'unicode'}"),
            code=f"QT-{30 + i:02d}" if i % 5 else f"QT.{30 + i:02d}",
            title=_TITLES[i % len(_TITLES)] + (f" lần {i}" if i >= len(_TITLES) else ""),
            edition=1 + i % 4, issued=f"{1 + i:02d}/0{1 + i % 9}/20{10 + i % 10}",
            steps=steps, records=RECORDS[: 1 + i % 2],
            header=headers[i % 4], signatures=sigs[i % 3], step_columns=cols[(i // 2) % 4],
            encoding=encodings[i % 6], numbering="hand" if i % 2 else "styles",
            doc=i == 7, legal=["123/2015/NĐ-CP"] if i % 3 == 0 else [],
            appended_forms=[(f"BM-{30 + i}-01", "Phiếu tiếp nhận hồ sơ"),
                            (f"BM-{30 + i}-02", "Sổ theo dõi hồ sơ")] if i % 4 == 1 else []))
    return out


SPECS = _specs()


def _font(run: object, name: str) -> None:
    r = run._element  # type: ignore[attr-defined]
    rpr = r.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), name)


class _Writer:
    def __init__(self, spec: Spec) -> None:
        self.spec = spec

    def text(self, container: object, value: str, bold: bool = False, caps: bool = False) -> None:
        """A paragraph (or cell paragraph) in the spec's encoding."""
        para = container.add_paragraph() if hasattr(container, "add_paragraph") and not \
            hasattr(container, "runs") else container
        enc = self.spec.encoding
        if enc in ("tcvn3", "tcvn3-lying"):
            # capitals are typed as the lowercase codes and shown by the .VnTimeH face
            legacy = encode_legacy(value.lower() if caps else value, "tcvn3")
            run = para.add_run(legacy)  # type: ignore[attr-defined]
            if enc == "tcvn3":
                _font(run, ".VnTimeH" if caps else ".VnTime")
            else:
                _font(run, "Times New Roman")  # the font lies
        elif enc == "vni":
            run = para.add_run(encode_legacy(value, "vni"))  # type: ignore[attr-defined]
            _font(run, "VNI-Times")
        else:
            run = para.add_run(value)  # type: ignore[attr-defined]
        run.bold = bold

    def cell(self, cell: object, value: str, bold: bool = False) -> None:
        p = cell.paragraphs[0]  # type: ignore[attr-defined]
        for i, line in enumerate(value.split("\n")):
            if i:
                p = cell.add_paragraph()  # type: ignore[attr-defined]
            self.text(p, line, bold)


def write_docx(spec: Spec, path: Path) -> None:
    doc = Document()
    w = _Writer(spec)
    control = [f"Mã hiệu: {spec.code}", f"Lần ban hành: {spec.edition:02d}",
               f"Ngày ban hành: {spec.issued}", "Trang: 1/3"]
    agency = "UBND XÃ HÒA PHONG"
    container = doc if spec.header == "body" else doc.sections[0].header
    if spec.header in ("three", "body"):
        t = container.add_table(rows=1, cols=3, **({} if spec.header == "body" else
                                                    {"width": doc.sections[0].page_width}))
        w.cell(t.cell(0, 0), agency, bold=True)
        w.cell(t.cell(0, 1), spec.title.upper(), bold=True)
        w.cell(t.cell(0, 2), "\n".join(control))
    elif spec.header == "tworow":
        t = container.add_table(rows=2, cols=4, width=doc.sections[0].page_width)
        a = t.cell(0, 0).merge(t.cell(0, 1))
        w.cell(a, agency, bold=True)
        b = t.cell(0, 2).merge(t.cell(0, 3))
        w.cell(b, spec.title.upper(), bold=True)
        for i, c in enumerate(control):
            w.cell(t.cell(1, i), c)
    else:  # labels: label and value in separate cells
        t = container.add_table(rows=3, cols=4, width=doc.sections[0].page_width)
        top = t.cell(0, 0).merge(t.cell(2, 0))
        w.cell(top, agency, bold=True)
        mid = t.cell(0, 1).merge(t.cell(2, 1))
        w.cell(mid, spec.title.upper(), bold=True)
        for r, (label, value) in enumerate((("Mã hiệu", spec.code),
                                             ("Lần ban hành", f"{spec.edition:02d}"),
                                             ("Ngày ban hành", spec.issued))):
            w.cell(t.cell(r, 2), label)
            w.cell(t.cell(r, 3), value)
    # signature grid
    names = ["Phạm Thị Dung", "Lê Văn Cường", "Nguyễn Văn An"]
    labels = (["Biên soạn", "Kiểm tra", "Phê duyệt"] if spec.signatures == "bienso"
              else ["Soạn thảo", "Xem xét", "Phê duyệt"])
    if spec.signatures == "rows":
        g = doc.add_table(rows=4, cols=3)
        for c, h in enumerate(["", "Chữ ký", "Họ và tên"]):
            w.cell(g.cell(0, c), h, bold=True)
        for r in range(3):
            w.cell(g.cell(r + 1, 0), labels[r], bold=True)
            w.cell(g.cell(r + 1, 2), names[r])
    else:
        g = doc.add_table(rows=3, cols=4)
        for c, h in enumerate(["", *labels]):
            w.cell(g.cell(0, c), h, bold=True)
        w.cell(g.cell(1, 0), "Chữ ký")
        w.cell(g.cell(2, 0), "Họ tên")
        for c, n in enumerate(names):
            w.cell(g.cell(2, c + 1), n)
    doc.add_paragraph()
    w.text(doc, "BẢNG THEO DÕI SỬA ĐỔI", bold=True, caps=True)
    rev = doc.add_table(rows=2, cols=4)
    for c, h in enumerate(["TT", "Ngày sửa đổi", "Tóm tắt nội dung sửa đổi", "Lần sửa đổi"]):
        w.cell(rev.cell(0, c), h, bold=True)
    for c, v in enumerate(["1", spec.issued, "Ban hành mới", f"{spec.edition:02d}"]):
        w.cell(rev.cell(1, c), v)

    def heading(number: str, text: str, level: int = 1) -> None:
        if spec.numbering == "styles":
            p = doc.add_heading(level=level)
            w.text(p, text)
        else:  # numbered by hand, bold capitals
            p = doc.add_paragraph()
            w.text(p, f"{number}. {text.upper() if level == 1 else text}", bold=True,
                   caps=level == 1)

    heading("1", "Mục đích")
    w.text(doc, f"Quy định cách thực hiện {spec.title.lower()}.")
    heading("2", "Phạm vi áp dụng")
    w.text(doc, "Áp dụng tại UBND xã Hòa Phong.")
    heading("3", "Căn cứ pháp lý")
    for ref in spec.legal:
        w.text(doc, f"- Nghị định số {ref} của Chính phủ;")
    w.text(doc, "- Sổ tay chất lượng.")
    heading("4", "Định nghĩa, chữ viết tắt")
    w.text(doc, "- UBND: Ủy ban nhân dân.")
    heading("5", "Nội dung quy trình")
    heading("5.1", "Diễn giải", 2)
    _steps(doc, w, spec)
    heading("6", "Hồ sơ lưu")
    rec = doc.add_table(rows=1 + len(spec.records), cols=4)
    for c, h in enumerate(["TT", "Tên hồ sơ", "Trách nhiệm lưu", "Thời gian lưu"]):
        w.cell(rec.cell(0, c), h, bold=True)
    for r, (name, keeper, retention) in enumerate(spec.records, 1):
        for c, v in enumerate([str(r), name, keeper, retention]):
            w.cell(rec.cell(r, c), v)
    for code, title in spec.appended_forms:  # forms printed after the procedure
        doc.add_page_break()
        w.text(doc, f"{code}: {title.upper()}", bold=True)
        w.text(doc, "Họ và tên người nộp: ……………………")
        form = doc.add_table(rows=2, cols=3)
        for c, h in enumerate(["TT", "Nội dung", "Ghi chú"]):
            w.cell(form.cell(0, c), h, bold=True)
    doc.add_paragraph()  # Word always ends with a paragraph (LibreOffice's .doc needs it)
    doc.core_properties.title = ""  # old files rarely carry one
    doc.save(str(path))


def _steps(doc: object, w: _Writer, spec: Spec) -> None:
    layouts = {
        "classic": ["Bước", "Nội dung công việc", "Trách nhiệm", "Thời gian", "Biểu mẫu/Kết quả"],
        "flow": ["TT", "Lưu đồ", "Trình tự thực hiện", "Trách nhiệm", "Thời gian",
                 "Kết quả"],
        "short": ["Bước", "Công việc", "Người thực hiện", "Thời hạn", "Biểu mẫu"],
        "tt": ["STT", "Nội dung", "Trách nhiệm", "Thời gian", "Hồ sơ/Kết quả"],
    }
    head = layouts[spec.step_columns]
    t = doc.add_table(rows=1 + len(spec.steps), cols=len(head))  # type: ignore[attr-defined]
    t.style = "Table Grid"
    for c, h in enumerate(head):
        w.cell(t.cell(0, c), h, bold=True)
    flow = spec.step_columns == "flow"
    if flow:  # one flow chart cell spanning every step row (vertically merged)
        merged = t.cell(1, 1).merge(t.cell(len(spec.steps), 1))
        w.cell(merged, "(sơ đồ)")
    for r, (action, role, time, output) in enumerate(spec.steps, 1):
        values = [f"B{r}" if spec.step_columns == "classic" else str(r)]
        if flow:
            values.append(None)  # type: ignore[arg-type]
        values += [action, role, time, output]
        for c, v in enumerate(values):
            if v is not None:
                w.cell(t.cell(r, c), v)


def build(out: Path) -> list[tuple[Spec, Path]]:
    """Write every spec's file into ``out``; the .doc ones need LibreOffice (skipped without)."""
    out.mkdir(parents=True, exist_ok=True)
    made: list[tuple[Spec, Path]] = []
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    for spec in SPECS:
        path = out / f"{spec.name}.docx"
        write_docx(spec, path)
        if spec.doc and soffice:
            with tempfile.TemporaryDirectory() as profile:
                subprocess.run([soffice, f"-env:UserInstallation={Path(profile).as_uri()}",
                                "--headless", "--convert-to", "doc", "--outdir", str(out),
                                str(path)], capture_output=True, timeout=180, check=False)
            doc = out / f"{spec.name}.doc"
            if doc.is_file():
                path.unlink()
                path = doc
        made.append((spec, path))
    return made


if __name__ == "__main__":
    for _spec, path in build(Path(sys.argv[1] if len(sys.argv) > 1 else "corpus")):
        print(path)
