"""``qmsdoc new``: a new document with the next free code, every required field and placeholders.

The code is the next number of the first alternative of the kind's numbering pattern in
``qms.yaml`` (``QT-{n:02}``: after QT-17 comes QT-18). References (owner, signers, roles) take
the values most used by documents of the same kind, so the file is valid at once; what only the
author knows is a ``<<Điền …>>`` placeholder (warning QMS108). A procedure whose title names a
TTHC of the catalogue gets its code and legal processing time, with step durations that fit.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import Any

from jinja2 import BaseLoader, StrictUndefined, TemplateNotFound
from jinja2.sandbox import SandboxedEnvironment

from qmsdoc.atomic import write_atomic
from qmsdoc.diagnostics import QmsdocError
from qmsdoc.load import load_repository
from qmsdoc.load.discover import CONFIG_NAMES
from qmsdoc.model.documents import DOCUMENT_KINDS, Document, Procedure
from qmsdoc.model.duration import Duration, TimeUnit
from qmsdoc.model.repository import Repository
from qmsdoc.rules.control import code_matches
from qmsdoc.scaffold.packs import ucfirst, yaml_flow, yaml_quoted

#: Numbering used when qms.yaml has none for the kind.
DEFAULT_NUMBERING = {"procedure": "QT-{n:02}", "form": "BM-{n:02}", "instruction": "HD-{n:02}",
                     "decision": "QĐ-{n:02}", "policy": "CSCL", "manual": "STCL",
                     "objectives": "MTCL-{year}"}
#: Folder used when no document of the kind exists yet.
DEFAULT_FOLDER = {"procedure": "quy-trinh", "form": "bieu-mau", "instruction": "huong-dan",
                  "decision": "quyet-dinh", "policy": "chinh-sach", "manual": "so-tay",
                  "objectives": "muc-tieu"}
_TITLE_WORDS = ("quy trình", "biểu mẫu", "hướng dẫn", "quyết định", "thủ tục")
# What each step of a TTHC procedure usually does, and its share of the legal time.
_TTHC_STEPS = (("tiếp nhận, kiểm tra hồ sơ", Fraction(1, 8)),
               ("thẩm định hồ sơ, dự thảo kết quả", Fraction(1, 2)),
               ("xem xét, ký duyệt kết quả", Fraction(1, 4)),
               ("vào sổ, đóng dấu, chuyển kết quả", Fraction(1, 8)),
               ("trả kết quả cho tổ chức, cá nhân", Fraction(0)))
_PLAIN_STEPS = (("chuẩn bị, lập kế hoạch", "1 ngày làm việc"),
                ("thực hiện", "2 ngày làm việc"), ("kiểm tra, phê duyệt", "1 ngày làm việc"))


class NewError(QmsdocError):
    """``new`` refused; words in both languages (the CLI exits with 2)."""


@dataclass(frozen=True)
class NewDocument:
    root: Path
    path: Path  # absolute
    rel: str  # relative to the root (posix)
    code: str
    text: str
    tthc: str | None = None  # the TTHC code written into the procedure
    tthc_handled_by: str | None = None  # the title names a TTHC another procedure implements


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` holding qms.yaml."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if any((folder / n).is_file() for n in CONFIG_NAMES):
            return folder
    return None


_FIELD = re.compile(r"\{(\w+)(?::0?(\d+))?\}")


def next_code(pattern: str, existing: Iterable[str], year: int) -> str | None:
    """The next free code of the pattern's first alternative; None when it cannot be guessed
    (a ``{name}`` other than ``{n}`` and ``{year}``, or a fixed code already taken)."""
    alt = pattern.split("|")[0].strip()
    names = {m.group(1) for m in _FIELD.finditer(alt)}
    if names - {"n", "year"}:
        return None
    alt = alt.replace("{year}", str(year))
    taken = set(existing)
    if "n" not in names:
        return None if alt in taken else alt
    parts, width, pos = [], 1, 0
    for f in _FIELD.finditer(alt):
        parts.append(re.escape(alt[pos:f.start()]))
        parts.append(r"(?P<n>\d+)")
        width = int(f.group(2) or 1)
        pos = f.end()
    parts.append(re.escape(alt[pos:]))
    rx = re.compile("".join(parts))
    nums = [int(m.group("n")) for c in taken if (m := rx.fullmatch(c))]
    n = max(nums, default=0) + 1
    while (code := _FIELD.sub(str(n).zfill(width), alt)) in taken:  # pragma: no cover
        n += 1
    return code


def slug(text: str, limit: int = 60) -> str:
    """ASCII file-name part: "Cấp bản sao trích lục" → "cap-ban-sao-trich-luc"."""
    text = text.replace("Đ", "D").replace("đ", "d")
    ascii_text = unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    out = ""
    for w in words:
        if len(out) + len(w) + 1 > limit:
            break
        out = f"{out}-{w}" if out else w
    return out or "tai-lieu"


def _title_slug(title: str) -> str:
    low = title.casefold().strip()
    for word in _TITLE_WORDS:
        if low.startswith(word + " "):
            return slug(title[len(word) + 1:])
    return slug(title)


def _most_common(values: Iterable[str | None], fallback: str) -> str:
    counts = Counter(v for v in values if v)
    return min(counts, key=lambda v: (-counts[v], v)) if counts else fallback


def _norm_name(text: str) -> str:
    low = " ".join(unicodedata.normalize("NFC", text).casefold().split())
    for word in _TITLE_WORDS:
        low = low.removeprefix(word + " ")
    return low


@dataclass(frozen=True)
class TthcMatch:
    code: str
    name: str
    legal_time: Duration | None
    handled_by: str | None  # the code of a procedure that already implements it


def match_tthc(repo: Repository, title: str) -> TthcMatch | None:
    """The catalogue entry whose name the title names (closely enough), if any."""
    handled = {p.tthc: p.code or p.path for p in repo.procedures
               if p.tthc and p.status != "obsolete"}
    want = _norm_name(title)
    best: tuple[float, Any] = (0.0, None)
    for entry in repo.tthc:
        if not entry.code or not entry.name:
            continue
        ratio = difflib.SequenceMatcher(None, want, _norm_name(entry.name)).ratio()
        if ratio > best[0]:
            best = (ratio, entry)
    if best[1] is None or best[0] < 0.85:
        return None
    e = best[1]
    return TthcMatch(e.code, e.name, e.legal_time, handled.get(e.code))


def _hours_text(hours: Fraction, hours_per_day: int) -> str:
    if hours == 0:
        return "0"
    days = hours / hours_per_day
    whole_days = days >= 1 and (days * 2).denominator == 1
    value, unit = (days, "ngày làm việc") if whole_days else (hours, "giờ")
    number = f"{float(value):g}".replace(".", ",")
    return f"{number} {unit}"


def _steps(repo: Repository, folder_docs: list[Document], legal: Duration | None,
           hours_per_day: int, fallback_role: str) -> list[dict[str, str]]:
    procs = [d for d in folder_docs if isinstance(d, Procedure)] or repo.procedures
    if legal is None:
        roles = _most_common((r for p in procs for s in p.steps for r in s.responsible),
                             fallback_role)
        return [{"hint": h, "responsible": roles, "duration": d} for h, d in _PLAIN_STEPS]
    if legal.on_calendar or not legal.limited:
        # No exact working time without a receipt date: about 5 working days a week.
        days = int(legal.value) * {TimeUnit.WEEK: 7, TimeUnit.MONTH: 30,
                                   TimeUnit.YEAR: 365}.get(legal.unit, 1)
        total = Fraction(days * 5 // 7 * hours_per_day)
    else:
        total = legal.working_hours(hours_per_day)
    out = []
    for i, (hint, share) in enumerate(_TTHC_STEPS):
        role = _most_common((p.steps[i].responsible[0] for p in procs
                             if len(p.steps) > i and p.steps[i].responsible), fallback_role)
        hours = Fraction(int(total * share * 2), 2)  # whole or half hours, rounded down
        out.append({"hint": hint, "responsible": role,
                    "duration": _hours_text(hours, hours_per_day)})
    return out


class _Loader(BaseLoader):
    def get_source(self, environment: Any, template: str) -> tuple[str, str, Any]:
        entry = resources.files("qmsdoc") / "templates" / "new" / template
        if not entry.is_file():
            raise TemplateNotFound(template)
        return entry.read_text(encoding="utf-8"), template, lambda: True


def plan_document(start: Path, kind: str, title: str, code: str | None = None,
                  today: dt.date | None = None) -> NewDocument:
    """Work out the new document (path and text) without writing anything."""
    today = today or dt.date.today()
    if kind not in DOCUMENT_KINDS:
        raise NewError(f"Loại tài liệu \"{kind}\" không hợp lệ. Các loại: "
                       f"{', '.join(DOCUMENT_KINDS)}.",
                       f"Unknown document kind \"{kind}\". Kinds: {', '.join(DOCUMENT_KINDS)}.")
    title = " ".join(unicodedata.normalize("NFC", title).split())
    if not title or any(ord(c) < 32 for c in title):
        raise NewError("Tên tài liệu (--title) phải là một dòng văn bản.",
                       "The title (--title) must be one line of text.")
    root = find_root(start if start.is_dir() else start.parent)
    if root is None:
        raise NewError(f"{start} không nằm trong kho tài liệu qmsdoc (không có qms.yaml). Tạo "
                       "mới bằng `qmsdoc init`.",
                       f"{start} is not inside a qmsdoc repository (no qms.yaml). Create one "
                       "with `qmsdoc init`.")
    repo = load_repository(root).repo
    cfg = repo.config
    pattern = (cfg.numbering.get(kind) if cfg else None) or DEFAULT_NUMBERING[kind]
    codes = {d.code for d in repo.documents if d.code}
    if code:
        code = unicodedata.normalize("NFC", code.strip())
        if code in codes:
            raise NewError(f"Mã hiệu {code} đã được dùng.", f"The code {code} is already used.")
        if not any(code_matches(code, p.strip()) for p in pattern.split("|")):
            raise NewError(f"Mã hiệu {code} không theo mẫu đánh mã {pattern} của loại {kind}.",
                           f"The code {code} does not follow the {kind} pattern {pattern}.")
    else:
        code = next_code(pattern, codes, today.year)
        if code is None:
            raise NewError(f"Không tự tính được mã hiệu kế tiếp theo mẫu {pattern}; ghi mã bằng "
                           "--code.",
                           f"Cannot work out the next code of the pattern {pattern}; give one "
                           "with --code.")
    same_kind = [d for d in repo.documents if d.kind == kind]
    # Where documents numbered like the new one live (BM-07 goes with BM-01…BM-06, not with
    # BM-QT01-01), else where most documents of the kind live.
    siblings = [d for d in same_kind if d.code and any(
        code_matches(d.code, alt.strip()) and code_matches(code, alt.strip())
        for alt in pattern.split("|"))] or same_kind
    rel_path = _destination(root, start, kind, code, title, siblings)
    folder = str(PurePosixPath(rel_path).parent)
    folder_docs = [d for d in same_kind if str(PurePosixPath(d.path).parent) == folder]
    people = [p.id for p in cfg.people if p.id] if cfg else []
    roles = [r.id for r in cfg.roles if r.id] if cfg else []
    depts = [d.id for d in cfg.departments if d.id] if cfg else []
    pool = folder_docs or same_kind or repo.documents
    fallback_person = people[0] if people else "<<Điền mã người trong mục people của qms.yaml>>"
    fallback_role = roles[0] if roles else "<<Điền mã vai trò trong mục roles của qms.yaml>>"
    hours_per_day = (cfg.calendar.hours_per_day if cfg and cfg.calendar else None) or 8
    found = match_tthc(repo, title) if kind == "procedure" else None
    tthc = found.code if found and not found.handled_by else None
    legal = found.legal_time if found and tthc else None
    places = [p.place for p in repo.procedures if p.place]
    ctx = {
        "kind": kind, "code": code, "title": title, "today": today.isoformat(),
        "year": today.year,
        "owner": _most_common((d.owner for d in pool),
                              depts[0] if depts else "<<Điền mã bộ phận>>"),
        "prepared_by": _most_common((d.prepared_by for d in pool), fallback_person),
        "reviewed_by": _most_common((d.reviewed_by for d in pool), fallback_person),
        "approved_by": _most_common((d.approved_by for d in pool), fallback_person),
        "keeper": _most_common((r.keeper for p in repo.procedures for r in p.records),
                               fallback_role),
        "tthc": tthc,
        "processing_time": legal.text if legal else None,
        "place": _most_common(places, "<<Điền nơi tiếp nhận và trả kết quả>>"),
        "short_name": (cfg.organization.short_name if cfg and cfg.organization else None)
        or "<<Điền tên viết tắt>>",
        "steps": _steps(repo, folder_docs, legal, hours_per_day, fallback_role)
        if kind == "procedure" else [],
        # a decision "về việc sửa đổi, bổ sung …" amends documents: qmsdoc writes its body
        "purpose": "sua-doi" if kind == "decision" and "sửa đổi" in title.casefold()
        else "ban-hanh",
    }
    env = SandboxedEnvironment(loader=_Loader(), undefined=StrictUndefined,
                               keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(yq=yaml_quoted, flow=yaml_flow, ucfirst=ucfirst)
    name = "objectives.yaml.j2" if kind == "objectives" else f"{kind}.md.j2"
    text = env.get_template(name).render(ctx)
    text = "\n".join(line.rstrip() for line in text.split("\n")).strip("\n") + "\n"
    return NewDocument(root, root / rel_path, rel_path, code, text, tthc,
                       found.handled_by if found else None)


def _destination(root: Path, start: Path, kind: str, code: str, title: str,
                 same_kind: list[Document]) -> str:
    ext = ".yaml" if kind == "objectives" else ".md"
    name = f"{slug(code, 20).upper()}-{_title_slug(title)}{ext}"
    if kind == "objectives":
        name = f"{slug(code, 20).upper()}{ext}"
    start = start.resolve()
    if start.suffix.lower() in (".md", ".yaml", ".yml") and not start.is_dir():
        return start.relative_to(root).as_posix()
    if start != root and (start.is_dir() or not start.exists()):
        return (start.relative_to(root) / name).as_posix()
    folders = Counter(str(PurePosixPath(d.path).parent) for d in same_kind if d.path)
    folder = min(folders, key=lambda f: (-folders[f], f)) if folders else DEFAULT_FOLDER[kind]
    return name if folder in ("", ".") else f"{folder}/{name}"


def write_document(doc: NewDocument) -> None:
    """Write the planned document; never replaces an existing file."""
    if doc.path.exists():
        raise NewError(f"Tệp {doc.rel} đã tồn tại.", f"The file {doc.rel} already exists.")
    write_atomic(doc.path, doc.text.encode("utf-8"))
