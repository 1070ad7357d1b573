"""Vietnamese vocabulary for the benchmark generator (bench/generate.py).

Everything here is illustrative data for load tests: procedure names, legal document numbers,
dates and statuses are plausible but are NOT checked against the official registers and must
never be used as a legal basis. Plain data only (lists and tuples), so the generator stays
deterministic: it draws from these lists with a seeded ``random.Random``.
"""

from __future__ import annotations

# (id, type, title, issuer, issued, effective)
Law = tuple[str, str, str, str, str, str]

#: Legal documents every administrative procedure rests on (one-stop mechanism, e-services, fees).
COMMON_LAWS: list[Law] = [
    ("118/2025/NĐ-CP", "Nghị định",
     "Về thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông tại Bộ phận Một "
     "cửa và Cổng Dịch vụ công quốc gia", "Chính phủ", "2025-06-09", "2025-07-01"),
    ("01/2018/TT-VPCP", "Thông tư",
     "Hướng dẫn thi hành một số quy định của Nghị định số 61/2018/NĐ-CP về thực hiện cơ chế một "
     "cửa, một cửa liên thông trong giải quyết thủ tục hành chính", "Văn phòng Chính phủ",
     "2018-11-23", "2019-01-08"),
    ("45/2020/NĐ-CP", "Nghị định", "Về thực hiện thủ tục hành chính trên môi trường điện tử",
     "Chính phủ", "2020-04-08", "2020-05-22"),
    ("85/2019/TT-BTC", "Thông tư",
     "Hướng dẫn về phí và lệ phí thuộc thẩm quyền quyết định của Hội đồng nhân dân tỉnh, thành "
     "phố trực thuộc Trung ương", "Bộ Tài chính", "2019-11-29", "2020-01-01"),
    ("72/2025/QH15", "Luật", "Luật Tổ chức chính quyền địa phương", "Quốc hội", "2025-06-16",
     "2025-07-01"),
]

#: Documents of the QMS itself (decision 19/2014 as amended, records, archives).
SYSTEM_LAWS: list[Law] = [
    ("101/2018/QĐ-TTg", "Quyết định",
     "Sửa đổi, bổ sung một số điều của Quyết định số 19/2014/QĐ-TTg để áp dụng Tiêu chuẩn quốc "
     "gia TCVN ISO 9001:2015", "Thủ tướng Chính phủ", "2018-12-21", "2019-02-15"),
    ("30/2020/NĐ-CP", "Nghị định", "Về công tác văn thư", "Chính phủ", "2020-03-05",
     "2020-03-05"),
    ("33/2024/QH15", "Luật", "Luật Lưu trữ", "Quốc hội", "2024-06-21", "2025-07-01"),
]

#: Amended originals (status amended, amended_by the second id) and replaced ones (status
#: replaced, replaced_by the second id). Procedures never cite the replaced ones.
AMENDED: list[tuple[Law, str]] = [
    (("19/2014/QĐ-TTg", "Quyết định",
      "Về việc áp dụng Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001:2008 "
      "vào hoạt động của các cơ quan, tổ chức thuộc hệ thống hành chính nhà nước",
      "Thủ tướng Chính phủ", "2014-03-05", "2014-04-20"), "101/2018/QĐ-TTg"),
]
REPLACED: list[tuple[Law, str, str]] = [
    (("61/2018/NĐ-CP", "Nghị định",
      "Về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính",
      "Chính phủ", "2018-04-23", "2018-06-21"), "118/2025/NĐ-CP", "2025-07-01"),
    (("01/2011/QH13", "Luật", "Luật Lưu trữ", "Quốc hội", "2011-11-11", "2012-07-01"),
     "33/2024/QH15", "2025-07-01"),
    (("77/2015/QH13", "Luật", "Luật Tổ chức chính quyền địa phương", "Quốc hội", "2015-06-19",
      "2016-01-01"), "72/2025/QH15", "2025-07-01"),
]

#: Departments of a ward People's Committee after the 2025 reorganisation: id, name, head role.
DEPARTMENTS = [
    ("lanh-dao", "Lãnh đạo Ủy ban nhân dân phường", "chu-tich"),
    ("van-phong", "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường", "chanh-van-phong"),
    ("kinh-te", "Phòng Kinh tế, Hạ tầng và Đô thị", "truong-phong-kinh-te"),
    ("van-hoa-xa-hoi", "Phòng Văn hóa - Xã hội", "truong-phong-van-hoa-xa-hoi"),
    ("phuc-vu-hcc", "Trung tâm Phục vụ hành chính công phường", "giam-doc-phuc-vu-hcc"),
    ("tu-phap", "Bộ phận Tư pháp - Hộ tịch", "pho-chu-tich-van-hoa-xa-hoi"),
]

#: Roles present whatever the fields: id, title, department.
CORE_ROLES = [
    ("chu-tich", "Chủ tịch Ủy ban nhân dân phường", "lanh-dao"),
    ("pho-chu-tich-kinh-te", "Phó Chủ tịch Ủy ban nhân dân phường phụ trách kinh tế", "lanh-dao"),
    ("pho-chu-tich-van-hoa-xa-hoi",
     "Phó Chủ tịch Ủy ban nhân dân phường phụ trách văn hóa - xã hội", "lanh-dao"),
    ("chanh-van-phong", "Chánh Văn phòng HĐND và UBND phường", "van-phong"),
    ("truong-phong-kinh-te", "Trưởng phòng Kinh tế, Hạ tầng và Đô thị", "kinh-te"),
    ("truong-phong-van-hoa-xa-hoi", "Trưởng phòng Văn hóa - Xã hội", "van-hoa-xa-hoi"),
    ("giam-doc-phuc-vu-hcc", "Giám đốc Trung tâm Phục vụ hành chính công phường", "phuc-vu-hcc"),
    ("cong-chuc-mot-cua", "Công chức tiếp nhận và trả kết quả tại Trung tâm Phục vụ hành chính "
     "công", "phuc-vu-hcc"),
    ("van-thu", "Văn thư - Lưu trữ UBND phường", "van-phong"),
    ("thu-ky-htqlcl", "Công chức Văn phòng - Thống kê (thư ký HTQLCL)", "van-phong"),
    ("ke-toan", "Công chức Tài chính - Kế toán", "van-phong"),
]

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
            "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Trương", "Đinh", "Lâm", "Mai"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Ngọc", "Thanh", "Quốc", "Đức", "Thu", "Kim", "Xuân",
          "Công", "Bảo", "Phương", "Hoài"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Hải", "Hoa", "Khoa", "Lan", "Long", "Mai", "Nam",
         "Nga", "Phúc", "Quang", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vy", "Yến", "Hùng",
         "Hương", "Linh", "Hạnh", "Tùng", "Dũng", "Hiền", "Thắng", "Loan", "Nhân", "Oanh"]

PLACE_NAMES = ["Hòa Minh", "Thanh Khê", "An Hải", "Ngũ Hành Sơn", "Hòa Xuân", "Cẩm Lệ",
               "Liên Chiểu", "Hải Châu", "Sơn Trà", "Hòa Khánh"]
CITIES = ["thành phố Đà Nẵng", "thành phố Huế", "tỉnh Quảng Ngãi", "tỉnh Khánh Hòa"]

