"""What changed between two loaded states of a repository, in a coordinator's terms.

Documents are matched by code (a new path with the same code is a rename), then by path (a new
code at the same path is a recode), then by title. Inside a document, every front-matter field
is compared; list items are matched by identity, never by position: an id-like key (``id``,
``code``, ``ref``, ``channel``) when the item has one, else its text (a step's action, a dossier
item's name) exactly and then by similarity, so a step whose wording changed is *changed*, and a
step that only got another number is *moved*, not removed and added. The Markdown body is
compared section by section (sections matched by heading), paragraph by paragraph.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from qmsdoc.model.base import Located
from qmsdoc.model.documents import Document
from qmsdoc.model.duration import Duration

#: Fields of document control: they change with every release and are shown apart.
CONTROL_FIELDS = ("edition", "issued", "effective", "approved", "last_reviewed", "status")
_SKIPPED = frozenset({"path", "body", "body_line", "span", "spans", "present"})
#: Item identity: exact keys first, then text keys matched by similarity.
_EXACT_KEYS = ("id", "code", "ref", "channel", "period")
_TEXT_KEYS = ("action", "name", "what", "statement", "title")
_SIMILAR = 0.5  # difflib ratio above which two texts are the same item reworded

#: Short names of fields (the model's descriptions are sentences, for the schema).
LABELS: dict[str, tuple[str, str]] = {
    "title": ("Tên tài liệu", "Title"),
    "short_title": ("Tên rút gọn", "Short title"),
    "edition": ("Lần ban hành", "Edition"),
    "issued": ("Ngày ban hành", "Issue date"),
    "effective": ("Ngày hiệu lực", "Effective date"),
    "status": ("Trạng thái", "Status"),
    "owner": ("Bộ phận chủ trì", "Owner"),
    "prepared_by": ("Người soạn thảo", "Prepared by"),
    "reviewed_by": ("Người xem xét", "Reviewed by"),
    "approved_by": ("Người phê duyệt", "Approved by"),
    "approved": ("Ngày phê duyệt", "Approval date"),
    "clauses": ("Điều khoản ISO", "Clauses"),
    "review_interval_months": ("Chu kỳ xem xét lại", "Review interval"),
    "last_reviewed": ("Ngày xem xét lại", "Last reviewed"),
    "related": ("Tài liệu liên quan", "Related documents"),
    "tthc": ("Mã TTHC", "TTHC code"),
    "level": ("Cấp thực hiện", "Level"),
    "procedure_type": ("Loại thủ tục", "Kind of procedure"),
    "field": ("Lĩnh vực", "Field"),
    "applicants": ("Đối tượng thực hiện", "Applicants"),
    "agencies": ("Cơ quan thực hiện", "Agencies"),
    "performing": ("Cơ quan thực hiện", "Performing agency"),
    "competent": ("Cơ quan có thẩm quyền", "Competent agency"),
    "delegated": ("Cơ quan được ủy quyền", "Delegated agency"),
    "cooperating": ("Cơ quan phối hợp", "Cooperating agency"),
    "legal_basis": ("Căn cứ pháp lý", "Legal basis"),
    "conditions": ("Điều kiện thực hiện", "Conditions"),
    "dossier": ("Thành phần hồ sơ", "Dossier"),
    "processing_time": ("Thời hạn giải quyết", "Processing time"),
    "channels": ("Cách thức nộp", "Channels"),
    "cases": ("Trường hợp", "Cases"),
    "place": ("Nơi tiếp nhận", "Place"),
    "fee": ("Phí, lệ phí", "Fee"),
    "result": ("Kết quả giải quyết", "Result"),
    "results": ("Giấy tờ kết quả", "Result documents"),
    "steps": ("Bước", "Step"),
    "forms": ("Biểu mẫu", "Forms"),
    "records": ("Hồ sơ cần lưu", "Records"),
    "action": ("Nội dung công việc", "Action"),
    "actor": ("Bên thực hiện", "Actor"),
    "responsible": ("Trách nhiệm", "Responsible"),
    "start": ("Tính từ", "Runs from"),
    "duration": ("Thời gian", "Duration"),
    "counted": ("Tính vào thời hạn", "Counted"),
    "output": ("Kết quả của bước", "Output"),
    "name": ("Tên", "Name"),
    "form": ("Biểu mẫu", "Form"),
    "originals": ("Số bản chính", "Originals"),
    "copies": ("Số bản sao", "Copies"),
    "note": ("Ghi chú", "Note"),
    "keeper": ("Trách nhiệm lưu", "Keeper"),
    "retention": ("Thời gian lưu", "Retention"),
    "statement": ("Nội dung", "Statement"),
    "commitments": ("Cam kết", "Commitments"),
    "communicated_to": ("Nơi phổ biến", "Communicated to"),
    "objectives": ("Mục tiêu", "Objectives"),
    "body": ("Nội dung", "Body"),
}


def label(name: str) -> tuple[str, str]:
    return LABELS.get(name, (name, name))


@dataclass(frozen=True)
class Change:
    """One change inside a document.

    ``kind``: ``field`` (a value changed: ``old`` → ``new``), ``added``/``removed``/
    ``changed``/``moved`` (an item of the list ``field``, at 1-based ``old_pos``/``new_pos``,
    ``item`` its text; a changed item lists its ``fields``; ``reordered`` is False for an item
    that only got another number because others were added or removed before it),
    ``section-added``/``section-removed``/``section-changed`` (a body section ``item``, with its
    paragraph ``edits`` (old, new), "" for a paragraph added or removed).
    """

    kind: str
    field: str
    old: Any = None
    new: Any = None
    old_pos: int | None = None
    new_pos: int | None = None
    item: str = ""
    fields: tuple[Change, ...] = ()
    reordered: bool = False
    edits: tuple[tuple[str, str], ...] = ()

    def json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "field": self.field,
                               "label": label(self.field.split(".")[-1])[0]}
        for key in ("old", "new", "old_pos", "new_pos"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if self.item:
            out["item"] = self.item
        if self.fields:
            out["fields"] = [f.json() for f in self.fields]
        if self.kind == "moved":
            out["reordered"] = self.reordered
        if self.edits:
            out["edits"] = [{"old": o, "new": n} for o, n in self.edits]
        return out


@dataclass(frozen=True)
class DocumentDiff:
    """One document that differs. ``status``: added, removed (file deleted), retired (status
    became obsolete), changed, renamed (same code, new path), recoded (new code)."""

    status: str
    code: str
    title: str
    path: str  # the new path (the old one when removed)
    kind: str = ""
    old_code: str = ""
    old_path: str = ""
    old_edition: int | None = None
    new_edition: int | None = None
    control: tuple[Change, ...] = ()
    changes: tuple[Change, ...] = ()
    source_only: bool = False  # the file changed, the content did not (comments, layout)

    def json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"status": self.status, "code": self.code, "title": self.title,
                               "kind": self.kind, "path": self.path}
        if self.old_code and self.old_code != self.code:
            out["old_code"] = self.old_code
        if self.old_path and self.old_path != self.path:
            out["old_path"] = self.old_path
        out["edition"] = {"old": self.old_edition, "new": self.new_edition}
        out["control"] = [c.json() for c in self.control]
        out["changes"] = [c.json() for c in self.changes]
        if self.source_only:
            out["source_only"] = True
        return out


# ------------------------------------------------------------------------------- values


def value(v: Any) -> Any:
    """A JSON-able, comparable form of a field value."""
    if isinstance(v, Duration):
        return v.text
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, list | tuple):
        if all(not isinstance(x, Located) for x in v):
            return [value(x) for x in v]
        return [fingerprint(x) for x in v]
    if isinstance(v, Located):
        return fingerprint(v)
    return v if isinstance(v, str | int | float | bool | type(None)) else str(v)


def fingerprint(obj: Located) -> dict[str, Any]:
    return {f.name: value(getattr(obj, f.name)) for f in fields(obj)
            if f.name not in _SKIPPED and not f.metadata.get("internal")}


def shown(v: Any) -> Any:
    """A value as the reports print it: lists of plain values joined."""
    v = value(v)
    if isinstance(v, list) and all(isinstance(x, str | int) for x in v):
        return ", ".join(str(x) for x in v)
    return v


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text).casefold()
    return " ".join(text.split())


def item_text(obj: Any) -> str:
    """The words that name a list item (a step's action, a dossier item's name…)."""
    if not isinstance(obj, Located):
        return str(value(obj))
    for key in (*_TEXT_KEYS, *_EXACT_KEYS):
        v = getattr(obj, key, None)
        if isinstance(v, str) and v.strip():
            return " ".join(v.split())
    return ""


def _exact_key(obj: Any) -> str | None:
    if not isinstance(obj, Located):
        return f"={value(obj)}"
    for key in _EXACT_KEYS:
        v = getattr(obj, key, None)
        if isinstance(v, str) and v.strip():
            return f"{key}={v.strip()}"
    return None


# ------------------------------------------------------------------------------- matching


def match_items(old: Sequence[Any], new: Sequence[Any]) -> list[tuple[int, int]]:
    """Pairs (old index, new index) of the same item in two lists, by identity."""
    pairs: list[tuple[int, int]] = []
    used_new: set[int] = set()
    exact_old = [_exact_key(x) for x in old]
    exact_new = [_exact_key(x) for x in new]
    # 1. an id-like key, or the same text
    for i, o in enumerate(old):
        for j, n in enumerate(new):
            if j in used_new:
                continue
            if exact_old[i] is not None or exact_new[j] is not None:
                same = exact_old[i] == exact_new[j]
            else:
                same = _norm(item_text(o)) == _norm(item_text(n))
            if same:
                pairs.append((i, j))
                used_new.add(j)
                break
    # 2. text items reworded: the most similar pairs first
    used_old = {i for i, _ in pairs}
    candidates: list[tuple[float, int, int]] = []
    for i, o in enumerate(old):
        if i in used_old or exact_old[i] is not None:
            continue
        for j, n in enumerate(new):
            if j in used_new or exact_new[j] is not None:
                continue
            ratio = difflib.SequenceMatcher(None, _norm(item_text(o)),
                                            _norm(item_text(n))).ratio()
            if ratio >= _SIMILAR:
                candidates.append((ratio, i, j))
    for _, i, j in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if i not in used_old and j not in used_new:
            pairs.append((i, j))
            used_old.add(i)
            used_new.add(j)
    return sorted(pairs)


def _in_order(pairs: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The longest run of pairs whose new positions keep the old order (the rest moved)."""
    pairs = sorted(pairs)
    best: list[list[tuple[int, int]]] = []
    for p in pairs:
        chain = max((c for c in best if c[-1][1] < p[1]), key=len, default=[])
        best.append([*chain, p])
    longest: list[tuple[int, int]] = max(best, key=len) if best else []
    return set(longest)


