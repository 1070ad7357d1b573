"""The minimal section/step comparison behind the "what changed" pages."""

from __future__ import annotations

from dataclasses import replace

from qmsdoc_testing import SAMPLE

from qmsdoc.load import load_repository
from qmsdoc.model.documents import Procedure
from qmsdoc.render.compose import ComposeContext, compose_document
from qmsdoc.render.compose.site import LABELS, compare


def test_sections_and_steps_added_removed_changed() -> None:
    repo = load_repository(SAMPLE).repo
    ctx = ComposeContext.create(repo, root=SAMPLE)
    old = next(d for d in repo.documents if d.code == "QT-10")
    assert isinstance(old, Procedure) and len(old.steps) > 2
    steps = [replace(old.steps[0], action="Tiếp nhận hồ sơ qua Cổng dịch vụ công"),
             *old.steps[1:-1]]
    new = replace(old, steps=steps, edition=2,
                  body=old.body + "\n\n## Phụ lục mới\n\nNội dung phụ lục.\n")
    rows = compare(compose_document(ctx, old).document, compose_document(ctx, new).document,
                   old, new, LABELS["vi"])
    by_part = {part: (kind, before, after) for part, kind, before, after in rows}
    assert by_part["Phụ lục mới"][0] == "added" and "Nội dung phụ lục." in by_part["Phụ lục mới"][2]
    assert by_part["Bước 1"][0] == "modified"
    assert "Cổng dịch vụ công" in by_part["Bước 1"][2]
    assert by_part[f"Bước {len(old.steps)}"][0] == "removed"
    # the cover (signatures, revision table) is not content
    assert "—" not in by_part
    # unchanged sections are not listed
    assert not any(p.endswith("MỤC ĐÍCH") for p in by_part)


def test_same_edition_same_text_has_no_change() -> None:
    repo = load_repository(SAMPLE).repo
    ctx = ComposeContext.create(repo, root=SAMPLE)
    doc = next(d for d in repo.documents if d.code == "QT-11")
    tree = compose_document(ctx, doc).document
    assert compare(tree, tree, doc, doc, LABELS["en"]) == []