# A field (lĩnh vực) of administrative procedures.
#   key, name, department, staff role (id, title), approving leader role, processing days,
#   verbs, objects (noun phrase, what the applicant receives), dossier papers specific to the
#   field, retention of the file, fee, laws (in force; the first is amended by the second when
#   ``amended`` is set), the body handling complaints or checks on site.
FIELDS: list[dict] = [
    {
        "key": "ho-tich", "name": "Hộ tịch", "dept": "tu-phap",
        "role": ("cong-chuc-tu-phap", "Công chức Tư pháp - Hộ tịch"),
        "leader": "pho-chu-tich-van-hoa-xa-hoi", "days": [1, 3, 5, 8],
        "names": [
            "đăng ký khai sinh", "đăng ký kết hôn", "đăng ký khai tử",
            "đăng ký nhận cha, mẹ, con", "đăng ký giám hộ", "đăng ký chấm dứt giám hộ",
            "thay đổi, cải chính, bổ sung thông tin hộ tịch",
            "cấp Giấy xác nhận tình trạng hôn nhân", "cấp bản sao Trích lục hộ tịch",
            "đăng ký lại khai sinh", "đăng ký lại kết hôn", "đăng ký lại khai tử",
            "đăng ký khai sinh kết hợp nhận cha, mẹ, con",
            "đăng ký khai sinh cho người đã có hồ sơ, giấy tờ cá nhân",
            "đăng ký khai sinh lưu động", "đăng ký kết hôn lưu động", "đăng ký khai tử lưu động",
            "liên thông đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em "
            "dưới 6 tuổi",
            "liên thông đăng ký khai tử, xóa đăng ký thường trú, hưởng chế độ tử tuất",
        ],
        "result": "Trích lục hộ tịch hoặc giấy tờ hộ tịch (bản chính)",
        "papers": ["Giấy tờ tùy thân của người yêu cầu (xuất trình)",
                   "Giấy chứng sinh hoặc văn bản của người làm chứng xác nhận về việc sinh",
                   "Giấy tờ chứng minh nơi cư trú (trường hợp chưa khai thác được từ Cơ sở dữ "
                   "liệu quốc gia về dân cư)",
                   "Bản án, quyết định của Tòa án đã có hiệu lực pháp luật (nếu có)"],
        "retention": "Vĩnh viễn",
        "fee": "Miễn lệ phí đối với trường hợp đăng ký đúng hạn; các trường hợp khác thu lệ phí "
               "theo Nghị quyết của Hội đồng nhân dân {city} về phí, lệ phí.",
        "laws": [
            ("60/2014/QH13", "Luật", "Luật Hộ tịch", "Quốc hội", "2014-11-20", "2016-01-01"),
            ("123/2015/NĐ-CP", "Nghị định",
             "Quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch", "Chính phủ",
             "2015-11-15", "2016-01-01"),
            ("07/2025/NĐ-CP", "Nghị định",
             "Sửa đổi, bổ sung một số điều của các Nghị định trong lĩnh vực hộ tịch, quốc tịch, "
             "chứng thực", "Chính phủ", "2025-01-09", "2025-02-25"),
            ("04/2020/TT-BTP", "Thông tư",
             "Quy định chi tiết thi hành một số điều của Luật Hộ tịch và Nghị định số "
             "123/2015/NĐ-CP", "Bộ Tư pháp", "2020-05-28", "2020-07-16"),
        ],
        "amended": ("123/2015/NĐ-CP", "07/2025/NĐ-CP"),
        "replaced": [("15/2015/TT-BTP", "Thông tư",
                      "Quy định chi tiết thi hành một số điều của Luật Hộ tịch và Nghị định số "
                      "123/2015/NĐ-CP", "Bộ Tư pháp", "2015-11-16", "2016-01-01",
                      "04/2020/TT-BTP", "2020-07-16")],
    },
    {
        "key": "chung-thuc", "name": "Chứng thực", "dept": "tu-phap",
        "role": ("cong-chuc-tu-phap", "Công chức Tư pháp - Hộ tịch"),
        "leader": "pho-chu-tich-van-hoa-xa-hoi", "days": [1, 2, 3],
        "verbs": ["Chứng thực", "Sửa lỗi sai sót trong"],
        "objects": [("bản sao từ bản chính giấy tờ, văn bản", "Bản sao đã chứng thực"),
                    ("chữ ký trong các giấy tờ, văn bản", "Giấy tờ, văn bản đã chứng thực chữ ký"),
                    ("hợp đồng, giao dịch liên quan đến tài sản là động sản",
                     "Hợp đồng, giao dịch đã được chứng thực"),
                    ("hợp đồng, giao dịch liên quan đến thực hiện quyền của người sử dụng đất",
                     "Hợp đồng, giao dịch đã được chứng thực"),
                    ("văn bản thỏa thuận phân chia di sản", "Văn bản đã được chứng thực"),
                    ("văn bản khai nhận di sản", "Văn bản đã được chứng thực"),
                    ("di chúc", "Di chúc đã được chứng thực"),
                    ("chữ ký người dịch", "Bản dịch đã chứng thực chữ ký người dịch")],
        "papers": ["Bản chính giấy tờ, văn bản làm cơ sở để chứng thực",
                   "Giấy tờ tùy thân còn giá trị sử dụng của người yêu cầu chứng thực (xuất "
                   "trình)",
                   "Dự thảo hợp đồng, giao dịch (trường hợp chứng thực hợp đồng, giao dịch)"],
        "retention": "20 năm",
        "fee": "Thu phí chứng thực theo Thông tư số 226/2016/TT-BTC của Bộ Tài chính.",
        "laws": [
            ("23/2015/NĐ-CP", "Nghị định",
             "Về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính, chứng thực chữ ký và "
             "chứng thực hợp đồng, giao dịch", "Chính phủ", "2015-02-16", "2015-04-10"),
            ("01/2020/TT-BTP", "Thông tư",
             "Quy định chi tiết và hướng dẫn thi hành một số điều của Nghị định số "
             "23/2015/NĐ-CP", "Bộ Tư pháp", "2020-03-03", "2020-04-20"),
            ("226/2016/TT-BTC", "Thông tư",
             "Quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí chứng thực",
             "Bộ Tài chính", "2016-11-11", "2017-01-01"),
        ],
        "amended": ("23/2015/NĐ-CP", "07/2025/NĐ-CP"),
        "replaced": [("20/2015/TT-BTP", "Thông tư",
                      "Quy định chi tiết một số điều và biện pháp thi hành Nghị định số "
                      "23/2015/NĐ-CP", "Bộ Tư pháp", "2015-12-29", "2016-02-16",
                      "01/2020/TT-BTP", "2020-04-20")],
    },
    {
        "key": "dat-dai", "name": "Đất đai", "dept": "kinh-te",
        "role": ("cong-chuc-dia-chinh", "Công chức Địa chính - Nông nghiệp - Xây dựng"),
        "leader": "pho-chu-tich-kinh-te", "days": [10, 15, 20, 30],
        "verbs": ["Đăng ký", "Xác nhận", "Giải quyết", "Cho ý kiến về"],
        "objects": [("biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
                     "Giấy chứng nhận đã xác nhận biến động"),
                    ("nguồn gốc, thời điểm sử dụng đất", "Văn bản xác nhận"),
                    ("hiện trạng sử dụng đất và sự phù hợp với quy hoạch", "Văn bản xác nhận"),
                    ("tranh chấp đất đai thuộc thẩm quyền hòa giải cấp xã",
                     "Biên bản hòa giải thành hoặc không thành"),
                    ("chuyển mục đích sử dụng đất nông nghiệp trong khu dân cư",
                     "Văn bản trả lời của UBND phường"),
                    ("gia hạn sử dụng đất nông nghiệp của hộ gia đình, cá nhân",
                     "Văn bản xác nhận gia hạn"),
                    ("đất đai lần đầu đối với hộ gia đình, cá nhân", "Phiếu chuyển hồ sơ")],
        "papers": ["Đơn đăng ký, đề nghị theo mẫu",
                   "Giấy chứng nhận quyền sử dụng đất đã cấp (bản gốc)",
                   "Trích lục bản đồ địa chính hoặc trích đo địa chính thửa đất",
                   "Giấy tờ về quyền sử dụng đất quy định tại Điều 137 Luật Đất đai (nếu có)",
                   "Chứng từ thực hiện nghĩa vụ tài chính (nếu có)"],
        "retention": "Vĩnh viễn",
        "fee": "Lệ phí, phí thẩm định hồ sơ theo Nghị quyết của Hội đồng nhân dân {city}.",
        "laws": [
            ("31/2024/QH15", "Luật", "Luật Đất đai", "Quốc hội", "2024-01-18", "2024-08-01"),
            ("101/2024/NĐ-CP", "Nghị định",
             "Quy định về điều tra cơ bản đất đai; đăng ký, cấp Giấy chứng nhận quyền sử dụng "
             "đất, quyền sở hữu tài sản gắn liền với đất và Hệ thống thông tin đất đai",
             "Chính phủ", "2024-07-29", "2024-08-01"),
            ("102/2024/NĐ-CP", "Nghị định", "Quy định chi tiết thi hành một số điều của Luật "
             "Đất đai", "Chính phủ", "2024-07-30", "2024-08-01"),
            ("151/2025/NĐ-CP", "Nghị định",
             "Quy định về phân định thẩm quyền của chính quyền địa phương 02 cấp, phân quyền, "
             "phân cấp trong lĩnh vực đất đai", "Chính phủ", "2025-06-12", "2025-07-01"),
        ],
        "amended": ("102/2024/NĐ-CP", "151/2025/NĐ-CP"),
        "replaced": [("43/2014/NĐ-CP", "Nghị định",
                      "Quy định chi tiết thi hành một số điều của Luật Đất đai", "Chính phủ",
                      "2014-05-15", "2014-07-01", "102/2024/NĐ-CP", "2024-08-01")],
    },
    {
        "key": "xay-dung", "name": "Xây dựng", "dept": "kinh-te",
        "role": ("cong-chuc-xay-dung", "Công chức Địa chính - Xây dựng - Đô thị"),
        "leader": "pho-chu-tich-kinh-te", "days": [7, 10, 15, 20],
        "verbs": ["Cấp", "Điều chỉnh", "Gia hạn", "Cấp lại"],
        "objects": [("giấy phép xây dựng nhà ở riêng lẻ", "Giấy phép xây dựng"),
                    ("giấy phép sửa chữa, cải tạo nhà ở riêng lẻ", "Giấy phép sửa chữa, cải tạo"),
                    ("giấy phép di dời công trình", "Giấy phép di dời công trình"),
                    ("giấy phép xây dựng có thời hạn", "Giấy phép xây dựng có thời hạn"),
                    ("giấy phép xây dựng công trình tín ngưỡng", "Giấy phép xây dựng"),
                    ("giấy phép xây dựng công trình quảng cáo", "Giấy phép xây dựng")],
        "papers": ["Đơn đề nghị cấp giấy phép theo mẫu",
                   "Bản sao giấy tờ chứng minh quyền sử dụng đất",
                   "Hai bộ bản vẽ thiết kế xây dựng (mặt bằng, mặt cắt, mặt đứng, móng)",
                   "Cam kết bảo đảm an toàn đối với công trình liền kề (nếu có)"],
        "retention": "Vĩnh viễn",
        "fee": "Lệ phí cấp giấy phép xây dựng theo Nghị quyết của Hội đồng nhân dân {city}.",
        "laws": [
            ("50/2014/QH13", "Luật", "Luật Xây dựng", "Quốc hội", "2014-06-18", "2015-01-01"),
            ("62/2020/QH14", "Luật", "Luật sửa đổi, bổ sung một số điều của Luật Xây dựng",
             "Quốc hội", "2020-06-17", "2021-01-01"),
            ("175/2024/NĐ-CP", "Nghị định",
             "Quy định chi tiết một số điều và biện pháp thi hành Luật Xây dựng về quản lý hoạt "
             "động xây dựng", "Chính phủ", "2024-12-30", "2024-12-30"),
        ],
        "amended": ("50/2014/QH13", "62/2020/QH14"),
        "replaced": [("15/2021/NĐ-CP", "Nghị định",
                      "Quy định chi tiết một số nội dung về quản lý dự án đầu tư xây dựng",
                      "Chính phủ", "2021-03-03", "2021-03-03", "175/2024/NĐ-CP", "2024-12-30")],
    },
    {
        "key": "ho-kinh-doanh", "name": "Thành lập và hoạt động của hộ kinh doanh",
        "dept": "kinh-te", "role": ("cong-chuc-kinh-te", "Công chức phụ trách đăng ký kinh doanh"),
        "leader": "pho-chu-tich-kinh-te", "days": [3, 5],
        "verbs": ["Đăng ký", "Đăng ký thay đổi nội dung", "Tạm ngừng", "Chấm dứt", "Cấp lại"],
        "objects": [("hoạt động hộ kinh doanh", "Giấy chứng nhận đăng ký hộ kinh doanh"),
                    ("hoạt động địa điểm kinh doanh của hộ kinh doanh",
                     "Giấy xác nhận về việc đăng ký"),
                    ("Giấy chứng nhận đăng ký hộ kinh doanh",
                     "Giấy chứng nhận đăng ký hộ kinh doanh")],
        "papers": ["Giấy đề nghị đăng ký hộ kinh doanh theo mẫu",
                   "Bản sao biên bản họp thành viên hộ gia đình về việc thành lập hộ kinh doanh",
                   "Bản sao văn bản ủy quyền của thành viên hộ gia đình (nếu có)",
                   "Hợp đồng thuê địa điểm kinh doanh (nếu có)"],
        "retention": "10 năm",
        "fee": "Lệ phí đăng ký hộ kinh doanh theo Nghị quyết của Hội đồng nhân dân {city}.",
        "laws": [
            ("59/2020/QH14", "Luật", "Luật Doanh nghiệp", "Quốc hội", "2020-06-17", "2021-01-01"),
            ("168/2025/NĐ-CP", "Nghị định", "Về đăng ký doanh nghiệp", "Chính phủ",
             "2025-06-30", "2025-07-01"),
            ("76/2025/QH15", "Luật", "Luật sửa đổi, bổ sung một số điều của Luật Doanh nghiệp",
             "Quốc hội", "2025-06-17", "2025-07-01"),
        ],
        "amended": ("59/2020/QH14", "76/2025/QH15"),
        "replaced": [("01/2021/NĐ-CP", "Nghị định", "Về đăng ký doanh nghiệp", "Chính phủ",
                      "2021-01-04", "2021-01-04", "168/2025/NĐ-CP", "2025-07-01")],
    },
    {
        "key": "bao-tro-xa-hoi", "name": "Bảo trợ xã hội", "dept": "van-hoa-xa-hoi",
        "role": ("cong-chuc-lao-dong-xa-hoi", "Công chức Văn hóa - Xã hội phụ trách lao động, "
                 "thương binh và xã hội"),
        "leader": "pho-chu-tich-van-hoa-xa-hoi", "days": [7, 10, 15, 20],
        "verbs": ["Thực hiện", "Điều chỉnh", "Thôi hưởng", "Giải quyết"],
        "objects": [("trợ cấp xã hội hằng tháng đối với đối tượng bảo trợ xã hội",
                     "Quyết định của Chủ tịch UBND phường"),
                    ("hỗ trợ kinh phí chăm sóc, nuôi dưỡng đối tượng cần bảo vệ khẩn cấp",
                     "Quyết định hỗ trợ"),
                    ("trợ giúp xã hội khẩn cấp về hỗ trợ chi phí mai táng",
                     "Quyết định hỗ trợ chi phí mai táng"),
                    ("chế độ đối với người khuyết tật", "Quyết định trợ cấp"),
                    ("hỗ trợ làm nhà ở, sửa chữa nhà ở cho hộ nghèo",
                     "Quyết định phê duyệt danh sách hỗ trợ"),
                    ("xác định, xác định lại mức độ khuyết tật", "Giấy xác nhận khuyết tật")],
        "papers": ["Tờ khai đề nghị trợ giúp xã hội theo mẫu",
                   "Bản sao giấy khai sinh của trẻ em hoặc giấy tờ chứng minh đối tượng",
                   "Giấy xác nhận khuyết tật (trường hợp là người khuyết tật)",
                   "Bản sao sổ hộ nghèo hoặc xác nhận hộ nghèo (nếu có)"],
        "retention": "20 năm",
        "fee": "Không thu phí, lệ phí.",
        "laws": [
            ("20/2021/NĐ-CP", "Nghị định", "Quy định chính sách trợ giúp xã hội đối với đối "
             "tượng bảo trợ xã hội", "Chính phủ", "2021-03-15", "2021-07-01"),
            ("76/2024/NĐ-CP", "Nghị định", "Sửa đổi, bổ sung một số điều của Nghị định số "
             "20/2021/NĐ-CP", "Chính phủ", "2024-07-01", "2024-07-01"),
            ("51/2010/QH12", "Luật", "Luật Người khuyết tật", "Quốc hội", "2010-06-17",
             "2011-01-01"),
            ("02/2021/TT-BLĐTBXH", "Thông tư", "Hướng dẫn thực hiện một số điều của Nghị định "
             "số 20/2021/NĐ-CP", "Bộ Lao động - Thương binh và Xã hội", "2021-06-24",
             "2021-08-09"),
        ],
        "amended": ("20/2021/NĐ-CP", "76/2024/NĐ-CP"),
        "replaced": [("136/2013/NĐ-CP", "Nghị định", "Quy định chính sách trợ giúp xã hội đối "
                      "với đối tượng bảo trợ xã hội", "Chính phủ", "2013-10-21", "2014-01-01",
                      "20/2021/NĐ-CP", "2021-07-01")],
    },
    {
        "key": "nguoi-co-cong", "name": "Người có công", "dept": "van-hoa-xa-hoi",
        "role": ("cong-chuc-lao-dong-xa-hoi", "Công chức Văn hóa - Xã hội phụ trách lao động, "
                 "thương binh và xã hội"),
        "leader": "pho-chu-tich-van-hoa-xa-hoi", "days": [5, 7, 10, 12],
        "verbs": ["Giải quyết", "Xác nhận", "Đề nghị"],
        "objects": [("chế độ mai táng phí đối với người có công với cách mạng",
                     "Văn bản đề nghị kèm hồ sơ"),
                    ("trợ cấp một lần đối với thân nhân người có công",
                     "Văn bản đề nghị kèm hồ sơ"),
                    ("hỗ trợ cải thiện nhà ở đối với người có công", "Danh sách đề nghị hỗ trợ"),
                    ("cấp giấy giới thiệu đi thăm viếng mộ liệt sĩ", "Giấy giới thiệu"),
                    ("chế độ điều dưỡng phục hồi sức khỏe", "Danh sách đề nghị điều dưỡng")],
        "papers": ["Đơn đề nghị theo mẫu",
                   "Bản sao giấy chứng tử hoặc trích lục khai tử (nếu có)",
                   "Bản sao giấy tờ chứng minh là thân nhân người có công",
                   "Giấy ủy quyền của các thân nhân (trường hợp nhiều người cùng hưởng)"],
        "retention": "Vĩnh viễn",
        "fee": "Không thu phí, lệ phí.",
        "laws": [
            ("02/2020/UBTVQH14", "Pháp lệnh", "Pháp lệnh Ưu đãi người có công với cách mạng",
             "Ủy ban Thường vụ Quốc hội", "2020-12-09", "2021-07-01"),
            ("131/2021/NĐ-CP", "Nghị định", "Quy định chi tiết và biện pháp thi hành Pháp lệnh "
             "Ưu đãi người có công với cách mạng", "Chính phủ", "2021-12-30", "2022-02-15"),
        ],
        "replaced": [("31/2013/NĐ-CP", "Nghị định", "Quy định chi tiết, hướng dẫn thi hành một "
                      "số điều của Pháp lệnh ưu đãi người có công với cách mạng", "Chính phủ",
                      "2013-04-09", "2013-06-01", "131/2021/NĐ-CP", "2022-02-15")],
    },
    {
        "key": "lao-dong", "name": "Lao động, việc làm", "dept": "van-hoa-xa-hoi",
        "role": ("cong-chuc-lao-dong-xa-hoi", "Công chức Văn hóa - Xã hội phụ trách lao động, "
                 "thương binh và xã hội"),
        "leader": "pho-chu-tich-van-hoa-xa-hoi", "days": [3, 5, 7],
        "verbs": ["Xác nhận", "Tiếp nhận", "Đăng ký"],
        "objects": [("hộ gia đình làm nông nghiệp, lâm nghiệp có mức sống trung bình",
                     "Giấy xác nhận"),
                    ("thông báo tìm kiếm việc làm của người hưởng trợ cấp thất nghiệp",
                     "Phiếu tiếp nhận"),
                    ("hợp đồng lao động với người giúp việc gia đình", "Văn bản tiếp nhận"),
                    ("danh sách hộ nghèo, hộ cận nghèo phát sinh trong năm",
                     "Giấy chứng nhận hộ nghèo, hộ cận nghèo")],
        "papers": ["Giấy đề nghị theo mẫu",
                   "Bản sao sổ hộ khẩu hoặc thông tin cư trú",
                   "Phiếu thu thập thông tin hộ gia đình (nếu có)"],
        "retention": "10 năm",
        "fee": "Không thu phí, lệ phí.",
        "laws": [
            ("45/2019/QH14", "Luật", "Bộ luật Lao động", "Quốc hội", "2019-11-20", "2021-01-01"),
            ("74/2025/QH15", "Luật", "Luật Việc làm", "Quốc hội", "2025-06-16", "2026-01-01"),
            ("07/2021/NĐ-CP", "Nghị định", "Quy định chuẩn nghèo đa chiều giai đoạn 2021 - "
             "2025", "Chính phủ", "2021-01-27", "2021-03-15"),
        ],
        "replaced": [("38/2013/QH13", "Luật", "Luật Việc làm", "Quốc hội", "2013-11-16",
                      "2015-01-01", "74/2025/QH15", "2026-01-01")],
    },
    {
        "key": "giao-duc", "name": "Giáo dục và đào tạo", "dept": "van-hoa-xa-hoi",
        "role": ("cong-chuc-van-hoa-giao-duc", "Công chức Văn hóa - Xã hội phụ trách giáo dục"),
        "leader": "pho-chu-tich-van-hoa-xa-hoi", "days": [5, 10, 15, 20],
        "verbs": ["Cho phép", "Sáp nhập, chia, tách", "Giải thể", "Cho phép hoạt động trở lại"],
        "objects": [("nhóm trẻ, lớp mẫu giáo độc lập", "Quyết định của Chủ tịch UBND phường"),
                    ("cơ sở giáo dục mầm non tư thục", "Quyết định của Chủ tịch UBND phường"),
                    ("trung tâm học tập cộng đồng", "Quyết định của Chủ tịch UBND phường")],
        "papers": ["Tờ trình đề nghị theo mẫu", "Đề án hoặc phương án hoạt động",
                   "Danh sách đội ngũ giáo viên, nhân viên kèm văn bằng, chứng chỉ",
                   "Văn bản chứng minh quyền sử dụng đất, nhà ở, cơ sở vật chất"],
        "retention": "Vĩnh viễn",
        "fee": "Không thu phí, lệ phí.",
        "laws": [
            ("43/2019/QH14", "Luật", "Luật Giáo dục", "Quốc hội", "2019-06-14", "2020-07-01"),
            ("125/2024/NĐ-CP", "Nghị định", "Quy định về điều kiện đầu tư và hoạt động trong "
             "lĩnh vực giáo dục", "Chính phủ", "2024-10-05", "2024-11-20"),
        ],
        "replaced": [("46/2017/NĐ-CP", "Nghị định", "Quy định về điều kiện đầu tư và hoạt động "
                      "trong lĩnh vực giáo dục", "Chính phủ", "2017-04-21", "2017-06-05",
                      "125/2024/NĐ-CP", "2024-11-20")],
    },
    {
        "key": "van-hoa", "name": "Văn hóa cơ sở", "dept": "van-hoa-xa-hoi",
        "role": ("cong-chuc-van-hoa-giao-duc", "Công chức Văn hóa - Xã hội phụ trách văn hóa"),
        "leader": "pho-chu-tich-van-hoa-xa-hoi", "days": [5, 7, 10],
        "verbs": ["Công nhận", "Công nhận lần đầu", "Thông báo tổ chức", "Xét tặng"],
        "objects": [("danh hiệu Gia đình văn hóa", "Giấy khen kèm quyết định công nhận"),
                    ("danh hiệu Tổ dân phố văn hóa", "Quyết định công nhận"),
                    ("lễ hội truyền thống cấp xã", "Văn bản trả lời"),
                    ("câu lạc bộ văn hóa, thể thao cơ sở", "Quyết định công nhận")],
        "papers": ["Báo cáo thành tích hoặc văn bản đề nghị theo mẫu",
                   "Biên bản họp bình xét của tổ dân phố",
                   "Kế hoạch tổ chức (trường hợp tổ chức lễ hội)"],
        "retention": "10 năm",
        "fee": "Không thu phí, lệ phí.",
        "laws": [
            ("86/2023/NĐ-CP", "Nghị định", "Quy định khung tiêu chuẩn và trình tự, thủ tục, hồ "
             "sơ xét tặng danh hiệu Gia đình văn hóa, Thôn, Tổ dân phố văn hóa", "Chính phủ",
             "2023-12-07", "2024-01-25"),
            ("110/2018/NĐ-CP", "Nghị định", "Quy định về quản lý và tổ chức lễ hội",
             "Chính phủ", "2018-08-29", "2018-10-15"),
        ],
        "replaced": [("122/2018/NĐ-CP", "Nghị định", "Quy định về xét tặng danh hiệu Gia đình "
                      "văn hóa, Thôn văn hóa, Tổ dân phố văn hóa", "Chính phủ", "2018-09-17",
                      "2018-11-01", "86/2023/NĐ-CP", "2024-01-25")],
    },
    {
        "key": "ton-giao", "name": "Tín ngưỡng, tôn giáo", "dept": "van-phong",
        "role": ("cong-chuc-noi-vu", "Công chức Văn phòng phụ trách nội vụ"),
        "leader": "pho-chu-tich-van-hoa-xa-hoi", "days": [5, 10, 15, 20],
        "verbs": ["Đăng ký", "Thông báo", "Đề nghị thay đổi"],
        "objects": [("hoạt động tín ngưỡng", "Văn bản chấp thuận"),
                    ("sinh hoạt tôn giáo tập trung", "Văn bản chấp thuận"),
                    ("danh mục hoạt động tôn giáo bổ sung", "Văn bản tiếp nhận"),
                    ("người đại diện nhóm sinh hoạt tôn giáo tập trung", "Văn bản chấp thuận")],
        "papers": ["Văn bản đăng ký, thông báo theo mẫu",
                   "Danh sách người tham gia sinh hoạt",
                   "Bản tóm tắt tiểu sử của người đại diện",
                   "Văn bản chứng minh địa điểm hợp pháp"],
        "retention": "20 năm",
        "fee": "Không thu phí, lệ phí.",
        "laws": [
            ("02/2016/QH14", "Luật", "Luật Tín ngưỡng, tôn giáo", "Quốc hội", "2016-11-18",
             "2018-01-01"),
            ("95/2023/NĐ-CP", "Nghị định", "Quy định chi tiết Luật Tín ngưỡng, tôn giáo",
             "Chính phủ", "2023-12-29", "2024-03-30"),
        ],
        "replaced": [("162/2017/NĐ-CP", "Nghị định", "Quy định chi tiết một số điều và biện "
                      "pháp thi hành Luật Tín ngưỡng, tôn giáo", "Chính phủ", "2017-12-30",
                      "2018-01-01", "95/2023/NĐ-CP", "2024-03-30")],
    },
    {
        "key": "thi-dua", "name": "Thi đua, khen thưởng", "dept": "van-phong",
        "role": ("cong-chuc-noi-vu", "Công chức Văn phòng phụ trách nội vụ"),
        "leader": "chu-tich", "days": [10, 15, 20],
        "verbs": ["Tặng", "Xét tặng", "Đề nghị"],
        "objects": [("Giấy khen của Chủ tịch UBND phường về thành tích thực hiện nhiệm vụ "
                     "chính trị", "Quyết định khen thưởng kèm Giấy khen"),
                    ("Giấy khen của Chủ tịch UBND phường về thành tích đột xuất",
                     "Quyết định khen thưởng kèm Giấy khen"),
                    ("Giấy khen cho gia đình", "Quyết định khen thưởng kèm Giấy khen"),
                    ("danh hiệu Lao động tiên tiến", "Quyết định công nhận")],
        "papers": ["Tờ trình đề nghị khen thưởng", "Báo cáo thành tích của tập thể, cá nhân",
                   "Biên bản họp Hội đồng Thi đua - Khen thưởng"],
        "retention": "Vĩnh viễn",
        "fee": "Không thu phí, lệ phí.",
        "laws": [
            ("06/2022/QH15", "Luật", "Luật Thi đua, khen thưởng", "Quốc hội", "2022-06-15",
             "2024-01-01"),
            ("98/2023/NĐ-CP", "Nghị định", "Quy định chi tiết thi hành một số điều của Luật "
             "Thi đua, khen thưởng", "Chính phủ", "2023-12-31", "2024-01-01"),
        ],
        "replaced": [("91/2017/NĐ-CP", "Nghị định", "Quy định chi tiết thi hành một số điều "
                      "của Luật Thi đua, khen thưởng", "Chính phủ", "2017-07-31", "2017-10-01",
                      "98/2023/NĐ-CP", "2024-01-01")],
    },
    {
        "key": "moi-truong", "name": "Môi trường", "dept": "kinh-te",
        "role": ("cong-chuc-dia-chinh", "Công chức Địa chính - Nông nghiệp - Xây dựng"),
        "leader": "pho-chu-tich-kinh-te", "days": [5, 10, 15],
        "verbs": ["Đăng ký", "Tiếp nhận", "Xác nhận"],
        "objects": [("môi trường đối với cơ sở sản xuất, kinh doanh, dịch vụ",
                     "Văn bản tiếp nhận đăng ký môi trường"),
                    ("phương án cải tạo, phục hồi môi trường", "Văn bản tiếp nhận"),
                    ("hợp đồng thu gom, vận chuyển chất thải rắn sinh hoạt", "Văn bản xác nhận")],
        "papers": ["Văn bản đăng ký môi trường theo mẫu",
                   "Bản mô tả quy trình sản xuất, nguồn phát sinh chất thải",
                   "Hợp đồng thu gom, xử lý chất thải (nếu có)"],
        "retention": "10 năm",
        "fee": "Không thu phí, lệ phí.",
        "laws": [
            ("72/2020/QH14", "Luật", "Luật Bảo vệ môi trường", "Quốc hội", "2020-11-17",
             "2022-01-01"),
            ("08/2022/NĐ-CP", "Nghị định", "Quy định chi tiết một số điều của Luật Bảo vệ môi "
             "trường", "Chính phủ", "2022-01-10", "2022-01-10"),
            ("05/2025/NĐ-CP", "Nghị định", "Sửa đổi, bổ sung một số điều của Nghị định số "
             "08/2022/NĐ-CP", "Chính phủ", "2025-01-06", "2025-01-06"),
        ],
        "amended": ("08/2022/NĐ-CP", "05/2025/NĐ-CP"),
        "replaced": [("55/2014/QH13", "Luật", "Luật Bảo vệ môi trường", "Quốc hội",
                      "2014-06-23", "2015-01-01", "72/2020/QH14", "2022-01-01")],
    },
    {
        "key": "nong-nghiep", "name": "Nông nghiệp, thủy lợi", "dept": "kinh-te",
        "role": ("cong-chuc-dia-chinh", "Công chức Địa chính - Nông nghiệp - Xây dựng"),
        "leader": "pho-chu-tich-kinh-te", "days": [5, 7, 10],
        "verbs": ["Hỗ trợ", "Xác nhận", "Phê duyệt"],
        "objects": [("khôi phục sản xuất vùng bị thiệt hại do thiên tai",
                     "Quyết định hỗ trợ"),
                    ("nguồn gốc lâm sản, thủy sản khai thác", "Văn bản xác nhận"),
                    ("kế hoạch khuyến nông địa phương", "Quyết định phê duyệt"),
                    ("hỗ trợ dự án liên kết sản xuất nông nghiệp", "Quyết định hỗ trợ")],
        "papers": ["Đơn đề nghị theo mẫu",
                   "Bảng kê diện tích, số lượng thiệt hại có xác nhận của tổ dân phố",
                   "Hồ sơ liên kết sản xuất (hợp đồng, phương án)"],
        "retention": "10 năm",
        "fee": "Không thu phí, lệ phí.",
        "laws": [
            ("31/2018/QH14", "Luật", "Luật Trồng trọt", "Quốc hội", "2018-11-19", "2020-01-01"),
            ("02/2017/NĐ-CP", "Nghị định", "Về cơ chế, chính sách hỗ trợ sản xuất nông nghiệp "
             "để khôi phục sản xuất vùng bị thiệt hại do thiên tai, dịch bệnh", "Chính phủ",
             "2017-01-09", "2017-03-01"),
        ],
        "replaced": [],
    },
    {
        "key": "giao-thong", "name": "Giao thông vận tải", "dept": "kinh-te",
        "role": ("cong-chuc-xay-dung", "Công chức Địa chính - Xây dựng - Đô thị"),
        "leader": "pho-chu-tich-kinh-te", "days": [3, 5, 7],
        "verbs": ["Cấp", "Gia hạn", "Thu hồi"],
        "objects": [("giấy phép sử dụng tạm thời một phần lòng đường, hè phố",
                     "Giấy phép sử dụng tạm thời"),
                    ("giấy phép thi công công trình trên đường phường quản lý",
                     "Giấy phép thi công"),
                    ("đăng ký phương tiện thủy nội địa không có động cơ",
                     "Giấy chứng nhận đăng ký")],
        "papers": ["Đơn đề nghị theo mẫu", "Bản vẽ mặt bằng vị trí, phạm vi sử dụng",
                   "Phương án bảo đảm an toàn giao thông"],
        "retention": "10 năm",
        "fee": "Lệ phí theo Nghị quyết của Hội đồng nhân dân {city}.",
        "laws": [
            ("35/2024/QH15", "Luật", "Luật Đường bộ", "Quốc hội", "2024-06-27", "2025-01-01"),
            ("165/2024/NĐ-CP", "Nghị định", "Quy định chi tiết và hướng dẫn thi hành một số "
             "điều của Luật Đường bộ", "Chính phủ", "2024-12-26", "2025-01-01"),
        ],
        "replaced": [("23/2008/QH12", "Luật", "Luật Giao thông đường bộ", "Quốc hội",
                      "2008-11-13", "2009-07-01", "35/2024/QH15", "2025-01-01")],
    },
    {
        "key": "khieu-nai", "name": "Tiếp công dân, giải quyết khiếu nại, tố cáo",
        "dept": "van-phong", "role": ("cong-chuc-tiep-dan", "Công chức phụ trách tiếp công dân"),
        "leader": "chu-tich", "days": [10, 15, 20, 30],
        "verbs": ["Giải quyết", "Tiếp nhận, xử lý"],
        "objects": [("khiếu nại lần đầu", "Quyết định giải quyết khiếu nại"),
                    ("tố cáo tại cấp xã", "Kết luận nội dung tố cáo"),
                    ("kiến nghị, phản ánh của công dân", "Văn bản trả lời"),
                    ("yêu cầu hòa giải ở cơ sở", "Biên bản hòa giải")],
        "papers": ["Đơn khiếu nại, tố cáo hoặc văn bản ghi lại nội dung trình bày trực tiếp",
                   "Tài liệu, chứng cứ kèm theo (nếu có)",
                   "Văn bản ủy quyền (trường hợp khiếu nại thông qua người đại diện)"],
        "retention": "Vĩnh viễn",
        "fee": "Không thu phí, lệ phí.",
        "laws": [
            ("02/2011/QH13", "Luật", "Luật Khiếu nại", "Quốc hội", "2011-11-11", "2012-07-01"),
            ("25/2018/QH14", "Luật", "Luật Tố cáo", "Quốc hội", "2018-06-12", "2019-01-01"),
            ("124/2020/NĐ-CP", "Nghị định", "Quy định chi tiết một số điều và biện pháp thi "
             "hành Luật Khiếu nại", "Chính phủ", "2020-10-19", "2020-12-05"),
        ],
        "replaced": [("03/2011/QH13", "Luật", "Luật Tố cáo", "Quốc hội", "2011-11-11",
                      "2012-07-01", "25/2018/QH14", "2019-01-01")],
    },
    {
        "key": "noi-vu", "name": "Tổ chức hội, quỹ và cán bộ cơ sở", "dept": "van-phong",
        "role": ("cong-chuc-noi-vu", "Công chức Văn phòng phụ trách nội vụ"),
        "leader": "chu-tich", "days": [10, 15, 20],
        "verbs": ["Công nhận", "Phê duyệt điều lệ", "Cho phép đổi tên", "Giải thể"],
        "objects": [("ban vận động thành lập hội có phạm vi hoạt động trong phường",
                     "Quyết định của Chủ tịch UBND phường"),
                    ("hội có phạm vi hoạt động trong phường", "Quyết định của Chủ tịch UBND "
                     "phường"),
                    ("quỹ xã hội, quỹ từ thiện cấp xã", "Quyết định của Chủ tịch UBND phường")],
        "papers": ["Đơn đề nghị theo mẫu", "Dự thảo điều lệ",
                   "Danh sách và sơ yếu lý lịch của thành viên ban vận động",
                   "Văn bản xác nhận nơi dự kiến đặt trụ sở"],
        "retention": "Vĩnh viễn",
        "fee": "Không thu phí, lệ phí.",
        "laws": [
            ("126/2024/NĐ-CP", "Nghị định", "Quy định về tổ chức, hoạt động và quản lý hội",
             "Chính phủ", "2024-10-08", "2024-11-26"),
            ("93/2019/NĐ-CP", "Nghị định", "Về tổ chức, hoạt động của quỹ xã hội, quỹ từ thiện",
             "Chính phủ", "2019-11-25", "2020-01-15"),
            ("136/2024/NĐ-CP", "Nghị định", "Sửa đổi, bổ sung một số điều của Nghị định số "
             "93/2019/NĐ-CP", "Chính phủ", "2024-10-23", "2024-12-10"),
        ],
        "amended": ("93/2019/NĐ-CP", "136/2024/NĐ-CP"),
        "replaced": [("45/2010/NĐ-CP", "Nghị định", "Quy định về tổ chức, hoạt động và quản lý "
                      "hội", "Chính phủ", "2010-04-21", "2010-07-01", "126/2024/NĐ-CP",
                      "2024-11-26")],
    },
    {
        "key": "cong-thuong", "name": "Công thương", "dept": "kinh-te",
        "role": ("cong-chuc-kinh-te", "Công chức phụ trách đăng ký kinh doanh"),
        "leader": "pho-chu-tich-kinh-te", "days": [7, 10, 15],
        "verbs": ["Cấp", "Cấp sửa đổi, bổ sung", "Cấp lại"],
        "objects": [("giấy phép bán lẻ rượu", "Giấy phép bán lẻ rượu"),
                    ("giấy phép sản xuất rượu thủ công nhằm mục đích kinh doanh",
                     "Giấy phép sản xuất rượu thủ công"),
                    ("giấy phép bán lẻ sản phẩm thuốc lá", "Giấy phép bán lẻ sản phẩm thuốc lá"),
                    ("giấy chứng nhận đủ điều kiện kinh doanh khí dầu mỏ hóa lỏng",
                     "Giấy chứng nhận đủ điều kiện")],
        "papers": ["Đơn đề nghị cấp giấy phép theo mẫu",
                   "Bản sao Giấy chứng nhận đăng ký hộ kinh doanh",
                   "Bản sao hợp đồng thuê, mượn địa điểm kinh doanh (nếu có)",
                   "Bản cam kết bảo đảm an toàn thực phẩm"],
        "retention": "10 năm",
        "fee": "Phí thẩm định điều kiện kinh doanh theo quy định của Bộ Tài chính.",
        "laws": [
            ("105/2017/NĐ-CP", "Nghị định", "Về kinh doanh rượu", "Chính phủ", "2017-09-14",
             "2017-11-01"),
            ("17/2020/NĐ-CP", "Nghị định", "Sửa đổi, bổ sung một số điều của các Nghị định "
             "liên quan đến điều kiện đầu tư kinh doanh thuộc phạm vi quản lý nhà nước của Bộ "
             "Công Thương", "Chính phủ", "2020-02-05", "2020-03-23"),
            ("67/2013/NĐ-CP", "Nghị định", "Quy định chi tiết một số điều và biện pháp thi hành "
             "Luật Phòng, chống tác hại của thuốc lá về kinh doanh thuốc lá", "Chính phủ",
             "2013-06-27", "2013-08-15"),
        ],
        "amended": ("105/2017/NĐ-CP", "17/2020/NĐ-CP"),
        "replaced": [("94/2012/NĐ-CP", "Nghị định", "Về sản xuất, kinh doanh rượu", "Chính phủ",
                      "2012-11-12", "2013-01-01", "105/2017/NĐ-CP", "2017-11-01")],
    },
    {
        "key": "y-te", "name": "Y tế, dân số", "dept": "van-hoa-xa-hoi",
        "role": ("cong-chuc-y-te", "Công chức Văn hóa - Xã hội phụ trách y tế, dân số"),
        "leader": "pho-chu-tich-van-hoa-xa-hoi", "days": [3, 5, 10],
        "verbs": ["Xác nhận", "Đề nghị", "Hỗ trợ"],
        "objects": [("đối tượng được hỗ trợ đóng bảo hiểm y tế", "Danh sách đề nghị"),
                    ("danh sách cấp thẻ bảo hiểm y tế cho người thuộc hộ nghèo",
                     "Danh sách đề nghị cấp thẻ"),
                    ("chi phí khám chữa bệnh cho người có hoàn cảnh khó khăn",
                     "Quyết định hỗ trợ")],
        "papers": ["Tờ khai hoặc đơn đề nghị theo mẫu",
                   "Bản sao giấy tờ chứng minh thuộc đối tượng",
                   "Hóa đơn, chứng từ chi phí khám chữa bệnh (nếu có)"],
        "retention": "10 năm",
        "fee": "Không thu phí, lệ phí.",
        "laws": [
            ("51/2024/QH15", "Luật", "Luật sửa đổi, bổ sung một số điều của Luật Bảo hiểm y tế",
             "Quốc hội", "2024-11-27", "2025-07-01"),
            ("25/2008/QH12", "Luật", "Luật Bảo hiểm y tế", "Quốc hội", "2008-11-14",
             "2009-07-01"),
            ("146/2018/NĐ-CP", "Nghị định", "Quy định chi tiết và hướng dẫn biện pháp thi hành "
             "một số điều của Luật Bảo hiểm y tế", "Chính phủ", "2018-10-17", "2018-12-01"),
        ],
        "amended": ("25/2008/QH12", "51/2024/QH15"),
        "replaced": [("105/2014/NĐ-CP", "Nghị định", "Quy định chi tiết và hướng dẫn thi hành "
                      "một số điều của Luật Bảo hiểm y tế", "Chính phủ", "2014-11-15",
                      "2015-01-01", "146/2018/NĐ-CP", "2018-12-01")],
    },
]