# ------------------------------------------------------------------------------- comparing


def compare_objects(old: Located, new: Located, prefix: str = "") -> list[Change]:
    """The changes between two versions of the same model object, field by field."""
    out: list[Change] = []
    for f in fields(new):
        if f.name in _SKIPPED or f.metadata.get("internal"):
            continue
        a, b = getattr(old, f.name, None), getattr(new, f.name, None)
        name = f"{prefix}{f.name}"
        if value(a) == value(b):
            continue
        if _is_item_list(a) or _is_item_list(b):
            out.extend(compare_lists(name, list(a or []), list(b or [])))
        elif isinstance(a, Located) and isinstance(b, Located):
            out.extend(compare_objects(a, b, f"{name}."))
        else:
            out.append(Change("field", name, shown(a), shown(b)))
    return out


def _is_item_list(v: Any) -> bool:
    return isinstance(v, list) and bool(v) and isinstance(v[0], Located)


def compare_lists(name: str, old: Sequence[Any], new: Sequence[Any]) -> list[Change]:
    """Items added, removed, changed or moved between two lists (matched by identity)."""
    pairs = match_items(old, new)
    kept = _in_order(pairs)
    out: list[Change] = []
    matched_old = {i for i, _ in pairs}
    matched_new = {j for _, j in pairs}
    for i, o in enumerate(old):
        if i not in matched_old:
            out.append(Change("removed", name, old=value(o), old_pos=i + 1, item=item_text(o)))
    for j, n in enumerate(new):
        if j not in matched_new:
            out.append(Change("added", name, new=value(n), new_pos=j + 1, item=item_text(n)))
    for i, j in pairs:
        o, n = old[i], new[j]
        if i != j:
            out.append(Change("moved", name, old_pos=i + 1, new_pos=j + 1, item=item_text(n),
                              reordered=(i, j) not in kept))
        if value(o) != value(n):
            sub = (compare_objects(o, n) if isinstance(o, Located) and isinstance(n, Located)
                   else [Change("field", name, shown(o), shown(n))])
            out.append(Change("changed", name, old_pos=i + 1, new_pos=j + 1, item=item_text(n),
                              fields=tuple(sub)))
    order = {"removed": 0, "added": 1, "changed": 2, "moved": 3}
    out.sort(key=lambda c: (c.new_pos or c.old_pos or 0, order[c.kind]))
    return out


