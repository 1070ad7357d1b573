"""Interpret a read DOCX as a qmsdoc document: header, signatures, revisions, sections, the
structured tables of a procedure, and what is left as Markdown.

Everything decided is recorded as a :class:`Note` (mapped, guessed with its evidence, left as
text, converted) with the paragraph/table/row it came from, for the import report.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from qmsdoc.ingest.wordxml import Block, Cell, Para, Table
from qmsdoc.model.documents import APPLICANT
from qmsdoc.model.duration import DurationError, parse_duration


# ------------------------------------------------------------------------ inputs and outputs
@dataclass
class Directory:
    """What the repository already knows, to match names against (from qms.yaml and the
    registers); all keys folded with :func:`fold`."""

    people: dict[str, str] = field(default_factory=dict)  # name -> person id
    roles: dict[str, str] = field(default_factory=dict)  # title -> role id
    departments: dict[str, str] = field(default_factory=dict)  # name -> department id
    external: dict[str, str] = field(default_factory=dict)  # name -> party id
    legal: dict[str, str] = field(default_factory=dict)  # folded id -> register id
    legal_titles: dict[str, str] = field(default_factory=dict)  # register id -> title
    tthc: dict[str, str] = field(default_factory=dict)  # code -> legal time text
    documents: dict[str, str] = field(default_factory=dict)  # code -> title
    role_of_person: dict[str, str] = field(default_factory=dict)  # person id -> role id
    department_of_role: dict[str, str] = field(default_factory=dict)
    department_heads: dict[str, str] = field(default_factory=dict)  # department id -> role id
    standard: str = "TCVN ISO 9001:2015"


@dataclass
class Note:
    """One line of the import report."""

    kind: str  # "mapped", "guessed", "left", "converted", "dropped", "problem"
    where: str
    field: str
    value: str
    evidence: str = ""
    code: str = ""  # a QMS9xx diagnostic code when this is a problem


@dataclass
class Extracted:
    kind: str
    fields: dict[str, Any]  # front matter in the order written
    body: str
    history: list[str] = field(default_factory=list)  # the revision table, one line per row
    notes: list[Note] = field(default_factory=list)
    images: list[tuple[str, str]] = field(default_factory=list)  # (rId, where)
    proposed_people: dict[str, str] = field(default_factory=dict)  # id -> name
    proposed_roles: dict[str, str] = field(default_factory=dict)  # id -> title
    children: list[Extracted] = field(default_factory=list)  # forms appended to a procedure


def fold(text: str) -> str:
    """Compare key: NFC, case-folded, spaces collapsed, end punctuation dropped."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split()).strip(" .;:,")


def slug(text: str) -> str:
    """An id from a Vietnamese name ("Phạm Thị Dung" → "pham-thi-dung")."""
    t = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    t = "".join(c for c in t if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", t).strip("-")[:60] or "chua-ro"


# ------------------------------------------------------------------------------ vocabulary
# The words old procedures use for each thing (the seeds' 2008–2015 layouts and qmsdoc's own).
_CODE_LABEL = r"(?:mã\s*hiệu|mã\s*số|ký\s*hiệu|số\s*hiệu|mã\s*tài\s*liệu|mã)"
_EDITION_LABEL = (r"(?:lần\s*ban\s*hành(?:\s*/\s*sửa\s*đổi)?|ban\s*hành\s*lần|lần\s*soát\s*xét|"
                  r"phiên\s*bản|lần\s*sửa\s*đổi)")
_DATE_LABEL = r"(?:ngày\s*ban\s*hành|ngày\s*hiệu\s*lực|ngày\s*áp\s*dụng|ngày)"
CODE_RE = re.compile(r"[A-ZĐ]{1,6}(?:[.\-/][A-Z0-9Đ]{1,8}){1,4}")
# after a label, a code may have no separator ("Mã hiệu: STCL")
_CODE_FIELD = re.compile(_CODE_LABEL + r"\s*[:：]?\s*"
                         r"([A-ZĐ][A-ZĐ0-9]{1,10}(?:[.\-/][A-Z0-9Đ]{1,8}){0,4})(?![\w])",
                         re.IGNORECASE)
_EDITION_FIELD = re.compile(_EDITION_LABEL + r"\s*[:：]?\s*(\d{1,2})(?:\s*/\s*(\d{1,2}))?",
                            re.IGNORECASE)
_DATE = r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})"
_DATE_FIELD = re.compile(_DATE_LABEL + r"\s*[:：]?\s*" + _DATE, re.IGNORECASE)
_LABELS = re.compile(r"(" + "|".join((_CODE_LABEL, _EDITION_LABEL, _DATE_LABEL))
                     + r"|trang|hiệu\s*lực)\s*[:：]", re.IGNORECASE)

KIND_WORDS = (  # title start → kind
    ("chính sách chất lượng", "policy"), ("mục tiêu chất lượng", "objectives"),
    ("quyết định", "decision"),
    ("quy trình", "procedure"), ("thủ tục", "procedure"), ("hướng dẫn", "instruction"),
    ("biểu mẫu", "form"), ("mẫu", "form"), ("phiếu", "form"), ("sổ tay", "manual"),
)
#: Kinds qmsdoc documents hold in structured fields an import cannot fill from prose yet,
#: and the sets qmsdoc builds (not documents): refused with QMS919.
UNSUPPORTED = ("danh mục tài liệu", "ma trận", "bộ tài liệu", "hệ thống tài liệu")
KIND_CODES = (("BM", "form"), ("QT", "procedure"), ("HD", "instruction"), ("HDCV", "instruction"),
              ("STCL", "manual"), ("ST", "manual"))

SIGN_COLUMNS = (
    ("prepared_by", ("soạn thảo", "biên soạn", "người soạn", "người viết", "soạn")),
    ("reviewed_by", ("xem xét", "kiểm tra", "người kiểm tra", "soát xét")),
    ("approved_by", ("phê duyệt", "người phê duyệt", "duyệt", "ban hành")),
)
_NAME_ROW = ("họ và tên", "họ tên", "tên")

SECTION_WORDS = (  # top-level section title start → key (specific first)
    ("purpose", ("mục đích",)),
    ("scope", ("phạm vi",)),
    ("references", ("tài liệu viện dẫn", "căn cứ", "tài liệu tham khảo", "văn bản pháp lý",
                    "tài liệu liên quan")),
    ("definitions", ("định nghĩa", "viết tắt", "chữ viết tắt", "thuật ngữ",
                     "giải thích từ ngữ")),
    ("forms", ("biểu mẫu",)),
    ("records", ("hồ sơ cần lưu", "hồ sơ lưu", "lưu hồ sơ", "hồ sơ")),
    ("content", ("nội dung quy trình", "nội dung", "trình tự thực hiện", "mô tả quy trình",
                 "diễn giải", "lưu đồ")),
)
SECTION_TITLES = {"purpose": "Mục đích", "scope": "Phạm vi áp dụng",
                  "references": "Tài liệu viện dẫn, căn cứ pháp lý",
                  "definitions": "Định nghĩa, chữ viết tắt", "content": "Nội dung quy trình",
                  "forms": "Biểu mẫu", "records": "Hồ sơ cần lưu"}
SUBSECTION_WORDS = (  # section 5's subsections that are structured fields
    ("info", ("thông tin về thủ tục hành chính",)),
    ("conditions", ("điều kiện thực hiện", "điều kiện")),
    ("dossier", ("thành phần, số lượng hồ sơ", "thành phần hồ sơ", "hồ sơ gồm")),
    ("channels", ("cách thức thực hiện",)),
    ("cases", ("các trường hợp giải quyết",)),
    ("time", ("thời hạn giải quyết", "thời gian giải quyết", "thời hạn")),
    ("place", ("nơi tiếp nhận", "địa điểm")),
    ("fee", ("phí, lệ phí", "lệ phí", "phí")),
    ("result", ("kết quả giải quyết", "kết quả")),
    ("steps", ("trình tự thực hiện", "trình tự", "các bước", "diễn giải", "quy trình thực hiện")),
)
COMMITMENTS = {"phù hợp với mục đích và bối cảnh": "purpose",
               "cơ sở thiết lập mục tiêu chất lượng": "framework",
               "đáp ứng các yêu cầu áp dụng": "requirements", "cải tiến liên tục": "improvement"}
COMMUNICATED = "Chính sách chất lượng được phổ biến, công bố tại"
OBJECTIVE_HEADINGS = ("mục tiêu chất lượng", "kế hoạch thực hiện mục tiêu", "kết quả thực hiện")
PLACEHOLDERS = {"(chưa có nội dung.)", "không có.", "không có"}
APPLICANT_WORDS = ("người nộp hồ sơ", "tổ chức, cá nhân", "cá nhân, tổ chức", "công dân",
                   "người yêu cầu", "người có yêu cầu")
