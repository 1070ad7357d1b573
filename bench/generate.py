"""Generate a realistic qmsdoc repository of N administrative procedures, for benchmarks and tests.

Usage::

    python bench/generate.py OUT --procedures N [--seed S] [--commits M] [--shape real|small]
                             [--force]

writes into OUT (which must not exist or be empty, unless ``--force``) a complete QMS repository
of a ward People's Committee (UBND phường) in the format of ``sample_manual/``:

* ``qms.yaml``: organisation, scope with two justified exclusions, departments, roles (one per
  field of procedures plus the leaders, the one-stop centre, clerical and QMS staff), the people
  who prepare, review and approve, numbering patterns, output settings;
* N procedures ``quy-trinh-tthc/<field>/QT-<n>-<slug>.md`` (kind: procedure), one per entry of the
  TTHC catalogue, in 19 fields (hộ tịch, chứng thực, đất đai, xây dựng, hộ kinh doanh, …): 8 to
  15 steps each with action, responsible roles, duration and forms, the durations adding up
  within the processing time; dossier; legal basis citing documents that the legal register
  lists as in force (or amended, never replaced); records with keeper and retention; a
  Markdown body of ~2.5 KB (purpose, scope, references, definitions, notes). With the default
  ``--shape real`` each procedure also has what the published records have (level, kind,
  field, applicants, the four agencies, result documents, channels with time, fee and
  description, cases with their own dossier, the applicant's own steps) and is grown to a size
  drawn from the distribution of the 60 real records (``bench/realistic.py``): 9–60 KB, median
  ~11 KB, within the 5–90 KB of real procedures. ``--shape small`` writes the earlier 8–10 KB
  procedures (same draws);
* forms: the six one-stop forms (BM-01…BM-06) used by every procedure, 0–2 forms of each
  procedure's own (BM-<n>-01…) used in its dossier, steps or records, and the forms of the
  system procedures; every form is used somewhere (no orphan);
* six system procedures (document and record control, internal audit, management review,
  nonconformity and corrective action, risks and opportunities), the quality manual, the
  policy (with its 5.2.1 commitments quoted), the 2026 quality objectives with plans and
  results, the issuing and the announcement decisions;
* registers: legal documents (in force, amended and replaced ones), the TTHC catalogue (one
  entry per procedure, same processing time), the records register, the 2026 internal audit,
  management review and corrective actions.

All text is Vietnamese in NFC. The data is illustrative: names, numbers and dates of legal
documents are plausible but not verified and must not be used as a legal basis.

With ``--commits M`` (M ≥ 1) OUT also becomes a Git repository with M commits on ``main``,
written in one ``git fast-import`` stream (seconds even for M = 5,000): an initial commit of
the whole repository released as tag ``qms/2026-01-15``, then commits that each edit one to
three random procedures or forms (a note reworded, a step rephrased, time moved between two
steps), authored by the people of qms.yaml between January and November 2026, and about ten
releases (``qmsdoc release`` format: the documents changed since the previous release get the
next edition and a new issue date, and an annotated ``qms/<date>`` tag lists them). The last
commit is a release, so the work tree is clean and fully released.

The output is deterministic: the same N, seed and M give byte-identical files and the same
commit hashes. ``qmsdoc check OUT --today 2026-11-22`` reports no error and no warning.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import random
import re
import shutil
import subprocess
import sys
import textwrap
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:  # run as a script (python bench/generate.py) or imported as bench.generate
    from bench import realistic as R
    from bench import vocab as V
except ImportError:  # pragma: no cover
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench import realistic as R
    from bench import vocab as V

TODAY = dt.date(2026, 11, 22)  # the date benchmarks pass as --today
START = dt.date(2026, 1, 15)  # first issue date / initial commit
TZ = "+0700"
WIDTH = 96

# --------------------------------------------------------------------------- YAML writing

_NOT_PLAIN = re.compile(
    r"""^(?:[-?:,\[\]{}#&*!|>'"%@`\s]|$)|:\s|\s#|:$|\s$|^(?:true|false|yes|no|on|off|null|~)$"""
    r"""|^[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?$|^\d{4}-\d\d?-\d\d?|^0[xo]""",
    re.IGNORECASE)


def ys(value: Any) -> str:
    """A YAML scalar: plain when that reads back as the same string, else double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, dt.date)):
        return str(value)
    s = str(value)
    if _NOT_PLAIN.search(s) or "\n" in s:
        return json.dumps(s, ensure_ascii=False)
    return s


def yflow(items: list[str], quote: bool = False) -> str:
    return "[" + ", ".join(json.dumps(i, ensure_ascii=False) if quote else ys(i)
                           for i in items) + "]"


@functools.lru_cache(maxsize=65536)
def ytext(key: str, text: str, indent: int) -> str:
    """``key: value`` on one line, or a folded block scalar when it is long."""
    pad = " " * indent
    line = f"{pad}{key}: {ys(text)}"
    if len(line) <= WIDTH:
        return line + "\n"
    inner = " " * (indent + (4 if key.startswith("- ") else 2))
    body = textwrap.wrap(text, WIDTH - len(inner), break_long_words=False,
                         break_on_hyphens=False)
    return f"{pad}{key}: >-\n" + "".join(f"{inner}{b}\n" for b in body)


@functools.lru_cache(maxsize=65536)
def md_wrap(text: str, prefix: str = "", cont: str = "") -> str:
    return "\n".join(textwrap.wrap(text, WIDTH, initial_indent=prefix, subsequent_indent=cont,
                                   break_long_words=False, break_on_hyphens=False)) + "\n"


def slug(text: str, limit: int = 60) -> str:
    t = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    t = "".join(c for c in t if not unicodedata.combining(c)).lower()
    t = re.sub(r"[^a-z0-9]+", "-", t).strip("-")
    return t[:limit].rstrip("-")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# --------------------------------------------------------------------------- durations


def fmt_units(u: int) -> str:
    """Half-hours as a duration of the format: 0, 2 giờ, 3,5 giờ, 1 ngày làm việc, 1,5 ngày làm
    việc. A bare "ngày" reads as calendar days (QMS309), which a step then exceeds the working-day
    processing time with (QMS301) after history edits move time between steps."""
    if u == 0:
        return "0"
    if u % 16 == 0:
        return f"{u // 16} ngày làm việc"
    if u % 8 == 0:
        return f"{u // 16},5 ngày làm việc"
    if u % 2 == 0:
        return f"{u // 2} giờ"
    return f"{u // 2},5 giờ"


def allocate(rng: random.Random, weights: list[int], budget: int) -> list[int]:
    """Half-hour units per step: weight-0 steps get 0 or 1, others ≥ 1, total ≤ budget."""
    used = max(sum(1 for w in weights if w), int(budget * rng.uniform(0.8, 1.0)))
    units = [1 if w else 0 for w in weights]
    rest = used - sum(units)
    total_w = sum(weights)
    for i, w in enumerate(weights):
        u = units[i] + rest * w // total_w
        # as people write them: half-days, then 2-hour blocks, whole hours, half an hour
        for size, grain in ((16, 8), (8, 4), (2, 2)):
            if u >= size:
                u -= u % grain
                break
        units[i] = u if w else 0
    if weights[-1] == 0 and sum(units) < budget and rng.random() < 0.5:
        units[-1] = 1
    assert sum(units) <= budget
    return units


# --------------------------------------------------------------------------- people


@dataclass
class Org:
    place: str
    city: str
    name: str
    roles: list[tuple[str, str, str]]
    people: list[tuple[str, str, str]]  # id, name, role
    by_role: dict[str, list[str]]


def make_org(rng: random.Random) -> Org:
    place = rng.choice(V.PLACE_NAMES)
    city = rng.choice(V.CITIES)
    roles = list(V.CORE_ROLES)
    seen = {r[0] for r in roles}
    for f in V.FIELDS:
        rid, title = f["role"]
        if rid not in seen:
            seen.add(rid)
            roles.append((rid, title, f["dept"]))
    people: list[tuple[str, str, str]] = []
    by_role: dict[str, list[str]] = {}
    used_ids: set[str] = set()
    for rid, _title, _dept in roles:
        count = 3 if rid == "cong-chuc-mot-cua" else (2 if rid.startswith("cong-chuc-") else 1)
        for _ in range(count):
            while True:
                sur = rng.choice(V.SURNAMES)
                mid = rng.choice(V.MIDDLE)
                given = rng.choice(V.GIVEN)
                name = f"{sur} {mid} {given}"
                pid = slug(name)
                if pid not in used_ids:
                    break
            used_ids.add(pid)
            people.append((pid, name, rid))
            by_role.setdefault(rid, []).append(pid)
    return Org(place, city, f"Ủy ban nhân dân phường {place}", roles, people, by_role)


# --------------------------------------------------------------------------- documents


@dataclass
class Doc:
    path: str
    kind: str
    code: str
    spec: dict[str, Any] = field(default_factory=dict)
    text: str = ""  # static documents; procedures and forms are rendered from spec
    edition: int = 1
    issued: dt.date = START

    def render(self) -> str:
        if self.kind == "procedure":
            return nfc(render_procedure(self))
        if self.kind == "form":
            return nfc(render_form(self))
        return nfc(self.text)


def _control(d: Doc, owner: str, prepared: str, reviewed: str, approved: str,
             clauses: list[str], title: str) -> str:
    return (f"kind: {d.kind}\ncode: {ys(d.code)}\n" + ytext("title", title, 0)
            + f"edition: {d.edition}\nissued: {d.issued}\neffective: {d.issued}\n"
            f"status: released\nowner: {owner}\nprepared_by: {prepared}\n"
            f"reviewed_by: {reviewed}\napproved_by: {approved}\n"
            f"clauses: {yflow(clauses, quote=True)}\n")


def render_procedure(d: Doc) -> str:
    s = d.spec
    out = ["---\n", _control(d, s["owner"], s["prepared_by"], s["reviewed_by"],
                             s["approved_by"], s["clauses"], s["title"])]
    if s.get("tthc"):
        out.append(f"tthc: {json.dumps(s['tthc'])}\n")
    for k in ("level", "procedure_type", "field", "applicants"):  # realistic shape only
        if s.get(k):
            out.append(ytext(k, s[k], 0))
    if s.get("agencies"):
        out.append("agencies:\n")
        for k, v in s["agencies"].items():
            out.append(ytext(k, v, 2))
    if s.get("legal_basis"):
        out.append("legal_basis:\n")
        for ref, articles in s["legal_basis"]:
            out.append(f"  - ref: {ys(ref)}\n")
            if articles:
                out.append(f"    articles: {ys(articles)}\n")
    if s.get("conditions"):
        out.append(ytext("conditions", s["conditions"], 0))
    if s.get("dossier"):
        out.append("dossier:\n" + _dossier(s["dossier"], 2))
    if s.get("results"):
        out.append("results:\n")
        for r in s["results"]:
            out.append(ytext("- name", r["name"], 2) + f"    code: {ys(r['code'])}\n")
    if s.get("processing_time"):
        out.append(f"processing_time: {s['processing_time']}\n")
    if s.get("channels"):
        out.append("channels:\n" + _channels(s["channels"], 2))
    if s.get("cases"):
        out.append("cases:\n")
        for c in s["cases"]:
            out.append(f"  - id: {c['id']}\n" + ytext("name", c["name"], 4)
                       + f"    processing_time: {c['processing_time']}\n"
                       + "    dossier:\n" + _dossier(c["dossier"], 6))
    for k in ("place", "fee", "result"):
        if s.get(k):
            out.append(ytext(k, s[k], 0))
    out.append("steps:\n")
    for st in s["steps"]:
        action = st["action"] + (". " + st["detail"] if st.get("detail") else "")
        out.append(ytext("- action", action, 2))
        if st.get("actor"):  # the applicant's own step: no role, no time of the agency
            out.append(f"    actor: {st['actor']}\n")
            continue
        resp = st["responsible"]
        out.append(f"    responsible: {resp[0] if len(resp) == 1 else yflow(resp)}\n")
        out.append(f"    duration: {fmt_units(st['units'])}\n")
        if st.get("forms"):
            out.append(f"    forms: {yflow(st['forms'])}\n")
        if st.get("output"):
            out.append(ytext("output", st["output"], 4))
    out.append(f"forms: {yflow(s['forms'])}\n")
    out.append("records:\n")
    for r in s["records"]:
        out.append(ytext("- name", r["name"], 2))
        if r.get("form"):
            out.append(f"    form: {r['form']}\n")
        out.append(f"    keeper: {r['keeper']}\n    retention: {ys(r['retention'])}\n")
    out.append("---\n\n")
    b = s["body"]
    out.append("## Mục đích\n\n" + md_wrap(b["purpose"]) + "\n")
    out.append("## Phạm vi\n\n" + md_wrap(b["scope"]) + "\n")
    out.append("## Tài liệu viện dẫn\n\n")
    for ref in b["refs"]:
        out.append(md_wrap(ref, "- ", "  "))
    out.append("\n## Định nghĩa và chữ viết tắt\n\n")
    for term in b["defs"]:
        out.append(md_wrap(term, "- ", "  "))
    out.append("\n## Lưu ý khi thực hiện\n\n")
    for note in b["notes"]:
        out.append(md_wrap(note, "- ", "  "))
    return "".join(out)


def _dossier(items: list[dict[str, Any]], indent: int) -> str:
    out = []
    for item in items:
        out.append(ytext("- name", item["name"], indent))
        for k in ("form", "originals", "copies", "note"):
            if item.get(k) is not None:
                out.append(ytext(k, item[k], indent + 2) if k == "note"
                           else f"{' ' * (indent + 2)}{k}: {ys(item[k])}\n")
    return "".join(out)


def _channels(items: list[dict[str, Any]], indent: int) -> str:
    pad = " " * (indent + 2)
    return "".join(f"{' ' * indent}- channel: {c['channel']}\n"
                   f"{pad}processing_time: {c['processing_time']}\n"
                   + ytext("fee", c["fee"], indent + 2) + ytext("note", c["note"], indent + 2)
                   for c in items)


def render_form(d: Doc) -> str:
    s = d.spec
    out = ["---\n", _control(d, s["owner"], s["prepared_by"], s["reviewed_by"],
                             s["approved_by"], s["clauses"], s["title"])]
    if s.get("origin"):
        out.append(ytext("origin", s["origin"], 0))
    out.append("---\n\n")
    out.append(s["body"])
    if s.get("note"):
        out.append("\n" + md_wrap("*Ghi chú:* " + s["note"]))
    return "".join(out)


# --------------------------------------------------------------------------- generator


@dataclass
class Manual:
    org: Org
    docs: list[Doc]
    files: dict[str, str]  # static registers and qms.yaml: path -> text


SYSTEM_PROCS = [
    # code n, slug, title, clauses, owner dept, forms (title, clause list)
    (1, "kiem-soat-tai-lieu", "Quy trình kiểm soát tài liệu", ["7.5"],
     [("Phiếu đề nghị soạn thảo, sửa đổi tài liệu", ["7.5.2"]),
      ("Danh mục tài liệu nội bộ", ["7.5.3"])]),
    (2, "kiem-soat-ho-so", "Quy trình kiểm soát hồ sơ", ["7.5.3"],
     [("Danh mục hồ sơ của đơn vị", ["7.5.3"])]),
    (3, "danh-gia-noi-bo", "Quy trình đánh giá nội bộ", ["9.2"],
     [("Chương trình đánh giá nội bộ", ["9.2.2"]), ("Báo cáo đánh giá nội bộ", ["9.2.2"])]),
    (4, "xem-xet-cua-lanh-dao", "Quy trình xem xét của lãnh đạo", ["9.3"],
     [("Biên bản họp xem xét của lãnh đạo", ["9.3.3"])]),
    (5, "kiem-soat-khong-phu-hop-va-hanh-dong-khac-phuc",
     "Quy trình kiểm soát sự không phù hợp và hành động khắc phục", ["8.7", "10.2"],
     [("Phiếu theo dõi sự không phù hợp và hành động khắc phục", ["10.2.2"])]),
    (6, "giai-quyet-rui-ro-va-co-hoi", "Quy trình hành động giải quyết rủi ro và cơ hội",
     ["6.1"], [("Sổ theo dõi rủi ro và cơ hội", ["6.1.2"])]),
]

ONE_STOP_FORMS = [
    ("Giấy tiếp nhận hồ sơ và hẹn trả kết quả", "Mẫu 01", ["8.2.1", "8.5.2"]),
    ("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", "Mẫu 02", ["8.2.1"]),
    ("Phiếu từ chối tiếp nhận giải quyết hồ sơ", "Mẫu 03", ["8.2.1"]),
    ("Phiếu xin lỗi và hẹn lại ngày trả kết quả", "Mẫu 04", ["8.7.1"]),
    ("Phiếu kiểm soát quá trình giải quyết hồ sơ", "Mẫu 05", ["8.5.1", "8.5.2"]),
    ("Sổ theo dõi hồ sơ", "Mẫu 06", ["8.5.2", "9.1.1"]),
]


def _person(org: Org, role: str, rng: random.Random) -> str:
    return rng.choice(org.by_role[role])


def _catalogue_names(rng: random.Random, n: int) -> list[tuple[dict, str, str]]:
    base: list[tuple[dict, str, str]] = []
    for f in V.FIELDS:
        if "names" in f:
            base += [(f, name, f["result"]) for name in f["names"]]
        else:
            for verb in f["verbs"]:
                for obj, result in f["objects"]:
                    base.append((f, f"{verb[0].lower()}{verb[1:]} {obj}", result))
    rng.shuffle(base)
    out = list(base[:n])
    k = 0
    while len(out) < n:
        q = V.QUALIFIERS[k % len(V.QUALIFIERS)] if k < len(V.QUALIFIERS) * len(base) \
            else f" (trường hợp {k // len(base) + 1})"
        f, name, result = base[(k // len(V.QUALIFIERS)) % len(base)] if k < \
            len(V.QUALIFIERS) * len(base) else base[k % len(base)]
        out.append((f, name + q, result))
        k += 1
    return out


def _form_body(org: Org, title: str, rng: random.Random, rows: int) -> str:
    # the header and the signatures as layout blocks, as the sample's forms are written
    header = ("```header\nỦY BAN NHÂN DÂN PHƯỜNG " + org.place.upper()
              + " | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
              " | Độc lập - Tự do - Hạnh phúc\n"
              f"Số: ……/…… | {org.place}, ngày …… tháng …… năm ……\n```\n\n")
    fields = ["Họ, chữ đệm, tên người yêu cầu", "Ngày, tháng, năm sinh", "Giới tính",
              "Số định danh cá nhân", "Nơi cư trú", "Số điện thoại liên hệ", "Thư điện tử",
              "Tên tổ chức (nếu có)", "Địa chỉ trụ sở", "Người đại diện theo pháp luật",
              "Nội dung đề nghị", "Lý do đề nghị", "Giấy tờ kèm theo",
              "Hình thức nhận kết quả"]
    rng.shuffle(fields)
    lines = [header, f"## {title.upper()}\n\n",
             f"Kính gửi: Ủy ban nhân dân phường {org.place}\n\n"]
    for i, fname in enumerate(fields[:rows], 1):
        lines.append(f"{i}. {fname}: ………………………………………………………………\n")
    lines.append("\n")
    lines.append(md_wrap("Tôi cam đoan những nội dung kê khai trên đây là đúng sự thật và chịu "
                         "hoàn toàn trách nhiệm trước pháp luật về nội dung cam đoan của mình. "
                         "Đề nghị Ủy ban nhân dân phường xem xét, giải quyết."))
    lines.append("\nĐăng ký nhận kết quả tại: ☐ Trung tâm Phục vụ hành chính công ☐ Dịch vụ bưu "
                 "chính công ích ☐ Trực tuyến\n\n")
    lines.append("```signatures\nXÁC NHẬN CỦA CƠ QUAN TIẾP NHẬN | NGƯỜI YÊU CẦU\n"
                 "(Ký, ghi rõ họ tên) | (Ký, ghi rõ họ tên)\n\n"
                 "……………………………… | ………………………………\n```\n")
    return "".join(lines)


SHAPES = ("real", "small")


def generate(n: int, seed: int = 1, shape: str = "real") -> Manual:
    """The repository as documents and files, before anything is written.

    ``shape="real"``: TTHC procedures of real size (5–90 KB, see ``bench/realistic.py``);
    ``"small"``: the earlier 8–10 KB procedures, byte for byte.
    """
    if shape not in SHAPES:
        raise ValueError(f"shape must be one of {SHAPES}, not {shape!r}")
    rng = random.Random(seed)
    org = make_org(rng)
    docs: list[Doc] = []
    files: dict[str, str] = {}
    chair = org.by_role["chu-tich"][0]
    secretary = org.by_role["thu-ky-htqlcl"][0]
    office_head = org.by_role["chanh-van-phong"][0]
    dept_name = {d[0]: d[1] for d in V.DEPARTMENTS}
    dept_head = {d[0]: d[2] for d in V.DEPARTMENTS}
    common_owner = "phuc-vu-hcc"

    def signers(role: str, dept: str) -> tuple[str, str, str]:
        head = dept_head[dept]
        reviewer_role = head if head != "chu-tich" else "chanh-van-phong"
        return _person(org, role, rng), _person(org, reviewer_role, rng), chair

    def issued_date() -> dt.date:
        return START - dt.timedelta(days=rng.randint(0, 10))

    # ---- one-stop forms BM-01..BM-06
    for i, (title, origin, clauses) in enumerate(ONE_STOP_FORMS, 1):
        p, r, a = signers("cong-chuc-mot-cua", common_owner)
        d = Doc(f"bieu-mau/mot-cua/BM-{i:02}-{slug(title, 40)}.md", "form", f"BM-{i:02}",
                issued=issued_date())
        d.spec = {"title": title, "owner": common_owner, "prepared_by": p, "reviewed_by": r,
                  "approved_by": a, "clauses": clauses,
                  "origin": f"{origin}, Thông tư 01/2018/TT-VPCP",
                  "body": _form_body(org, title, rng, rng.randint(7, 11))}
        docs.append(d)

    # ---- system procedures and their forms
    for num, sl, title, clauses, forms in SYSTEM_PROCS:
        codes = []
        for k, (ftitle, fclauses) in enumerate(forms, 1):
            code = f"BM-{num:02}-{k:02}"
            codes.append(code)
            d = Doc(f"bieu-mau/he-thong/{code}-{slug(ftitle, 40)}.md", "form", code,
                    issued=issued_date())
            d.spec = {"title": ftitle, "owner": "van-phong", "prepared_by": secretary,
                      "reviewed_by": office_head, "approved_by": chair, "clauses": fclauses,
                      "body": _form_body(org, ftitle, rng, rng.randint(6, 9))}
            docs.append(d)
        d = Doc(f"quy-trinh-he-thong/QT-{num:02}-{sl}.md", "procedure", f"QT-{num:02}",
                issued=issued_date())
        d.spec = _system_procedure(org, rng, title, clauses, codes, secretary, office_head,
                                   chair)
        docs.append(d)

    # ---- TTHC procedures
    chosen = _catalogue_names(rng, n)
    used_codes: set[str] = set()
    catalogue: list[dict[str, Any]] = []
    cited: set[str] = set()
    for i, (f, name, result) in enumerate(chosen):
        num = 10 + i
        while True:
            tcode = f"{rng.choice('12')}.00{rng.randint(0, 9999):04d}"
            if tcode not in used_codes:
                used_codes.add(tcode)
                break
        days = rng.choice(f["days"])
        proc, own_forms = _tthc_procedure(org, rng, f, name, result, num, tcode, days,
                                          dept_name, dept_head, chair)
        if shape == "real":
            # A stream of its own per procedure: the small shape's draws stay as they were.
            _real_size(proc, random.Random(f"{seed}/{num}"), f, org, days)
        cited.update(ref for ref, _ in proc.spec["legal_basis"])
        docs.extend(own_forms)
        docs.append(proc)
        catalogue.append({"code": tcode, "name": "Thủ tục " + name, "field": f["name"],
                          "legal_time": f"{days:02d} ngày làm việc",
                          "decision": f"Quyết định số {rng.randint(100, 2999)}/QĐ-UBND năm 2025 "
                                      f"của Chủ tịch Ủy ban nhân dân {org.city}"})

    # ---- system documents
    docs.extend(_system_documents(org, rng, secretary, office_head, chair))

    files["qms.yaml"] = _qms_yaml(org, seed, n)
    files["dang-ky/van-ban-phap-luat.yaml"] = _legal_register(cited)
    files["dang-ky/danh-muc-tthc.yaml"] = _catalogue(catalogue, org)
    files["dang-ky/danh-muc-ho-so.yaml"] = _records_register()
    files.update(_registers(org, rng, chair, secretary))
    files[".gitignore"] = "_build/\n.qmsdoc/\n"
    return Manual(org, docs, {k: nfc(v) for k, v in files.items()})


def _real_size(proc: Doc, rng: random.Random, f: dict[str, Any], org: Org, days: int) -> None:
    """Give a TTHC procedure the fields and the size of a real one (bench/realistic.py)."""
    R.enrich(proc.spec, rng, f, org, days)
    body = len(proc.render().split("\n---\n", 1)[1].encode())
    target = R.target_bytes(rng, body)
    size = len(proc.render().encode())
    while size < target:
        # Estimates count characters; Vietnamese text is ~1.25 bytes a character in UTF-8.
        R.grow(proc.spec, rng, f, int((target - size) / 1.25) + 1)
        size = len(proc.render().encode())


def _system_procedure(org: Org, rng: random.Random, title: str, clauses: list[str],
                      forms: list[str], secretary: str, office_head: str,
                      chair: str) -> dict[str, Any]:
    what = title.removeprefix("Quy trình ")
    steps = [
        {"action": f"Lập kế hoạch, xác định nội dung công việc {what}; phân công người thực "
                   "hiện và thời hạn hoàn thành", "responsible": ["thu-ky-htqlcl"], "units": 8,
         "forms": forms[:1], "output": "Kế hoạch thực hiện"},
        {"action": "Xem xét, phê duyệt kế hoạch; bố trí nguồn lực cần thiết",
         "responsible": ["chu-tich"], "units": 4, "forms": [], "output": "Kế hoạch đã duyệt"},
        {"action": f"Tổ chức thực hiện {what} theo kế hoạch đã được phê duyệt; ghi nhận kết quả "
                   "vào biểu mẫu", "responsible": ["thu-ky-htqlcl", "chanh-van-phong"],
         "units": 32, "forms": forms, "output": "Kết quả thực hiện"},
        {"action": "Tổng hợp, báo cáo kết quả; đề xuất hành động khắc phục, cải tiến (nếu có)",
         "responsible": ["thu-ky-htqlcl"], "units": 8, "forms": forms[-1:],
         "output": "Báo cáo kết quả"},
        {"action": "Lưu hồ sơ theo quy trình kiểm soát hồ sơ",
         "responsible": ["van-thu"], "units": 2, "forms": [], "output": "Hồ sơ đã lưu"},
    ]
    return {
        "title": title, "owner": "van-phong", "prepared_by": secretary,
        "reviewed_by": office_head, "approved_by": chair, "clauses": clauses,
        "legal_basis": [("101/2018/QĐ-TTg", ""), ("30/2020/NĐ-CP", ""), ("33/2024/QH15", "")],
        "steps": steps, "forms": forms,
        "records": [{"name": f"Hồ sơ {what}", "form": forms[-1], "keeper": "thu-ky-htqlcl",
                     "retention": "05 năm"}],
        "body": {
            "purpose": f"Quy định thống nhất cách thức {what} trong Hệ thống quản lý chất lượng "
                       f"của {org.name}, bảo đảm hệ thống được duy trì và cải tiến liên tục "
                       "theo TCVN ISO 9001:2015.",
            "scope": f"Áp dụng đối với các phòng, bộ phận thuộc {org.name} trong phạm vi áp "
                     "dụng Hệ thống quản lý chất lượng.",
            "refs": ["TCVN ISO 9001:2015 Hệ thống quản lý chất lượng - Các yêu cầu.",
                     "Sổ tay chất lượng (STCL)."],
            "defs": ["**HTQLCL**: Hệ thống quản lý chất lượng.",
                     "**Thư ký HTQLCL**: công chức được giao theo dõi, duy trì HTQLCL."],
            "notes": rng.sample(V.NOTES, 3)},
    }


def _tthc_procedure(org: Org, rng: random.Random, f: dict, name: str, result: str, num: int,
                    tcode: str, days: int, dept_name: dict[str, str], dept_head: dict[str, str],
                    chair: str) -> tuple[Doc, list[Doc]]:
    dept = f["dept"]
    role = f["role"][0]
    head = dept_head[dept]
    if head == "chu-tich":
        head = "chanh-van-phong"
    leader = f["leader"]
    preparer = _person(org, role, rng)
    reviewer = org.by_role[head][0]
    code = f"QT-{num:02}"
    file_slug = slug(name, 50)
    object_short = name.split(" (")[0]

    # own forms
    own: list[Doc] = []
    n_forms = rng.choices([0, 1, 2], [15, 60, 25])[0]
    k_steps = rng.randint(8, 15)
    free = "Không thu" in f["fee"]
    middle_ids = [m[0] for m in V.STEPS_MIDDLE if not (free and m[0] == "thu-phi")]
    extra = rng.sample(middle_ids[1:], min(len(middle_ids) - 1, k_steps - 7))
    start = list(V.STEPS_START)
    middle = [m for m in V.STEPS_MIDDLE if m[0] == "tham-dinh" or m[0] in extra]
    templates = start + middle + list(V.STEPS_END)
    while len(templates) > k_steps:  # drop optional start steps if needed
        templates.pop(1)
    while len(templates) < k_steps:  # a second verification round for long procedures
        templates.insert(-3, ("tham-dinh-lai", ["{field}"], 2, [
            "Rà soát lại hồ sơ sau khi có kết quả xác minh hoặc ý kiến của cơ quan liên quan; "
            "hoàn thiện nội dung thẩm định"]))
    form_titles = []
    if n_forms >= 1:
        kind_word = rng.choice(["Tờ khai", "Đơn đề nghị", "Văn bản đề nghị"])
        form_titles.append(f"{kind_word} {object_short}")
    if n_forms == 2:
        if any(t[0] == "xac-minh" for t in templates):
            form_titles.append("Biên bản kiểm tra, xác minh hồ sơ " + object_short)
        elif any(t[0] == "lay-y-kien" for t in templates):
            form_titles.append("Phiếu lấy ý kiến về hồ sơ " + object_short)
        else:
            form_titles.append("Bản kê khai thông tin bổ sung " + object_short)
    for k, ftitle in enumerate(form_titles, 1):
        fcode = f"BM-{num:02}-{k:02}"
        d = Doc(f"bieu-mau/tthc/{f['key']}/{fcode}-{slug(ftitle, 40)}.md", "form", fcode,
                issued=START - dt.timedelta(days=rng.randint(0, 10)))
        d.spec = {"title": ftitle[0].upper() + ftitle[1:], "owner": dept,
                  "prepared_by": preparer, "reviewed_by": reviewer, "approved_by": chair,
                  "clauses": ["8.2.3", "8.5.1"],
                  "origin": rng.choice(["Mẫu ban hành kèm theo văn bản quy phạm pháp luật "
                                        "chuyên ngành", "Mẫu do UBND phường xây dựng",
                                        "Mẫu trên Cổng Dịch vụ công quốc gia"]),
                  "body": _form_body(org, ftitle, rng, rng.randint(8, 13))}
        own.append(d)
    own_codes = [d.code for d in own]

    weights = [t[2] for t in templates]
    units = allocate(rng, weights, days * 16)
    fill = {"field": role, "head": head, "leader": leader}
    steps = []
    for t, u in zip(templates, units, strict=True):
        tid, resp, _w, phrasings = t
        forms: list[str] = []
        if tid == "tiep-nhan":
            forms = ["BM-01", "BM-02", "BM-03", "BM-05", "BM-06"]
        elif tid == "tra-ket-qua":
            forms = ["BM-04", "BM-06"]
        elif tid in ("xac-minh", "lay-y-kien") and len(own_codes) == 2 and \
                own[1].spec["title"].startswith(("Biên bản", "Phiếu lấy")):
            forms = [own_codes[1], "BM-05"]
        else:
            forms = ["BM-05"]
        fmt = {"dept_name": dept_name[dept], "object_short": object_short,
               "result": result[0].lower() + result[1:]}
        action = rng.choice(phrasings).format(**fmt)
        steps.append({"action": action, "fmt": fmt,
                      "responsible": [r.format(**fill) for r in resp],
                      "units": u, "forms": forms,
                      "output": V.STEP_OUTPUTS.get(tid, "Hồ sơ đã rà soát"),
                      "alt": phrasings})

    # legal basis
    laws = f["laws"]
    basis = []
    amended = f.get("amended")
    picks = list(laws)
    rng.shuffle(picks)
    picks = picks[:rng.randint(2, min(4, len(picks)))]
    if amended:
        for lid in amended:
            if lid not in [p[0] for p in picks]:
                picks.append(next(x for x in laws if x[0] == lid) if any(
                    x[0] == lid for x in laws) else (lid,))
    for law in picks:
        articles = ""
        if law[0].count("/") == 2 and rng.random() < 0.5:
            a = rng.randint(3, 60)
            articles = f"Điều {a}, Điều {a + rng.randint(1, 5)}"
        basis.append((law[0], articles))
    basis.append(("118/2025/NĐ-CP", ""))
    if rng.random() < 0.5:
        basis.append(("01/2018/TT-VPCP", ""))
    if "Không thu" not in f["fee"]:
        basis.append(("85/2019/TT-BTC", ""))

    # dossier
    dossier: list[dict[str, Any]] = []
    if own:
        dossier.append({"name": own[0].spec["title"] + " (theo mẫu)", "form": own_codes[0],
                        "originals": 1})
    for paper in rng.sample(f["papers"], rng.randint(2, len(f["papers"]))):
        item: dict[str, Any] = {"name": paper}
        r = rng.random()
        if "xuất trình" in paper:
            item["note"] = ("Không phải xuất trình nếu thông tin đã được khai thác từ Cơ sở dữ "
                            "liệu quốc gia về dân cư.")
        elif r < 0.4:
            item["originals"] = 1
        elif r < 0.8:
            item["copies"] = rng.randint(1, 2)
        dossier.append(item)
    if len(own) == 2 and own[1].spec["title"].startswith("Bản kê khai"):
        dossier.append({"name": own[1].spec["title"], "form": own_codes[1], "originals": 1})
    dossier.append({"name": "Văn bản ủy quyền theo quy định của pháp luật (trường hợp ủy quyền "
                            "thực hiện thủ tục)", "originals": 1,
                    "note": "Không phải chứng thực nếu người được ủy quyền là ông, bà, cha, mẹ, "
                            "con, vợ, chồng, anh, chị, em ruột của người ủy quyền."})

    records: list[dict[str, Any]] = []
    if own:
        records.append({"name": f"{own[0].spec['title']} và giấy tờ kèm theo",
                        "form": own_codes[0], "keeper": role, "retention": f["retention"]})
    else:
        records.append({"name": f"Hồ sơ đề nghị {object_short} và giấy tờ kèm theo",
                        "keeper": role, "retention": f["retention"]})
    if len(own) == 2:
        records.append({"name": own[1].spec["title"], "form": own_codes[1], "keeper": role,
                        "retention": f["retention"]})
    records += [
        {"name": "Phiếu kiểm soát quá trình giải quyết hồ sơ", "form": "BM-05", "keeper": role,
         "retention": "05 năm"},
        {"name": "Sổ theo dõi hồ sơ", "form": "BM-06", "keeper": "cong-chuc-mot-cua",
         "retention": "05 năm"},
        {"name": f"Bản lưu {result[0].lower()}{result[1:]}", "keeper": "van-thu",
         "retention": f["retention"]},
    ]
    proc_title = "Quy trình " + name
    notes = rng.sample(V.NOTES, rng.randint(3, 5))
    body = {
        "purpose": f"Quy định trình tự, thủ tục, trách nhiệm và thời hạn giải quyết thủ tục "
                   f"{name} tại {org.name}, bảo đảm hồ sơ của tổ chức, cá nhân được tiếp nhận, "
                   "giải quyết đúng quy định, công khai, minh bạch và trả kết quả đúng hẹn.",
        "scope": f"Áp dụng đối với tổ chức, cá nhân có yêu cầu {object_short} thuộc thẩm quyền "
                 f"giải quyết của Ủy ban nhân dân phường {org.place}; {dept_name[dept]}, Trung "
                 "tâm Phục vụ hành chính công và các công chức có liên quan. Thủ tục thuộc lĩnh "
                 f"vực {f['name'].lower()}, mã thủ tục {tcode} trên Cơ sở dữ liệu quốc gia về "
                 "thủ tục hành chính.",
        "refs": ["Sổ tay chất lượng (STCL); QT-01 Kiểm soát tài liệu; QT-02 Kiểm soát hồ sơ; "
                 "QT-05 Kiểm soát sự không phù hợp và hành động khắc phục.",
                 "Quyết định công bố thủ tục hành chính của Chủ tịch Ủy ban nhân dân "
                 f"{org.city}.",
                 "Các văn bản pháp luật nêu tại mục Căn cứ pháp lý."],
        "defs": ["**UBND**: Ủy ban nhân dân.", "**TTHC**: Thủ tục hành chính.",
                 "**Trung tâm**: Trung tâm Phục vụ hành chính công phường " + org.place + ".",
                 "**CSDLQG**: Cơ sở dữ liệu quốc gia về dân cư."],
        "notes": notes,
    }
    spec = {
        "title": proc_title, "owner": dept, "prepared_by": preparer, "reviewed_by": reviewer,
        "approved_by": chair, "clauses": ["8.1", "8.2", "8.5.1", "8.5.2", "8.6"],
        "tthc": tcode, "legal_basis": basis,
        "conditions": f"Tổ chức, cá nhân có yêu cầu {object_short} thuộc thẩm quyền của Ủy ban "
                      f"nhân dân phường {org.place}; hồ sơ đầy đủ thành phần, thông tin kê khai "
                      "trung thực, phù hợp với dữ liệu trên Cơ sở dữ liệu quốc gia về dân cư và "
                      "đáp ứng các điều kiện do pháp luật chuyên ngành quy định.",
        "dossier": dossier, "processing_time": f"{days:02d} ngày làm việc",
        "place": "Trung tâm Phục vụ hành chính công phường " + org.place
                 + " hoặc nộp trực tuyến trên Cổng Dịch vụ công quốc gia",
        "fee": f["fee"].format(city=org.city), "result": result,
        "steps": steps, "forms": own_codes + ["BM-01", "BM-02", "BM-03", "BM-04", "BM-05",
                                              "BM-06"],
        "records": records, "body": body,
    }
    path = f"quy-trinh-tthc/{f['key']}/{code}-{file_slug}.md"
    return Doc(path, "procedure", code, spec, issued=START - dt.timedelta(
        days=rng.randint(0, 10))), own


def _system_documents(org: Org, rng: random.Random, secretary: str, office_head: str,
                      chair: str) -> list[Doc]:
    head = (f"edition: 1\nissued: {START}\neffective: {START}\nstatus: released\n"
            f"owner: van-phong\nprepared_by: {secretary}\nreviewed_by: {office_head}\n"
            f"approved_by: {chair}\n")
    docs = []
    statement = (
        f"{org.name} cam kết giải quyết thủ tục hành chính cho tổ chức, cá nhân công khai, "
        "minh bạch, đúng pháp luật và đúng hẹn, phù hợp với chức năng, nhiệm vụ của chính "
        "quyền địa phương ở phường. Chính sách này là cơ sở để thiết lập và xem xét các mục "
        "tiêu chất lượng hằng năm. Chúng tôi cam kết đáp ứng các yêu cầu của pháp luật và "
        "của tổ chức, cá nhân. Chúng tôi cam kết cải tiến thường xuyên hệ thống quản lý chất "
        "lượng theo TCVN ISO 9001:2015."
    )
    sentences = [s.strip() + "." for s in statement.split(".") if s.strip()]
    policy = ("---\nkind: policy\ncode: CSCL\ntitle: Chính sách chất lượng\n" + head
              + 'clauses: ["5.2"]\n' + ytext("statement", statement, 0)
              + "commitments:\n" + ytext("purpose", sentences[0], 2)
              + ytext("framework", sentences[1], 2) + ytext("requirements", sentences[2], 2)
              + ytext("improvement", sentences[3], 2)
              + "communicated_to:\n  - Niêm yết tại trụ sở UBND phường và Trung tâm Phục vụ "
                "hành chính công\n  - Đăng trên trang thông tin điện tử của phường\n---\n\n"
              + "## Chính sách chất lượng\n\n" + md_wrap(statement))
    docs.append(Doc("tai-lieu-chung/CSCL-chinh-sach-chat-luong.md", "policy", "CSCL",
                    text=policy))

    objectives = [
        ("MT1", "Giải quyết thủ tục hành chính đúng hạn",
         "Tỷ lệ hồ sơ giải quyết đúng hạn trên tổng số hồ sơ đã giải quyết", "≥ 98%",
         "phuc-vu-hcc"),
        ("MT2", "Không để xảy ra hồ sơ trễ hẹn mà không có Phiếu xin lỗi",
         "Số hồ sơ trễ hẹn không có Phiếu xin lỗi", "0 hồ sơ", "phuc-vu-hcc"),
        ("MT3", "Tăng tỷ lệ hồ sơ nộp trực tuyến", "Tỷ lệ hồ sơ nộp trực tuyến toàn trình",
         "≥ 60%", "phuc-vu-hcc"),
        ("MT4", "Nâng cao sự hài lòng của người dân",
         "Tỷ lệ phiếu đánh giá hài lòng trên Cổng Dịch vụ công", "≥ 95%", "van-phong"),
        ("MT5", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
         "Tỷ lệ hồ sơ được số hóa khi tiếp nhận", "100%", "phuc-vu-hcc"),
        ("MT6", "Cập nhật kịp thời quy trình khi văn bản pháp luật thay đổi",
         "Số quy trình chậm cập nhật quá 3 tháng", "0 quy trình", "van-phong"),
    ]
    body = ["---\nkind: objectives\ncode: MTCL-2026\ntitle: Mục tiêu chất lượng năm 2026\n",
            head, 'clauses: ["6.2"]\nyear: 2026\nobjectives:\n']
    for oid, st, ind, target, owner in objectives:
        body.append(f"  - id: {oid}\n" + ytext("statement", st, 4) + ytext("indicator", ind, 4)
                    + f"    target: {ys(target)}\n    owner: {owner}\n    frequency: Hằng quý\n"
                    "    plan:\n")
        for _ in range(rng.randint(2, 3)):
            body.append(
                "      - " + ytext("what", rng.choice([
                    "Rà soát quy trình, biểu mẫu và hướng dẫn công chức thực hiện",
                    "Theo dõi tiến độ giải quyết hồ sơ hằng tuần trên hệ thống",
                    "Tập huấn kỹ năng tiếp nhận hồ sơ trực tuyến cho công chức",
                    "Tuyên truyền, hướng dẫn người dân nộp hồ sơ trực tuyến",
                    "Kiểm tra việc số hóa hồ sơ tại Trung tâm Phục vụ hành chính công"]),
                    8)[8:]
                + "        resources: Công chức chuyên môn; kinh phí thường xuyên\n"
                + f"        who: {owner}\n        when: Quý {rng.randint(1, 4)}/2026\n"
                + "        evaluation: Báo cáo kết quả hằng quý tại cuộc họp giao ban\n")
        body.append("    results:\n")
        for q in ("Quý I/2026", "Quý II/2026", "Quý III/2026"):
            body.append(f"      - period: {q}\n        value: {ys(target.replace('≥ ', ''))}\n"
                        "        achieved: true\n")
    body.append("---\n\n## Mục tiêu chất lượng năm 2026\n\n"
                + md_wrap("Các mục tiêu được xây dựng trên cơ sở Chính sách chất lượng, kết quả "
                          "thực hiện năm trước và kế hoạch phát triển kinh tế - xã hội của "
                          "phường; được theo dõi hằng quý và báo cáo tại cuộc họp xem xét của "
                          "lãnh đạo."))
    docs.append(Doc("tai-lieu-chung/MTCL-2026-muc-tieu-chat-luong.md", "objectives",
                    "MTCL-2026", text="".join(body)))

    manual_clauses = ["4", "5.1", "5.3", "6.3", "7.1", "7.2", "7.3", "7.4", "8.1", "8.2",
                      "8.4", "8.5", "8.6", "9.1", "10.1", "10.3"]
    sections = [
        ("Giới thiệu về cơ quan", f"{org.name} là cơ quan hành chính nhà nước ở địa phương, "
         f"trực thuộc Ủy ban nhân dân {org.city}, thực hiện chức năng quản lý nhà nước trên địa "
         "bàn phường và giải quyết thủ tục hành chính cho tổ chức, cá nhân."),
        ("Bối cảnh và các bên quan tâm", "Các bên quan tâm gồm người dân, doanh nghiệp, cơ "
         "quan cấp trên, Hội đồng nhân dân phường, Mặt trận Tổ quốc và các đoàn thể. Nhu cầu "
         "và mong đợi của các bên được xem xét hằng năm trong cuộc họp xem xét của lãnh đạo."),
        ("Phạm vi áp dụng", "Hệ thống quản lý chất lượng áp dụng cho toàn bộ hoạt động tiếp "
         "nhận, giải quyết và trả kết quả thủ tục hành chính thuộc thẩm quyền của phường."),
        ("Lãnh đạo và cam kết", "Chủ tịch Ủy ban nhân dân phường chịu trách nhiệm về hiệu lực "
         "của hệ thống, thiết lập chính sách và mục tiêu chất lượng, bảo đảm nguồn lực."),
        ("Nguồn lực", "Công chức được bố trí đúng vị trí việc làm, được đào tạo, bồi dưỡng; "
         "cơ sở vật chất, hạ tầng công nghệ thông tin được duy trì."),
        ("Thực hiện", "Mỗi thủ tục hành chính có quy trình nội bộ quy định trình tự, trách "
         "nhiệm và thời hạn; việc giải quyết được theo dõi bằng Phiếu kiểm soát."),
        ("Đánh giá kết quả và cải tiến", "Kết quả giải quyết, mức độ hài lòng và kết quả đánh "
         "giá nội bộ được phân tích để cải tiến hệ thống."),
    ]
    mbody = "".join(f"## {i}. {t}\n\n" + md_wrap(x) + "\n" for i, (t, x) in enumerate(sections, 1))
    manual = ("---\nkind: manual\ncode: STCL\ntitle: Sổ tay chất lượng\n" + head
              + f"clauses: {yflow(manual_clauses, quote=True)}\n---\n\n" + mbody)
    docs.append(Doc("tai-lieu-chung/STCL-so-tay-chat-luong.md", "manual", "STCL", text=manual))

    for n, purpose, title, number in (
            (1, "ban-hanh", "Quyết định ban hành tài liệu Hệ thống quản lý chất lượng",
             "15/QĐ-UBND"),
            (2, "cong-bo", "Quyết định công bố Hệ thống quản lý chất lượng phù hợp Tiêu chuẩn "
             "quốc gia TCVN ISO 9001:2015", "16/QĐ-UBND")):
        dec = ("---\nkind: decision\ncode: QĐ-0" + str(n) + "\n" + ytext("title", title, 0)
               + head + 'clauses: ["4.3", "7.5.3"]\n'
               + f"purpose: {purpose}\nnumber: {number}\nsigner: {chair}\nsign_mode: TM.\n"
               "recipients:\n  - Sở Khoa học và Công nghệ\n  - Các phòng, bộ phận thuộc UBND "
               "phường\n  - \"Lưu: VT\"\n---\n\n"
               + md_wrap("**Điều 1.** " + ("Ban hành kèm theo Quyết định này các tài liệu của "
                                          "Hệ thống quản lý chất lượng." if n == 1 else
                                          "Công bố Hệ thống quản lý chất lượng phù hợp Tiêu "
                                          "chuẩn quốc gia TCVN ISO 9001:2015."))
               + "\n" + md_wrap("**Điều 2.** Quyết định này có hiệu lực kể từ ngày ký.") + "\n"
               + md_wrap("**Điều 3.** Chánh Văn phòng, Trưởng các phòng, bộ phận và công chức "
                         "có liên quan chịu trách nhiệm thi hành Quyết định này."))
        docs.append(Doc(f"tai-lieu-chung/QD-0{n}-{slug(title, 40)}.md", "decision",
                        f"QĐ-0{n}", text=dec))
    return docs


def _qms_yaml(org: Org, seed: int, n: int) -> str:
    out = [f"# Kho tài liệu HTQLCL sinh tự động (bench/generate.py, {n} thủ tục, seed {seed}).\n"
           "# Dữ liệu minh họa để đo hiệu năng: không dùng làm căn cứ pháp lý.\n",
           "format_version: 1\norganization:\n", f"  name: {org.name}\n  short_name: UBND\n",
           f"  parent: Ủy ban nhân dân {org.city}\n",
           f"  address: Số 1 đường Trung tâm, phường {org.place}, {org.city}\n",
           f"  place: {org.place}\n  phone: \"0236 3800 000\"\n",
           f"  email: ubnd.{slug(org.place)}@example.gov.vn\n",
           "standard: TCVN ISO 9001:2015\nprofile: co-quan-hanh-chinh-xa\nscope:\n",
           ytext("statement", "Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015 áp dụng cho "
                 "toàn bộ hoạt động tiếp nhận, giải quyết và trả kết quả thủ tục hành chính "
                 f"thuộc thẩm quyền của {org.name} theo cơ chế một cửa, một cửa liên thông, và "
                 "các hoạt động quản lý nội bộ liên quan.", 2),
           f"  sites:\n    - Trụ sở {org.name}\n"
           f"    - Trung tâm Phục vụ hành chính công phường {org.place}\n",
           "  exclusions:\n    - clause: \"8.3\"\n",
           ytext("justification", "UBND phường không thiết kế, phát triển sản phẩm, dịch vụ: "
                 "trình tự, thủ tục, hồ sơ và thời hạn giải quyết TTHC do văn bản quy phạm "
                 "pháp luật quy định.", 6),
           "    - clause: \"7.1.5.2\"\n",
           ytext("justification", "UBND phường không sử dụng thiết bị đo lường cần hiệu chuẩn "
                 "hoặc liên kết chuẩn đo lường để kiểm tra xác nhận kết quả giải quyết TTHC.",
                 6),
           "departments:\n"]
    for did, name, head in V.DEPARTMENTS:
        out.append(f"  - id: {did}\n" + ytext("name", name, 4) + f"    head: {head}\n")
    out.append("roles:\n")
    for rid, title, dept in org.roles:
        out.append(f"  - id: {rid}\n" + ytext("title", title, 4) + f"    department: {dept}\n")
    out.append("people:\n")
    for pid, name, role in org.people:
        out.append(f"  - id: {pid}\n    name: {name}\n    role: {role}\n")
    out.append('numbering:\n  procedure: "QT-{n:02}"\n  form: "BM-{n:02}|BM-{p}-{n:02}"\n'
               '  policy: "CSCL"\n  objectives: "MTCL-{year}"\n  manual: "STCL"\n'
               '  decision: "QĐ-{n:02}"\n  instruction: "HD-{n:02}"\n'
               "review_interval_months: 12\ncalendar:\n  hours_per_day: 8\n"
               "output:\n  dir: _build\n  formats: [docx, pdf]\n")
    return "".join(out)


def _law_yaml(law: tuple, status: str = "in_force", **extra: Any) -> str:
    lid, typ, title, issuer, issued, effective = law[:6]
    out = [f"  - id: {ys(lid)}\n    type: {typ}\n", ytext("title", title, 4),
           f"    issuer: {issuer}\n    issued: {issued}\n    effective: {effective}\n",
           f"    status: {status}\n"]
    for k, v in extra.items():
        if isinstance(v, list):
            out.append(f"    {k}: {yflow(v)}\n")
        else:
            out.append(f"    {k}: {v if k == 'status_date' else ys(v)}\n")
    return "".join(out)


def _legal_register(cited: set[str]) -> str:
    out = ["# Danh mục văn bản pháp luật (dữ liệu minh họa, sinh tự động bởi bench/generate.py):\n"
           "# số hiệu, ngày tháng và tình trạng hiệu lực chưa được kiểm chứng.\n",
           "kind: legal-register\ncode: DM-VBPL\ntitle: Danh mục văn bản pháp luật áp dụng\n"
           "documents:\n"]
    amended_by: dict[str, list[str]] = {}
    for law, by in V.AMENDED:
        amended_by.setdefault(law[0], []).append(by)
    for f in V.FIELDS:
        if f.get("amended"):
            amended_by.setdefault(f["amended"][0], []).append(f["amended"][1])
    seen: set[str] = set()
    laws: list[tuple] = list(V.COMMON_LAWS) + list(V.SYSTEM_LAWS)
    for f in V.FIELDS:
        laws += f["laws"]
    laws += [law for law, _ in V.AMENDED]
    for law in laws:
        if law[0] in seen:
            continue
        seen.add(law[0])
        if law[0] in amended_by:
            out.append(_law_yaml(law, "amended", amended_by=sorted(set(amended_by[law[0]]))))
        else:
            out.append(_law_yaml(law))
    for law, by, when in V.REPLACED:
        out.append(_law_yaml(law, "replaced", replaced_by=by, status_date=when))
    for f in V.FIELDS:
        for r in f.get("replaced", []):
            if r[0] not in seen:
                seen.add(r[0])
                out.append(_law_yaml(r[:6], "replaced", replaced_by=r[6], status_date=r[7]))
    missing = cited - seen
    assert not missing, missing
    return "".join(out)


def _catalogue(entries: list[dict[str, Any]], org: Org) -> str:
    out = ["# Danh mục thủ tục hành chính (dữ liệu minh họa, sinh tự động bởi bench/generate.py)."
           "\n", "kind: tthc-catalogue\ncode: DM-TTHC\n",
           ytext("title", f"Danh mục thủ tục hành chính thuộc thẩm quyền giải quyết của "
                 f"{org.name} áp dụng HTQLCL", 0), "procedures:\n"]
    for e in entries:
        out.append(f"  - code: {json.dumps(e['code'])}\n" + ytext("name", e["name"], 4)
                   + f"    field: {ys(e['field'])}\n    legal_time: {e['legal_time']}\n"
                   + ytext("decision", e["decision"], 4))
    return "".join(out)


def _records_register() -> str:
    rows = [
        ("Hồ sơ xác định bối cảnh, các bên quan tâm và quá trình", ["4.4.2"], "thu-ky-htqlcl",
         "05 năm", "QT-01"),
        ("Hồ sơ đào tạo, bồi dưỡng, đánh giá năng lực công chức", ["7.2"], "chanh-van-phong",
         "Vĩnh viễn", None),
        ("Hồ sơ theo dõi thiết bị công nghệ thông tin phục vụ giải quyết TTHC", ["7.1.5.1"],
         "chanh-van-phong", "05 năm", None),
        ("Hồ sơ giải quyết thủ tục hành chính (theo từng quy trình)", ["8.1", "8.2.3.2", "8.5.2",
                                                                      "8.5.6", "8.6"],
         "cong-chuc-mot-cua", "Theo quy trình", None),
        ("Hồ sơ lựa chọn, đánh giá nhà cung cấp dịch vụ bên ngoài", ["8.4.1"], "ke-toan",
         "05 năm", None),
        ("Hồ sơ giấy tờ của tổ chức, cá nhân bị mất, hư hỏng", ["8.5.3"], "cong-chuc-mot-cua",
         "05 năm", None),
        ("Hồ sơ kiểm soát đầu ra không phù hợp", ["8.7.2"], "thu-ky-htqlcl", "05 năm", "QT-05"),
        ("Báo cáo theo dõi, đo lường, phân tích và đánh giá", ["9.1.1"], "thu-ky-htqlcl",
         "05 năm", None),
        ("Hồ sơ đánh giá nội bộ", ["9.2.2"], "thu-ky-htqlcl", "05 năm", "QT-03"),
        ("Hồ sơ xem xét của lãnh đạo", ["9.3.3"], "thu-ky-htqlcl", "05 năm", "QT-04"),
        ("Hồ sơ hành động khắc phục", ["10.2.2"], "thu-ky-htqlcl", "05 năm", "QT-05"),
    ]
    out = ["kind: records\ncode: DM-HS\ntitle: Danh mục hồ sơ của Hệ thống quản lý chất lượng\n"
           "records:\n"]
    for name, clauses, keeper, retention, proc in rows:
        out.append(ytext("- name", name, 2) + f"    clauses: {yflow(clauses, quote=True)}\n"
                   f"    keeper: {keeper}\n    retention: {ys(retention)}\n"
                   "    place: Văn phòng HĐND và UBND phường\n")
        if proc:
            out.append(f"    procedure: {proc}\n")
    return "".join(out)


def _registers(org: Org, rng: random.Random, chair: str, secretary: str) -> dict[str, str]:
    depts = [d[0] for d in V.DEPARTMENTS if d[0] != "lanh-dao"]
    actions = [
        ("KP-2026-01", "DG-2026-01", "Một số hồ sơ trễ hạn chưa lập Phiếu xin lỗi",
         "Công chức chưa theo dõi thời hạn trên hệ thống", "Tập huấn lại; bật cảnh báo hồ sơ "
         "sắp đến hạn trên phần mềm", "giam-doc-phuc-vu-hcc", "2026-08-31", "2026-08-20",
         "closed"),
        ("KP-2026-02", "DG-2026-02", "Quy trình chưa cập nhật căn cứ pháp lý mới",
         "Chưa phân công theo dõi văn bản mới", "Giao thư ký HTQLCL rà soát văn bản pháp luật "
         "hằng tháng", "thu-ky-htqlcl", "2026-09-30", "2026-09-15", "closed"),
        ("KP-2026-03", "DG-2026-03", "Hồ sơ lưu chưa sắp xếp theo danh mục hồ sơ",
         "Thiếu tủ lưu trữ tại bộ phận", "Bổ sung tủ lưu trữ, sắp xếp lại hồ sơ",
         "chanh-van-phong", "2026-12-31", None, "open"),
    ]
    audit = ["kind: internal-audit\ncode: DG-2026\ntitle: Đánh giá nội bộ năm 2026\n",
             "date: 2026-06-16\n", ytext("scope", "Toàn bộ các quá trình thuộc phạm vi áp dụng "
                                         "HTQLCL", 0),
             f"lead_auditor: {secretary}\nauditors: [{org.by_role['chanh-van-phong'][0]}, "
             f"{org.by_role['ke-toan'][0]}]\n", f"departments: {yflow(depts)}\nfindings:\n"]
    for i, a in enumerate(actions, 1):
        audit.append(f"  - id: DG-2026-0{i}\n    type: nonconformity\n    clause: \"8.5.1\"\n"
                     f"    department: {rng.choice(depts)}\n" + ytext("description", a[2], 4)
                     + f"    action: {a[0]}\n")
    audit.append("  - id: DG-2026-04\n    type: opportunity\n    clause: \"9.1.2\"\n"
                 "    description: Khảo sát sự hài lòng bằng mã QR tại quầy tiếp nhận\n")
    audit.append(ytext("conclusion", "Hệ thống quản lý chất lượng được duy trì và áp dụng phù "
                       "hợp; các điểm không phù hợp được khắc phục theo kế hoạch.", 0))
    review = ("kind: management-review\ncode: XXLD-2026\ntitle: Xem xét của lãnh đạo năm 2026\n"
              f"date: 2026-07-10\nchair: {chair}\nparticipants:\n  - Lãnh đạo UBND phường\n"
              "  - Trưởng các phòng, bộ phận\n  - Thư ký HTQLCL\ninputs:\n"
              "  - Kết quả đánh giá nội bộ năm 2026\n  - Mức độ thực hiện mục tiêu chất lượng "
              "6 tháng đầu năm\n  - Kết quả giải quyết hồ sơ và mức độ hài lòng của người dân\n"
              "  - Tình trạng các hành động khắc phục\noutputs:\n"
              "  - Duy trì chính sách chất lượng; giữ nguyên mục tiêu năm 2026\n"
              "  - Bổ sung nguồn lực số hóa hồ sơ tại Trung tâm Phục vụ hành chính công\n")
    ca = ["kind: corrective-actions\ncode: KP-2026\ntitle: Sổ theo dõi hành động khắc phục\n"
          "actions:\n"]
    for aid, src, nc, cause, act, resp, due, done, status in actions:
        ca.append(f"  - id: {aid}\n    source: {src}\n" + ytext("nonconformity", nc, 4)
                  + ytext("cause", cause, 4) + ytext("action", act, 4)
                  + f"    responsible: {resp}\n    due: {due}\n"
                  + (f"    completed: {done}\n" if done else "") + f"    status: {status}\n"
                  + ("    verification: Đã kiểm tra, hành động có hiệu lực\n" if done else ""))
    return {"ho-so/DG-2026-danh-gia-noi-bo.yaml": "".join(audit),
            "ho-so/XXLD-2026-xem-xet-cua-lanh-dao.yaml": review,
            "ho-so/KP-2026-hanh-dong-khac-phuc.yaml": "".join(ca)}


# --------------------------------------------------------------------------- edits and Git


def mutate(doc: Doc, rng: random.Random) -> str:
    """Edit a document in place as a person would; returns what was done (commit message)."""
    s = doc.spec
    if doc.kind == "form":
        s["note"] = rng.choice([
            "Người yêu cầu ghi đầy đủ các mục; mục nào không có thì ghi \"không\".",
            "Mẫu này được cung cấp miễn phí tại Trung tâm Phục vụ hành chính công.",
            "Có thể khai trực tuyến trên Cổng Dịch vụ công quốc gia.",
            "Trường hợp khai thay, người khai ghi rõ quan hệ với người yêu cầu."])
        return "cập nhật ghi chú hướng dẫn kê khai"
    choice = rng.random()
    steps = s["steps"]
    if choice < 0.45:
        notes = s["body"]["notes"]
        notes[rng.randrange(len(notes))] = rng.choice(V.NOTES)
        return "rà soát nội dung lưu ý khi thực hiện"
    if choice < 0.75:
        st = rng.choice(steps)
        if "alt" not in st:  # system procedures: fixed wording
            return "rà soát định kỳ, không thay đổi nội dung bước"
        st["action"] = rng.choice(st["alt"]).format(**st["fmt"])
        return "sửa đổi nội dung công việc của một bước"
    timed = [st for st in steps if "units" in st]  # not the applicant's own steps
    donors = [st for st in timed if st["units"] > 1]
    if donors:
        a = rng.choice(donors)
        b = rng.choice([st for st in timed if st is not a])
        a["units"] -= 1
        b["units"] += 1
        for st in (a, b):  # keep durations as people write them
            if st["units"] > 16 and st["units"] % 8:
                st["units"] -= st["units"] % 8
    return "điều chỉnh thời gian thực hiện giữa các bước"


def _release_message(date: dt.date, docs: list[Doc], approver: str) -> str:
    lines = [f"Ban hành tài liệu HTQLCL ngày {date:%d/%m/%Y}", ""]
    lines += [f"- {d.code} · lần {d.edition} · {d.path}" for d in docs]
    lines += ["", f"Phê-duyệt: {approver}", f"Ngày-ban-hành: {date}", "Thư-mục: ."]
    return "\n".join(lines) + "\n"


def _data(text: str | bytes) -> bytes:
    raw = text.encode() if isinstance(text, str) else text
    return b"data %d\n" % len(raw) + raw + b"\n"


def write_history(out: Path, manual: Manual, commits: int, rng: random.Random) -> None:
    """M commits in one fast-import stream, then check out main."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(out)], check=True)
    people = manual.org.people
    chair = manual.org.by_role["chu-tich"][0]
    email = {pid: f"{pid}@example.gov.vn" for pid, _n, _r in people}
    editable = [d for d in manual.docs if d.kind in ("procedure", "form") and d.spec]
    span = (dt.date(2026, 11, 20) - START).days * 86400
    t0 = int(dt.datetime(START.year, START.month, START.day, 9, tzinfo=dt.timezone(
        dt.timedelta(hours=7))).timestamp())
    every = max(2, commits // 10)
    stream: list[bytes] = []

    def ident(pid: str, when: int) -> bytes:
        name = next(n for p, n, _r in people if p == pid)
        return f"{name} <{email[pid]}> {when} {TZ}".encode()

    def commit(mark: int, when: int, who: str, msg: str, changed: list[tuple[str, str]]) -> None:
        stream.append(b"commit refs/heads/main\nmark :%d\n" % mark)
        stream.append(b"author " + ident(who, when) + b"\n")
        stream.append(b"committer " + ident(who, when) + b"\n")
        stream.append(_data(msg))
        if mark > 1:
            stream.append(b"from :%d\n" % (mark - 1))
        for path, text in changed:
            stream.append(f"M 100644 inline {path}\n".encode())
            stream.append(_data(text))

    def tag(mark: int, when: int, date: dt.date, msg: str) -> None:
        stream.append(f"tag qms/{date}\nfrom :{mark}\n".encode())
        stream.append(b"tagger " + ident(chair, when) + b"\n")
        stream.append(_data(msg))

    everything = [(p, t) for p, t in sorted(manual.files.items())]
    everything += [(d.path, d.render()) for d in manual.docs]
    commit(1, t0, manual.org.by_role["thu-ky-htqlcl"][0],
           "Khởi tạo kho tài liệu HTQLCL\n", everything)
    tag(1, t0 + 600, START, _release_message(START, manual.docs, chair))
    pending: dict[str, Doc] = {}
    for mark in range(2, commits + 1):
        # office hours (08:00-17:00, +07:00), spread evenly from January to 20 November
        day = (mark - 1) * span // 86400 // max(1, commits - 1)
        when = t0 - 3600 + day * 86400 + rng.randint(0, 9 * 3600)
        date = dt.datetime.fromtimestamp(when, dt.timezone(dt.timedelta(hours=7))).date()
        if mark % every == 0 or mark == commits:  # a release
            released = sorted(pending.values(), key=lambda d: d.path)
            for d in released:
                d.edition += 1
                d.issued = date
            msg = _release_message(date, released, chair)
            commit(mark, when, chair, msg, [(d.path, d.render()) for d in released])
            if released or mark == commits:
                tag(mark, when + 60, date, msg)
            pending.clear()
            continue
        targets = rng.sample(editable, rng.randint(1, 3))
        what = ""
        for d in targets:
            what = mutate(d, rng)
            pending[d.path] = d
        author = rng.choice(people)[0]
        codes = ", ".join(d.code for d in targets)
        commit(mark, when, author, f"{codes}: {what}\n\n{rng.choice(V.REVISION_NOTES)}.\n",
               [(d.path, d.render()) for d in targets])
    proc = subprocess.run(["git", "fast-import", "--quiet", "--done"], cwd=out,
                          input=b"".join(stream) + b"done\n", capture_output=True)
    if proc.returncode:
        raise SystemExit(proc.stderr.decode(errors="replace"))
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=out, check=True)


def write(out: Path, n: int, seed: int = 1, commits: int = 0, force: bool = False,
          shape: str = "real") -> Manual:
    """Generate and write the repository (and its history when ``commits`` > 0)."""
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        if not force:
            raise SystemExit(f"{out} exists and is not empty (use --force to replace it)")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    manual = generate(n, seed, shape)
    if commits > 0:
        # Edits are drawn from their own stream so that the files of the first commit do not
        # depend on M.
        write_history(out, manual, commits, random.Random(seed * 7919 + commits))
        return manual
    for path, text in manual.files.items():
        _write(out / path, text)
    for d in manual.docs:
        _write(out / d.path, d.render())
    return manual


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path, help="output folder (created)")
    ap.add_argument("--procedures", "-n", type=int, required=True,
                    help="number of TTHC procedures (N)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--commits", type=int, default=0,
                    help="make OUT a Git repository with this many commits (default: no Git)")
    ap.add_argument("--force", action="store_true", help="replace OUT if it is not empty")
    ap.add_argument("--shape", choices=SHAPES, default="real",
                    help="real: procedures of real size, 5-90 KB (default); small: the earlier "
                         "8-10 KB procedures")
    args = ap.parse_args(argv)
    if args.procedures < 1:
        ap.error("--procedures must be at least 1")
    t = time.perf_counter()
    manual = write(args.out, args.procedures, args.seed, args.commits, args.force, args.shape)
    size = sum(f.stat().st_size for f in args.out.rglob("*") if f.is_file()
               and ".git" not in f.parts)
    print(f"{args.out}: {len(manual.docs) + len(manual.files)} files, "
          f"{sum(d.kind == 'procedure' for d in manual.docs)} procedures, "
          f"{sum(d.kind == 'form' for d in manual.docs)} forms, {size / 1e6:.1f} MB"
          + (f", {args.commits} commits" if args.commits else "")
          + f" in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