# ------------------------------------------------------------------------------- body

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_NUMBERED = re.compile(r"^\s*[\dIVXivx]+(\.\d+)*\.?\s+")


@dataclass
class Section:
    title: str
    paragraphs: list[str] = field(default_factory=list)


def sections(body: str) -> list[Section]:
    """The body split at its headings; text before the first heading is a section titled ""."""
    out = [Section("")]
    para: list[str] = []
    fence = False

    def flush() -> None:
        if para:
            out[-1].paragraphs.append(" ".join(line.strip() for line in para))
            para.clear()

    for line in body.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
        m = None if fence else _HEADING.match(line)
        if m:
            flush()
            out.append(Section(m.group(2).strip()))
        elif not line.strip() or (not fence and line.lstrip().startswith(("- ", "* ", "+ "))):
            flush()
            if line.strip():
                para.append(line)
        else:
            para.append(line)
    flush()
    return [s for s in out if s.title or s.paragraphs]


def _section_key(title: str) -> str:
    return _norm(_NUMBERED.sub("", title))


def compare_body(old: str, new: str) -> list[Change]:
    a, b = sections(old), sections(new)
    keys_a = [_section_key(s.title) for s in a]
    keys_b = [_section_key(s.title) for s in b]
    out: list[Change] = []
    used: set[int] = set()
    for i, s in enumerate(a):
        j = next((j for j, k in enumerate(keys_b) if k == keys_a[i] and j not in used), None)
        if j is None:
            out.append(Change("section-removed", "body", old_pos=i + 1, item=s.title,
                              edits=tuple((p, "") for p in s.paragraphs)))
            continue
        used.add(j)
        edits = paragraph_edits(s.paragraphs, b[j].paragraphs)
        if edits:
            out.append(Change("section-changed", "body", old_pos=i + 1, new_pos=j + 1,
                              item=b[j].title, edits=tuple(edits)))
    for j, s in enumerate(b):
        if j not in used:
            out.append(Change("section-added", "body", new_pos=j + 1, item=s.title,
                              edits=tuple(("", p) for p in s.paragraphs)))
    out.sort(key=lambda c: c.new_pos or c.old_pos or 0)
    return out


