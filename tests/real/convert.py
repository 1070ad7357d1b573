"""Turn a real TTHC record of the national public-service portal into a qmsdoc repository.

Used by the end-to-end tests of tests/real/. The records (tests/data/tthc/, README there) are
the portal's tables flattened into strings; this reads them field by field, as faithfully as
the format allows, and never invents a fact:

* channels (``cach_thuc_thuc_hien``): one entry per channel with its time and fee; when a
  channel is listed twice with different descriptions, each description is a case;
* steps (``trinh_tu_thuc_hien``): one step per paragraph; its duration is the first time
  wording of the paragraph, with its start event (``… kể từ <event>,``); a paragraph that
  opens with "Trường hợp …" is an alternative case; the applicant's paragraphs are steps of
  ``actor: nguoi-nop-ho-so``, another agency's are ``actor: co-quan-phoi-hop``;
* dossier, result documents (with their KQ codes), legal basis (numbers, or a free citation
  when the text gives none), level, kind, field, applicants and the four agencies.

A time cell that lost its unit on the portal ("5") is not guessed: the channel is kept
without a time and the raw cell goes into its note.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

DATA = Path(__file__).resolve().parent.parent / "data" / "tthc"
NO_INFO = "Không có thông tin"

_CHANNELS = {"Trực tiếp": "truc-tiep", "Trực tuyến": "truc-tuyen",
             "Dịch vụ bưu chính": "buu-chinh"}
_CHANNEL_RE = re.compile("(" + "|".join(_CHANNELS) + ")")
_TIME_CELL = re.compile(
    r"^(?P<time>[0-9]+(?:[.,][0-9]+)?\s*(?:Ngày làm việc|Ngày|Giờ|Tháng|Năm|Tuần)|"
    + NO_INFO + r"|[0-9])")
_FEE_CELL = re.compile(r"^(?P<fee>Miễn phí|" + NO_INFO
                       + r"|[0-9][0-9.,]*\s*(?:Việt Nam Đồng|VNĐ|USD|Đồng))")
# A time wording in prose: lead-in, number, (words), unit, then "kể từ <event>" up to a comma.
_UNIT = r"(?:ngày\s+làm\s+việc|ngày|giờ|tháng|năm|tuần)"
TIME_IN_PROSE = re.compile(
    r"(?:trong\s+(?:thời\s+hạn|vòng|thời\s+gian)|tối\s+đa(?:\s+là)?|không\s+quá|chậm\s+nhất"
    r"(?:\s+là)?)\s+(?<![0-9/])[0-9]{1,3}(?:[.,][0-9]+)?\s*(?:\([^()0-9]{1,30}\)\s*)?"
    + _UNIT + r"(?:\s+làm\s+việc)?\b(?!\s*[0-9/])"
    r"(?:\s*,?\s*(?:kể|tính)\s+từ\s+[^,;.:\n(]{3,160})?"
    r"|(?<!ngày\s)(?<!tháng\s)(?<!năm\s)(?<![0-9/])[0-9]{1,3}(?:[.,][0-9]+)?\s*"
    r"(?:\([^()0-9]{1,30}\)\s*)?" + _UNIT + r"(?:\s+làm\s+việc)?\b(?!\s*[0-9/])"
    r"\s*,?\s*(?:kể|tính)\s+từ\s+[^,;.:\n(]{3,160}"
    r"|(?:ngay\s+)?trong\s+ngày(?:\s+làm\s+việc)?(?:\s+(?:tiếp\s+nhận|nhận)[^,;.:\n]{0,60})?"
    r"|không\s+quy\s+định(?=\s*$)",
    re.IGNORECASE,
)
_APPLICANT = re.compile(
    r"^(?:[-+*•\s]*)(?:bước\s*\d+\s*[:.]?\s*)?(?:người\s+(?:có\s+yêu\s+cầu|yêu\s+cầu|nộp|đề\s+nghị|"
    r"đi\s+đăng\s+ký|dân)|tổ\s+chức,\s*cá\s+nhân|cổ\s+đông|cá\s+nhân|công\s+dân|doanh\s+nghiệp|chủ\s+"
    r"(?:đầu\s+tư|xe|sổ|tàu|hộ)|nhà\s+đầu\s+tư|ban\s+trù\s+bị|cơ\s+sở\s+đào\s+tạo|tổ\s+chức\s+"
    r"(?:đề\s+nghị|đại\s+diện|tham\s+gia|tài\s+chính)|thương\s+nhân|công\s+ty|người\s+khai|"
    r"(?:[a-zđ]\)\s*)?nộp\s+hồ\s+sơ)",
    re.IGNORECASE,
)
_APPLICANT_AFTER = re.compile(
    # The subject right after the period, or after one more clause of its event ("kể từ ngày
    # … yêu cầu sửa đổi, bổ sung hồ sơ, cổ đông … hoàn thiện"), never after an agency's verb.
    r"^(?:\s*,(?:(?!hướng\s+dẫn|thông\s+báo|gửi|có\s+văn\s+bản|trả\s+lời)[^.;,]){0,60}(?=,))?"
    r"[\s,]*(?:tổ\s+chức,\s*cá\s+nhân|cá\s+nhân|doanh\s+nghiệp|chủ\s+(?:đầu\s+tư|xe|sổ)|"
    r"nhà\s+đầu\s+tư|ban\s+trù\s+bị|công\s+ty|cổ\s+đông|người\s+làm\s+thủ\s+tục|chi\s+nhánh|văn\s+phòng\s+giám\s+định|"
    r"cơ\s+sở\s+đào\s+tạo|tổ\s+chức\s+tham\s+gia)", re.IGNORECASE)
_OTHER_AGENCY = re.compile(
    r"^(?:[-+*•\s]*)(?:cơ\s+quan\s+công\s+an|cơ\s+quan\s+bảo\s+hiểm|bảo\s+hiểm\s+xã\s+hội|"
    r"bộ\s+quản\s+lý|các\s+bộ|chủ\s+tịch\s+ủy\s+ban\s+nhân\s+dân\s+cấp\s+tỉnh|ủy\s+ban\s+nhân\s+"
    r"dân\s+các\s+tỉnh)", re.IGNORECASE)
_ALTERNATIVE = re.compile(r"^(?:[-+*•\s]*)(?:\(?[a-zđ0-9]\)\s*)?trường\s+hợp\b", re.IGNORECASE)
_CASE_NOTE = re.compile(r"^\(?[a-zđ0-9]?\)?\s*(?:đối\s+với|trường\s+hợp|áp\s+dụng)",
                        re.IGNORECASE)
_HEADING = re.compile(r"^\(?([a-zđ])\)\s*(đối\s+với\s+.+?)(?:\s+\+|:|$)", re.IGNORECASE)
# A number may come glued to the year that ends the title before it ("… năm 202072/2020/QH14").
_CODE = re.compile(r"(?:(?<![0-9])|(?<=20[0-9]{2}))[0-9]{1,3}[a-z.]{0,2}[0-9]?/[0-9]{4}/"
                   r"[A-ZĐ][A-ZĐa-z0-9\-]*[A-ZĐ0-9]")


#: Word's Symbol/Wingdings bullets in the portal's text (private-use code points, which print as
#: empty boxes): replaced by "•" as QMS027 tells a coordinator to do.
_WORD_SYMBOLS = {0xF0A7: "•", 0xF0B7: "•"}


def load_record(rel: str, *, as_published: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / rel).read_text(encoding="utf-8"))
    return {k: _text(v, as_published) if isinstance(v, str) else v for k, v in data.items()}


def _text(value: str, as_published: bool) -> str:
    value = unicodedata.normalize("NFC", value)
    return value if as_published else value.translate(_WORD_SYMBOLS)


def all_records() -> list[str]:
    return sorted(p.relative_to(DATA).as_posix() for p in DATA.glob("*/*.json"))


def _info(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return None if not value or value == NO_INFO else value


@dataclass
class ChannelCell:
    channel: str
    time: str | None  # the cell as written, when it has a unit
    raw_time: str
    fee: str | None
    note: str


def channel_cells(text: str) -> list[ChannelCell]:
    """The rows of the "Cách thức thực hiện" table."""
    body = text.split("Mô tả", 1)[1] if "Mô tả" in text else text
    parts = _CHANNEL_RE.split(body)
    out = []
    for name, rest in zip(parts[1::2], parts[2::2], strict=True):
        m = _TIME_CELL.match(rest)
        raw_time = m["time"] if m else ""
        rest = rest[len(raw_time):]
        f = _FEE_CELL.match(rest)
        fee = f["fee"] if f else None
        rest = rest[len(fee or ""):]
        time = raw_time if re.search(r"[^\d\s.,]", raw_time) and raw_time != NO_INFO else None
        out.append(ChannelCell(_CHANNELS[name], time, raw_time, _info(fee),
                               " ".join(rest.split())))
    return out


def times_in(text: str) -> list[str]:
    """Every time wording of a prose text, trimmed as a duration is written."""
    return [" ".join(m.group(0).split()).rstrip(" ,") for m in TIME_IN_PROSE.finditer(text)]


def _with_event(cell: str, note: str) -> str:
    """The channel's time, with the start event its description gives for the same time."""
    number = re.match(r"[0-9]+", cell)
    for wording in times_in(note):
        n = re.search(r"[0-9]+", wording)
        if number and n and int(n.group(0)) == int(number.group(0)) and "kể từ" in wording:
            event = wording.split("kể từ", 1)[1].strip()
            return f"{cell}, kể từ {event}"
    return cell


