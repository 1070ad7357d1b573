"""Mermaid flowcharts in Markdown bodies (issue 16, item 5): read, laid out, drawn; the Sổ tay
process diagram is one instead of box characters in a code block."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from qmsdoc.render.markdown import parse_markdown
from qmsdoc.render.mermaid import MermaidError, mermaid_diagram, parse
from qmsdoc.render.tree import Diagram, Paragraph, ParaStyle, Shape, block_text
from qmsdoc.render.writers import WRITERS, WriterOptions

from .pdftools import needs_poppler, text

SAMPLE = Path(__file__).parents[2] / "sample_manual" / "so-tay" / "STCL-so-tay-chat-luong.md"


def nodes(d: Diagram) -> dict[str, tuple[int, int, Shape]]:
    return {c.text: (c.row, c.col, c.shape) for c in d.cells if c.shape is not Shape.NONE}


def test_shapes_labels_chains_and_groups() -> None:
    g = parse("flowchart TD\n"
              "  a([Bắt đầu]) --> b[Kiểm tra; ghi sổ] -->|đủ| c{Đạt?}\n"
              "  c -- Không --> d((Trả lại)) ; c ==> e\n"
              "  x & y --> e  %% hai đầu vào\n"
              "  style a fill:#f9f\n")
    assert g.nodes["a"] == (Shape.ROUND, "Bắt đầu")
    assert g.nodes["b"] == (Shape.PROCESS, "Kiểm tra; ghi sổ")  # ";" inside the text
    assert g.nodes["c"] == (Shape.DECISION, "Đạt?")
    assert g.nodes["d"] == (Shape.ROUND, "Trả lại")
    assert g.nodes["e"] == (Shape.PROCESS, "e")
    assert g.edges == [("a", "b", ""), ("b", "c", "đủ"), ("c", "d", "Không"), ("c", "e", ""),
                       ("x", "e", ""), ("y", "e", "")]


def test_layers_top_down_and_an_edge_over_layers_passes_through() -> None:
    d = mermaid_diagram("graph TD\nA[Một] --> B[Hai] --> C[Ba]\nA --> C\n")
    at = nodes(d)
    assert at["Một"][0] < at["Hai"][0] < at["Ba"][0]
    assert d.rows == (True, False, True, False, True)
    # A --> C goes past Hai's row in a cell of its own (a vertical line, no shape).
    row = at["Hai"][0]
    assert any(c.row == row and c.shape is Shape.NONE and (0.0, 0.0, 0.0, 1.0, False) in c.lines
               for c in d.cells)
    first = next(c for c in d.cells if c.text == "Một")
    assert first.leave and not first.enter


def test_a_loop_back_runs_up_a_lane_to_the_node() -> None:
    d = mermaid_diagram("flowchart TD\n a[Làm] --> b[Đo] \n b -->|cải tiến| a\n")
    lane = len(d.columns) - 1
    assert d.columns[lane] < 1  # a narrow lane at the right
    cells = {(c.row, c.col): c for c in d.cells}
    assert (0.5, 0.5, 0.5, 0.0, False) in cells[(2, lane)].lines  # up from the source row
    assert (0.5, 0.0, 0.5, 1.0, False) in cells[(1, lane)].lines
    target = next(c for c in d.cells if c.text == "Làm")
    assert any(arrow for *_, arrow in target.lines)  # the arrowhead at the box
    assert "cải tiến" in [t for c in d.cells for _, _, t in c.labels]


@pytest.mark.parametrize(("source", "line"), [
    ("sequenceDiagram\n  A->>B: hi\n", 1),
    ("flowchart TD\n  a[Một] --> b[Hai\n", 2),
    ("flowchart TD\n  a --> \n", 2),
    ("flowchart TD\n  a[x] ~~> b\n", 2),
])
def test_what_is_not_read_is_named_with_its_line(source: str, line: int) -> None:
    with pytest.raises(MermaidError) as e:
        parse(source)
    assert e.value.line == line and e.value.vi and e.value.en


def test_markdown_draws_a_mermaid_block_and_prints_one_it_cannot_read() -> None:
    ok = parse_markdown("```mermaid\nflowchart TD\n  a[Một] --> b[Hai]\n```\n",
                        path="so-tay/STCL.md")
    assert isinstance(ok.blocks[0], Diagram) and not ok.diagnostics
    bad = parse_markdown("Đoạn.\n\n```mermaid\npie title Tỷ lệ\n  \"A\" : 1\n```\n",
                         path="so-tay/STCL.md", line_offset=10)
    code = bad.blocks[-1]
    assert isinstance(code, Paragraph) and code.style is ParaStyle.CODE
    [diag] = bad.diagnostics
    assert diag.code == "QMS836" and diag.span.line == 13  # "pie …": the 4th line, from 10
    assert "flowchart TD" in diag.en and "flowchart TD" in diag.vi


def test_the_manual_process_diagram_is_drawn_not_box_characters() -> None:
    body = SAMPLE.read_text(encoding="utf-8")
    assert not re.search("[┌─│▶▲▼]", body)
    result = parse_markdown(body.split("---\n", 2)[2], path="so-tay/STCL.md")
    [d] = [b for b in result.blocks if isinstance(b, Diagram)]
    assert not result.diagnostics
    texts = block_text([d])
    for name in ("Tiếp nhận hồ sơ", "Giải quyết TTHC", "Trả kết quả", "Đo lường, cải tiến"):
        assert name in texts


@needs_poppler
def test_drawn_in_the_pdf_and_with_shapes_in_the_docx(tmp_path: Path) -> None:
    from qmsdoc.render.tree import HeaderFields, PageHeader, RenderedDocument

    d = mermaid_diagram("flowchart TD\n a([Người dân]) --> b[Tiếp nhận] --> c[Trả kết quả]\n"
                        " c -->|cải tiến| b\n")
    doc = RenderedDocument("manual", HeaderFields("UBND", "Sổ tay", "STCL", "01", "15/01/2026"),
                           PageHeader(()), (d,))
    pdf = WRITERS["pdf"].write(doc, WriterOptions())
    flat = " ".join(text(pdf).split())
    assert "Người dân" in flat and "Tiếp nhận" in flat and "cải tiến" in flat
    data = WRITERS["docx"].write(doc, WriterOptions())
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert not [n for n in z.namelist() if n.startswith("word/media/")]  # no picture
        body = z.read("word/document.xml").decode()
    # Word's shapes: a rounded box per (…) node, the text of every node and label in them.
    assert body.count('prst="roundRect"') == 1
    for words in ("Người dân", "Tiếp nhận", "Trả kết quả", "cải tiến"):
        assert f">{words}</w:t>" in body
