"""The text of ``qmsdoc history``: one table of revisions per document (rich)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from qmsdoc.textsafe import one_line


def print_text(data: list[dict[str, Any]], lang: str) -> None:
    en = lang == "en"
    console = Console(highlight=False)
    if not console.is_terminal:
        console.width = 160  # logs and pipes: do not wrap the table at 80 columns
    c = one_line  # commit messages, names and titles are someone else's text: no escapes
    for item in data:
        title = Text(c(f"{item['code']} — {item['title']}"), style="bold")
        title.append(f"  ({'edition' if en else 'lần ban hành'} {item['edition']}, ")
        if item["state"] == "draft":
            title.append("draft" if en else "dự thảo", style="yellow")
            reason = item["reason_en"] if en else item["reason"]
            title.append(f": {c(reason)})")
        else:
            title.append("released" if en else "đã ban hành", style="green")
            title.append(")")
        console.print(title)
        console.print(Text(c(item["path"]), style="dim"))
        table = Table(box=None, pad_edge=False, show_edge=False)
        for head in (("Date", "Ngày"), ("Ed.", "Lần BH"), ("Amd.", "Lần SĐ"),
                     ("Change", "Nội dung"), ("Where", "Vị trí"), ("Author", "Người thực hiện"),
                     ("Approved", "Phê duyệt"), ("Commit", "Commit")):
            table.add_column(head[0] if en else head[1], overflow="fold")
        for r in item["revisions"]:
            y, m, d = r["date"].split("-")
            approved = Text(c(r["approved_by"]))
            if r.get("approved") is False:
                approved = Text("not yet approved" if en else "chưa phê duyệt", style="yellow")
            table.add_row(f"{d}/{m}/{y}", str(r["edition"] or ""), str(r["amendment"] or ""),
                          Text(c(r["change"]), style="bold" if r["is_release"] else ""),
                          Text(c(r["position"])), Text(c(r["author"])), approved,
                          c(r["commit"][:7]))
        console.print(table)
        console.print()
