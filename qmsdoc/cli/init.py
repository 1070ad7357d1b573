"""``qmsdoc init``: create a complete QMS repository for a profile from its template pack."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from qmsdoc.cli import command_app
from qmsdoc.cli.console import resolve_lang, say, say_error
from qmsdoc.cli.options import LANG, TODAY, parse_today
from qmsdoc.commands.init import (
    InitOptions,
    available_profiles,
    profile_problem,
    profile_titles,
    run,
)

app = command_app()


def _interactive() -> bool:
    """Prompts only when a person can answer them (stdin is a terminal)."""
    return sys.stdin.isatty()


def _ask(lang: str, interactive: bool, value: str | None, option: str, vi: str, en: str,
         choices: list[str] | None = None, labels: dict[str, str] | None = None) -> str:
    """The option's value, asked for on a terminal; a usage error (exit 2) otherwise."""
    if value:
        return value
    if not interactive:
        listed = f" ({', '.join(choices)})" if choices else ""
        say_error(lang, f"Thiếu {option}: {vi}{listed}. Không có bàn phím (CI) nên không hỏi.",
                  f"Missing {option}: {en}{listed}. Not asking: stdin is not a terminal (CI).")
        raise typer.Exit(2)
    if choices:
        for i, c in enumerate(choices, 1):
            label = f" — {labels[c]}" if labels and labels.get(c) else ""
            say(lang, f"  {i}. {c}{label}", f"  {i}. {c}{label}")
    answer: str = typer.prompt(en if lang == "en" else vi)
    answer = answer.strip()
    if choices and answer.isdigit() and 1 <= int(answer) <= len(choices):
        answer = choices[int(answer) - 1]
    if not answer:
        raise typer.Exit(2)
    return answer


@app.command("init")
def init_command(
    directory: Path = typer.Argument(None, help="Thư mục kho tài liệu mới / folder to create.",
                                     show_default=False),
    profile: str = typer.Option(None, "--profile", "-p", help="Loại hình tổ chức / profile: "
                                + ", ".join(available_profiles()) + "."),
    org: str = typer.Option(None, "--org", help="Tên cơ quan, tổ chức / organisation name, e.g. "
                            "\"UBND xã Hòa Phong\"."),
    short_name: str = typer.Option(None, "--short-name", help="Tên viết tắt dùng trong số, ký "
                                   "hiệu văn bản (ví dụ UBND, SNV) / short name used in document "
                                   "numbers."),
    place: str = typer.Option(None, "--place", help="Địa danh ghi trên văn bản / place name "
                              "written on documents."),
    unit: str = typer.Option(None, "--unit", help="Cấp xã: xa, phuong hoặc dac-khu (mặc định "
                             "theo --org, ví dụ \"UBND phường Hải Châu\", nếu không thì xã) / "
                             "commune level: commune, ward or special zone (default: from "
                             "--org, else xa)."),
    no_git: bool = typer.Option(False, "--no-git", help="Không chạy git init và không commit / "
                                "no git init, no commit."),
    force: bool = typer.Option(False, "--force", help="Cho phép thư mục không trống (chỉ thêm tệp "
                               "còn thiếu, không ghi đè) / allow a non-empty folder (adds missing "
                               "files, overwrites nothing)."),
    today: str = TODAY,
    lang: str = LANG,
) -> None:
    """Tạo kho tài liệu HTQLCL hoàn chỉnh theo loại hình tổ chức (chính sách, mục tiêu, quy trình
    hệ thống, biểu mẫu, danh mục, cấu hình CI) và commit đầu tiên.

    Create a complete, valid QMS repository for a profile and make the first commit. Values that
    are missing are asked for on a terminal; in CI a missing value is a usage error (exit 2).
    """
    lg = resolve_lang(lang)
    interactive = _interactive()
    folder = _ask(lg, interactive, str(directory) if directory else None, "DIR",
                  "thư mục kho tài liệu mới", "the folder to create")
    profiles = available_profiles()
    prof = _ask(lg, interactive, profile, "--profile", "loại hình tổ chức",
                "the organisation's profile", profiles, profile_titles(lg))
    problem = profile_problem(prof)
    if problem is not None:  # said before asking for the name
        say_error(lg, *problem)
        raise typer.Exit(2)
    name = _ask(lg, interactive, org, "--org", "tên cơ quan, tổ chức (ví dụ UBND xã Hòa Phong)",
                "the organisation's name (e.g. UBND xã Hòa Phong)")
    opts = InitOptions(Path(folder), prof, name, short_name, place, unit, git=not no_git,
                       force=force, today=parse_today(today))
    done = run(opts)
    if done.error is not None or done.init is None:
        say_error(lg, *(done.error or ("", "")))
        raise typer.Exit(done.status)
    result = done.init
    say(lg, f"Đã tạo {len(result.written)} tệp trong {result.directory} (loại hình {prof}).",
        f"Created {len(result.written)} files in {result.directory} (profile {prof}).",
        style="green")
    if result.skipped:
        say(lg, f"Giữ nguyên {len(result.skipped)} tệp đã có: {', '.join(result.skipped[:5])}"
            + ("…" if len(result.skipped) > 5 else ""),
            f"Kept {len(result.skipped)} existing files: {', '.join(result.skipped[:5])}"
            + ("…" if len(result.skipped) > 5 else ""))
    if result.commit:
        who = (" (tác giả mặc định \"qmsdoc init\" vì Git chưa cấu hình user.name/user.email)"
               if result.author_fallback else "")
        who_en = (" (default author \"qmsdoc init\": Git has no user.name/user.email)"
                  if result.author_fallback else "")
        say(lg, f"Commit đầu tiên: {result.commit[:10]}{who}.",
            f"First commit: {result.commit[:10]}{who_en}.")
    elif result.git_note_vi:
        say(lg, result.git_note_vi, result.git_note_en, style="yellow")
    say(lg, f"Tiếp theo: `qmsdoc check {result.directory}` liệt kê các đoạn <<…>> cần điền "
        "(cảnh báo QMS108).",
        f"Next: `qmsdoc check {result.directory}` lists the <<…>> placeholders to fill in "
        "(warnings QMS108).")
