"""``qmsdoc fmt``: normalise the sources with a ruamel.yaml round trip, keeping every comment.

What changes (and nothing else):

* text: Unicode NFC, UTF-8 without BOM, LF line endings, exactly one newline at the end;
* YAML of qmsdoc files (``qms.yaml``, registers, front matter of documents): keys in the
  canonical order of their kind (``kind``, ``code``, ``title``, then the model's field order;
  unknown keys keep their place after the known ones; not in files with anchors), 2-space
  indentation with list items indented under their key, dates of date fields as
  ``YYYY-MM-DD`` (``15/01/2026`` converted), flow lists longer than 100 columns wrapped after a
  comma;
* the Markdown body: only NFC and the end of the file.

Files whose YAML does not parse, that are not UTF-8 or that use a legacy Vietnamese encoding are
reported and left untouched. Files that are not qmsdoc files (no known ``kind``) only get the
text normalisation. Formatting is idempotent: a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args, get_origin

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from qmsdoc.atomic import write_atomic
from qmsdoc.diagnostics import QmsdocError
from qmsdoc.load.discover import CONFIG_NAMES, EXTENSIONS, discover, find_config
from qmsdoc.load.files import ALL_KINDS, split_front_matter
from qmsdoc.load.text import decode_source
from qmsdoc.migrate import migrate_bytes
from qmsdoc.model.base import Located
from qmsdoc.model.config import QmsConfig
from qmsdoc.model.schema import fields_of, unwrap_optional

WIDTH = 100
HEAD = ("kind", "code", "title")
_ANCHOR = re.compile(r"(?:^|[\s\[{,:-])&[^\s,\[\]{}]+", re.M)
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_SKIP_PROBLEMS = {"tcvn3": "TCVN3", "vni": "VNI", "cp1258": "Windows-1258", "utf16": "UTF-16"}


class FormatError(QmsdocError):
    """A file that cannot be formatted; it is left as it is."""

    def __init__(self, vi: str, en: str, line: int = 1, column: int = 1) -> None:
        super().__init__(vi, en)
        self.line = line
        self.column = column


@dataclass(frozen=True)
class FmtOutcome:
    """What ``fmt`` did (or would do) to one file."""

    path: Path
    rel: str
    changed: bool = False
    error: FormatError | None = None


def _rt_yaml() -> YAML:
    y = YAML(typ="rt", pure=True)
    y.preserve_quotes = True
    y.width = 4096  # never re-wrap scalars; long flow lists are wrapped by _wrap_flow
    y.indent(mapping=2, sequence=4, offset=2)
    y.allow_duplicate_keys = False
    return y


# --------------------------------------------------------------------------- canonical form


def _key_order(cls: type, top: bool) -> list[str]:
    """The model's field order; a file's own mapping starts with kind, code, title."""
    names = list(fields_of(cls))
    head = [k for k in HEAD if k in names] if top else []
    return head + [k for k in names if k not in head]


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime) or not isinstance(value, str | dt.date):
        return None
    if isinstance(value, dt.date):
        return value
    text = value.strip()
    m = _DMY.match(text)
    try:
        if m:
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
    except ValueError:
        return None
    return None


def _normalise_value(value: Any, hint: Any, reorder: bool = True) -> Any:
    """The canonical form of one value of a field whose type hint is ``hint``."""
    hint = unwrap_optional(hint)
    origin = get_origin(hint)
    if origin is list:
        (item,) = get_args(hint)
        if isinstance(value, CommentedSeq):
            for i, v in enumerate(value):
                value[i] = _normalise_value(v, item, reorder)
            return value
        return _normalise_value(value, item, reorder)  # one item written without a list
    if isinstance(hint, type) and issubclass(hint, Located) and isinstance(value, CommentedMap):
        normalise_map(value, hint, reorder=reorder)
        return value
    if hint is dt.date:
        d = _as_date(value)
        if d is not None and not (isinstance(value, dt.date) and type(value) is dt.date):
            return d
    return value


def normalise_map(node: CommentedMap, cls: type, top: bool = False,
                  reorder: bool = True) -> None:
    """Put known keys in canonical order (comments travel with their key) and fix values.

    Keys are not reordered when ``reorder`` is off (a file with anchors, whose definition must
    stay before its aliases) or in a mapping with a merge key (``<<: *base``).
    """
    fields = fields_of(cls)
    merged = bool(getattr(node, "merge", None))
    for key in list(node.keys()):
        if isinstance(key, str) and key in fields and (not merged or key in node._ok):
            node[key] = _normalise_value(node[key], fields[key].hint, reorder)
    if merged or not reorder:
        return
    order = [k for k in _key_order(cls, top) if k in node]
    rest = [k for k in node if k not in order]
    wanted = order + rest
    if list(node.keys()) != wanted:
        for key in wanted:
            node.move_to_end(key)


def _class_for(data: Any, is_config: bool) -> type | None:
    if is_config:
        return QmsConfig
    if isinstance(data, CommentedMap):
        kind = data.get("kind")
        if isinstance(kind, str):
            return ALL_KINDS.get(kind)
    return None


def _flow_items(text: str) -> list[str] | None:
    """The items of a one-line flow list of plain or double-quoted scalars, else None."""
    items = []
    for m in re.finditer(r'\s*("(?:[^"\\]|\\.)*"|[^,\[\]{}"\'#]+?)\s*(,|$)', text):
        if m.group(0).strip():
            items.append(m.group(1))
    return items if ", ".join(items) == text.strip() else None


def _wrap_flow(yaml_text: str) -> str:
    """Wrap ``key: [a, b, …]`` lines longer than WIDTH after a comma, continuation aligned
    with the first item (the sample manual's style)."""
    out = []
    for line in yaml_text.split("\n"):
        m = re.match(r"^(\s*(?:- )?[^\s:#][^:#]*: \[)(.*)\]$", line)
        if len(line) <= WIDTH or not m or (items := _flow_items(m.group(2))) is None:
            out.append(line)
            continue
        pad = " " * len(m.group(1))
        current = m.group(1)
        for i, item in enumerate(items):
            piece = item + ("," if i < len(items) - 1 else "]")
            if i == 0:
                current += piece
            elif len(current) + 1 + len(piece) > WIDTH:
                out.append(current)
                current = pad + piece
            else:
                current += " " + piece
        out.append(current)
    return "\n".join(out)


def format_yaml(yaml_text: str, *, is_config: bool = False, line_offset: int = 0) -> str | None:
    """The canonical form of a YAML text; None when it is not a qmsdoc file (left as it is)."""
    y = _rt_yaml()
    try:
        data = y.load(yaml_text)
    except MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        col = mark.column + 1 if mark else 1
        detail = " ".join(str(x) for x in (e.context, e.problem) if x)
        raise FormatError(f"lỗi cú pháp YAML: {detail}", f"YAML syntax error: {detail}",
                          line, col) from None
    except (YAMLError, ValueError, RecursionError) as e:
        raise FormatError(f"không đọc được YAML: {e}", f"cannot read the YAML: {e}",
                          1 + line_offset) from None
    cls = _class_for(data, is_config)
    if cls is None or not isinstance(data, CommentedMap):
        return None
    normalise_map(data, cls, top=True, reorder=not _ANCHOR.search(yaml_text))
    buf = io.StringIO()
    try:
        y.dump(data, buf)
    except (YAMLError, RecursionError) as e:
        raise FormatError(f"không ghi lại được YAML: {e}", f"cannot write the YAML back: {e}",
                          1 + line_offset) from None
    return _wrap_flow(buf.getvalue())


def _end(text: str) -> str:
    return text.rstrip() + "\n" if text.strip() else ""


def format_text(rel: str, text: str, *, is_config: bool = False) -> str:
    """The formatted text of one source (already decoded and NFC)."""
    if rel.lower().endswith(".md"):
        try:
            split = split_front_matter(text)
        except ValueError:
            raise FormatError("phần khai báo đầu tệp (front matter) không có dòng '---' đóng lại",
                              "the front matter is never closed by a '---' line") from None
        if split is None:
            return _end(text)
        yaml_text, body, _ = split
        opening = text[: text.find("\n") + 1]
        closing = text[len(opening) + len(yaml_text): len(text) - len(body)]
        formatted = format_yaml(yaml_text, line_offset=1)
        if formatted is None:
            return _end(text)
        return _end(f"---\n{formatted}{closing.strip()}\n{body}")
    formatted = format_yaml(text, is_config=is_config)
    return _end(text if formatted is None else formatted)


def format_bytes(rel: str, data: bytes, *, is_config: bool = False) -> bytes:
    """Decode, format and encode one file; raises FormatError when it must be left alone."""
    decoded = decode_source(data)
    for p in decoded.problems:
        if p.kind in _SKIP_PROBLEMS:
            name = _SKIP_PROBLEMS[p.kind]
            raise FormatError(f"tệp dùng bảng mã {name}; chuyển sang UTF-8 trước khi định dạng",
                              f"the file is encoded in {name}; convert it to UTF-8 first",
                              p.line, p.column)
        if p.kind in ("invalid-utf8", "binary"):
            raise FormatError("tệp không phải văn bản UTF-8", "the file is not UTF-8 text",
                              p.line, p.column)
    if decoded.text is None or not decoded.text.strip():
        return data
    return format_text(rel, decoded.text, is_config=is_config).encode("utf-8")


# --------------------------------------------------------------------------- files


def source_files(paths: Iterable[Path]) -> Iterator[tuple[Path, str, bool]]:
    """(path, name to report, is qms.yaml) of every source under the given files and folders."""
    for path in paths:
        if path.is_file():
            yield path, str(path), path.name in CONFIG_NAMES and find_config(path.parent) == path
            continue
        config = find_config(path)
        exclude: list[str] = []
        output_dir: str | None = "_build"
        if config is not None:
            yield config, _rel(config, path), True
            exclude, output_dir = _settings(config)
        for cand in discover(path, exclude, output_dir):
            if not cand.problem and cand.rel.lower().endswith(EXTENSIONS):
                yield cand.path, _rel(cand.path, path), False


def _rel(path: Path, root: Path) -> str:
    """The path to report: under the folder as the user named it (``sample_manual/qms.yaml``)."""
    try:
        return (root / path.resolve().relative_to(root.resolve())).as_posix()
    except ValueError:
        return str(path)


def _settings(config: Path) -> tuple[list[str], str | None]:
    """``exclude`` and ``output.dir`` of qms.yaml, read leniently (defaults when broken)."""
    try:
        data = YAML(typ="safe", pure=True).load(config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, YAMLError):
        return [], "_build"
    if not isinstance(data, dict):
        return [], "_build"
    exclude = [str(x) for x in data.get("exclude") or [] if isinstance(x, str)]
    output = data.get("output")
    out_dir = output.get("dir") if isinstance(output, dict) else None
    return exclude, out_dir if isinstance(out_dir, str) else "_build"


def format_paths(paths: Iterable[Path], *, check: bool = False) -> list[FmtOutcome]:
    """Format every source under ``paths`` (files or folders); with ``check``, write nothing."""
    outcomes = []
    seen: set[Path] = set()
    for path, rel, is_config in source_files(paths):
        key = path.resolve()
        if key in seen:
            continue
        seen.add(key)
        try:
            data = path.read_bytes()
            new = migrate_bytes(path, format_bytes(rel, data, is_config=is_config))
        except FormatError as e:
            outcomes.append(FmtOutcome(path, rel, error=e))
            continue
        except OSError as e:
            err = FormatError(f"không đọc được tệp: {e.strerror or e}",
                              f"cannot read the file: {e.strerror or e}")
            outcomes.append(FmtOutcome(path, rel, error=err))
            continue
        changed = new != data
        if changed and not check:
            write_atomic(path, new)
        outcomes.append(FmtOutcome(path, rel, changed=changed))
    return outcomes


__all__ = ["FmtOutcome", "FormatError", "format_bytes", "format_paths", "format_text",
           "format_yaml", "normalise_map"]