#: Variants used once the plain names of every field are used up (large provinces only).
QUALIFIERS = [
    " (thực hiện trực tuyến toàn trình)",
    " (thực hiện liên thông với cơ quan cấp tỉnh)",
    " (trường hợp người yêu cầu là tổ chức)",
    " (trường hợp có yếu tố nước ngoài)",
    " (trường hợp hồ sơ phải xác minh)",
    " (thực hiện không phụ thuộc địa giới hành chính)",
]

# Step templates of an administrative procedure: (id, responsible, weight, phrasings).
# ``{field}`` staff, ``{head}`` head of the owning department, ``{leader}`` the approver.
STEPS_START = [
    ("tiep-nhan", ["cong-chuc-mot-cua"], 1, [
        "Tiếp nhận hồ sơ trực tiếp, qua dịch vụ bưu chính công ích hoặc trên Cổng Dịch vụ công "
        "quốc gia; kiểm tra tính đầy đủ, hợp lệ của thành phần hồ sơ. Hồ sơ đầy đủ thì lập "
        "Giấy tiếp nhận hồ sơ và hẹn trả kết quả, Phiếu kiểm soát quá trình giải quyết hồ sơ và "
        "vào Sổ theo dõi hồ sơ; hồ sơ chưa đầy đủ thì hướng dẫn bổ sung một lần bằng Phiếu yêu "
        "cầu bổ sung, hoàn thiện hồ sơ; không thuộc thẩm quyền thì từ chối tiếp nhận",
        "Kiểm tra, tiếp nhận hồ sơ của tổ chức, cá nhân tại Trung tâm Phục vụ hành chính công "
        "hoặc qua Cổng Dịch vụ công; số hóa hồ sơ, giấy tờ, kết quả giải quyết; lập Giấy tiếp "
        "nhận hồ sơ và hẹn trả kết quả; trường hợp hồ sơ chưa hợp lệ thì lập Phiếu yêu cầu bổ "
        "sung, hoàn thiện hồ sơ hoặc Phiếu từ chối tiếp nhận và nêu rõ lý do",
    ]),
    ("chuyen-ho-so", ["cong-chuc-mot-cua"], 1, [
        "Chuyển hồ sơ giấy và hồ sơ điện tử kèm Phiếu kiểm soát quá trình giải quyết hồ sơ đến "
        "{dept_name} trên Hệ thống thông tin giải quyết thủ tục hành chính",
        "Cập nhật hồ sơ vào Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh và bàn "
        "giao hồ sơ cho {dept_name}; ghi rõ thời điểm bàn giao vào Phiếu kiểm soát",
    ]),
    ("phan-cong", ["{head}"], 1, [
        "Xem xét hồ sơ, phân công công chức thụ lý; ghi ý kiến chỉ đạo và thời hạn xử lý vào "
        "Phiếu kiểm soát quá trình giải quyết hồ sơ",
        "Tiếp nhận hồ sơ từ Trung tâm Phục vụ hành chính công, phân công người thụ lý và theo "
        "dõi tiến độ giải quyết trên hệ thống",
    ]),
]
STEPS_MIDDLE = [
    ("tham-dinh", ["{field}"], 6, [
        "Thẩm định hồ sơ: đối chiếu thành phần hồ sơ với quy định, kiểm tra thông tin trên Cơ "
        "sở dữ liệu quốc gia về dân cư và cơ sở dữ liệu chuyên ngành; xác định điều kiện giải "
        "quyết {object_short}",
        "Nghiên cứu, thẩm định hồ sơ về {object_short}; kiểm tra tính chính xác của thông tin "
        "kê khai, sự phù hợp với quy định của pháp luật và các điều kiện theo quy định",
    ]),
    ("xac-minh", ["{field}"], 4, [
        "Tổ chức kiểm tra thực tế, xác minh tại nơi cư trú hoặc tại địa điểm liên quan; lập "
        "biên bản kiểm tra, xác minh có chữ ký của các bên",
        "Trường hợp cần xác minh: gửi văn bản đề nghị cơ quan, tổ chức có liên quan xác minh "
        "hoặc trực tiếp kiểm tra hiện trạng; thời gian xác minh không tính vào thời hạn khi đã "
        "thông báo cho người yêu cầu",
    ]),
    ("lay-y-kien", ["{field}"], 3, [
        "Lấy ý kiến của tổ dân phố và các cơ quan, đơn vị có liên quan bằng văn bản; tổng hợp "
        "ý kiến tham gia",
        "Tổ chức niêm yết công khai tại trụ sở UBND phường và nhà văn hóa tổ dân phố; tiếp nhận "
        "ý kiến phản hồi trong thời gian niêm yết",
    ]),
    ("thu-phi", ["ke-toan"], 1, [
        "Thu phí, lệ phí theo quy định, lập biên lai điện tử và chuyển chứng từ cho bộ phận kế "
        "toán",
        "Xác nhận việc nộp phí, lệ phí qua tài khoản hoặc thanh toán trực tuyến; cập nhật chứng "
        "từ vào hồ sơ",
    ]),
    ("bo-sung", ["{field}"], 1, [
        "Trường hợp cần làm rõ: thông báo bằng văn bản cho người yêu cầu bổ sung, giải trình; "
        "ghi rõ thời gian tạm dừng vào Phiếu kiểm soát quá trình giải quyết hồ sơ",
        "Liên hệ người yêu cầu để làm rõ thông tin kê khai còn chưa thống nhất; ghi nhận nội "
        "dung trao đổi vào hồ sơ",
    ]),
    ("du-thao", ["{field}"], 3, [
        "Tổng hợp kết quả thẩm định, dự thảo {result} và tờ trình; trường hợp không đủ điều "
        "kiện thì dự thảo văn bản trả lời nêu rõ lý do",
        "Dự thảo {result}; hoàn thiện tờ trình kèm hồ sơ trình lãnh đạo phòng xem xét",
    ]),
    ("cap-nhat-csdl", ["{field}"], 1, [
        "Cập nhật thông tin vào cơ sở dữ liệu chuyên ngành và Hệ thống thông tin giải quyết "
        "thủ tục hành chính; in kết quả trình ký",
        "Nhập kết quả thẩm định vào phần mềm chuyên ngành, đồng bộ dữ liệu với Cổng Dịch vụ "
        "công quốc gia",
    ]),
    ("kiem-tra", ["{head}"], 2, [
        "Kiểm tra nội dung, thể thức dự thảo; ký nháy hoặc đề xuất bổ sung, chỉnh sửa; trình "
        "lãnh đạo UBND phường",
        "Xem xét kết quả thẩm định và dự thảo {result}, ký tờ trình trình lãnh đạo UBND phường",
    ]),
    ("van-phong-kiem-tra", ["chanh-van-phong"], 1, [
        "Kiểm tra thể thức, kỹ thuật trình bày văn bản theo Nghị định số 30/2020/NĐ-CP trước "
        "khi trình ký",
        "Rà soát thể thức văn bản, thẩm quyền ký và hồ sơ kèm theo",
    ]),
]
STEPS_END = [
    ("phe-duyet", ["chu-tich", "{leader}"], 2, [
        "Xem xét, ký {result} hoặc văn bản trả lời",
        "Phê duyệt, ký ban hành {result}; trường hợp không đồng ý thì ghi rõ ý kiến và chuyển "
        "lại để xử lý",
    ]),
    ("dong-dau", ["van-thu"], 1, [
        "Đóng dấu, vào sổ văn bản, phát hành; lưu bản chính theo quy định; chuyển kết quả cho "
        "Trung tâm Phục vụ hành chính công",
        "Cấp số, ngày tháng, đóng dấu, phát hành văn bản và chuyển kết quả cho Bộ phận trả kết "
        "quả",
    ]),
    ("tra-ket-qua", ["cong-chuc-mot-cua"], 0, [
        "Trả kết quả cho tổ chức, cá nhân và thu lại Giấy tiếp nhận hồ sơ và hẹn trả kết quả; "
        "cập nhật Sổ theo dõi hồ sơ; trường hợp trễ hẹn thì gửi Phiếu xin lỗi và hẹn lại ngày "
        "trả kết quả",
        "Thông báo và trả kết quả trực tiếp, qua dịch vụ bưu chính công ích hoặc trên Cổng Dịch "
        "vụ công; kết thúc hồ sơ trên hệ thống; nếu quá hạn thì lập Phiếu xin lỗi và hẹn lại "
        "ngày trả kết quả",
    ]),
]

