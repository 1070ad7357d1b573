"""Real-size TTHC procedures: the shape measured on the 60 published records.

``tests/real/convert.py`` turns each record of ``tests/data/tthc/`` (the same 60 records as
``/work/shared/real/tthc/``) into a procedure file of qmsdoc's format. Measured on those 60 files
(``python -m bench.calibrate``, 2026-12-07):

=================  ====  ====  ====  ====  =====
per procedure       min   p10   p50   p90    max
=================  ====  ====  ====  ====  =====
front matter (KB)   1.9   2.8   6.0  18.2   46.4
YAML lines           47    56    92   207    500
steps                 1     2     6    18     36
dossier items         1     1     4    18     94
legal-basis entries   0     0     2     5     11
cases                 0     0     0     3      5
channels              0     1     3     3      3
longest step (chars) 187   291   414   755  1025
quoted scalars        1     2     6    14     29
=================  ====  ====  ====  ====  =====

The converter writes a stub body (74 bytes); a procedure an agency keeps has a body too
(purpose, scope, references, definitions, notes: the generator's ~2.5 KB plus notes). So a
procedure's size (front matter + body) is drawn from a log-normal fitted to the real front
matter (median 6.0 KB, p90/p50 = 3.0, i.e. sigma ≈ 0.86) plus the body, clamped to the issue's
5–90 KB, and the procedure is grown to that size with what real records are made of: long
dossier items with notes and quoted names, legal bases (numbered, with articles; free citations
without a number are left out, they warn), the applicant's own steps, long multi-line step
descriptions, channels with their time, fee and description, alternative cases with their own
dossier, the four agencies, applicants and result documents.
"""

from __future__ import annotations

import math
import random
from typing import Any

from bench import vocab as V

KB = 1024
MIN_BYTES = 5 * KB  # the range of a real procedure (front matter + body)
MAX_BYTES = 90 * KB
FRONT_MEDIAN = 6.0 * KB  # real front matter, converted (table above)
SIGMA = math.log(18.2 / 6.0) / 1.2816  # p90/p50 of a log-normal: exp(1.2816 sigma)
BODY_SHARE = 0.12  # of the growth beyond the base document, written as body notes

LEVELS = ["Cấp xã", "Cấp xã", "Cấp xã", "Cấp tỉnh", "Cơ quan khác"]
KINDS = ["TTHC được luật giao quy định chi tiết", "TTHC không được luật giao quy định chi tiết"]
APPLICANTS = ["Công dân Việt Nam", "Người Việt Nam định cư ở nước ngoài", "Người nước ngoài",
              "Cán bộ, công chức, viên chức", "Doanh nghiệp", "Tổ chức (không bao gồm doanh "
              "nghiệp, HTX)", "Hợp tác xã", "Tổ chức nước ngoài", "Hộ gia đình"]