def _paragraphs(text: str) -> list[str]:
    lines = [" ".join(x.split()) for x in re.split(r"\n+|(?<=[.;:])\s*(?=-\s)", text)]
    return [x.lstrip("-+*• ").strip() for x in lines if len(x.strip(" -+*•")) > 3]


def _actor(par: str, wording: str | None) -> str | None:
    if _APPLICANT.match(par):
        return "nguoi-nop-ho-so"
    if wording:
        after = par.split(wording, 1)[1] if wording in par else ""
        if _APPLICANT_AFTER.match(after):
            return "nguoi-nop-ho-so"
    if _OTHER_AGENCY.match(par):
        return "co-quan-phoi-hop"
    return None


def _dossier(text: str) -> list[dict[str, Any]]:
    body = text.split("Số lượng", 1)[1] if "Số lượng" in text else text
    items = []
    for m in re.finditer(r"(?P<name>.+?)(?P<n>[0-9]+)\s*bản\s*(?P<kind>chính|sao)", body, re.S):
        name = " ".join(m["name"].split()).strip(" -+.;")
        if len(name) < 3:
            continue
        item: dict[str, Any] = {"name": name[:600]}
        if int(m["n"]):
            item["originals" if m["kind"] == "chính" else "copies"] = int(m["n"])
        items.append(item)
    return items


