"""``qmsdoc history``: each document's revision history (releases and amendments) from Git."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from qmsdoc.cli import app
from qmsdoc.cli.console import resolve_lang, say, say_error
from qmsdoc.cli.options import LANG
from qmsdoc.history import History, load_history
from qmsdoc.load import NotARepository, load_repository
from qmsdoc.model.documents import Document
from qmsdoc.model.repository import Repository


class HistoryFormat(StrEnum):
    text = "text"
    json = "json"


def history_data(repo: Repository, history: History, docs: list[Document]) -> list[dict[str, Any]]:
    """The ``--format json`` document: one entry per document with its revision rows."""
    people = {p.id: p.name for p in (repo.config.people if repo.config else []) if p.id and p.name}
    out = []
    for d in docs:
        state = history.state(d)
        out.append({
            "code": d.code, "path": d.path, "title": d.title, "edition": d.edition,
            "state": "draft" if state.draft else "released",
            "reason": state.reason_vi, "reason_en": state.reason_en,
            "revisions": [
                {"date": r.date.isoformat(), "edition": r.edition, "amendment": r.amendment,
                 "change": r.change, "position": r.position, "author": r.author,
                 "approved_by": r.approved_by, "commit": r.commit, "is_release": r.is_release}
                for r in history.revisions(d, people)],
        })
    return out


def _select(repo: Repository, codes: list[str], lang: str) -> list[Document]:
    docs = sorted(repo.documents, key=lambda d: (d.code or "", d.path))
    if not codes:
        return docs
    def matches(d: Document, c: str) -> bool:
        return (d.code or "").upper() == c.strip().upper() or d.path == c

    missing = [c for c in codes if not any(matches(d, c) for d in docs)]
    if missing:
        say_error(lang, f"Không có tài liệu mã {', '.join(missing)}.",
                  f"No document with code {', '.join(missing)}.")
        raise typer.Exit(2)
    return [d for d in docs if any(matches(d, c) for c in codes)]


def _print_text(data: list[dict[str, Any]], lang: str) -> None:
    en = lang == "en"
    console = Console(highlight=False)
    if not console.is_terminal:
        console.width = 160  # logs and pipes: do not wrap the table at 80 columns
    for item in data:
        title = Text(f"{item['code']} — {item['title']}", style="bold")
        title.append(f"  ({'edition' if en else 'lần ban hành'} {item['edition']}, ")
        if item["state"] == "draft":
            title.append("draft" if en else "dự thảo", style="yellow")
            reason = item["reason_en"] if en else item["reason"]
            title.append(f": {reason})")
        else:
            title.append("released" if en else "đã ban hành", style="green")
            title.append(")")
        console.print(title)
        console.print(Text(item["path"], style="dim"))
        table = Table(box=None, pad_edge=False, show_edge=False)
        for head in (("Date", "Ngày"), ("Ed.", "Lần BH"), ("Amd.", "Lần SĐ"),
                     ("Change", "Nội dung"), ("Where", "Vị trí"), ("Author", "Người thực hiện"),
                     ("Approved", "Phê duyệt"), ("Commit", "Commit")):
            table.add_column(head[0] if en else head[1], overflow="fold")
        for r in item["revisions"]:
            y, m, d = r["date"].split("-")
            table.add_row(f"{d}/{m}/{y}", str(r["edition"] or ""), str(r["amendment"] or ""),
                          Text(r["change"], style="bold" if r["is_release"] else ""),
                          r["position"], r["author"], r["approved_by"], r["commit"][:7])
        console.print(table)
        console.print()


@app.command("history")
def history_command(
    path: Path = typer.Argument(Path("."), help="Thư mục kho tài liệu (chứa qms.yaml) / "
                                "repository folder."),
    codes: list[str] = typer.Argument(None, help="Mã tài liệu cần xem (mặc định tất cả) / "
                                      "document codes (default all).", show_default=False),
    format: HistoryFormat = typer.Option(HistoryFormat.text, "--format", "-f",
                                         help="text hoặc json / output format."),
    lang: str = LANG,
) -> None:
    """Lịch sử sửa đổi từng tài liệu (các lần ban hành và sửa đổi) lấy từ Git.

    Show each document's revision history: releases (editions) and the amendments between
    them, with date, author, change and commit.
    """
    lg = resolve_lang(lang)
    codes = list(codes or [])
    if not path.is_dir() and not (path / "qms.yaml").exists():
        codes.insert(0, str(path))  # `qmsdoc history QT-10`: a code, in the current folder
        path = Path(".")
    try:
        repo = load_repository(path).repo
    except NotARepository as e:
        say_error(lg, e.vi, e.en)
        raise typer.Exit(2) from None
    history = load_history(repo.root)
    for n in history.notices:
        say(lg, f"{n.severity.label('vi')}: {n.vi} ({n.code})",
            f"{n.severity.label('en')}: {n.en} ({n.code})", style="yellow")
    data = history_data(repo, history, _select(repo, codes, lg))
    if format is HistoryFormat.json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _print_text(data, lg)
