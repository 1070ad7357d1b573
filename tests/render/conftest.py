"""A small repository written as model objects (no YAML): one organisation, a procedure with
its forms and legal basis, a form, a decision and quality objectives."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from qmsdoc.model.config import (
    CalendarSettings,
    Department,
    Organization,
    OutputSettings,
    Person,
    QmsConfig,
    Role,
    Scope,
)
from qmsdoc.model.documents import (
    Decision,
    DossierItem,
    Form,
    LegalRef,
    Objective,
    Objectives,
    PlanAction,
    Procedure,
    RecordItem,
    Step,
)
from qmsdoc.model.duration import parse_duration
from qmsdoc.model.registers import LegalDocument, LegalRegister, TthcCatalogue, TthcEntry
from qmsdoc.model.repository import Repository
from qmsdoc.render.compose import ComposeContext

ISSUED = dt.date(2026, 1, 15)

BODY = """\
## 1. Mục đích

Quy định trình tự đăng ký khai sinh.

## Phạm vi áp dụng

Áp dụng tại UBND xã.

## Lưu ý khi thực hiện

Hồ sơ nhận sau 15 giờ được giải quyết vào ngày làm việc tiếp theo.

## Định nghĩa và chữ viết tắt

- **UBND**: Ủy ban nhân dân.
"""


def config() -> QmsConfig:
    return QmsConfig(
        format_version=1,
        organization=Organization(name="Ủy ban nhân dân xã Hòa Phong", short_name="UBND",
                                  parent="Ủy ban nhân dân thành phố Đà Nẵng", place="Hòa Phong"),
        profile="co-quan-hanh-chinh-xa",
        scope=Scope(statement="Giải quyết TTHC của UBND xã."),
        departments=[Department(id="lanh-dao", name="Lãnh đạo UBND xã", head="chu-tich"),
                     Department(id="tu-phap", name="Bộ phận Tư pháp - Hộ tịch",
                                head="pho-chu-tich")],
        roles=[Role(id="chu-tich", title="Chủ tịch UBND xã", department="lanh-dao"),
               Role(id="pho-chu-tich", title="Phó Chủ tịch UBND xã", department="lanh-dao"),
               Role(id="tu-phap", title="Công chức Tư pháp - Hộ tịch", department="tu-phap"),
               Role(id="mot-cua", title="Công chức Một cửa", department="tu-phap")],
        people=[Person(id="dung", name="Phạm Thị Dung", role="tu-phap"),
                Person(id="binh", name="Trần Thị Bình", role="pho-chu-tich"),
                Person(id="an", name="Nguyễn Văn An", role="chu-tich")],
        calendar=CalendarSettings(hours_per_day=8),
        output=OutputSettings(),
    )


def procedure(**changes: object) -> Procedure:
    fields: dict[str, object] = dict(
        kind="procedure", code="QT-10", title="Quy trình đăng ký khai sinh", edition=2,
        issued=ISSUED, owner="tu-phap", prepared_by="dung", reviewed_by="binh",
        approved_by="an", tthc="1.001193",
        legal_basis=[LegalRef(ref="60/2014/QH13", articles="Điều 13"),
                     LegalRef(ref="123/2015/NĐ-CP")],
        conditions="Không quy định.",
        dossier=[DossierItem(name="Tờ khai đăng ký khai sinh", form="BM-10-01", originals=1),
                 DossierItem(name="Giấy chứng sinh", originals=1)],
        processing_time=parse_duration("01 ngày làm việc"),
        place="Bộ phận Một cửa", fee="Miễn lệ phí", result="Giấy khai sinh",
        steps=[Step(action="Tiếp nhận hồ sơ", responsible=["mot-cua"],
                    duration=parse_duration("1 giờ"), forms=["BM-01"], output="Giấy hẹn"),
               Step(action="Thẩm định, in Giấy khai sinh", responsible=["tu-phap"],
                    duration=parse_duration("0,5 ngày làm việc")),
               Step(action="Ký Giấy khai sinh", responsible=["chu-tich", "pho-chu-tich"],
                    duration=parse_duration("2 giờ")),
               Step(action="Trả kết quả", responsible=["mot-cua"], duration=parse_duration("1 giờ"),
                    forms=["BM-06"])],
        forms=["BM-10-01"],
        records=[RecordItem(name="Sổ đăng ký khai sinh", keeper="tu-phap", retention="Vĩnh viễn")],
        path="quy-trinh/QT-10.md", body=BODY, body_line=60,
    )
    fields.update(changes)
    return Procedure(**fields)  # type: ignore[arg-type]


def form(code: str, title: str) -> Form:
    return Form(kind="form", code=code, title=title, edition=1, issued=ISSUED, owner="tu-phap",
                prepared_by="dung", reviewed_by="binh", approved_by="an",
                path=f"bieu-mau/{code}.md", body=f"## {title.upper()}\n\nHọ và tên: ……\n",
                origin="Mẫu 01, Thông tư 01/2018/TT-VPCP")


def decision(**changes: object) -> Decision:
    fields: dict[str, object] = dict(
        kind="decision", code="QĐ-01", title="Về việc ban hành tài liệu HTQLCL", edition=1,
        issued=dt.date(2026, 1, 5), owner="lanh-dao", prepared_by="dung", reviewed_by="binh",
        approved_by="an", purpose="ban-hanh", number="5/QĐ-UBND", signer="an",
        sign_mode="TM.", recipients=["Như Điều 3", "Lưu: VT"], path="qd/QD-01.md", body="")
    fields.update(changes)
    return Decision(**fields)  # type: ignore[arg-type]


def objectives() -> Objectives:
    return Objectives(
        kind="objectives", code="MTCL-2026", title="Mục tiêu chất lượng năm 2026", edition=1,
        issued=ISSUED, owner="lanh-dao", prepared_by="dung", reviewed_by="binh",
        approved_by="an", year=2026, path="muc-tieu.yaml",
        objectives=[Objective(id="MT1", statement="Giải quyết đúng hạn", indicator="Tỷ lệ",
                              target="≥ 98%", owner="tu-phap",
                              plan=[PlanAction(what="Theo dõi", resources="Phần mềm",
                                               who="tu-phap", when="Hằng ngày",
                                               evaluation="Báo cáo"),
                                    PlanAction(what="Nhắc hạn", resources="Sổ",
                                               who="chu-tich", when="Hằng tuần",
                                               evaluation="Số hồ sơ")])])


def repository(root: Path) -> Repository:
    legal = LegalRegister(kind="legal-register", path="dang-ky/vbpl.yaml", documents=[
        LegalDocument(id="60/2014/QH13", type="Luật", title="Luật Hộ tịch", issuer="Quốc hội",
                      issued=dt.date(2014, 11, 20)),
        LegalDocument(id="123/2015/NĐ-CP", type="Nghị định",
                      title="Quy định chi tiết Luật Hộ tịch", issuer="Chính phủ",
                      issued=dt.date(2015, 11, 15))])
    tthc = TthcCatalogue(kind="tthc-catalogue", path="dang-ky/tthc.yaml", procedures=[
        TthcEntry(code="1.001193", name="Thủ tục đăng ký khai sinh",
                  legal_time=parse_duration("01 ngày làm việc"))])
    return Repository(root=root, config=config(),
                      documents=[procedure(), form("BM-10-01", "Tờ khai đăng ký khai sinh"),
                                 form("BM-01", "Giấy tiếp nhận hồ sơ"),
                                 form("BM-06", "Sổ theo dõi hồ sơ"), decision(), objectives()],
                      registers=[legal, tthc])


@pytest.fixture
def repo(tmp_path: Path) -> Repository:
    return repository(tmp_path)


@pytest.fixture
def ctx(repo: Repository, tmp_path: Path) -> ComposeContext:
    return ComposeContext.create(repo, root=tmp_path)