def _results(text: str) -> list[dict[str, str]]:
    text = text.split("Từ khóa", 1)[0]
    return [{"name": " ".join(m[1].split()), "code": m[2]}
            for m in re.finditer(r"(.+?)Mã:\s*(KQ\.[A-Z0-9.]+?\d{6})", text)]


def _legal(text: str) -> list[dict[str, str]]:
    body = text.split("Mã văn bản", 1)[1] if "Mã văn bản" in text else text
    out: list[dict[str, str]] = []
    seen: set[str] = set()
    pos = 0
    for m in _CODE.finditer(body):
        following = body[m.end(): m.end() + 1]
        if following and not (following.isupper() or following.isspace()):
            continue  # a number inside a title, not the number column
        code = m.group(0)
        if code not in seen:
            seen.add(code)
            out.append({"ref": code})
        pos = m.end()
    rest = " ".join(body[pos:].split())
    if rest and rest != NO_INFO and not _CODE.search(rest):
        out.append({"title": rest[:300]})  # a free citation: the portal gives no number
    return out


def convert(rel: str, code: str) -> tuple[str, dict[str, Any]]:
    """(the procedure file, its catalogue entry) of one record."""
    r = load_record(rel)
    cells = channel_cells(r["cach_thuc_thuc_hien"])
    by_channel: dict[str, list[ChannelCell]] = {}
    for c in cells:
        by_channel.setdefault(c.channel, []).append(c)
    repeated = any(len(v) > 1 for v in by_channel.values())

    def terms(c: ChannelCell) -> dict[str, Any]:
        t: dict[str, Any] = {"channel": c.channel}
        if c.time:
            t["processing_time"] = _with_event(c.time, c.note)
        if c.fee:
            t["fee"] = c.fee
        note = c.note if c.time or not c.raw_time or c.raw_time == NO_INFO else (
            f"Thời gian trên Cổng: {c.raw_time} (không ghi đơn vị). {c.note}".strip())
        if note:
            t["note"] = note[:800]
        return t

    cases: list[dict[str, Any]] = []
    channels: list[dict[str, Any]] = []
    if repeated and all(_CASE_NOTE.match(c.note) for c in cells if c.note):
        # The same channel with different times, one per "Đối với …": each is a case.
        groups: list[tuple[str, list[ChannelCell]]] = []
        for c in cells:
            name = c.note or "Trường hợp chung"
            group = next((g for n, g in groups if n == name
                          and all(x.channel != c.channel for x in g)), None)
            if group is None:
                groups.append((name, [c]))
            else:
                group.append(c)
        for i, (name, group) in enumerate(groups, 1):
            cases.append({"id": f"th-{i}", "name": name[:300],
                          "channels": [terms(c) for c in group]})
    elif repeated:
        # Rows of one channel that time the stages ("Bộ phận một cửa: …", "Chủ tịch: …"): the
        # portal gives no time for the whole procedure, so none is written; the rows are kept.
        for name, rows in by_channel.items():
            t: dict[str, Any] = {"channel": name}
            if rows[0].fee:
                t["fee"] = rows[0].fee
            t["note"] = " | ".join(f"{r.raw_time}: {r.note}" for r in rows)[:800]
            channels.append(t)
    else:
        channels = [terms(c) for c in cells]

    steps: list[dict[str, Any]] = []
    alternatives: list[dict[str, Any]] = []
    current: str | None = None
    for par in _paragraphs(r["trinh_tu_thuc_hien"]):
        wordings = times_in(par)
        wording = wordings[0] if wordings else None
        step: dict[str, Any] = {"action": par[:1500]}
        actor = _actor(par, wording)
        if actor:
            step["actor"] = actor
        else:
            step["responsible"] = "can-bo-xu-ly"
        if wording:
            step["duration"] = wording
        if heading := _HEADING.match(par):
            # "(a) Đối với cấp …", "(b) Đối với cấp lại …": the steps below are that case's.
            current = f"th-{heading[1]}"
            alternatives.append({"id": current, "name": heading[2][:200]})
        if current:
            step["cases"] = [current]
        elif _ALTERNATIVE.match(par) and wording:
            alt = {"id": f"th-{len(cases) + len(alternatives) + 1}", "name": par[:200]}
            alternatives.append(alt)
            step["cases"] = [alt["id"]]
        steps.append(step)
    if alternatives:
        if not cases and not current:
            cases.append({"id": "th-chinh", "name": "Trường hợp hồ sơ đầy đủ, hợp lệ"})
        cases.extend(alternatives)

    doc: dict[str, Any] = {
        "kind": "procedure", "code": code, "title": r["ten_thu_tuc"], "edition": 1,
        "issued": dt.date(2026, 1, 15), "owner": "mot-cua", "prepared_by": "binh",
        "reviewed_by": "an", "approved_by": "an", "tthc": r["ma_thu_tuc"],
    }
    for key, field in (("level", "cap_thuc_hien"), ("procedure_type", "loai_thu_tuc"),
                       ("field", "linh_vuc"), ("applicants", "doi_tuong_thuc_hien"),
                       ("conditions", "yeu_cau_dieu_kien")):
        if value := _info(r.get(field)):
            doc[key] = value
    agencies = {k: v for k, f in (("performing", "co_quan_thuc_hien"),
                                  ("competent", "co_quan_co_tham_quyen"),
                                  ("delegated", "co_quan_duoc_uy_quyen"),
                                  ("cooperating", "co_quan_phoi_hop"))
                if (v := _info(r.get(f)))}
    if agencies:
        doc["agencies"] = agencies
    if legal := _legal(r["can_cu_phap_ly"]):
        doc["legal_basis"] = legal
    if dossier := _dossier(r["thanh_phan_ho_so"]):
        doc["dossier"] = dossier
    if results := _results(r["ket_qua_xu_ly"]):
        doc["results"] = results
    if channels:
        doc["channels"] = channels
    if cases:
        doc["cases"] = cases
    doc["steps"] = steps or [{"action": "Giải quyết hồ sơ", "responsible": "can-bo-xu-ly"}]
    doc["records"] = [{"name": "Hồ sơ giải quyết thủ tục hành chính",
                       "keeper": "can-bo-xu-ly", "retention": "05 năm"}]
    entry: dict[str, Any] = {"code": r["ma_thu_tuc"], "name": r["ten_thu_tuc"]}
    if channels:
        entry["channels"] = [{k: v for k, v in c.items() if k != "note"} for c in channels]
    front = _dump(doc)
    return f"---\n{front}---\n\n## Mục đích\n\nQuy trình chuyển từ bản công bố trên Cổng.\n", entry


