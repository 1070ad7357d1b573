"""Options shared by several commands."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

LANG = typer.Option(None, "--lang", help="Ngôn ngữ thông báo vi|en (mặc định vi, hoặc biến "
                    "QMSDOC_LANG) / message language.", metavar="vi|en")
PATH = typer.Argument(Path("."), help="Thư mục kho tài liệu (chứa qms.yaml) / repository folder.",
                      show_default=True)


def parse_today(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as e:
        raise typer.BadParameter(f"'{value}': cần dạng YYYY-MM-DD / expected YYYY-MM-DD") from e


TODAY = typer.Option(None, "--today", metavar="YYYY-MM-DD",
                     help="Ngày dùng để tính quá hạn (mặc định hôm nay) / date used for overdue "
                     "checks (default today).")


def split_list(values: list[str] | None) -> list[str]:
    """``--select A,B --select C`` → [A, B, C]."""
    return [v.strip() for item in values or [] for v in item.split(",") if v.strip()]