# Sentences of the kind real records are made of (written here, not copied from a record).
DETAILS = [
    "Trường hợp hồ sơ chưa đầy đủ, chưa hợp lệ thì trong thời hạn 01 ngày làm việc công chức "
    "tiếp nhận hướng dẫn người nộp hồ sơ bổ sung, hoàn thiện một lần bằng văn bản, nêu rõ lý do",
    "Người tiếp nhận kiểm tra, đối chiếu thông tin của người yêu cầu với Cơ sở dữ liệu quốc gia "
    "về dân cư thông qua thẻ Căn cước hoặc tài khoản định danh điện tử mức độ 2",
    "Trường hợp nộp hồ sơ trực tuyến, người yêu cầu đăng nhập Cổng Dịch vụ công quốc gia, điền "
    "thông tin vào biểu mẫu điện tử tương tác và đính kèm bản chụp hoặc bản điện tử của giấy tờ",
    "Kết quả giải quyết được trả trực tiếp tại Bộ phận Một cửa, qua dịch vụ bưu chính công ích "
    "theo yêu cầu của người nộp hồ sơ hoặc trả bản điện tử vào Kho quản lý dữ liệu điện tử",
    "Trường hợp phải xác minh, cơ quan giải quyết gửi văn bản đề nghị xác minh đến cơ quan có "
    "liên quan; thời gian xác minh không tính vào thời hạn giải quyết nếu pháp luật chuyên ngành "
    "quy định",
    "Hồ sơ không thuộc thẩm quyền giải quyết thì trả lại và hướng dẫn người nộp đến cơ quan có "
    "thẩm quyền; việc từ chối phải được thể hiện bằng Phiếu từ chối tiếp nhận, giải quyết hồ sơ",
    "Công chức thụ lý ghi vào Sổ theo dõi, cập nhật trạng thái hồ sơ trên Hệ thống thông tin giải "
    "quyết thủ tục hành chính để tổ chức, cá nhân tra cứu được tiến độ giải quyết",
    "Lệ phí được nộp trực tiếp bằng tiền mặt, chuyển khoản hoặc thanh toán trực tuyến qua chức "
    "năng thanh toán của Cổng Dịch vụ công quốc gia; biên lai điện tử được gửi kèm kết quả",
    "Trường hợp người yêu cầu là người nước ngoài, giấy tờ do cơ quan có thẩm quyền nước ngoài cấp "
    "phải được hợp pháp hóa lãnh sự và dịch ra tiếng Việt, trừ trường hợp được miễn theo điều ước",
    "Người có thẩm quyền ký kết quả trong thời hạn quy định; trường hợp không đồng ý thì có văn "
    "bản trả lời, nêu rõ lý do và hướng dẫn người yêu cầu thực hiện quyền khiếu nại, khởi kiện",
    "Bản sao giấy tờ nộp kèm là bản sao có chứng thực, bản sao điện tử được chứng thực từ bản "
    "chính hoặc bản chụp kèm bản chính để đối chiếu",
    "Trường hợp ủy quyền, văn bản ủy quyền phải được công chứng hoặc chứng thực theo quy định, trừ "
    "trường hợp người được ủy quyền là ông, bà, cha, mẹ, con, vợ, chồng, anh, chị, em ruột",
]
PAPER_HEADS = [
    "Bản sao Giấy chứng nhận", "Bản chính Tờ khai", "Văn bản cam kết", "Bản sao có chứng thực "
    "Quyết định", "Giấy xác nhận", "Bản kê khai", "Sơ đồ vị trí", "Biên bản họp", "Danh sách",
    "Báo cáo", "Giấy ủy quyền", "Bản sao hợp đồng", "Phiếu lấy ý kiến khu dân cư",
    # Names with a colon or quotes, as the portal writes them: quoted scalars in YAML.
    "Giấy tờ chứng minh quan hệ: giấy khai sinh, giấy chứng nhận kết hôn", 'Mẫu "Tờ khai" số 02',
    "Đơn đề nghị (Mẫu số 01/TK): bản chính",
]
PAPER_TAILS = [
    "của cơ quan có thẩm quyền cấp trong thời hạn 06 tháng tính đến ngày nộp hồ sơ",
    "theo Mẫu số 01 ban hành kèm theo Thông tư hướng dẫn của bộ quản lý chuyên ngành",
    "có xác nhận của người đứng đầu tổ chức và đóng dấu giáp lai",
    "đối với trường hợp thông tin chưa được cập nhật trên cơ sở dữ liệu chuyên ngành",
    "ghi rõ họ tên, chữ ký của người kê khai và ngày, tháng, năm lập",
    "(đối với tổ chức, cá nhân lần đầu thực hiện thủ tục)",
    "kèm bản dịch tiếng Việt có chứng thực chữ ký người dịch",
]
QUOTED = [  # notes that need quoting in YAML (a colon and a space, or a leading quote)
    'Lưu ý: "bản sao" là bản sao có chứng thực hoặc bản sao điện tử',
    '"Bản chính" để đối chiếu, không phải nộp lại',
    'Ghi rõ "Đề nghị cấp lại do bị mất, hỏng" tại mục Lý do',
    'Mục "Nơi cư trú" ghi theo thông tin trên thẻ Căn cước',
    "Đánh dấu vào ô 'Nhận kết quả qua bưu chính' nếu có yêu cầu",
    'Theo mẫu: "Tờ khai" kèm theo Thông tư; không viết tắt, không tẩy xóa',
]
AGENCIES = {
    "performing": "Ủy ban nhân dân cấp xã",
    "competent": "Chủ tịch Ủy ban nhân dân phường {place}",
    "delegated": "Trung tâm Phục vụ hành chính công phường {place}",
    "cooperating": "Công an phường {place}; cơ quan bảo hiểm xã hội; Sở {field_lower} {city}",
}
APPLICANT_STEPS = [
    "Người nộp hồ sơ chuẩn bị hồ sơ theo quy định, kê khai đầy đủ thông tin vào tờ khai hoặc "
    "biểu mẫu điện tử tương tác và nộp hồ sơ theo một trong các cách thức: trực tiếp tại Trung "
    "tâm Phục vụ hành chính công, qua dịch vụ bưu chính công ích hoặc trực tuyến",
    "Người nộp hồ sơ bổ sung, hoàn thiện hồ sơ theo Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ trong "
    "thời hạn được hướng dẫn; quá thời hạn mà không bổ sung thì hồ sơ được trả lại",
    "Người nộp hồ sơ nộp phí, lệ phí (nếu có) và nhận Giấy tiếp nhận hồ sơ và hẹn trả kết quả; "
    "theo dõi tình trạng giải quyết hồ sơ bằng mã hồ sơ trên Cổng Dịch vụ công",
    "Người nộp hồ sơ nhận kết quả tại nơi nộp hồ sơ, qua dịch vụ bưu chính hoặc nhận bản điện tử; "
    "kiểm tra thông tin trên kết quả và đề nghị đính chính ngay nếu có sai sót",
]
CHANNEL_NOTES = {
    "truc-tiep": "Nộp hồ sơ trực tiếp tại Trung tâm Phục vụ hành chính công trong giờ hành chính "
                 "các ngày làm việc trong tuần (sáng thứ Bảy tiếp nhận theo lịch của Trung tâm)",
    "truc-tuyen": "Nộp hồ sơ trực tuyến qua Cổng Dịch vụ công quốc gia; kết quả điện tử có giá "
                  "trị pháp lý như bản giấy và được lưu vào Kho quản lý dữ liệu điện tử",
    "buu-chinh": "Nộp hồ sơ và nhận kết quả qua dịch vụ bưu chính công ích; người nộp hồ sơ trả "
                 "cước dịch vụ theo giá của doanh nghiệp bưu chính",
}