INFO_FIELDS = {"cấp thực hiện": "level", "loại thủ tục": "procedure_type", "lĩnh vực": "field",
               "đối tượng thực hiện": "applicants", "cơ quan thực hiện": "agencies.performing",
               "cơ quan có thẩm quyền": "agencies.competent",
               "cơ quan được ủy quyền": "agencies.delegated",
               "cơ quan phối hợp": "agencies.cooperating"}
CHANNELS = {"trực tiếp": "truc-tiep", "trực tuyến": "truc-tuyen", "dịch vụ bưu chính": "buu-chinh",
            "bưu chính": "buu-chinh"}

_HEADING_NUMBER = re.compile(r"^\s*((?:\d+\.)*\d+)\.?\s+(\S.*)$")
_ROMAN = re.compile(r"^\s*([IVX]{1,4})[.)]\s+(\S.*)$")
_BULLET = re.compile(r"^\s*[-–•+*·▪○●]\s+")
_ORDERED = re.compile(r"^\s*(?:\d{1,2}|[a-zđ])[.)]\s+")


def _starts(title: str, words: Iterable[str]) -> bool:
    f = fold(title)
    return any(f.startswith(w) for w in words)


def classify(title: str, table: Sequence[tuple[str, tuple[str, ...]]]) -> str | None:
    for key, words in table:
        if _starts(title, words):
            return key
    return None


def clean_heading(text: str) -> str:
    m = _HEADING_NUMBER.match(text) or _ROMAN.match(text)
    return (m.group(2) if m else text).strip()


def case_id(name: str) -> str:
    """A case id from its name (the DOCX prints names only): the first words' slug."""
    return slug(" ".join(name.split()[:6]))[:40].strip("-")


def sentence_case(text: str) -> str:
    """An all-capitals header title in sentence case ("QUY TRÌNH X" → "Quy trình x")."""
    t = " ".join(text.split())
    if t.upper() != t:
        return t
    low = t.lower()
    return low[:1].upper() + low[1:]


