"""The lưu đồ of a procedure (issue 16, item 5): laid out from the steps, drawn in both formats."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace
from typing import Any

import pytest

from qmsdoc.model.documents import Case, Procedure
from qmsdoc.render.compose import ComposeContext, compose_document
from qmsdoc.render.flowchart import (
    LANE,
    MAIN,
    SIDE,
    FlowStep,
    FlowWords,
    procedure_flowchart,
    short,
)
from qmsdoc.render.tree import Diagram, Heading, RenderedDocument, Shape, plain_text
from qmsdoc.render.writers import WRITERS, WriterOptions

from .conftest import procedure
from .pdftools import needs_poppler, text


def diagrams(doc_blocks: tuple) -> list[Diagram]:  # type: ignore[type-arg]
    return [b for b in doc_blocks if isinstance(b, Diagram)]


def shapes(d: Diagram, col: int = MAIN) -> list[tuple[Shape, str]]:
    return [(c.shape, c.text) for c in d.cells if c.col == col and c.shape is not Shape.NONE]


def test_one_box_per_step_between_start_and_end(ctx: ComposeContext) -> None:
    doc = compose_document(ctx, procedure()).document
    [d] = diagrams(doc.blocks)
    assert shapes(d) == [
        (Shape.HEAD, "Lưu đồ"), (Shape.TERMINAL, "Bắt đầu"),
        (Shape.PROCESS, "Tiếp nhận hồ sơ"), (Shape.PROCESS, "Thẩm định, in Giấy khai sinh"),
        (Shape.PROCESS, "Ký Giấy khai sinh"), (Shape.PROCESS, "Trả kết quả"),
        (Shape.TERMINAL, "Kết thúc")]
    roles = [c.text for c in d.cells if c.shape is Shape.NOTE and c.col == 0]
    assert roles[2] == "Chủ tịch UBND xã\nPhó Chủ tịch UBND xã"
    # Placed as the subsection before the step table (as Vietnamese procedures put it).
    blocks = list(doc.blocks)
    i = blocks.index(d)
    assert isinstance(blocks[i - 1], Heading) and plain_text(blocks[i - 1].content) == "Lưu đồ"
    steps = next(b for b in blocks[i:] if isinstance(b, Heading))
    assert plain_text(steps.content) == "Trình tự thực hiện"


def test_flowchart_false_turns_it_off(ctx: ComposeContext) -> None:
    doc = compose_document(ctx, procedure(flowchart=False)).document
    assert diagrams(doc.blocks) == []
    assert "Lưu đồ" not in [plain_text(b.content) for b in doc.blocks if isinstance(b, Heading)]


def test_a_checked_step_forks_to_what_is_done_otherwise(ctx: ComposeContext) -> None:
    p = procedure()
    first = replace(p.steps[0], decision="Hồ sơ đầy đủ?",
                    otherwise=["Hướng dẫn bổ sung (BM-02)", "Từ chối (BM-03)"])
    doc = compose_document(ctx, replace(p, steps=[first, *p.steps[1:]])).document
    [d] = diagrams(doc.blocks)
    main = shapes(d)
    assert main[3] == (Shape.DECISION, "Hồ sơ đầy đủ?")
    decision = next(c for c in d.cells if c.shape is Shape.DECISION)
    assert any(label == "Không" for _, _, label in decision.labels)
    side = [c for c in d.cells if c.col == SIDE]
    assert [(c.row, c.shape, c.text) for c in side] == [
        (decision.row, Shape.PROCESS, "Hướng dẫn bổ sung (BM-02)\nTừ chối (BM-03)")]
    arrow = next(c for c in d.cells if c.col == LANE and c.row == decision.row)
    assert (0.0, 0.5, 1.0, 0.5, True) in arrow.lines
    below = next(c for c in d.cells if c.col == MAIN and c.row == decision.row + 1)
    assert [label for _, _, label in below.labels] == ["Có"]


def test_steps_of_one_case_are_skipped_by_the_lane(ctx: ComposeContext) -> None:
    p = procedure(cases=[Case(id="bo-sung", name="Cần bổ sung")])
    steps = list(p.steps)
    steps[1] = replace(steps[1], cases=["bo-sung"])
    doc = compose_document(ctx, replace(p, steps=steps)).document
    [d] = diagrams(doc.blocks)
    assert shapes(d)[3] == (Shape.DECISION, "Trường hợp Cần bổ sung?")
    fork = next(c for c in d.cells if c.shape is Shape.DECISION).row
    step = next(c for c in d.cells if c.text == "Thẩm định, in Giấy khai sinh").row
    lane = {c.row: c.lines for c in d.cells if c.col == LANE}
    assert (0.5, 0.5, 0.5, 1.0, False) in lane[fork]  # turns down from the diamond
    assert all(r in lane for r in range(fork + 1, step + 1))  # runs past the case's step
    join = step + 1
    assert (0.5, 0.5, 0.0, 0.5, False) in lane[join]  # and back into the path after it
    assert join + 1 not in lane


def test_long_flowchart_is_cut_between_rows_with_headings_again() -> None:
    steps = [FlowStep(f"Bước {i} " + "rất dài " * 30, ("Công chức",)) for i in range(12)]
    parts = procedure_flowchart(steps, FlowWords(), "QT", width_mm=165, budget_mm=150)
    assert len(parts) > 1
    for d in parts:
        assert d.cells[0].shape is Shape.HEAD and d.rows[0] is True
    texts = [c.text for d in parts for c in d.cells if c.shape is Shape.PROCESS]
    assert len(texts) == 12  # every step once


def test_short_case_names() -> None:
    assert short("Cần bổ sung") == "Cần bổ sung"
    long = "Cơ quan Công an, Bảo hiểm xã hội yêu cầu hoàn thiện hồ sơ, bổ sung thông tin thêm"
    assert short(long).endswith("…") and len(short(long)) <= 61


@pytest.fixture
def qt(ctx: ComposeContext) -> Procedure:
    p = procedure()
    return replace(p, steps=[replace(p.steps[0], decision="Hồ sơ đầy đủ?",
                                     otherwise=["Hướng dẫn bổ sung"]), *p.steps[1:]])


@needs_poppler
def test_typst_pdf_draws_the_flowchart_as_vector_graphics(ctx: ComposeContext,
                                                          qt: Procedure) -> None:
    doc = compose_document(ctx, qt).document
    pdf = WRITERS["pdf"].write(doc, WriterOptions())
    flat = " ".join(text(pdf).split())
    for word in ("Bắt đầu", "Kết thúc", "Hồ sơ đầy đủ?", "Hướng dẫn bổ sung", "Không"):
        assert word in flat
    assert b"/Subtype /Image" not in pdf and b"/Subtype/Image" not in pdf  # no picture


def _anchors(body: str) -> list[dict[str, str]]:
    """Each floating shape of a DOCX body: its place and size (EMU), preset, text."""
    out = []
    for m in re.finditer(r"<wp:anchor .*?</wp:anchor>", body, re.S):
        a = m.group(0)
        out.append({
            "x": re.search(r"<wp:positionH[^>]*><wp:posOffset>(-?\d+)", a)[1],  # type: ignore[index]
            "y": re.search(r"<wp:positionV[^>]*><wp:posOffset>(-?\d+)", a)[1],  # type: ignore[index]
            "cx": re.search(r'<wp:extent cx="(\d+)"', a)[1],  # type: ignore[index]
            "cy": re.search(r'<wp:extent cx="\d+" cy="(\d+)"', a)[1],  # type: ignore[index]
            "prst": (re.search(r'prst="(\w+)"', a) or ["", ""])[1],
            "id": re.search(r'<wp:docPr id="(\d+)"', a)[1],  # type: ignore[index]
            "text": "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", a)),
            "framed": "framed" if "<wps:txbx>" in a and '<a:ln w="' in a else "",
        })
    return out


def test_docx_draws_the_flowchart_with_word_shapes(ctx: ComposeContext, qt: Procedure) -> None:
    doc = compose_document(ctx, qt).document
    data = WRITERS["docx"].write(doc, WriterOptions())
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert not [n for n in z.namelist() if n.startswith("word/media/")]  # no picture
        body = z.read("word/document.xml").decode()
    assert 'descr="Lưu đồ quy trình QT-10"' in body
    shapes = _anchors(body)
    texts = [s["text"] for s in shapes]
    # Every word of the drawing is text in a shape (found, copied and corrected in Word).
    for word in ("Bắt đầu", "Kết thúc", "Hồ sơ đầy đủ?", "Hướng dẫn bổ sung", "Không", "Có",
                 "Trách nhiệm", "Biểu mẫu"):
        assert word in texts
    assert [s["prst"] for s in shapes].count("diamond") == 1
    assert len({s["id"] for s in shapes}) == len(shapes)  # Word wants each id once
    # The steps' boxes go down the page in the steps' order, none over another.
    boxes = [s for s in shapes if s["framed"]
             and 34 * 36000 < int(s["x"]) + int(s["cx"]) // 2 < 108 * 36000]
    assert len(boxes) == len(qt.steps) + 2 + 1  # start, end, and the check's diamond
    order = [texts.index(t) for t in ("Bắt đầu", "Hồ sơ đầy đủ?", "Kết thúc")]
    assert order == sorted(order)
    tops = [(int(b["y"]), int(b["y"]) + int(b["cy"])) for b in boxes]
    tops.sort()
    assert all(below[0] >= above[1] for above, below in zip(tops, tops[1:], strict=False))
    # The shapes float over one paragraph as high as the drawing, which does not split.
    height = max(int(s["y"]) + int(s["cy"]) for s in shapes)
    line = int(re.search(r'<w:keepLines/><w:spacing w:before="0" w:after="0" '  # type: ignore[index]
                         r'w:line="(\d+)" w:lineRule="exact"/>', body)[1])
    assert abs(line * 635 - height) < 2 * 36000  # twips → EMU, within 2 mm
    assert max(int(s["x"]) + int(s["cx"]) for s in shapes) <= 180 * 36000  # the text width


def test_a_box_is_as_high_as_its_text_wrapped_at_its_width() -> None:
    from qmsdoc.render.docx.diagram import text_lines, text_width

    words = "Kiểm tra hồ sơ, cấp thẻ bảo hiểm y tế cho trẻ em; chuyển kết quả về UBND xã"
    assert text_lines(words, 200, 10) == 1
    assert text_lines(words, 60, 10) == 3
    assert text_lines(words + "\nDòng hai", 200, 10) == 2  # a line feed starts a line
    assert text_lines("x" * 200, 30, 10) > 5  # a word longer than the line is cut
    assert text_width("ƯỚC", 10) > text_width("UOC", 10)  # the horn sticks out
    assert text_width("Bắt đầu", 10, bold=True) > text_width("Bắt đầu", 10)
    assert text_width("Bắt đầu", 10, font="Arial") > text_width("Bắt đầu", 10)


def test_a_tall_flowchart_starts_a_page_with_its_headings(ctx: ComposeContext) -> None:
    from qmsdoc.render.tree import PageBreak

    p = procedure()
    long = [replace(p.steps[0], action=f"Bước {i}: " + "kiểm tra, ghi sổ " * 12)
            for i in range(7)]
    blocks = list(compose_document(ctx, replace(p, steps=long)).document.blocks)
    d = next(b for b in blocks if isinstance(b, Diagram))
    i = blocks.index(d)
    assert isinstance(blocks[i - 1], Heading) and isinstance(blocks[i - 2], PageBreak)
    # A short one (two steps) stays where it falls.
    short_steps = [replace(s, responsible=[]) for s in p.steps[:2]]
    blocks = list(compose_document(ctx, replace(p, steps=short_steps)).document.blocks)
    d = next(b for b in blocks if isinstance(b, Diagram))
    assert not isinstance(blocks[blocks.index(d) - 2], PageBreak)


def _streamed(doc: RenderedDocument) -> bytes:
    sink = io.BytesIO()
    writer = WRITERS["docx"]
    assert writer.stream is not None
    writer.stream(doc, WriterOptions(), sink)
    return sink.getvalue()


def test_a_set_written_piece_by_piece_is_the_set_written_whole(
        ctx: ComposeContext, qt: Procedure) -> None:
    # A combined set of thousands of documents is streamed into its file: each document
    # composed when it is reached. The file is the one written whole, byte for byte.
    from qmsdoc.render.compose import compose_combined
    from qmsdoc.render.tree import LazySections

    documents = [*ctx.repo.documents, qt]
    whole = WRITERS["docx"].write(compose_combined(ctx, documents).document, WriterOptions())
    lazy = compose_combined(ctx, documents, lazy=True).document
    assert isinstance(lazy.sections, LazySections)
    assert _streamed(lazy) == whole
    with zipfile.ZipFile(io.BytesIO(whole)) as z:
        body = z.read("word/document.xml").decode()
    shapes = _anchors(body)
    assert "Hồ sơ đầy đủ?" in {s["text"] for s in shapes}  # the flowcharts are in it
    assert len({s["id"] for s in shapes}) == len(shapes)


def test_a_set_written_from_kept_section_markup_is_the_same(
        ctx: ComposeContext, qt: Procedure, monkeypatch: pytest.MonkeyPatch) -> None:
    # Each section's markup is kept (ids left as tokens) and played back into the next set:
    # the file is the one written the plain way, and nothing is composed the second time.
    import pickle

    from qmsdoc.render import compose
    from qmsdoc.render.compose import compose_combined

    noted = replace(qt, code="QT-98", path="quy-trinh-tthc/QT-98.md", body=(
        "## Ghi chú\n\n1. Một\n2. Hai\n\nXem [ISO](https://www.iso.org/) và "
        "[TCVN](https://tcvn.gov.vn/).\n\n3. Ba\n"))
    documents = [*ctx.repo.documents, qt, noted]
    kept: dict[tuple[str, str], bytes] = {}

    class Memo:
        def __init__(self, d: Any, draft: bool) -> None:
            self.key = f"{id(d)}|{draft}"  # (qt has the path of a document of the sample)

        def get(self, kind: str) -> bytes | None:
            return kept.get((self.key, kind))

        def put(self, kind: str, data: bytes) -> None:
            kept[(self.key, kind)] = data

    plain = _streamed(compose_combined(ctx, documents, lazy=True).document)
    first = _streamed(compose_combined(ctx, documents, lazy=True, memo=Memo).document)
    assert first == plain
    effects = {e[0] for (_, kind), data in kept.items() if kind == "docx4"
               for e in pickle.loads(data)[2].effects}
    assert any(kind == "docxz1" for _, kind in kept)  # each section's deflated markup
    assert {"num", "drawing", "link"} <= effects
    composed: list[object] = []
    real = compose.compose_document

    def counted(*args: Any, **kwargs: Any) -> Any:
        composed.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(compose, "compose_document", counted)
    import zlib

    deflated: list[object] = []
    real_deflate = zlib.compressobj

    def counted_deflate(*args: Any) -> Any:
        deflated.append(args)
        return real_deflate(*args)

    monkeypatch.setattr(zlib, "compressobj", counted_deflate)
    second = _streamed(compose_combined(ctx, documents, lazy=True, memo=Memo).document)
    assert second == plain and not composed
    # The sections' deflated markup was put in as kept: only the set's own head, cover and
    # tail were deflated again (and small parts of the package).
    sections = sum(1 for _, kind in kept if kind == "docxz1")
    assert sections >= len(documents) - 1 and len(deflated) < sections
    monkeypatch.setattr(zlib, "compressobj", real_deflate)
    for key in kept:  # kept by an older writer (another format): written again, the same
        kept[key] = pickle.dumps(("docx0", None, None, ()))
    again = _streamed(compose_combined(ctx, documents, lazy=True, memo=Memo).document)
    assert again == plain and composed


def test_odd_characters_in_a_step_stay_text_in_the_docx_drawing(ctx: ComposeContext,
                                                                 qt: Procedure) -> None:
    from lxml import etree

    odd = 'Đối chiếu A & B <bản gốc> "bản sao"\x01 ơ\u0301'  # a decomposed ớ too
    doc = compose_document(ctx, replace(qt, steps=[replace(qt.steps[0], action=odd),
                                                    *qt.steps[1:]])).document
    data = WRITERS["docx"].write(doc, WriterOptions())
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = z.read("word/document.xml")
    etree.fromstring(body)  # well-formed
    texts = [s["text"] for s in _anchors(body.decode())]
    assert 'Đối chiếu A &amp; B &lt;bản gốc&gt; "bản sao" ớ' in texts