def target_bytes(rng: random.Random, base_body: int) -> int:
    """A procedure's size (front matter + body), drawn from the calibrated distribution."""
    front = rng.lognormvariate(math.log(FRONT_MEDIAN), SIGMA)
    return int(min(MAX_BYTES, max(MIN_BYTES, front + base_body)))


def _sentence(rng: random.Random, k: int) -> str:
    return "; ".join(s[0].lower() + s[1:] if i else s
                     for i, s in enumerate(rng.sample(DETAILS, k))) + "."


def _paper(rng: random.Random, papers: list[str]) -> dict[str, Any]:
    if rng.random() < 0.3:
        name = rng.choice(papers)
    else:
        name = f"{rng.choice(PAPER_HEADS)} {rng.choice(PAPER_TAILS)}"
    item: dict[str, Any] = {"name": name}
    r = rng.random()
    if r < 0.45:
        item["originals"] = 1
    elif r < 0.8:
        item["copies"] = rng.randint(1, 3)
    if rng.random() < 0.6:
        item["note"] = rng.choice(QUOTED) if rng.random() < 0.6 else _sentence(rng, 1)
    return item


def enrich(spec: dict[str, Any], rng: random.Random, f: dict[str, Any], org: Any,
           days: int) -> None:
    """The fields every real record has, sized like the real ones (no growth yet)."""
    fill = {"place": org.place, "city": org.city, "field": f["name"],
            "field_lower": f["name"].lower()}
    spec["level"] = rng.choice(LEVELS)
    spec["procedure_type"] = rng.choice(KINDS)
    spec["field"] = f["name"]
    spec["applicants"] = ", ".join(rng.sample(APPLICANTS, rng.randint(1, 5)))
    spec["agencies"] = {k: v.format(**fill) for k, v in AGENCIES.items()
                        if k == "performing" or rng.random() < 0.6}
    spec["results"] = [{"name": spec["result"], "code": f"KQ{rng.randint(1, 99999):05d}"}]
    fee = "Miễn phí" if "Không thu" in f["fee"] or "Miễn" in f["fee"] else \
        f"{rng.choice([10, 20, 30, 50, 100])}.000 đồng"
    chans = rng.sample(sorted(CHANNEL_NOTES), rng.choices([1, 2, 3], [10, 25, 65])[0])
    spec["channels"] = [{"channel": c, "processing_time": f"{days:02d} ngày làm việc",
                         "fee": fee, "note": CHANNEL_NOTES[c]} for c in sorted(chans)]
    for item in spec["dossier"]:  # real dossiers quote form names and wordings
        if "note" not in item and rng.random() < 0.6:
            item["note"] = rng.choice(QUOTED)