def paragraph_edits(old: list[str], new: list[str]) -> list[tuple[str, str]]:
    edits: list[tuple[str, str]] = []
    sm = difflib.SequenceMatcher(None, [_norm(p) for p in old], [_norm(p) for p in new],
                                 autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        olds, news = old[i1:i2], new[j1:j2]
        for k in range(max(len(olds), len(news))):
            edits.append((olds[k] if k < len(olds) else "", news[k] if k < len(news) else ""))
    return edits


# ------------------------------------------------------------------------------- documents


def compare_documents(old: Document, new: Document) -> tuple[list[Change], list[Change]]:
    """(document-control changes, content changes) of one document."""
    if type(old) is not type(new):
        kind = Change("field", "kind", old.kind, new.kind)
        return [], [kind, *compare_body(old.body, new.body)]
    changes = compare_objects(old, new)
    control = [c for c in changes if c.field in CONTROL_FIELDS]
    content = [c for c in changes if c.field not in CONTROL_FIELDS]
    content.extend(compare_body(old.body, new.body))
    return control, content


def _pair_documents(old: Sequence[Document], new: Sequence[Document],
                    moved_from: dict[str, str]) -> tuple[list[tuple[Document, Document]],
                                                         list[Document], list[Document]]:
    """Same document in both states: by code, by path, by Git's rename, by title."""
    def title(d: Document) -> str | None:
        return _norm(d.title or "") or None

    keys: list[tuple[KeyFunction, KeyFunction]] = [
        (lambda d: d.code or None, lambda d: d.code or None),
        (lambda d: d.path, lambda d: d.path),
        (lambda d: d.path, lambda d: moved_from.get(d.path)),
        (title, title),
    ]
    pairs: list[tuple[Document, Document]] = []
    rest_old, rest_new = list(old), list(new)
    for old_key, new_key in keys:
        by_key: dict[Any, Document] = {}
        for n in rest_new:
            k = new_key(n)
            if k is not None:
                by_key.setdefault(k, n)
        left: list[Document] = []
        for o in rest_old:
            k = old_key(o)
            found = by_key.pop(k, None) if k is not None else None
            if found is None:
                left.append(o)
            else:
                pairs.append((o, found))
                rest_new.remove(found)
        rest_old = left
    return pairs, rest_old, rest_new


#: A function keying documents for matching.
KeyFunction = Callable[[Document], Any]


def compare_repositories(old: Iterable[Document], new: Iterable[Document], *,
                         changed: set[str] | None = None,
                         renames: dict[str, str] | None = None,
                         codes: Sequence[str] = ()) -> list[DocumentDiff]:
    """Every document that differs, in code order.

    ``changed``: the files Git says differ (None: compare everything); a document whose file is
    not among them is not compared (it cannot differ). ``renames``: old path → new path as Git
    detected them (a recoded and moved document). ``codes``: only these documents (old or new
    code).
    """
    old_docs = list(old)
    new_docs = list(new)
    pairs, removed, added = _pair_documents(old_docs, new_docs, _reverse(renames or {}))
    out: list[DocumentDiff] = []
    for o, n in pairs:
        touched = changed is None or o.path in changed or n.path in changed
        if not touched:
            continue
        control, content = compare_documents(o, n)
        if n.status == "obsolete" and o.status != "obsolete":
            status = "retired"
        elif (o.code or "") != (n.code or ""):
            status = "recoded"
        elif o.path != n.path:
            status = "renamed"
        else:
            status = "changed"
        out.append(DocumentDiff(
            status, n.code or "", n.title or "", n.path, n.kind or "", o.code or "", o.path,
            o.edition, n.edition, tuple(control), tuple(content),
            source_only=status == "changed" and not control and not content))
    for o in removed:
        out.append(DocumentDiff("removed", o.code or "", o.title or "", o.path, o.kind or "",
                                o.code or "", o.path, o.edition, None))
    for n in added:
        out.append(DocumentDiff("added", n.code or "", n.title or "", n.path, n.kind or "",
                                "", "", None, n.edition))
    if codes:
        wanted = set(codes)
        out = [d for d in out if d.code in wanted or d.old_code in wanted]
    out.sort(key=lambda d: (d.code, d.path))
    return out


def _reverse(renames: dict[str, str]) -> dict[str, str]:
    """new path → old path, so that the new document's key meets the old one's path."""
    return {new: old for old, new in renames.items()}

