"""QMS108: template placeholders (``<<Điền …>>``) left in a document, a register or qms.yaml.

``qmsdoc init`` and ``qmsdoc new`` write placeholders where only the organisation knows the
answer (names of the people who sign, the address, a decision number, the purpose of a new
procedure). They are warnings, never errors: the repository stays valid while it is filled in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from qmsdoc.diagnostics import Severity as S
from qmsdoc.diagnostics.registry import Finding, rule
from qmsdoc.model.span import Span
from qmsdoc.rules.context import RuleContext

#: ``<<Điền họ và tên Chủ tịch>>``; the text inside says what to fill in. ``<<:`` (a YAML merge
#: key) never matches because a placeholder must be closed by ``>>`` on the same line.
PLACEHOLDER = re.compile(r"<<\s*([^<>\n]{1,200}?)\s*>>")


def find_placeholders(text: str) -> list[tuple[int, int, str]]:
    """(line, column, what to fill in) of every placeholder of a text, 1-based."""
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        out += [(n, m.start() + 1, m.group(1)) for m in PLACEHOLDER.finditer(line)]
    return out


def _yaml_lines(path: str, lines: tuple[str, ...]) -> set[int]:
    """Line numbers (1-based) that hold YAML: the whole file, or a Markdown file's front matter."""
    if not path.lower().endswith(".md"):
        return set(range(1, len(lines) + 1))
    if not lines or lines[0].strip() != "---":
        return set()
    for n, line in enumerate(lines[1:], 2):
        if line.rstrip() in ("---", "..."):
            return set(range(1, n + 1))
    return set()


@rule("QMS108", "placeholder-not-filled", S.WARNING,
      "Cần điền: {what}",
      "To fill in (template placeholder): {what}",
      hint_vi="Thay cả đoạn <<…>> bằng thông tin thật của cơ quan, tổ chức.",
      hint_en="Replace the whole <<…>> text with the organisation's own information.",
      clause="7.5.2")
def placeholder_not_filled(ctx: RuleContext) -> Iterator[Finding]:
    repo = ctx.repo
    qms_files = {d.path for d in repo.documents} | {r.path for r in repo.registers}
    if repo.config is not None:
        qms_files.add(repo.config.span.path or "qms.yaml")
    for path, source in sorted(repo.sources.items()):
        if path not in qms_files:
            continue  # a README or notes: not a qmsdoc file
        if not source.mentions("<<"):  # most files have none
            continue
        yaml_lines = _yaml_lines(path, source.lines)
        for n, line in enumerate(source.lines, 1):
            if "<<" not in line:
                continue
            if n in yaml_lines:
                line = _strip_comment(line)
            for m in PLACEHOLDER.finditer(line):
                yield Span(path, n, m.start() + 1), {"what": _what(m.group(1))}


def _what(text: str) -> str:
    """The placeholder's instruction without its leading "Điền" ("fill in")."""
    head, _, rest = text.partition(" ")
    return rest if head.casefold() == "điền" and rest else text


def _strip_comment(line: str) -> str:
    """A YAML line without its comment (a ``#`` at the start or after a space, outside quotes)."""
    quote = ""
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'" and (i == 0 or line[i - 1] in " :-[{,"):
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i]
    return line