def grow(spec: dict[str, Any], rng: random.Random, f: dict[str, Any], deficit: int) -> None:
    """Add about ``deficit`` bytes of real-record content to a procedure's spec."""
    added = 0
    while added < deficit:
        kind = rng.choices(["dossier", "legal", "applicant", "detail", "case", "body"],
                           [34, 6, 6, 24, 5, 100 * BODY_SHARE])[0]
        if kind == "dossier":
            item = _paper(rng, f["papers"])
            spec["dossier"].insert(-1, item)
            added += len(item["name"]) + len(item.get("note", "")) + 40
        elif kind == "legal":
            # Numbered documents of the legal register only: a free citation (no number) is a
            # warning (QMS313), and the generated manual checks clean.
            cited = {r for r, _ in spec["legal_basis"]}
            pool = [law[0] for law in V.COMMON_LAWS + f["laws"] if law[0] not in cited]
            if pool:
                a = rng.randint(2, 90)
                spec["legal_basis"].append((rng.choice(pool), f"Điều {a}, khoản "
                                            f"{rng.randint(1, 5)} Điều {a + 1}"))
                added += 60
        elif kind == "applicant" and sum("actor" in s for s in spec["steps"]) < 8:
            text = rng.choice(APPLICANT_STEPS)
            if rng.random() < 0.5:
                text += "; " + _sentence(rng, 1)
            pos = rng.choice([0, 1, len(spec["steps"]) - 1, len(spec["steps"])])
            spec["steps"].insert(pos, {"action": text, "actor": "nguoi-nop-ho-so"})
            added += len(text) + 40
        elif kind == "detail":
            steps = [s for s in spec["steps"]
                     if "actor" not in s and len(s.get("detail", "")) < 900]
            if steps:
                st = rng.choice(steps)
                extra = _sentence(rng, rng.randint(1, 2))
                # Kept apart from the action, which history edits re-phrase.
                st["detail"] = (st.get("detail", "") + " " + extra).strip()
                added += len(extra) + 2
        elif kind == "case" and len(spec.get("cases", [])) < 5:
            cases = spec.setdefault("cases", [])
            q = rng.choice(V.QUALIFIERS).strip(" ()")
            cases.append({"id": f"th-{len(cases) + 1}", "name": q[0].upper() + q[1:],
                          "processing_time": spec["processing_time"],
                          "dossier": [_paper(rng, f["papers"])
                                      for _ in range(rng.randint(1, 4))]})
            added += 120 + sum(len(d["name"]) + len(d.get("note", "")) + 40
                               for d in cases[-1]["dossier"])
        elif kind == "body":
            text = _sentence(rng, rng.randint(2, 4))
            spec["body"]["notes"].append(text)
            added += len(text) + 4