# --------------------------------------------------------------------------------- extractor
class Extractor:
    def __init__(self, directory: Directory, core: dict[str, str]) -> None:
        self.d = directory
        self.core = core
        self.notes: list[Note] = []
        self.fields: dict[str, Any] = {}
        self.proposed_people: dict[str, str] = {}
        self.proposed_roles: dict[str, str] = {}
        self._defaulted = False  # the kind was not recognised (procedure by default)

    def note(self, kind: str, where: str, name: str, value: object, evidence: str = "",
             code: str = "") -> None:
        self.notes.append(Note(kind, where, name, str(value), evidence, code))

    # ------------------------------------------------------------------ entry point
    def run(self, headers: Sequence[Sequence[Block]], body: Sequence[Block],
            file_stem: str) -> Extracted:
        blocks = list(body)
        consumed: set[int] = set()
        self._header(headers, blocks, consumed)
        keywords = self.core.get("keywords", "").strip()
        if "code" not in self.fields and CODE_RE.fullmatch(keywords):
            self.fields["code"] = keywords
            self.note("guessed", "thuộc tính tệp", "code", keywords,
                      "thuộc tính Keywords của tệp (tệp không in mã hiệu)")
        if "code" not in self.fields:
            m = CODE_RE.search(file_stem.upper().replace("_", "-"))
            if m:
                self.fields["code"] = m.group()
                self.note("guessed", "tên tệp", "code", m.group(), f"tên tệp {file_stem}")
        kind = self._kind()
        if kind == "decision" or (self._defaulted and _decision_top(blocks)):
            kind = "decision"
            body_md = self._decision(blocks)
            return Extracted(kind, self._ordered(kind), body_md, [], self.notes, [],
                             self.proposed_people, self.proposed_roles)
        if "title" not in self.fields and self.core.get("title") and kind == "form":
            self.fields["title"] = self.core["title"]
            self.note("guessed", "thuộc tính tệp", "title", self.core["title"],
                      "biểu mẫu không có bảng đầu trang: lấy thuộc tính Title của tệp")
        history: list[str] = []
        if kind != "form":  # a form's tables are its content
            self._signatures(blocks, consumed)
            history = self._revisions(blocks, consumed)
            self._title_paragraph(blocks, consumed)
        rest = [b for i, b in enumerate(blocks) if i not in consumed]
        self._owner()
        children: list[Extracted] = []
        if kind == "procedure":
            rest, children = self._appended_forms(rest)
            body_md = self._procedure(rest)
        elif kind == "policy":
            body_md = self._policy(rest)
        elif kind == "objectives":
            body_md = self._objectives(rest)
        elif kind == "form":
            body_md = self._form_body(rest)
        else:
            body_md = self._plain_body(rest)
        return Extracted(kind, self._ordered(kind), body_md, history, self.notes,
                         [(rid, p.where) for p in _paras(rest) for rid in p.images],
                         self.proposed_people, self.proposed_roles, children)

    def _ordered(self, kind: str) -> dict[str, Any]:
        order = ["kind", "code", "title", "short_title", "edition", "issued", "status", "owner",
                 "prepared_by", "reviewed_by", "approved_by", "tthc", "level", "procedure_type",
                 "field", "applicants", "agencies", "legal_basis", "conditions", "dossier",
                 "processing_time", "channels", "cases", "place", "fee", "result", "results",
                 "steps", "forms", "records", "related", "origin", "statement", "commitments",
                 "communicated_to", "year", "objectives", "purpose", "number", "signer",
                 "sign_mode", "recipients"]
        out: dict[str, Any] = {"kind": kind}
        for k in order[1:]:
            if k in self.fields and self.fields[k] not in (None, [], {}, ""):
                out[k] = self.fields[k]
        return out

    # ------------------------------------------------------------------ header
    def _header(self, headers: Sequence[Sequence[Block]], blocks: list[Block],
                consumed: set[int]) -> None:
        candidates: list[tuple[str, Table | None, list[str]]] = []
        for part in headers:
            for b in part:
                if isinstance(b, Table):
                    candidates.append(("đầu trang, " + b.where, b, _cell_texts(b)))
                elif b.text.strip():
                    candidates.append(("đầu trang", None, [b.text]))
        for i, b in enumerate(blocks[:8]):
            if isinstance(b, Table) and (rows := _header_rows(b)):
                head = Table(b.where, b.number, b.rows[:rows])
                candidates.append((b.where, head, _cell_texts(head)))
                if rows < len(b.rows):  # Word joined the next table (the signatures) to it
                    blocks[i] = Table(b.where, b.number, b.rows[rows:])
                else:
                    consumed.add(i)
                break
        for where, table, cells in candidates:
            text = "\n".join(cells)
            if "code" not in self.fields and (m := _CODE_FIELD.search(text)):
                self.fields["code"] = m.group(1).upper()
                self.note("mapped", where, "code", m.group(1))
            if "edition" not in self.fields and (m := _EDITION_FIELD.search(text)):
                # "Lần ban hành/sửa đổi: 02/01": the edition is the first number
                self.fields["edition"] = int(m.group(1))
                self.note("mapped", where, "edition", m.group(1))
            if "issued" not in self.fields and (m := _DATE_FIELD.search(text)):
                try:
                    day = dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
                    self.fields["issued"] = day
                    self.note("mapped", where, "issued", day.isoformat())
                except ValueError:
                    self.note("problem", where, "issued", m.group(0), code="QMS910")
            if table is not None and "title" not in self.fields:
                self._header_title(where, cells)

    def _header_title(self, where: str, cells: list[str]) -> None:
        options = [c for c in cells if c.strip() and not _LABELS.search(c)]
        if not options:
            return
        kinded = [c for c in options if classify(c, [("k", tuple(w for w, _ in KIND_WORDS))])]
        # the organisation's cell comes first; the title is the one naming a kind, or the next
        if not kinded and len(options) < 2:
            return  # only the organisation: the title is elsewhere (or missing)
        title = " ".join((kinded or options[1:])[0].split())
        core = self.core.get("title", "")
        if core and fold(core) == fold(title):
            self.fields["title"] = core
            self.note("mapped", where, "title", core, "đầu trang, chữ hoa/thường theo thuộc "
                      "tính Title của tệp")
        elif core and fold(title) and fold(core).startswith(fold(title)[:20]) and len(core) > 0:
            self.fields["title"] = core
            self.note("guessed", where, "title", core, f"đầu trang ghi \"{title}\"; thuộc tính "
                      "Title của tệp ghi đầy đủ")
            if fold(core) != fold(title):
                self.fields["short_title"] = sentence_case(title)
        else:
            self.fields["title"] = sentence_case(title)
            kind = "mapped" if title.upper() != title else "guessed"
            self.note(kind, where, "title", self.fields["title"],
                      f"đầu trang ghi \"{title}\"" + (" (chữ hoa, đổi sang chữ thường)"
                                                       if kind == "guessed" else ""))

    def _title_paragraph(self, blocks: list[Block], consumed: set[int]) -> None:
        """A full title printed at the top of the body (the header shows a short one), or the
        only title a file without a header table has."""
        for i, b in enumerate(blocks[:6]):
            if i in consumed or not isinstance(b, Para) or not b.text.strip():
                continue
            t = " ".join(b.text.split())
            if "title" in self.fields and fold(t) == fold(self.fields["title"]):
                consumed.add(i)
                return
            names_kind = classify(t, [("k", tuple(w for w, _ in KIND_WORDS))])
            if "title" not in self.fields and names_kind and not b.heading and len(t) < 250:
                core = self.core.get("title", "")
                self.fields["title"] = core if core and fold(core) == fold(t) else sentence_case(t)
                self.note("guessed", b.where, "title", self.fields["title"],
                          "đoạn đầu tiên gọi tên loại tài liệu")
                consumed.add(i)
                return

    def _kind(self) -> str:
        title = self.fields.get("title", "")
        code = self.fields.get("code", "")
        subject = fold(self.core.get("subject", ""))
        for word in UNSUPPORTED:
            if subject.startswith(word) or fold(title).startswith(word):
                return "unsupported"
        for word, kind in KIND_WORDS:
            if subject == word:
                return kind
        for word, kind in KIND_WORDS:
            if title and _starts(title, (word,)):
                return kind
        for prefix, kind in KIND_CODES:
            if code.upper().startswith(prefix):
                self.note("guessed", "", "kind", kind, f"mã hiệu {code} bắt đầu bằng {prefix}")
                return kind
        self._defaulted = True
        self.note("guessed", "", "kind", "procedure", "không nhận ra loại tài liệu: mặc định "
                  "quy trình")
        return "procedure"

    def _owner(self) -> None:
        """The owning department is not printed on a procedure: the preparer's department is
        the usual answer, given as a guess."""
        role = self.d.role_of_person.get(self.fields.get("prepared_by", ""))
        dept = self.d.department_of_role.get(role or "")
        if dept:
            self.fields["owner"] = dept
            self.note("guessed", "", "owner", dept, "bộ phận của người soạn thảo "
                      f"({self.fields['prepared_by']}); tệp Word không ghi bộ phận chủ trì")

    # ------------------------------------------------------------------ signatures
    def _signatures(self, blocks: list[Block], consumed: set[int]) -> None:
        for i, b in enumerate(blocks[:12]):
            if not isinstance(b, Table) or i in consumed:
                continue
            found = self._signature_table(b)
            if found:
                consumed.add(i)
                return

    def _signature_table(self, t: Table) -> bool:
        # columns: a row naming ≥2 of the three roles; transposed: the first column does
        for transposed in (False, True):
            rows = _transpose(t.rows) if transposed else [[c.text for c in r] for r in t.rows]
            for r, row in enumerate(rows):
                columns: dict[str, int] = {}
                for c, text in enumerate(row):
                    key = classify(text, SIGN_COLUMNS)
                    if key and key not in columns and len(text) < 40:
                        columns[key] = c
                if len(columns) < 2:
                    continue
                below = rows[r + 1:]
                name_row = next((x for x in below if x and _starts(x[0], _NAME_ROW)), None)
                for key, c in columns.items():
                    name = ""
                    if name_row is not None and c < len(name_row):
                        name = name_row[c]
                    else:  # the last non-empty cell of the column (after the signature space)
                        name = next((x[c] for x in reversed(below)
                                     if c < len(x) and x[c].strip()), "")
                    name = " ".join(name.split())
                    if name:
                        self._person(key, name, t.where)
                return True
        return False

    def _person(self, key: str, name: str, where: str) -> None:
        pid = self.d.people.get(fold(name))
        if pid:
            self.fields[key] = pid
            self.note("mapped", where, key, pid, f"\"{name}\" trong people của qms.yaml")
            return
        new = slug(name)
        self.fields[key] = new
        self.proposed_people[new] = name
        self.note("guessed", where, key, new, f"\"{name}\" chưa có trong people của qms.yaml: "
                  "đề xuất thêm", code="QMS912")

    # ------------------------------------------------------------------ revisions
    def _revisions(self, blocks: list[Block], consumed: set[int]) -> list[str]:
        for i, b in enumerate(blocks[:16]):
            if not isinstance(b, Table) or i in consumed or not b.rows:
                continue
            head = [fold(x) for x in b.texts(0)]
            if any("ngày" in h for h in head) and any(
                    "nội dung" in h or "tóm tắt" in h for h in head):
                consumed.add(i)
                if i > 0 and isinstance(blocks[i - 1], Para) and \
                        "sửa đổi" in fold(blocks[i - 1].text):  # type: ignore[union-attr]
                    consumed.add(i - 1)
                lines = []
                for r in range(1, len(b.rows)):
                    cells = [x for x in b.texts(r)]
                    if any(x.strip() for x in cells[1:]):
                        lines.append(" | ".join(" ".join(x.split()) for x in cells))
                        self.note("mapped", f"{b.where}, hàng {r + 1}", "history",
                                  lines[-1], "bảng theo dõi sửa đổi → ghi chú lịch sử")
                return lines
        return []

    # ------------------------------------------------------------------ appended forms
    def _appended_forms(self, blocks: list[Block]) -> tuple[list[Block], list[Extracted]]:
        """Forms printed at the end of a procedure ("BM-01: Phiếu…", "Mẫu BM-QT05-01",
        "Phụ lục 1: BM-02 …") become form documents; their signers, edition and date are the
        procedure's (the same signed document)."""
        starts = [i for i, b in enumerate(blocks) if isinstance(b, Para) and _form_start(b)
                  and any(isinstance(x, Para) and heading_level(x) for x in blocks[:i])]
        if not starts:
            return blocks, []
        children: list[Extracted] = []
        for n, i in enumerate(starts):
            head = blocks[i]
            assert isinstance(head, Para)
            m = _form_start(head)
            assert m is not None
            content = blocks[i + 1:starts[n + 1] if n + 1 < len(starts) else len(blocks)]
            code, title = m.group(1).upper(), m.group(2).strip(" :.-–")
            if not title:  # the title is the next paragraph
                first = next((b for b in content if isinstance(b, Para) and b.text.strip()),
                             None)
                title = sentence_case(" ".join(first.text.split())) if first else ""
            child = Extractor(self.d, {})
            child.fields = {"code": code, "title": sentence_case(title) if title else ""}
            for key in ("edition", "issued", "owner", "prepared_by", "reviewed_by",
                        "approved_by"):
                if key in self.fields:
                    child.fields[key] = self.fields[key]
            proc = self.fields.get("code", "")
            child.note("mapped", head.where, "code", code, f"biểu mẫu in kèm quy trình {proc}")
            child.note("guessed", head.where, "prepared_by", child.fields.get("prepared_by", ""),
                       f"người ký, lần ban hành, ngày ban hành của quy trình {proc}")
            body = child._form_body(content)
            children.append(Extracted("form", child._ordered("form"), body, [], child.notes,
                                      [(rid, p.where) for p in _paras(content)
                                       for rid in p.images]))
            self.note("mapped", head.where, "forms", code, "biểu mẫu in kèm: thành tài liệu "
                      "biểu mẫu riêng")
        codes = [c.fields["code"] for c in children]
        known = self.fields.get("forms", [])
        self.fields["forms"] = known + [c for c in codes if c not in known]
        return blocks[:starts[0]], children

    # ------------------------------------------------------------------ decisions
    def _decision(self, blocks: Sequence[Block]) -> str:
        """A decision in the Nghị định 30/2020 layout: "Số: …" and the place-date line in the
        top table, QUYẾT ĐỊNH, the trích yếu (the title), the authority, the body, and the
        table of "Nơi nhận:" and the signature block."""
        rest = list(blocks)
        top = _decision_top(rest)
        if top is not None:
            text = "\n".join(_cell_texts(top))
            m = re.search(r"Số:\s*(\S+)", text)
            if m:
                self.fields["number"] = m.group(1).strip()
                self.note("mapped", top.where, "number", m.group(1))
            d = re.search(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", text)
            if d:
                try:
                    day = dt.date(int(d.group(3)), int(d.group(2)), int(d.group(1)))
                    self.fields["issued"] = day
                    self.note("mapped", top.where, "issued", day.isoformat())
                except ValueError:
                    self.note("problem", top.where, "issued", d.group(0), code="QMS910")
            rest.remove(top)
        # QUYẾT ĐỊNH, the title, a rule, the authority
        i = next((k for k, b in enumerate(rest[:6]) if isinstance(b, Para)
                  and fold(b.text) == "quyết định"), None)
        if i is not None:
            head = rest[i + 1:i + 4]
            title_para = head[0] if head and isinstance(head[0], Para) else None
            if title_para is not None:
                title = " ".join(title_para.text.split())
                core = self.core.get("title", "")
                self.fields["title"] = core if core and fold(core) == fold(title) else title
                self.note("mapped", title_para.where, "title", title, "trích yếu của quyết định")
            skip = 2
            for b in head[1:]:
                if isinstance(b, Para) and set(b.text.strip()) <= {"_"}:
                    skip += 1  # the short rule under the title
                elif isinstance(b, Para) and b.text.strip().isupper():
                    skip += 1  # the issuing authority
                    break
            rest = rest[:i] + rest[i + skip:]
        title = fold(self.fields.get("title", ""))
        word = next((w for w in ("công bố", "sửa đổi") if w in title), "")
        self.fields["purpose"] = {"công bố": "cong-bo", "sửa đổi": "sua-doi"}.get(word,
                                                                                "ban-hanh")
        self.note("guessed", "", "purpose", self.fields["purpose"],
                  f"trích yếu có \"{word}\"" if word else
                  "trích yếu không có \"công bố\", \"sửa đổi\"")
        last = rest[-1] if rest else None
        if isinstance(last, Table) and last.rows and fold(last.rows[0][0].text).startswith(
                "nơi nhận"):
            rest.pop()
            cells = last.rows[0]
            recipients = [re.sub(r"^[-–]\s*", "", p.text.strip()).rstrip(";.").strip()
                          for p in cells[0].paras[1:] if p.text.strip()]
            if recipients:
                self.fields["recipients"] = recipients
                self.note("mapped", last.where, "recipients", len(recipients))
            if len(cells) > 1:
                sign = [p.text.strip() for p in cells[-1].paras if p.text.strip()]
                if sign:
                    m = re.match(r"^(TM|KT|TL|Q)\.\s", sign[0])
                    if m:
                        self.fields["sign_mode"] = f"{m.group(1)}."
                        self.note("mapped", last.where, "sign_mode", f"{m.group(1)}.")
                    self._person("signer", sign[-1], last.where)
                    self.fields.setdefault("approved_by", self.fields["signer"])
        if "edition" not in self.fields:
            rev = self.core.get("revision", "")
            self.fields["edition"] = int(rev) if rev.isdigit() and 0 < int(rev) < 100 else 1
            self.note("guessed", "thuộc tính tệp", "edition", self.fields["edition"],
                      "quyết định không in lần ban hành")
        return blocks_markdown(rest, self, base_level=2)

    # ------------------------------------------------------------------ policy, objectives
    def _policy(self, blocks: Sequence[Block]) -> str:
        """Statement (before the first heading), the 5.2.1 commitments (a list of "label:
        text" under "Cam kết…"), the body, and where it is communicated (the list after
        "…phổ biến, công bố tại:")."""
        rest = list(blocks)
        statement: list[Block] = []
        while rest and not (isinstance(rest[0], Para) and heading_level(rest[0])):
            statement.append(rest.pop(0))
        if statement:
            self.fields["statement"] = blocks_markdown(statement, self, base_level=3)
            self.note("mapped", statement[0].where, "statement", _paras_text(statement)[:60],
                      "các đoạn trước mục đầu tiên")
        first = rest[0] if rest else None
        if isinstance(first, Para) and _starts(first.text, ("cam kết",)):
            head = rest.pop(0)
            commitments: dict[str, str] = {}
            while rest and isinstance(rest[0], Para) and rest[0].list_kind:
                item = rest.pop(0)
                assert isinstance(item, Para)
                label, _, text = item.text.partition(":")
                key = COMMITMENTS.get(fold(label))
                if key and text.strip():
                    commitments[key] = " ".join(text.split())
                    self.note("mapped", item.where, f"commitments.{key}", text.strip()[:60])
            if commitments:
                self.fields["commitments"] = commitments
            else:
                rest.insert(0, head)
        for i, b in enumerate(rest):
            if isinstance(b, Para) and fold(b.text).startswith(fold(COMMUNICATED)):
                items = []
                for x in rest[i + 1:]:
                    if not (isinstance(x, Para) and x.list_kind):
                        break
                    items.append(x)
                if items:
                    self.fields["communicated_to"] = [" ".join(x.text.split()) for x in items]
                    self.note("mapped", b.where, "communicated_to", len(items))
                    rest = rest[:i] + rest[i + 1 + len(items):]
                break
        return blocks_markdown(rest, self, base_level=2)

    def _objectives(self, blocks: Sequence[Block]) -> str:
        """The objectives table, the plan (its first column spans each objective's actions)
        and the measured results; the rest is the body."""
        m = re.search(r"(\d{4})", self.fields.get("title", "") + " " + self.fields.get("code", ""))
        if m:
            self.fields["year"] = int(m.group(1))
        rest: list[Block] = []
        objectives: list[dict[str, Any]] = []
        plans: dict[str, list[dict[str, str]]] = {}
        results: dict[str, list[dict[str, Any]]] = {}
        ids: list[str] = []
        for b in blocks:
            if not isinstance(b, Table) or not b.rows:
                rest.append(b)
                continue
            head = [fold(x) for x in b.texts(0)]
            if head[:2] == ["tt", "mục tiêu"] and "chỉ tiêu" in head:
                for r in range(1, len(b.rows)):
                    c = b.texts(r) + [""] * 6
                    item = {"statement": " ".join(c[1].split()),
                            "indicator": " ".join(c[2].split()), "target": c[3].strip(),
                            "owner": self._owner_or_role(c[4], f"{b.where}, hàng {r + 1}"),
                            "frequency": " ".join(c[5].split())}
                    objectives.append({k: v for k, v in item.items() if v})
                    self.note("mapped", f"{b.where}, hàng {r + 1}", "objectives",
                              item["statement"][:60])
                continue
            if head[:1] == ["mục tiêu"] and "nguồn lực" in head:
                current = ""
                for r in range(1, len(b.rows)):
                    c = [x.text for x in b.rows[r]] + [""] * 6
                    if c[0].strip() and not b.rows[r][0].merged:
                        current = c[0].strip()
                        if current not in ids:
                            ids.append(current)
                    plans.setdefault(current, []).append({
                        "what": " ".join(c[1].split()), "resources": " ".join(c[2].split()),
                        "who": self._owner_or_role(c[3], f"{b.where}, hàng {r + 1}"),
                        "when": " ".join(c[4].split()), "evaluation": " ".join(c[5].split())})
                continue
            if head[:2] == ["mục tiêu", "kỳ đo"]:
                for r in range(1, len(b.rows)):
                    c = b.texts(r) + [""] * 5
                    oid = c[0].strip()
                    if oid not in ids:
                        ids.append(oid)
                    res: dict[str, Any] = {"period": c[1].strip(), "value": c[2].strip()}
                    if fold(c[3]) in ("đạt", "không đạt"):
                        res["achieved"] = fold(c[3]) == "đạt"
                    if c[4].strip():
                        res["note"] = " ".join(c[4].split())
                    results.setdefault(oid, []).append(res)
                continue
            rest.append(b)
        for i, ob in enumerate(objectives):
            oid = ids[i] if i < len(ids) else f"MT{i + 1}"
            ob_full: dict[str, Any] = {"id": oid, **ob}
            if plans.get(oid):
                ob_full["plan"] = [{k: v for k, v in a.items() if v} for a in plans[oid]]
            if results.get(oid):
                ob_full["results"] = results[oid]
            objectives[i] = ob_full
        if objectives:
            self.fields["objectives"] = objectives
        out = []
        for b in rest:  # the tables' own headings went with them
            if isinstance(b, Para) and heading_level(b) and classify(
                    b.text, [("t", OBJECTIVE_HEADINGS)]) and objectives:
                continue
            out.append(b)
        return blocks_markdown(out, self, base_level=2)

    def _owner_or_role(self, text: str, where: str) -> str:
        f = fold(text)
        if f in self.d.departments:
            return self.d.departments[f]
        if f in self.d.roles:
            return self.d.roles[f]
        if not f:
            return ""
        roles, _ = self._roles(text, where)
        return roles[0] if roles else ""

    # ------------------------------------------------------------------ bodies
    def _plain_body(self, blocks: Sequence[Block]) -> str:
        return blocks_markdown(blocks, self, base_level=2)

    def _form_body(self, blocks: Sequence[Block]) -> str:
        out: list[str] = []
        blocks = list(blocks)
        if blocks and isinstance(blocks[0], Para) and blocks[0].align == "right" and \
                blocks[0].text.strip() and not blocks[0].heading:
            self.fields["origin"] = " ".join(blocks[0].text.split())
            self.note("mapped", blocks[0].where, "origin", self.fields["origin"],
                      "dòng căn phải ở đầu biểu mẫu")
            blocks = blocks[1:]
        for n, b in enumerate(blocks):
            if isinstance(b, Table) and (kind := _layout_kind(b, n == 0)) is not None:
                # the agency / Quốc hiệu header, the place-date line or the signatures, laid
                # out with a table in Word: qmsdoc's layout block prints them borderless
                out.append(_layout_block(kind, b))
                self.note("mapped", b.where, "layout", kind, "bảng bố cục của biểu mẫu")
                continue
            # qmsdoc prints a form's headings in its title styles; other files keep paragraphs
            if isinstance(b, Para) and b.text.strip() and b.style in ("qms title", "qms subtitle"):
                mark = "#" if b.style == "qms title" else "##"
                out.append(f"{mark} " + " ".join(b.markdown.split()))
                continue
            out.append(blocks_markdown([b], self, base_level=2))
        return "\n\n".join(x for x in out if x.strip())

    def _procedure(self, blocks: Sequence[Block]) -> str:
        sections = split_sections(blocks)
        body: dict[str, list[str]] = {k: [] for k in SECTION_TITLES}
        extra: list[tuple[str, list[Block]]] = []
        order: list[str] = []
        for title, heading, content in sections:
            key = classify(title, SECTION_WORDS) if heading is not None else "content"
            if key is None:
                extra.append((title, content))
                continue
            if key not in order:
                order.append(key)
            if key == "scope":
                content = self._scope(content)
            elif key == "references":
                content = self._references(content)
            elif key == "content":
                content, more = self._content(content)
                extra.extend(more)
            elif key in ("forms", "records"):
                content = self._lists(key, content)
            md = blocks_markdown(content, self, base_level=3)
            if md.strip() and fold(md) not in PLACEHOLDERS:
                body[key].append(md)
        # tables of the whole document that no section claimed (a step table after a flow
        # chart, a records table at the end) were handled inside their sections
        out: list[str] = []
        for key in ("purpose", "scope", "references", "definitions", "content"):
            if body[key]:
                out.append(f"## {SECTION_TITLES[key]}\n\n" + "\n\n".join(body[key]))
        for title, content in extra:
            md = blocks_markdown(content, self, base_level=3)
            out.append(f"## {title}" + (f"\n\n{md}" if md.strip() else ""))
        for key in ("forms", "records"):
            if body[key]:
                out.append(f"## {SECTION_TITLES[key]}\n\n" + "\n\n".join(body[key]))
        return "\n\n".join(out)

    def _scope(self, content: list[Block]) -> list[Block]:
        out = []
        for b in content:
            if isinstance(b, Para):
                m = re.match(r"^Thủ tục hành chính: .* \(mã ([\d.]+)\)\.?$", b.text.strip())
                if m:
                    self.fields["tthc"] = m.group(1)
                    self.note("mapped", b.where, "tthc", m.group(1))
                    continue
            out.append(b)
        return out

    def _references(self, content: list[Block]) -> list[Block]:
        """The legal basis (each line naming a document of the legal register), the standard
        and related documents qmsdoc prints; the rest stays text."""
        out: list[Block] = []
        refs: list[dict[str, str]] = []
        related: list[str] = []
        for b in content:
            # the generated lines come first: from the first other line on, all is text
            if not isinstance(b, Para) or out:
                out.append(b)
                continue
            text = _BULLET.sub("", " ".join(b.text.split()))  # "- Nghị định …" typed by hand
            stripped = text.rstrip(";.")
            if "ISO 9001" in text and fold(text).startswith("tiêu chuẩn"):
                self.note("mapped", b.where, "standard", text, "dòng tiêu chuẩn do qmsdoc in")
                continue
            ref = self._legal_line(stripped, b.where)
            if ref is not None:
                refs.append(ref)
                continue
            m = re.fullmatch(r"(.+) \((" + CODE_RE.pattern + r")\)", stripped)
            if m and m.group(2) in self.d.documents and text.endswith((";", ".")):
                related.append(m.group(2))
                self.note("mapped", b.where, "related", m.group(2))
                continue
            out.append(b)
        if refs:
            self.fields["legal_basis"] = refs
        if related:
            self.fields["related"] = related
        return out

    def _legal_line(self, text: str, where: str) -> dict[str, str] | None:
        folded = fold(text)
        found = [(m.start(), rid) for key, rid in self.d.legal.items() if key in folded
                 for m in [re.search(r"(?<![\w/])" + re.escape(key) + r"(?![\w/])", folded)]
                 if m]
        if found:
            rid = min(found)[1]
            ref: dict[str, str] = {"ref": rid}
            articles = _trailing_parenthesis(text)
            title = fold(self.d.legal_titles.get(rid, ""))
            if articles and not title.endswith(fold(f"({articles})")):
                ref["articles"] = articles
            self.note("mapped", where, "legal_basis", rid, "số hiệu có trong danh mục văn bản "
                      "pháp luật")
            return ref
        m = re.search(r"(?:số\s+)?(\d{1,4}/\d{4}/[A-ZĐ][\w\-Đ]*)", text)
        if m and re.match(r"^(Luật|Bộ luật|Nghị định|Thông tư|Quyết định|Nghị quyết|Văn bản)",
                          text):
            self.note("guessed", where, "legal_basis", m.group(1), "văn bản chưa có trong danh "
                      "mục văn bản pháp luật: thêm vào danh mục", code="QMS913")
            return {"ref": m.group(1)}
        return None

    def _content(self, content: list[Block]) -> tuple[list[Block], list[tuple[str, list[Block]]]]:
        """Section 5: structured subsections become fields; others become body sections."""
        subs = split_sections(content)
        lead: list[Block] = []
        extra: list[tuple[str, list[Block]]] = []
        drawings: list[tuple[str, list[Block]]] = []
        for title, heading, blocks in subs:
            key = classify(title, SUBSECTION_WORDS) if heading is not None else None
            if heading is None:
                lead.extend(self._tables_inline(blocks))
            elif _is_flowchart_picture(title, blocks):
                drawings.append((title, blocks))
                extra.append((title, blocks))
            elif key is None or not self._subsection(key, blocks):
                # a subsection of its own (Lưu ý…): kept as a body section, with any step,
                # dossier or records table in it still read into the fields
                extra.append((title, self._tables_inline(blocks)))
        if "steps" in self.fields:
            # qmsdoc draws the flowchart from the steps: a picture of it (its own, or the
            # organisation's drawing of the same steps) would be printed twice
            for title, blocks in drawings:
                extra.remove((title, blocks))
                where = blocks[0].where if blocks else ""
                self.note("dropped", where, "flowchart", title,
                          "hình lưu đồ: qmsdoc vẽ lại lưu đồ từ các bước")
        return lead, extra

    def _tables_inline(self, blocks: list[Block]) -> list[Block]:
        """Step, dossier and records tables found outside their usual subsection."""
        out: list[Block] = []
        for b in blocks:
            if isinstance(b, Table):
                if "steps" not in self.fields and _step_columns(b):
                    self._steps(b)
                    continue
                if "dossier" not in self.fields and _dossier_columns(b):
                    self.fields["dossier"] = self._dossier(b)
                    continue
                if "records" not in self.fields and _records_columns(b):
                    self._records(b)
                    continue
            out.append(b)
        return out

    def _subsection(self, key: str, blocks: list[Block]) -> bool:
        paras = [b for b in blocks if isinstance(b, Para) and b.text.strip()]
        tables = [b for b in blocks if isinstance(b, Table)]
        text = "\n".join(" ".join(p.text.split()) for p in paras)
        where = (paras or tables)[0].where if (paras or tables) else ""
        if key in ("conditions", "place", "fee") and not tables and paras:
            self.fields[key] = "\n".join(p.text.strip() for p in paras) if key == "conditions" \
                else text
            self.note("mapped", where, key, text[:80])
            return True
        if key == "result" and not tables and paras:
            plain = [p for p in paras if not p.list_kind]
            if plain:
                self.fields["result"] = "\n".join(p.text.strip() for p in plain)
            items = [p for p in paras if p.list_kind]
            if items:
                results = []
                for p in items:
                    m = re.fullmatch(r"(.*) \(mã ([^()]+)\)", p.text.strip())
                    results.append({"name": m.group(1), "code": m.group(2)} if m
                                   else {"name": p.text.strip()})
                self.fields["results"] = results
            self.note("mapped", where, "result", text[:80])
            return True
        if key == "time" and not tables and len(paras) == 1:
            try:
                parse_duration(paras[0].text)
            except DurationError:
                return False
            value = " ".join(paras[0].text.split())
            self.fields["processing_time"] = value
            self.note("mapped", where, "processing_time", value)
            return True
        if key == "info" and tables:
            self._info(tables[0])
            return True
        if key == "channels" and tables:
            self.fields["channels"] = self._channels(tables[0])
            return True
        if key == "cases":
            return self._cases(blocks)
        if key == "dossier" and tables and _dossier_columns(tables[0]):
            self.fields["dossier"] = self._dossier(tables[0])
            return len(tables) == 1 and not paras
        if key == "steps" and tables and _step_columns(tables[0]):
            self._steps(tables[0])
            return len(tables) == 1 and not paras
        return False

    def _info(self, t: Table) -> None:
        agencies: dict[str, str] = {}
        for r in range(1, len(t.rows)):
            cells = t.texts(r)
            if len(cells) < 2:
                continue
            name = INFO_FIELDS.get(fold(cells[0]))
            if not name:
                continue
            value = " ".join(cells[1].split())
            if name.startswith("agencies."):
                agencies[name.split(".", 1)[1]] = value
            else:
                self.fields[name] = value
            self.note("mapped", f"{t.where}, hàng {r + 1}", name, value)
        if agencies:
            self.fields["agencies"] = agencies

    def _channels(self, t: Table, where_case: str = "") -> list[dict[str, str]]:
        out = []
        for r in range(1, len(t.rows)):
            c = t.texts(r) + ["", "", "", ""]
            channel = CHANNELS.get(fold(c[0]))
            if not channel:
                continue
            item = {"channel": channel}
            for k, v in (("processing_time", c[1]), ("fee", c[2]), ("note", c[3])):
                if v.strip():
                    item[k] = " ".join(v.split())
            out.append(item)
            self.note("mapped", f"{t.where}, hàng {r + 1}", "channels" + where_case, channel)
        return out

    def _cases(self, blocks: list[Block]) -> bool:
        """Each paragraph names a case ("name (thời hạn: …)"), a following "Ghi chú…" or
        parenthesised paragraph is its note; the tables after it are its channels and dossier."""
        cases: list[dict[str, Any]] = []
        for b in blocks:
            if isinstance(b, Para) and b.text.strip():
                text = " ".join(b.text.split())
                if cases and text.startswith(("(", "Ghi chú")):
                    cases[-1]["note"] = text
                    continue
                m = re.fullmatch(r"(.*) \(thời hạn: (.*)\)", text)
                name = m.group(1) if m else text
                case: dict[str, Any] = {"id": case_id(name), "name": name}
                if m:
                    case["processing_time"] = m.group(2)
                cases.append(case)
                self.note("guessed", b.where, "cases", case["id"],
                          f"trường hợp \"{name}\" (mã trường hợp đặt từ tên)")
            elif isinstance(b, Table) and cases:
                if _dossier_columns(b):
                    cases[-1]["dossier"] = self._dossier(b)
                elif b.rows and fold(b.texts(0)[0]) == "cách thức nộp":
                    cases[-1]["channels"] = self._channels(b, f" ({cases[-1]['id']})")
        if cases:
            self.fields["cases"] = cases
        return bool(cases)

    def _dossier(self, t: Table) -> list[dict[str, Any]]:
        cols = _columns(t.texts(0), {"no": ("tt", "stt"), "name": ("thành phần", "tên giấy tờ",
                                                                   "tên hồ sơ", "giấy tờ"),
                                     "originals": ("bản chính",), "copies": ("bản sao",),
                                     "count": ("số lượng",), "note": ("ghi chú",)})
        out: list[dict[str, Any]] = []
        for r in range(1, len(t.rows)):
            c = t.texts(r)
            name = _at(c, cols.get("name"))
            if not name:
                continue
            item: dict[str, Any] = {"name": " ".join(name.split())}
            note = _at(c, cols.get("note"))
            m = re.match(r"^Theo mẫu (" + CODE_RE.pattern + r")(?:; )?", note)
            if m:
                item["form"] = m.group(1)
                note = note[m.end():]
            for k in ("originals", "copies"):
                v = _at(c, cols.get(k))
                if v.isdigit() and int(v):
                    item[k] = int(v)
            if "count" in cols and "originals" not in cols:
                v = _at(c, cols.get("count"))
                m2 = re.match(r"^(\d+)\s*bản\s*chính", fold(v)) or re.match(r"^(\d+)$", v)
                if m2 and int(m2.group(1)):
                    item["originals"] = int(m2.group(1))
                m3 = re.search(r"(\d+)\s*bản\s*sao", fold(v))
                if m3 and int(m3.group(1)):
                    item["copies"] = int(m3.group(1))
            if note.strip():
                item["note"] = " ".join(note.split())
            out.append(item)
            self.note("mapped", f"{t.where}, hàng {r + 1}", "dossier", item["name"][:60])
        return out

    def _steps(self, t: Table) -> None:
        cols = _step_columns(t) or {}
        steps: list[dict[str, Any]] = []
        case_names = {fold(c["name"]): c["id"] for c in self.fields.get("cases", [])}
        for r in range(1, len(t.rows)):
            row = t.rows[r]
            c = [x.text for x in row]
            where = f"{t.where}, hàng {r + 1}"
            if len({id(x) for x in row}) == 1 or fold(c[0]).startswith("tổng"):
                continue  # a total row, or a note across the table
            action_lines = _at(c, cols.get("action")).split("\n")
            step: dict[str, Any] = {}
            if action_lines and action_lines[-1].startswith("Áp dụng cho: "):
                names = action_lines.pop()[len("Áp dụng cho: "):].split("; ")
                step_cases = [case_names.get(fold(n), case_id(n)) for n in names]
            else:
                step_cases = []
            action = " ".join(" ".join(action_lines).split())
            if not action:
                continue
            step["action"] = action
            responsible, actor = self._roles(_at(c, cols.get("responsible")), where)
            if actor:
                step["actor"] = actor
            if responsible:
                step["responsible"] = responsible if len(responsible) > 1 else responsible[0]
            time = " ".join(_at(c, cols.get("time")).split())
            if time:
                try:
                    parse_duration(time)
                    step["duration"] = time
                except DurationError as e:
                    self.note("left", where, "duration", time, f"không đọc được thời gian: "
                              f"{e.vi if hasattr(e, 'vi') else e}", code="QMS914")
                    step["action"] = f"{action} (thời gian: {time})"
            forms, output = _forms_output(_at(c, cols.get("output")))
            if step_cases:
                step["cases"] = step_cases
            if forms:
                step["forms"] = forms
            if output:
                step["output"] = output
            steps.append(step)
            self.note("mapped", where, "steps", action[:60])
        if "flow" in cols:
            self.note("left", t.where, "steps", "cột Lưu đồ", "hình vẽ lưu đồ không chuyển được: "
                      "thứ tự các bước lấy theo hàng của bảng")
        self.fields["steps"] = steps

    def _roles(self, text: str, where: str) -> tuple[list[str], str | None]:
        roles: list[str] = []
        actor: str | None = None
        # several roles printed one per line behind a dash ("– Chánh Văn phòng…")
        text = re.sub(r"(?m)^\s*[–—•-]\s+", "", text)
        parts = [p for p in re.split(r"\n|;|,(?![^()]*\))", text) if p.strip()]
        # a title with a comma ("Tổ chức, cá nhân") was split: try the whole line first
        lines = [x.strip() for x in text.split("\n") if x.strip()]
        pieces = lines if all(self._known(x) for x in lines) else [p.strip() for p in parts]
        for p in pieces:
            f = fold(p)
            if f in self.d.roles:
                roles.append(self.d.roles[f])
            elif any(f.startswith(w) for w in APPLICANT_WORDS):
                actor = APPLICANT
            elif f in self.d.external:
                actor = self.d.external[f]
            elif (role := self._role_of_department(f)) is not None:
                roles.append(role)
                self.note("guessed", where, "responsible", role, f"\"{p}\" là tên bộ phận: "
                          "vai trò phụ trách (hoặc vai trò duy nhất) của bộ phận")
            elif (role := self._role_by_part(f)) is not None:
                roles.append(role)
                self.note("guessed", where, "responsible", role, f"\"{p}\" là một phần chức "
                          "danh của đúng một vai trò trong qms.yaml (hoặc ngược lại)")
            elif slug(p) in self.d.roles.values():
                roles.append(slug(p))
                self.note("guessed", where, "responsible", slug(p), f"\"{p}\" viết thành mã "
                          "trùng mã một vai trò trong qms.yaml")
            else:
                new = slug(p)
                self.proposed_roles[new] = p
                roles.append(new)
                self.note("guessed", where, "responsible", new, f"\"{p}\" chưa có trong roles "
                          "của qms.yaml: đề xuất thêm", code="QMS911")
        return roles, actor

    def _role_of_department(self, folded: str) -> str | None:
        dept = self.d.departments.get(folded)
        if dept is None:
            return None
        if dept in self.d.department_heads:
            return self.d.department_heads[dept]
        members = [r for r, d in self.d.department_of_role.items() if d == dept]
        return members[0] if len(members) == 1 else None

    def _role_by_part(self, folded: str) -> str | None:
        """The one role whose title holds the text, or which the text holds ("Công chức tư
        pháp" for "Công chức Tư pháp - Hộ tịch"); None when none or several do."""
        if len(folded) < 6:
            return None
        found = {rid for title, rid in self.d.roles.items() if folded in title or title in folded}
        return found.pop() if len(found) == 1 else None

    def _known(self, text: str) -> bool:
        f = fold(text)
        return f in self.d.roles or f in self.d.external or any(
            f.startswith(w) for w in APPLICANT_WORDS)

    def _records(self, t: Table) -> None:
        cols = _columns(t.texts(0), {"no": ("tt", "stt"), "name": ("tên hồ sơ", "hồ sơ"),
                                     "keeper": ("trách nhiệm lưu", "nơi lưu", "người lưu",
                                                "bộ phận lưu", "trách nhiệm"),
                                     "retention": ("thời gian lưu", "thời hạn lưu"),
                                     "form": ("mã hiệu", "biểu mẫu", "mã số")})
        out: list[dict[str, Any]] = []
        for r in range(1, len(t.rows)):
            c = t.texts(r)
            where = f"{t.where}, hàng {r + 1}"
            name = " ".join(_at(c, cols.get("name")).split())
            if not name:
                continue
            item: dict[str, Any] = {"name": name}
            m = re.fullmatch(r"(.*) \((" + CODE_RE.pattern + r")\)", name)
            if m:
                item["name"], item["form"] = m.group(1), m.group(2)
            form = _at(c, cols.get("form"))
            if form and CODE_RE.fullmatch(form.strip()):
                item["form"] = form.strip()
            keeper_lines = [x.strip() for x in _at(c, cols.get("keeper")).split("\n") if x.strip()]
            if keeper_lines:
                roles, _ = self._roles(keeper_lines[0], where)
                if roles:
                    item["keeper"] = roles[0]
                if len(keeper_lines) > 1:
                    item["place"] = " ".join(keeper_lines[1:])
            retention = " ".join(_at(c, cols.get("retention")).split())
            if retention:
                item["retention"] = retention
            out.append(item)
            self.note("mapped", where, "records", name[:60])
        self.fields["records"] = out

    def _lists(self, key: str, content: list[Block]) -> list[Block]:
        out: list[Block] = []
        for b in content:
            if isinstance(b, Table) and key == "forms" and "forms" not in self.fields and \
                    _forms_columns(b):
                cols = _forms_columns(b) or {}
                codes = []
                for r in range(1, len(b.rows)):
                    code = _at(b.texts(r), cols.get("code")).strip()
                    if CODE_RE.fullmatch(code):
                        codes.append(code)
                        self.note("mapped", f"{b.where}, hàng {r + 1}", "forms", code)
                self.fields["forms"] = codes
                continue
            if isinstance(b, Table) and key == "records" and "records" not in self.fields and \
                    _records_columns(b):
                self._records(b)
                continue
            if isinstance(b, Table) and "steps" not in self.fields and _step_columns(b):
                self._steps(b)
                continue
            if key == "forms" and isinstance(b, Para) and "forms" not in self.fields:
                m = re.match(r"^\s*(?:[-–•+]\s*)?(" + CODE_RE.pattern + r")\b", b.text)
                if m:
                    self.fields.setdefault("_forms", []).append(m.group(1))
                    self.note("mapped", b.where, "forms", m.group(1), "dòng danh sách biểu mẫu")
                    continue
            out.append(b)
        if "_forms" in self.fields:
            self.fields["forms"] = self.fields.pop("_forms")
        return out


# ------------------------------------------------------------------------------ tables
_FORM_START = re.compile(
    r"^(?:(?:biểu\s*mẫu|mẫu(?:\s*số)?|phụ\s*lục[^:]{0,20}:)\s*)?(BM[A-ZĐ0-9]*(?:[.\-/][A-Z0-9Đ]+){0,4})"
    r"\s*[:.\-–]?\s*(.*)$", re.IGNORECASE)


def _form_start(p: Para) -> re.Match[str] | None:
    """The first line of a form printed inside a procedure: bold, a heading or capitals,
    naming a form code (BM…)."""
    text = " ".join(p.text.split())
    if not text or len(text) > 200 or p.list_kind:
        return None
    strong = bool(p.heading) or text.upper() == text or (
        p.markdown.startswith("**") and p.markdown.rstrip().endswith("**"))
    m = _FORM_START.match(text)
    return m if m and strong and any(ch.isdigit() for ch in m.group(1)) else None


def _decision_top(blocks: Sequence[Block]) -> Table | None:
    """The top table of a decision: the issuing body and the Quốc hiệu, then "Số: …"."""
    for b in blocks[:3]:
        if isinstance(b, Table):
            text = fold(" ".join(_cell_texts(b)))
            if "cộng hòa xã hội chủ nghĩa việt nam" in text and "số:" in text:
                return b
    return None


def _paras_text(blocks: Sequence[Block]) -> str:
    return " ".join(p.text for p in _paras(blocks))


def _cell_texts(t: Table) -> list[str]:
    seen: set[int] = set()
    out = []
    for row in t.rows:
        for c in row:
            if id(c) not in seen:
                seen.add(id(c))
                out.append(c.text)
    return out


def _header_rows(t: Table) -> int:
    """How many first rows of a body table make a page-header table (0: it is not one)."""
    for n in range(1, min(len(t.rows), 4) + 1):
        text = "\n".join(_cell_texts(Table(t.where, t.number, t.rows[:n])))
        if _CODE_FIELD.search(text) and (_EDITION_FIELD.search(text) or
                                         _DATE_FIELD.search(text)):
            return n
    return 0


def _transpose(rows: list[list[Cell]]) -> list[list[str]]:
    width = max((len(r) for r in rows), default=0)
    return [[r[c].text if c < len(r) else "" for r in rows] for c in range(width)]


def _columns(head: Sequence[str], spec: dict[str, tuple[str, ...]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for i, h in enumerate(head):
        f = fold(h)
        if not f:
            continue
        for key, words in spec.items():
            if key not in out and any(f.startswith(w) or f == w for w in words):
                if i in out.values():
                    continue
                out[key] = i
                break
    return out


_STEP_SPEC = {
    "no": ("bước", "tt", "stt"),
    "flow": ("lưu đồ", "sơ đồ", "lưu đồ thực hiện"),
    "action": ("trình tự", "nội dung công việc", "nội dung", "công việc", "mô tả",
               "diễn giải", "các bước công việc"),
    "responsible": ("trách nhiệm", "người thực hiện", "bộ phận thực hiện", "thực hiện",
                    "đơn vị thực hiện"),
    "time": ("thời gian", "thời hạn"),
    "output": ("biểu mẫu", "kết quả", "hồ sơ", "tài liệu", "mẫu biểu"),
}


def _step_columns(t: Table) -> dict[str, int] | None:
    if len(t.rows) < 2:
        return None
    cols = _columns(t.texts(0), _STEP_SPEC)
    if "action" in cols and ("responsible" in cols or "time" in cols):
        return cols
    return None


def _dossier_columns(t: Table) -> bool:
    if not t.rows:
        return False
    head = [fold(x) for x in t.texts(0)]
    return any(h.startswith(("thành phần", "tên giấy tờ")) for h in head) and any(
        h.startswith(("bản chính", "số lượng", "bản sao")) for h in head)


def _records_columns(t: Table) -> bool:
    if not t.rows:
        return False
    head = [fold(x) for x in t.texts(0)]
    return any(h.startswith(("tên hồ sơ", "hồ sơ")) for h in head) and any(
        h.startswith(("thời gian lưu", "thời hạn lưu")) for h in head)


def _forms_columns(t: Table) -> dict[str, int] | None:
    if not t.rows:
        return None
    cols = _columns(t.texts(0), {"no": ("tt", "stt"), "code": ("mã hiệu", "ký hiệu", "mã số"),
                                 "title": ("tên biểu mẫu", "tên")})
    return cols if "code" in cols and "title" in cols else None


def _trailing_parenthesis(text: str) -> str:
    """What the last balanced "( … )" at the end of a line holds ("" when none)."""
    if not text.endswith(")"):
        return ""
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        if text[i] == ")":
            depth += 1
        elif text[i] == "(":
            depth -= 1
            if depth == 0:
                return text[i + 1:-1] if i > 0 and text[i - 1] == " " else ""
    return ""


def _at(cells: Sequence[str], index: int | None) -> str:
    return cells[index] if index is not None and index < len(cells) else ""


def _forms_output(text: str) -> tuple[list[str], str]:
    """A step's "Biểu mẫu/Kết quả" cell: a first line of codes, then the output."""
    lines = [x.strip() for x in text.split("\n") if x.strip()]
    forms: list[str] = []
    if lines:
        tokens = [x.strip() for x in re.split(r"[,;]\s*", lines[0]) if x.strip()]
        if tokens and all(CODE_RE.fullmatch(x) for x in tokens):
            forms = tokens
            lines = lines[1:]
    output = " ".join(" ".join(lines).split())
    if not forms:
        forms = [m.group() for m in CODE_RE.finditer(output)]
    return forms, output


# ------------------------------------------------------------------------------ sections
def _paras(blocks: Iterable[Block]) -> Iterable[Para]:
    for b in blocks:
        if isinstance(b, Para):
            yield b
        else:
            for row in b.rows:
                for c in row:
                    yield from c.paras


def heading_level(p: Para) -> tuple[int, str] | None:
    """(level, title) of a paragraph that is a heading: by style, or written by hand ("3.2.
    Trách nhiệm" in bold or capitals, "II. NỘI DUNG")."""
    text = " ".join(p.text.split())
    if not text or len(text) > 150:
        return None
    if p.heading:
        m = _HEADING_NUMBER.match(text)
        return p.heading, clean_heading(text) if m or _ROMAN.match(text) else text
    bold = p.markdown.startswith("**") and p.markdown.rstrip().endswith("**")
    caps = text.upper() == text and any(c.isalpha() for c in text)
    m = _HEADING_NUMBER.match(text)
    if m and (bold or caps) and not text.endswith((";", ",")):
        return m.group(1).count(".") + 1, m.group(2).strip()
    r = _ROMAN.match(text)
    if r and (bold or caps):
        return 1, r.group(2).strip()
    return None


_NATIONAL = "cộng hòa xã hội chủ nghĩa việt nam"
_PLACE_DATE = re.compile(r"ngày\s*\S*\s*tháng\s*\S*\s*năm", re.IGNORECASE)
_SIGN = re.compile(r"\(\s*ký\b", re.IGNORECASE)


def _layout_kind(t: Table, first: bool) -> str | None:
    """Which layout block of a form a two-column table is, if any: qmsdoc's own (its layout
    table style) or, in other files, told by its words (the Quốc hiệu, "(Ký …)")."""
    if not t.rows or any(len(r) != 2 for r in t.rows):
        return None
    text = " ".join(c.text for r in t.rows for c in r)
    folded = fold(text).replace("hoà", "hòa")  # the old accent placement too
    if _NATIONAL in folded:
        return "header"
    if _SIGN.search(text):
        return "signatures"
    if len(t.rows) == 1 and _PLACE_DATE.search(t.rows[0][1].text):
        return "place-date"
    if t.style == "QMSLayoutTable":
        return "header" if first else "signatures"
    return None


def _layout_block(kind: str, t: Table) -> str:
    """The fenced layout block (``left | right`` per line) of a layout table: the paragraphs
    of a row's two cells side by side, a line break within a paragraph kept as ``<br>``.
    qmsdoc prints a header as one row whose columns are cut by a short rule under the agency
    and under the motto: the parts above the rules pair up, then the parts below."""
    def lines_of(c: Cell) -> list[list[str]]:
        parts: list[list[str]] = [[]]
        for p in [] if c.merged else c.paras:
            if not p.text.strip():
                continue
            if set(p.text.strip()) <= set("_-─—"):
                parts.append([])
                continue
            parts[-1].append("<br>".join(" ".join(x.split()) for x in p.text.split("\n")))
        return parts
    lines = []
    for left, right in t.rows:
        ls, rs = lines_of(left), [[]] if right is left else lines_of(right)
        for k in range(max(len(ls), len(rs))):
            a_part = ls[k] if k < len(ls) else []
            b_part = rs[k] if k < len(rs) else []
            for i in range(max(len(a_part), len(b_part))):
                a = a_part[i] if i < len(a_part) else ""
                b = b_part[i] if i < len(b_part) else ""
                lines.append(f"{a} | {b}".rstrip())
    return "```" + kind + "\n" + "\n".join(lines) + "\n```"


def _is_flowchart_picture(title: str, blocks: Sequence[Block]) -> bool:
    """A "Lưu đồ" subsection that holds only pictures (no text, no table)."""
    if fold(clean_heading(title)) not in ("lưu đồ", "lưu đồ quy trình", "sơ đồ quy trình"):
        return False
    return bool(blocks) and all(isinstance(b, Para) and not b.text.strip() for b in blocks) \
        and any(b.images for b in blocks if isinstance(b, Para))


def split_sections(blocks: Sequence[Block]) -> list[tuple[str, Para | None, list[Block]]]:
    """(title, heading paragraph, content) at the shallowest heading level; content before the
    first heading comes first with no heading."""
    levels = [lv[0] for b in blocks if isinstance(b, Para) and (lv := heading_level(b))]
    out: list[tuple[str, Para | None, list[Block]]] = [("", None, [])]
    if not levels:
        out[0][2].extend(blocks)
        return out
    top = min(levels)
    for b in blocks:
        h = heading_level(b) if isinstance(b, Para) else None
        if h and h[0] == top and isinstance(b, Para):
            out.append((h[1], b, []))
        else:
            out[-1][2].append(b)
    if not out[0][2]:
        out.pop(0)
    return out


def blocks_markdown(blocks: Sequence[Block], ex: Extractor, base_level: int) -> str:
    """Markdown of body blocks; headings shifted to start at ``base_level``."""
    levels = [lv[0] for b in blocks if isinstance(b, Para) and (lv := heading_level(b))]
    top = min(levels, default=1)
    out: list[str] = []
    list_run = False
    for b in blocks:
        if isinstance(b, Table):
            out.append(table_markdown(b))
            ex.note("left", b.where, "body", f"bảng {len(b.rows)} hàng", "giữ trong nội dung")
            list_run = False
            continue
        if "code" in b.style:  # a monospaced block: kept verbatim in a fence
            line = b.text.replace("\t", "    ")
            if out and out[-1].startswith("```") and out[-1].endswith("\n```"):
                out[-1] = out[-1][:-4] + line + "\n```"
            else:
                out.append(f"```\n{line}\n```")
            list_run = False
            continue
        text = b.markdown.strip()
        if not text and not b.images:
            continue
        h = heading_level(b)
        if h:
            level = min(6, base_level + h[0] - top)
            out.append("#" * level + " " + h[1])
            list_run = False
            continue
        for rid in b.images:
            text += f"\n\n![](ảnh:{rid})"
        if b.list_kind:
            marker = "-" if b.list_kind == "bullet" else "1."
            item = "  " * b.list_level + f"{marker} " + text.replace("\n", "\n  ")
            if list_run:
                out[-1] += "\n" + item
            else:
                out.append(item)
            list_run = True
            continue
        list_run = False
        if _BULLET.match(b.text):  # a list typed by hand
            item = "- " + _BULLET.sub("", text.replace("\\*", "*", 1) if text.startswith("\\*")
                                      else text)
            out.append(item)
            continue
        out.append(text.replace("\n", "  \n"))
    # hand-typed list items next to each other form one list
    merged: list[str] = []
    for x in out:
        if merged and x.startswith("- ") and merged[-1].split("\n")[-1].startswith("- "):
            merged[-1] += "\n" + x
        else:
            merged.append(x)
    return "\n\n".join(merged)


def table_markdown(t: Table) -> str:
    """A table left in the body, as a Markdown pipe table (merged cells repeat their text)."""
    if not t.rows:
        return ""
    width = max(len(r) for r in t.rows)

    def cell(c: Cell) -> str:
        lines = [" ".join(x.split()) for p in c.paras for x in p.markdown.split("\n")]
        return "<br>".join(x for x in lines if x).replace("|", "\\|")

    lines = []
    for i, row in enumerate(t.rows):
        cells = [cell(c) if not c.merged else "" for c in row] + [""] * (width - len(row))
        lines.append("| " + " | ".join(cells) + " |")
        if i == 0:
            lines.append("|" + "---|" * width)
    return "\n".join(lines)
