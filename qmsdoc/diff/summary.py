"""The amendment record of a changed document, written from its diff: a one-line "Nội dung sửa
đổi" and the "Vị trí" (sections, steps) it concerns, in Vietnamese or English.

``qmsdoc release`` proposes them when no ``Sửa-đổi:``/``Vị-trí:`` trailer states them, and the
issuing decision lists each amended document with its line.
"""

from __future__ import annotations

from collections.abc import Sequence

from qmsdoc.diff.semantic import Change, DocumentDiff, label
from qmsdoc.render.tree import (
    Block,
    BulletList,
    Heading,
    Inline,
    OrderedList,
    Paragraph,
    RenderedDocument,
    Table,
    Tracked,
    TrackedBlocks,
    plain_text,
)
from qmsdoc.textsafe import one_line

_SHORT = 40  # values longer than this are named, not quoted


def _clip(text: str, size: int = 50) -> str:
    text = one_line(" ".join(str(text).split()))
    return text if len(text) <= size else text[:size - 1].rstrip() + "…"


def _name(field: str, en: bool) -> str:
    vi_label, en_label = label(field.split(".")[-1])
    return en_label if en else vi_label


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def phrase(c: Change, en: bool = False) -> str | None:
    """One change in a few words (None: nothing a reader of the edition needs, such as a step
    renumbered because another was added before it)."""
    name = _name(c.field, en)
    low = _lower(name)
    if c.kind == "field":
        if (isinstance(c.old, str | int | None) and isinstance(c.new, str | int | None)
                and len(str(c.old or "")) <= _SHORT and len(str(c.new or "")) <= _SHORT):
            old = c.old if c.old not in (None, "") else "—"
            new = c.new if c.new not in (None, "") else "—"
            return f"{'changed' if en else 'sửa'} {low} ({old} → {new})"
        return f"{'changed' if en else 'sửa'} {low}"
    if c.kind in ("added", "removed", "changed"):
        pos = c.new_pos if c.kind != "removed" else c.old_pos
        where = f"{low} {pos}" if c.field == "steps" else low
        item = f" “{_clip(c.item)}”" if c.item and c.kind != "changed" else ""
        if c.kind == "changed":
            subs = sorted({_lower(_name(f.field, en)) for f in c.fields})
            what = f" ({', '.join(subs)})" if subs else ""
            item = f" “{_clip(c.item, 30)}”" if c.field != "steps" and c.item else ""
            return f"{'changed' if en else 'sửa'} {where}{item}{what}"
        verb = ("added" if en else "bổ sung") if c.kind == "added" else \
            ("removed" if en else "bỏ")
        return f"{verb} {where}{item}"
    if c.kind == "moved":
        if not c.reordered:
            return None
        return (f"moved {low} {c.old_pos} to {c.new_pos}" if en else
                f"chuyển {low} {c.old_pos} thành {low} {c.new_pos}")
    section = f"“{_clip(c.item, 40)}”" if c.item else ("the opening text" if en else
                                                      "phần mở đầu")
    if c.kind == "section-added":
        return f"added section {section}" if en else f"bổ sung mục {section}"
    if c.kind == "section-removed":
        return f"removed section {section}" if en else f"bỏ mục {section}"
    return f"reworded section {section}" if en else f"sửa nội dung mục {section}"


def summary(d: DocumentDiff, en: bool = False, limit: int = 300) -> str:
    """The "Nội dung sửa đổi" of one document: its changes in one line."""
    if d.status == "added":
        return "New document" if en else "Tài liệu mới"
    if d.status == "removed":
        return "Document withdrawn" if en else "Bãi bỏ tài liệu"
    parts = [p for c in d.changes if (p := phrase(c, en))]
    if d.status == "retired":
        parts.insert(0, "retired (obsolete)" if en else "hết hiệu lực")
    if d.status == "recoded":
        parts.insert(0, f"code {d.old_code} → {d.code}" if en else
                     f"đổi mã hiệu {d.old_code} → {d.code}")
    if not parts:
        return "Wording of the source only" if en else "Chỉnh sửa cách trình bày tệp nguồn"
    text = "; ".join(parts)
    text = text[:1].upper() + text[1:]
    if len(text) > limit:
        cut = text[:limit].rsplit("; ", 1)[0]
        more = len(parts) - cut.count("; ") - 1
        text = f"{cut}; … (+{more} more)" if en else f"{cut}; … (và {more} thay đổi khác)"
    return one_line(text)


def position(d: DocumentDiff, redline: RenderedDocument | None = None,
             en: bool = False) -> str:
    """The "Vị trí" of one document's changes: the numbered sections of the redline that hold
    a tracked change (and the steps), else the names of the fields changed."""
    # the steps a reader must look at: added, changed, moved out of order (by their new
    # number), removed (by their old one); not those only renumbered
    steps = sorted({pos for c in d.changes
                    if c.field == "steps" and (c.kind != "moved" or c.reordered)
                    and (pos := c.old_pos if c.kind == "removed" else c.new_pos) is not None})
    step_text = ""
    if steps:
        word = "step" if en else "bước"
        step_text = f"{word} {', '.join(str(s) for s in steps)}"
    sections = _changed_sections(redline.blocks) if redline is not None else []
    if sections:
        head = ("Section " if en else "Mục ") + ", ".join(sections)
        return f"{head} ({step_text})" if step_text else head
    names: list[str] = []
    for c in d.changes:
        if c.kind == "moved" and not c.reordered:
            continue
        if c.field == "body":
            name = (f"section “{_clip(c.item, 30)}”" if en else f"mục “{_clip(c.item, 30)}”") \
                if c.item else ("opening text" if en else "phần mở đầu")
        elif c.field == "steps":
            continue
        else:
            name = _name(c.field, en)
        if name not in names:
            names.append(name)
    if step_text:
        names.append(step_text)
    if not names and d.status in ("added", "removed"):
        return "Whole document" if en else "Toàn bộ"
    return one_line("; ".join(names))


def _changed_sections(blocks: Sequence[Block]) -> list[str]:
    """Numbers of the numbered headings under which a tracked change sits (in order); the
    cover (before the first numbered heading) is not a position."""
    out: list[str] = []
    current: str | None = None
    for b in blocks:
        if isinstance(b, Heading):
            current = b.number or _tracked_number(b) or current
        if current is not None and current not in out and _has_change(b):
            out.append(current)
    return out


def _tracked_number(h: Heading) -> str:
    """A heading whose number changed carries it as tracked text: the new one."""
    for node in h.content:
        if isinstance(node, Tracked) and node.revision.kind.value == "ins":
            return plain_text(node.content).strip().rstrip(".")
    return ""


def _has_change(b: Block) -> bool:
    match b:
        case TrackedBlocks():
            return True
        case Paragraph(content=c) | Heading(content=c):
            return _inlines_changed(c)
        case Table(rows=rows):
            return any(r.revision is not None or any(_any(c.blocks) for c in r.cells)
                       for r in rows)
        case BulletList(items=items) | OrderedList(items=items):
            return any(_any(i) for i in items)
    return False


def _any(blocks: Sequence[Block]) -> bool:
    return any(_has_change(b) for b in blocks)


def _inlines_changed(content: Sequence[Inline]) -> bool:
    return any(isinstance(n, Tracked) for n in content)