STEP_OUTPUTS = {
    "tiep-nhan": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả; Phiếu kiểm soát quá trình giải "
                 "quyết hồ sơ",
    "chuyen-ho-so": "Hồ sơ đã bàn giao",
    "phan-cong": "Ý kiến phân công thụ lý",
    "tham-dinh": "Kết quả thẩm định hồ sơ",
    "xac-minh": "Biên bản kiểm tra, xác minh",
    "lay-y-kien": "Tổng hợp ý kiến",
    "bo-sung": "Thông báo bổ sung (nếu có)",
    "thu-phi": "Biên lai thu phí, lệ phí",
    "du-thao": "Dự thảo kết quả và tờ trình",
    "cap-nhat-csdl": "Dữ liệu đã cập nhật",
    "kiem-tra": "Dự thảo đã kiểm tra",
    "van-phong-kiem-tra": "Văn bản đúng thể thức",
    "phe-duyet": "Kết quả đã ký",
    "dong-dau": "Kết quả đã đóng dấu, phát hành",
    "tra-ket-qua": "Kết quả đã trả; Sổ theo dõi hồ sơ đã cập nhật",
}

NOTES = [
    "Trường hợp hồ sơ nộp trực tuyến, công chức tiếp nhận kiểm tra và phản hồi trong thời hạn 08 "
    "giờ làm việc; thời hạn giải quyết tính từ khi hồ sơ được tiếp nhận hợp lệ.",
    "Khi hồ sơ có khả năng trễ hạn, người thụ lý báo cáo lãnh đạo phòng trước ít nhất 01 ngày "
    "làm việc để lập Phiếu xin lỗi và hẹn lại ngày trả kết quả.",
    "Không yêu cầu người dân nộp bản sao giấy tờ mà thông tin đã có trong Cơ sở dữ liệu quốc gia "
    "về dân cư hoặc cơ sở dữ liệu chuyên ngành.",
    "Hồ sơ sau khi giải quyết xong được lưu theo quy trình Kiểm soát hồ sơ (QT-02) và chuyển lưu "
    "trữ cơ quan theo Luật Lưu trữ.",
    "Công chức thụ lý chịu trách nhiệm về kết quả thẩm định; lãnh đạo phòng chịu trách nhiệm "
    "kiểm tra trước khi trình ký.",
    "Kết quả giải quyết được số hóa và cập nhật vào Kho quản lý dữ liệu điện tử của tổ chức, cá "
    "nhân trên Cổng Dịch vụ công quốc gia.",
    "Trường hợp phát hiện sai sót trong kết quả đã trả, xử lý theo quy trình Kiểm soát đầu ra "
    "không phù hợp và hành động khắc phục (QT-05).",
    "Thời gian tạm dừng để người yêu cầu bổ sung hồ sơ không tính vào thời hạn giải quyết.",
    "Trong thời gian nghỉ lễ, Tết theo quy định, Trung tâm Phục vụ hành chính công bố trí trực "
    "để tiếp nhận hồ sơ trực tuyến; thời hạn được tính theo ngày làm việc.",
    "Người có thẩm quyền có thể ủy quyền ký theo Quy chế làm việc của UBND phường; việc ủy quyền "
    "phải bằng văn bản.",
]

REVISION_NOTES = [
    "Cập nhật căn cứ pháp lý theo văn bản mới ban hành",
    "Điều chỉnh thời gian thực hiện các bước cho phù hợp thực tế",
    "Bổ sung hướng dẫn nộp hồ sơ trực tuyến",
    "Sửa lỗi chính tả, thống nhất thuật ngữ",
    "Cập nhật trách nhiệm sau khi sắp xếp tổ chức bộ máy",
    "Bổ sung thành phần hồ sơ theo quyết định công bố TTHC",
    "Rà soát định kỳ, chỉnh sửa nội dung lưu ý",
    "Thống nhất biểu mẫu với Trung tâm Phục vụ hành chính công",
]
