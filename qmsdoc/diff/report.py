"""``qmsdoc diff`` output: plain text for the terminal and Markdown for a pull request comment,
in Vietnamese (default) or English. The JSON form is :meth:`Comparison.json`."""

from __future__ import annotations

from typing import Any

from qmsdoc.diff.comparison import WORKTREE, Comparison
from qmsdoc.diff.semantic import Change, DocumentDiff, label
from qmsdoc.diff.summary import summary
from qmsdoc.textsafe import one_line

_STATUS = {
    "added": ("tài liệu mới", "new document"),
    "removed": ("đã xóa", "deleted"),
    "retired": ("hết hiệu lực", "retired"),
    "changed": ("sửa đổi", "changed"),
    "renamed": ("đổi tên tệp", "renamed"),
    "recoded": ("đổi mã hiệu", "recoded"),
}


def _side(label_: str, en: bool) -> str:
    if label_ == WORKTREE:
        return "the working tree" if en else "thư mục làm việc"
    return label_


def _v(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, dict):
        return one_line(", ".join(f"{k}: {_v(v)}" for k, v in value.items()
                                  if v not in (None, "", [])))
    if isinstance(value, list):
        return one_line(", ".join(_v(v) for v in value))
    return one_line(str(value))


def _name(field: str, en: bool) -> str:
    parts = [label(p)[1 if en else 0] for p in field.split(".")]
    return " › ".join(parts)


def _header(d: DocumentDiff, en: bool) -> str:
    vi_s, en_s = _STATUS.get(d.status, (d.status, d.status))
    head = f"{d.code or d.path} · {one_line(d.title)} · {en_s if en else vi_s}"
    if d.old_edition != d.new_edition and d.old_edition is not None \
            and d.new_edition is not None:
        head += f" ({'edition' if en else 'lần ban hành'} {d.old_edition} → {d.new_edition})"
    if d.status == "renamed" or (d.old_path and d.old_path != d.path):
        head += f" [{d.old_path} → {d.path}]"
    if d.status == "recoded":
        head += f" [{d.old_code} → {d.code}]"
    return head


def change_lines(c: Change, en: bool) -> list[tuple[str, str]]:
    """(sign, text) lines of one change; ``sign`` is +, -, ~ or ↕ (and " " for detail)."""
    name = _name(c.field, en)
    step = c.field == "steps"
    if c.kind == "field":
        return [("~", f"{name}: {_v(c.old)} → {_v(c.new)}")]
    if c.kind == "added":
        return [("+", f"{name} {c.new_pos}: {one_line(c.item)}")]
    if c.kind == "removed":
        return [("-", f"{name} {c.old_pos}: {one_line(c.item)}")]
    if c.kind == "changed":
        pos = f"{c.new_pos}" if c.old_pos == c.new_pos else \
            f"{c.new_pos} ({'was' if en else 'trước là'} {c.old_pos})"
        out = [("~", f"{name} {pos}: {one_line(c.item)}")]
        out += [(" ", f"{_name(f.field, en)}: {_v(f.old)} → {_v(f.new)}") for f in c.fields
                if f.kind == "field"]
        out += [(" ", text) for f in c.fields if f.kind != "field"
                for _, text in change_lines(f, en)]
        return out
    if c.kind == "renumbered":
        return [("↕", f"{name} {c.item} ({'renumbered' if en else 'đánh số lại'})")]
    if c.kind == "moved":
        how = (("moved" if en else "chuyển chỗ") if c.reordered else
               ("renumbered" if en else "đánh số lại"))
        what = f"{name} {c.old_pos} → {c.new_pos}" if step else \
            f"{name}: {c.old_pos} → {c.new_pos}"
        return [("↕", f"{what} ({how}): {one_line(c.item)}")]
    section = one_line(c.item) or ("(opening text)" if en else "(phần mở đầu)")
    verb = {"section-added": ("+", "mục mới", "new section"),
            "section-removed": ("-", "bỏ mục", "section removed"),
            "section-changed": ("~", "sửa mục", "section changed")}[c.kind]
    out = [(verb[0], f"{verb[2] if en else verb[1]} “{section}”")]
    for old, new in c.edits:
        if old:
            out.append((" ", f"- {one_line(old)}"))
        if new:
            out.append((" ", f"+ {one_line(new)}"))
    return out