def _dump(data: Any) -> str:
    y = YAML()
    y.allow_unicode = True
    y.width = 100
    buf = io.StringIO()
    y.dump(data, buf)
    return buf.getvalue()


QMS_YAML = """\
format_version: 1
organization:
  name: Ủy ban nhân dân xã Thử Nghiệm
  short_name: UBND
  place: Thử Nghiệm
profile: co-quan-hanh-chinh-xa
scope:
  statement: Giải quyết thủ tục hành chính.
departments:
  - id: mot-cua
    name: Bộ phận Một cửa
roles:
  - id: can-bo-xu-ly
    title: Công chức giải quyết hồ sơ
    department: mot-cua
  - id: lanh-dao
    title: Lãnh đạo
    department: mot-cua
people:
  - id: an
    name: Nguyễn Văn An
    role: lanh-dao
  - id: binh
    name: Trần Thị Bình
    role: can-bo-xu-ly
external_parties:
  - id: co-quan-phoi-hop
    name: Cơ quan phối hợp
"""


def write_repository(root: Path, records: list[str]) -> dict[str, str]:
    """A repository with one procedure per record; returns {record: procedure path}."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "qms.yaml").write_text(QMS_YAML, encoding="utf-8")
    (root / "quy-trinh").mkdir(exist_ok=True)
    entries, refs, paths = [], set(), {}
    for i, rel in enumerate(records, 1):
        text, entry = convert(rel, f"QT-{i:03d}")
        path = f"quy-trinh/QT-{i:03d}.md"
        (root / path).write_text(text, encoding="utf-8")
        paths[rel] = path
        entries.append(entry)
        refs.update(re.findall(r"^\s*- ref: (.+)$", text, re.M))
    (root / "danh-muc-tthc.yaml").write_text(
        _dump({"kind": "tthc-catalogue", "title": "Danh mục TTHC", "procedures": entries}),
        encoding="utf-8")
    docs = [{"id": ref.strip("'\""), "title": "Văn bản trích từ bản công bố"}
            for ref in sorted(refs)]
    (root / "van-ban.yaml").write_text(
        _dump({"kind": "legal-register", "title": "Danh mục văn bản", "documents": docs}),
        encoding="utf-8")
    return paths
