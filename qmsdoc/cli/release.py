"""``qmsdoc release``: issue the changed documents: bump editions and dates, commit and tag."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from qmsdoc.cli import command_app
from qmsdoc.cli.console import resolve_lang, say, say_error
from qmsdoc.cli.options import LANG, PATH, parse_today
from qmsdoc.commands.release import Options, PendingRelease, ReleasePlan, amendments, run
from qmsdoc.textsafe import one_line

app = command_app()

_REASONS = {
    "baseline": ("ghi nhận lần ban hành hiện tại", "current edition recorded"),
    "new": ("ban hành lần đầu", "first issue"),
    "changed": ("đã sửa đổi", "changed"),
    "bumped-by-hand": ("đã sửa đổi, lần ban hành đã tăng sẵn", "changed, edition raised by hand"),
    "approve": ("phê duyệt lần ban hành chưa được phê duyệt", "approval of an unapproved release"),
}


class ReleaseFormat(StrEnum):
    text = "text"
    json = "json"


def _fmt(d: object) -> str:
    return f"{d:%d/%m/%Y}" if d else ""


def _print_plan(plan: ReleasePlan, lang: str, dry_run: bool) -> None:
    en = lang == "en"
    console = Console(highlight=False)
    if not console.is_terminal:
        console.width = 160  # logs and pipes: do not wrap the table at 80 columns
    if not plan.documents:
        since = f" {plan.previous}" if plan.previous else ""
        console.print("No document changed since the last release" + since + "." if en else
                      "Không có tài liệu nào thay đổi kể từ lần ban hành" + since + ".")
        return
    head = (f"Release {plan.tag} ({plan.date:%Y-%m-%d})" if en else
            f"Ban hành {plan.tag} (ngày {plan.date:%d/%m/%Y})")
    if plan.baseline:
        head += (": first release, current editions recorded as issued" if en else
                 ": lần phát hành đầu tiên, ghi nhận các lần ban hành hiện tại")
    elif plan.previous:
        head += f" — {'since' if en else 'kể từ'} {plan.previous}"
    console.print(Text(head, style="bold"))
    table = Table(box=None, pad_edge=False, show_edge=False)
    for h in (("Code", "Mã"), ("Edition", "Lần BH"), ("Issued", "Ngày ban hành"),
              ("Why", "Lý do"), ("File", "Tệp")):
        table.add_column(h[0] if en else h[1], overflow="fold")
    for d in plan.documents:
        ed = str(d.new_edition) if d.old_edition == d.new_edition else \
            f"{d.old_edition} → {d.new_edition}"
        issued = _fmt(d.new_issued) if d.old_issued == d.new_issued else \
            f"{_fmt(d.old_issued)} → {_fmt(d.new_issued)}"
        why_vi, why_en = _REASONS[d.reason]
        if d.commits:
            why_vi += f" ({d.commits} commit)"
            why_en += f" ({d.commits} commit(s))"
        table.add_row(Text(one_line(d.code)), ed, issued, why_en if en else why_vi,
                      Text(one_line(d.path)))
    console.print(table)
    _print_records(console, plan, en)
    for code, status in plan.skipped:
        console.print(Text(one_line(f"  {'skipped' if en else 'bỏ qua'} {code}: status {status}"),
                           style="dim"))
    if dry_run:
        console.print(Text("(dry run: nothing was changed)" if en else
                           "(chạy thử: không thay đổi gì)", style="yellow"))


def _print_records(console: Console, plan: ReleasePlan, en: bool) -> None:
    """Each amended document's "Nội dung sửa đổi" and "Vị trí" (from its commits' trailers or
    proposed from the diff), then the list the issuing decision carries."""
    amended = plan.amended
    if not amended:
        return
    if plan.proposal_error is not None:
        console.print(Text(one_line(plan.proposal_error[1 if en else 0]), style="yellow"))
    console.print(Text("Amendment records" if en else "Nội dung sửa đổi", style="bold"))
    for d in amended:
        tag_change = (" (proposed from the diff)" if en else " (đề xuất từ so sánh)") \
            if "change" in d.proposed else ""
        tag_pos = (" (proposed from the diff)" if en else " (đề xuất từ so sánh)") \
            if "position" in d.proposed else ""
        console.print(Text(one_line(f"  {d.code}:")))
        console.print(Text(one_line(f"    {'Change' if en else 'Nội dung sửa đổi'}: "
                                    f"{d.change or '—'}{tag_change}")))
        console.print(Text(one_line(f"    {'Position' if en else 'Vị trí'}: "
                                    f"{d.position or '—'}{tag_pos}")))
    console.print(Text("For the issuing decision (documents amended):" if en else
                       "Danh sách tài liệu sửa đổi (đưa vào quyết định ban hành):",
                       style="bold"))
    for line in decision_lines(plan, en):
        console.print(Text(line))


def decision_lines(plan: ReleasePlan, en: bool = False) -> list[str]:
    """One line per amended document: code, title, new edition, what changed (the lines an
    amending decision built from the same plan lists in its Article 1)."""
    return [one_line(f"- {d.line(en)}") for d in amendments(plan).documents]


def _plan_json(plan: ReleasePlan, committed: str = "") -> str:
    return json.dumps({
        "tag": plan.tag, "date": plan.date.isoformat(), "baseline": plan.baseline,
        "previous": plan.previous, "approved_by": plan.approved_by, "commit": committed,
        "documents": [{"code": d.code, "path": d.path, "reason": d.reason,
                       "old_edition": d.old_edition, "new_edition": d.new_edition,
                       "old_issued": d.old_issued.isoformat() if d.old_issued else None,
                       "new_issued": d.new_issued.isoformat() if d.new_issued else None,
                       "commits": d.commits,
                       "edits": {k: str(v) for k, v in d.edits.items()},
                       "change": d.change, "position": d.position,
                       "proposed": list(d.proposed)}
                      for d in plan.documents],
        "decision": decision_lines(plan),
        "skipped": [{"code": c, "status": s} for c, s in plan.skipped],
    }, ensure_ascii=False, indent=2)


def _completed(pending: PendingRelease, lg: str, dry_run: bool, commit: str, tag: str) -> None:
    """The release a killed run left: what the next run will do, or what this one did."""
    what_vi = ("tạo thẻ cho commit ban hành" if pending.kind == "tag"
               else "chuyển nhánh sang commit ban hành đã gắn thẻ")
    what_en = ("tag the release commit" if pending.kind == "tag"
               else "move the branch onto the tagged release commit")
    if dry_run:
        say(lg, f"Có lần ban hành dở dang {pending.tag} ({pending.commit[:7]}): lần chạy tới sẽ "
            f"{what_vi}, không tăng lần ban hành. (chạy thử: không thay đổi gì)",
            f"Unfinished release {pending.tag} ({pending.commit[:7]}): the next run will "
            f"{what_en}, raising no edition. (dry run: nothing was changed)", style="yellow")
        return
    say(lg, f"Đã hoàn tất lần ban hành dở dang {tag} ({commit[:7]}): đã "
        f"{what_vi}; không tăng lần ban hành nào. Chạy lại qmsdoc release nếu còn tài liệu "
        "thay đổi. Đẩy lên máy chủ: git push --follow-tags",
        f"Completed the unfinished release {tag} ({commit[:7]}): did "
        f"{what_en}; no edition raised. Run qmsdoc release again for any later change. "
        "Publish with: git push --follow-tags", style="green")


@app.command("release")
def release_command(
    path: Path = PATH,
    dry_run: bool = typer.Option(False, "--dry-run", "-n",
                                 help="Chỉ liệt kê, không thay đổi gì / only show what would "
                                 "change."),
    approved_by: str = typer.Option("", "--approved-by", metavar="PERSON",
                                    help="Người phê duyệt (mã hoặc họ tên trong people của "
                                    "qms.yaml) / approver (person id or name)."),
    date: str = typer.Option(None, "--date", metavar="YYYY-MM-DD",
                             help="Ngày ban hành (mặc định hôm nay) / release date (default "
                             "today)."),
    message: str = typer.Option("", "--message", "-m",
                                help="Ghi chú thêm vào commit và thẻ / a note for the commit "
                                "and tag."),
    format: ReleaseFormat = typer.Option(ReleaseFormat.text, "--format", "-f",
                                         help="text hoặc json / output format."),
    redlines: Path = typer.Option(None, "--redlines", metavar="OUT",
                                  help="Ghi thêm bản Word có theo dõi thay đổi của từng tài liệu "
                                  "sửa đổi (so với lần ban hành trước) vào thư mục OUT / also "
                                  "write each amended document's Word redline into OUT."),
    lang: str = LANG,
) -> None:
    """Ban hành các tài liệu đã thay đổi: tăng lần ban hành, ghi ngày, commit và gắn thẻ Git.

    Issue the documents changed since the last release: raise their edition, set the issue
    date, commit and create the tag qms/<date>. Refuses (exit 1) while `qmsdoc check` reports
    errors or the working tree has uncommitted changes.
    """
    lg = resolve_lang(lang)
    done = run(Options(path, dry_run, approved_by, lambda: parse_today(date), message,
                       redlines))
    if done.error is not None:
        say_error(lg, *done.error)
        raise typer.Exit(done.status)
    if done.pending is not None:
        resumed = done.resumed
        _completed(done.pending, lg, dry_run, resumed.commit if resumed else "",
                   resumed.tag if resumed else "")
        return
    plan, result = done.plan, done.applied
    assert plan is not None
    if result is None:
        if format is ReleaseFormat.json:
            typer.echo(_plan_json(plan))
        else:
            _print_plan(plan, lg, dry_run)
        return
    if done.redline_error is not None:
        say(lg, f"Không ghi được bản so sánh: {done.redline_error[0]}",
            f"Could not write the redlines: {done.redline_error[1]}", style="yellow")
    if format is ReleaseFormat.json:
        typer.echo(_plan_json(plan, result.commit))
        return
    _print_plan(plan, lg, dry_run=False)
    for p in done.redlines:
        say(lg, f"Đã ghi bản so sánh {p}", f"Wrote the redline {p}", style="green")
    if result.committed:
        say(lg, f"Đã commit {result.commit[:7]} và tạo thẻ {result.tag}. Đẩy lên máy chủ: "
            f"git push --follow-tags",
            f"Committed {result.commit[:7]} and tagged {result.tag}. Publish with: "
            "git push --follow-tags", style="green")
    else:
        say(lg, f"Đã tạo thẻ {result.tag} trên {result.commit[:7]} (không cần sửa tệp nào). "
            "Đẩy lên máy chủ: git push --follow-tags",
            f"Tagged {result.commit[:7]} as {result.tag} (no file needed editing). Publish "
            "with: git push --follow-tags", style="green")