def grouped(changes: tuple[Change, ...]) -> list[Change]:
    """The changes with each run of items only renumbered (moved by the same offset, in
    order, because items were added or removed before them) folded into one change whose
    ``item`` names the range: "3–5 → 4–6"."""
    out: list[Change] = []
    run: list[Change] = []

    def flush() -> None:
        if len(run) == 1:
            out.append(run[0])
        elif run:
            first, last = run[0], run[-1]
            out.append(Change("renumbered", first.field, old_pos=first.old_pos,
                              new_pos=first.new_pos,
                              item=f"{first.old_pos}–{last.old_pos} → "
                                   f"{first.new_pos}–{last.new_pos}"))
        run.clear()

    for c in changes:
        if c.kind == "moved" and not c.reordered and c.old_pos and c.new_pos:
            prev = run[-1] if run else None
            if prev is not None and prev.field == c.field and prev.old_pos is not None \
                    and prev.new_pos is not None and c.old_pos == prev.old_pos + 1 \
                    and c.new_pos == prev.new_pos + 1:
                run.append(c)
                continue
            flush()
            run.append(c)
            continue
        flush()
        out.append(c)
    flush()
    return out


def text(cmp: Comparison, en: bool = False) -> str:
    docs = cmp.documents
    head = (f"{_side(cmp.old.label, en)} → {_side(cmp.new.label, en)}: "
            + (f"{len(docs)} document(s) differ" if en else f"{len(docs)} tài liệu khác nhau"))
    lines = [head]
    for d in docs:
        lines.append("")
        lines.append(_header(d, en))
        for c in d.control:
            lines.append(f"  ~ {_name(c.field, en)}: {_v(c.old)} → {_v(c.new)}")
        for c in grouped(d.changes):
            for sign, t in change_lines(c, en):
                lines.append(f"  {sign} {t}" if sign != " " else f"      {t}")
        if d.source_only:
            lines.append("  " + ("(only the source file's layout or comments changed)" if en
                                 else "(chỉ đổi cách trình bày hoặc chú thích trong tệp nguồn)"))
    return "\n".join(lines) + "\n"


def _md(text_: str) -> str:
    """Text safe inside a Markdown list item (no HTML, no accidental formatting)."""
    out = one_line(text_)
    for ch in ("\\", "`", "*", "_", "<", ">", "[", "]", "|", "#"):
        out = out.replace(ch, "\\" + ch)
    return out


def markdown(cmp: Comparison, en: bool = False) -> str:
    """A pull request comment: one section per document, a summary line, the details."""
    docs = cmp.documents
    lines = [f"## {'What changed' if en else 'Nội dung thay đổi'}: "
             f"{_md(_side(cmp.old.label, en))} → {_md(_side(cmp.new.label, en))}", ""]
    if not docs:
        lines.append("No document changed." if en else "Không có tài liệu nào thay đổi.")
        return "\n".join(lines) + "\n"
    lines.append(f"{len(docs)} document(s) differ." if en else
                  f"{len(docs)} tài liệu khác nhau.")
    for d in docs:
        lines += ["", f"### {_md(_header(d, en))}", "",
                  f"*{_md(summary(d, en))}*", ""]
        for c in d.control:
            lines.append(f"- {_md(_name(c.field, en))}: {_md(_v(c.old))} → {_md(_v(c.new))}")
        edits: list[str] = []
        for c in grouped(d.changes):
            rows = change_lines(c, en)
            sign, first = rows[0]
            mark = {"+": "**+** ", "-": "**−** ", "↕": "↕ "}.get(sign, "")
            lines.append(f"- {mark}{_md(first)}")
            for _, t in rows[1:]:
                if c.kind.startswith("section"):
                    edits.append(t)
                else:
                    lines.append(f"  - {_md(t)}")
            if c.kind.startswith("section") and rows[1:]:
                fence = "~~~" if any("```" in e for e in edits) else "```"
                lines += ["", f"  {fence}diff", *(f"  {e}" for e in edits), f"  {fence}"]
                edits = []
    return "\n".join(lines) + "\n"
