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

A file already in canonical form is recognised without the round trip where it can be
(:mod:`qmsdoc.fmt_canonical`, on libyaml's events): that is what keeps ``fmt --check`` on a large
repository quick.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args, get_origin

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from qmsdoc.atomic import write_atomic
from qmsdoc.cache.canonical import KnownCanonical
from qmsdoc.diagnostics import QmsdocError
from qmsdoc.fmt_canonical import (
    NO_WRAP,
    WIDTH,
    as_date,
    flow_items,
    is_canonical,
    key_order,
    wrap_flow_list,
)
from qmsdoc.load.discover import CONFIG_NAMES, EXTENSIONS, discover, find_config
from qmsdoc.load.files import ALL_KINDS, front_matter, split_front_matter
from qmsdoc.load.settings_file import read_settings_file
from qmsdoc.load.text import decode_source
from qmsdoc.migrate import bare_day_working, migrate_bytes
from qmsdoc.model.base import Located
from qmsdoc.model.config import QmsConfig
from qmsdoc.model.schema import fields_of, unwrap_optional

_ANCHOR = re.compile(r"(?:^|[\s\[{,:-])&[^\s,\[\]{}]+", re.M)
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
    notice: tuple[str, str] | None = None  # (vi, en): skipped, and why


def _rt_yaml() -> YAML:
    y = YAML(typ="rt", pure=True)
    y.preserve_quotes = True
    y.width = NO_WRAP  # never re-wrap scalars; long flow lists are wrapped by _wrap_flow
    y.indent(mapping=2, sequence=4, offset=2)
    y.allow_duplicate_keys = False
    return y


# --------------------------------------------------------------------------- canonical form


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
        d = as_date(value)
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
    order = [k for k in key_order(cls, top) if k in node]
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


def _flow_starts(yaml_text: str) -> set[tuple[int, int]]:
    """(line, column) of every one-line flow sequence of the text, from ruamel's own scanner.

    Only these may be wrapped: a line that merely looks like ``key: [a, b]`` inside a literal
    or folded block scalar is text, and wrapping it would change the value.
    """
    from ruamel.yaml.tokens import FlowSequenceEndToken, FlowSequenceStartToken

    starts: set[tuple[int, int]] = set()
    open_at: list[tuple[int, int]] = []
    try:
        for tok in _rt_yaml().scan(yaml_text):
            if isinstance(tok, FlowSequenceStartToken):
                open_at.append((tok.start_mark.line, tok.start_mark.column))
            elif isinstance(tok, FlowSequenceEndToken) and open_at:
                line, col = open_at.pop()
                if line == tok.start_mark.line and not open_at:
                    starts.add((line, col))
    except (YAMLError, ValueError, RecursionError):
        return set()
    return starts


def _wrap_flow(yaml_text: str) -> str:
    """Wrap ``key: [a, b, …]`` lines longer than WIDTH after a comma, continuation aligned
    with the first item (the sample manual's style)."""
    lines = yaml_text.split("\n")
    candidates = {}
    for n, line in enumerate(lines):
        m = re.match(r"^(\s*(?:- )?[^\s:#][^:#]*: \[)(.*)\]$", line)
        if len(line) > WIDTH and m and (items := flow_items(m.group(2))) is not None:
            candidates[n] = (m, items)
    if not candidates:
        return yaml_text  # the usual case: no scan needed
    starts = _flow_starts(yaml_text)
    out = []
    for n, line in enumerate(lines):
        found = candidates.get(n)
        if found is None or (n, len(found[0].group(1)) - 1) not in starts:
            out.append(line)
            continue
        m, items = found
        out.extend(wrap_flow_list(m.group(1), items))
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
    except TypeError:
        # ruamel cannot hash a key that is itself a list (``? [a]`` or ``? k:`` then items).
        line, col = _complex_key_at(yaml_text)
        raise FormatError("không đọc được YAML: có khóa là một danh sách hoặc bảng (khóa phức "
                          "'? …'); qmsdoc không dùng khóa như vậy, hãy viết khóa là một chữ",
                          "cannot read the YAML: a key is a list or a mapping (a complex "
                          "'? …' key); qmsdoc uses no such key, write the key as a word",
                          line + line_offset, col) from None
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


def _complex_key_at(yaml_text: str) -> tuple[int, int]:
    """(line, column) of the first mapping key that is a list or a mapping."""
    import yaml

    # One entry per open collection: "key" or "value" (what a mapping waits for), or "seq".
    slots: list[str] = []
    try:
        for ev in yaml.parse(yaml_text, Loader=yaml.CSafeLoader):
            if isinstance(ev, yaml.CollectionEndEvent):
                slots.pop()
            elif not isinstance(ev, yaml.NodeEvent):
                continue
            elif slots and slots[-1] == "key" and isinstance(ev, yaml.CollectionStartEvent):
                return ev.start_mark.line + 1, ev.start_mark.column + 1
            if isinstance(ev, yaml.NodeEvent | yaml.CollectionEndEvent) and slots \
                    and slots[-1] != "seq" and not isinstance(ev, yaml.CollectionStartEvent):
                slots[-1] = "value" if slots[-1] == "key" else "key"
            if isinstance(ev, yaml.MappingStartEvent):
                slots.append("key")
            elif isinstance(ev, yaml.SequenceStartEvent):
                slots.append("seq")
    except yaml.YAMLError:
        pass
    return 1, 1


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
    new = format_text(rel, decoded.text, is_config=is_config)
    if new != decoded.text:
        _same_meaning(rel, decoded.text, new)
    return new.encode("utf-8")


# --------------------------------------------------------------------------- meaning guard


def _plain(value: Any, depth: int = 0) -> Any:
    """The loaded value as plain data, as qmsdoc reads it: what fmt must never change.

    Strings are compared in NFC (the loader normalises them) and a date written ``15/01/2026``
    equals ``2026-01-15`` (fmt converts the one to the other in date fields; the loader reads
    both as the same date). Key order and comments carry no meaning.
    """
    if depth > 200:
        raise RecursionError
    if isinstance(value, dict):
        return {_frozen(_plain(k, depth + 1)): _plain(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v, depth + 1) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, dt.datetime):
        return ("datetime", value.isoformat())
    if isinstance(value, dt.date):
        return ("date", value.isoformat())
    if isinstance(value, str):
        text = unicodedata.normalize("NFC", str(value))
        d = as_date(text)
        return ("date", d.isoformat()) if d is not None else text
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return ("float", repr(float(value)))
    return ("other", repr(value))


def _frozen(value: Any) -> Any:
    """A hashable form of a plain value, for complex keys (``? [a, b]``)."""
    if isinstance(value, dict):
        return ("map", tuple(sorted(((repr(k), _frozen(v)) for k, v in value.items()))))
    if isinstance(value, list):
        return ("seq", tuple(_frozen(v) for v in value))
    return value


def _load_meaning(rel: str, text: str) -> tuple[Any, str]:
    """(the YAML data, the Markdown body) of a source, for comparing before and after."""
    yaml_text, body = text, ""
    if rel.lower().endswith(".md"):
        split = front_matter(text)
        if split is None:
            return None, text.rstrip()
        yaml_text, body, _ = split
    data = YAML(typ="rt", pure=True).load(yaml_text)
    return _plain(data), body.rstrip()


def _first_difference(a: Any, b: Any, where: str = "") -> str:
    """The key path of the first value that differs (``conditions``, ``steps[2].name``)."""
    if isinstance(a, dict) and isinstance(b, dict):
        for k in list(a) + [k for k in b if k not in a]:
            if a.get(k) != b.get(k):
                return _first_difference(a.get(k), b.get(k), f"{where}.{k}" if where else str(k))
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return _first_difference(x, y, f"{where}[{i}]")
    return where


def _same_meaning(rel: str, before: str, after: str) -> None:
    """Raise FormatError unless ``after`` loads to exactly the data and body of ``before``."""
    try:
        old, new = _load_meaning(rel, before), _load_meaning(rel, after)
    except (YAMLError, ValueError, TypeError, RecursionError) as e:
        raise FormatError(f"không kiểm chứng được kết quả định dạng ({type(e).__name__}); "
                          "không ghi tệp",
                          f"the formatted text could not be verified ({type(e).__name__}); "
                          "not written") from None
    if old == new:
        return
    if old[1] != new[1]:
        where_vi, where_en = "phần nội dung Markdown", "the Markdown body"
    else:
        key = _first_difference(old[0], new[0]) or "(gốc)"
        where_vi, where_en = f"giá trị của {key}", f"the value of {key}"
    raise FormatError(f"định dạng sẽ làm thay đổi {where_vi}; không ghi tệp (hãy báo lỗi này "
                      "cho nhóm phát triển qmsdoc)",
                      f"formatting would change {where_en}; the file was not written (please "
                      "report this to the qmsdoc developers)")


# --------------------------------------------------------------------------- files


def _repository_of(file: Path) -> Path:
    """The repository a file named on the command line belongs to: the nearest folder above it
    holding qms.yaml, else its own folder."""
    config = _nearest_config(file.absolute().parent)
    return config.parent if config is not None else file.absolute().parent


def _nearest_config(folder: Path) -> Path | None:
    """The qms.yaml at or above ``folder`` (a folder given to fmt may lie inside a repository)."""
    for here in (folder.absolute(), *folder.absolute().parents):
        if (config := find_config(here)) is not None:
            return config
    return None


def source_files(paths: Iterable[Path]) -> Iterator[tuple[Path, str, bool, Path, str]]:
    """(path, name to report, is qms.yaml, its repository, link problem) of every source under
    the given files and folders."""
    for path in paths:
        if path.is_file() or path.is_symlink() and not path.is_dir():
            yield (path, str(path), path.name in CONFIG_NAMES and find_config(path.parent) == path,
                   _repository_of(path), "")
            continue
        config = find_config(path)
        exclude: list[str] = []
        output_dir: str | None = "_build"
        if config is not None:
            yield config, _rel(config, path), True, path, ""
            exclude, output_dir = _settings(config)
        for cand in discover(path, exclude, output_dir):
            if cand.problem in ("", "link-outside", "link-broken") \
                    and cand.rel.lower().endswith(EXTENSIONS):
                yield cand.path, _rel(cand.path, path), False, path, cand.problem


def _rel(path: Path, root: Path) -> str:
    """The path to report: under the folder as the user named it (``sample_manual/qms.yaml``)."""
    try:
        return (root / path.resolve().relative_to(root.resolve())).as_posix()
    except ValueError:
        return str(path)


def _settings(config: Path) -> tuple[list[str], str | None]:
    """``exclude`` and ``output.dir`` of qms.yaml, read leniently (defaults when broken)."""
    data = read_settings_file(config)
    if data is None:
        return [], "_build"
    exclude = [str(x) for x in data.get("exclude") or [] if isinstance(x, str)]
    output = data.get("output")
    out_dir = output.get("dir") if isinstance(output, dict) else None
    return exclude, out_dir if isinstance(out_dir, str) else "_build"


def _write_target(path: Path, root: Path, problem: str) -> tuple[Path | None, str]:
    """Where fmt may write ``path``: the real file, when it lies inside the repository.

    A symbolic link (to the file or a folder above it) is edited through: the target is read
    and replaced atomically, and the link stays a link. A link that is broken or leads out of
    the repository is skipped: (None, why). Resolving once and writing at the resolved path
    means no link is followed by the write itself.
    """
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None, "link-broken"
    if problem or not target.is_relative_to(root.resolve()):
        return None, problem or "link-outside"
    if not target.is_file():
        return None, "not-file"
    return target, ""


_SKIPS = {
    "link-broken": ("liên kết tượng trưng bị hỏng, bỏ qua", "broken symbolic link, skipped"),
    "link-outside": ("liên kết tượng trưng trỏ ra ngoài kho tài liệu, bỏ qua (fmt chỉ sửa tệp "
                     "trong kho)", "symbolic link to a file outside the repository, skipped "
                     "(fmt edits only files inside the repository)"),
    "not-file": ("không phải tệp thường, bỏ qua", "not a regular file, skipped"),
}


def _cache_for(root: Path, caches: dict[Path, KnownCanonical]) -> KnownCanonical | None:
    """The cache of a repository (a folder holding qms.yaml), None for anything else."""
    key = root.resolve()
    if key not in caches:
        if find_config(key) is None:
            return None
        caches[key] = KnownCanonical(key)
    return caches[key]


def format_paths(paths: Iterable[Path], *, check: bool = False,
                 cache: bool = True) -> list[FmtOutcome]:
    """Format every source under ``paths`` (files or folders); with ``check``, write nothing.

    With ``cache``, files known to be canonical (``.qmsdoc/cache/fmt.json``) are not parsed.
    """
    outcomes = []
    seen: set[Path] = set()
    caches: dict[Path, KnownCanonical] = {}
    readings: dict[Path, bool] = {}  # qms.yaml is read once per repository, not per file
    for path, rel, is_config, root, problem in source_files(paths):
        target, why = _write_target(path, root, problem)
        if target is None:
            outcomes.append(FmtOutcome(path, rel, notice=_SKIPS[why]))
            continue
        if target in seen:
            continue
        seen.add(target)
        if target != path.absolute():
            rel = f"{rel} → {_rel(target, root)}"
        store = _cache_for(root, caches) if cache else None
        if root not in readings:
            readings[root] = bare_day_working(_nearest_config(root))
        working = readings[root]
        try:
            data = target.read_bytes()
            token = store.token(rel, is_config, data, working) if store else None
            if store is not None and token in store.known:
                outcomes.append(FmtOutcome(path, rel))
                continue
            if is_canonical(rel, data, is_config=is_config, bare_day_working=working):
                if store is not None:
                    store.add(token)
                outcomes.append(FmtOutcome(path, rel))
                continue
            new = migrate_bytes(target.name, format_bytes(rel, data, is_config=is_config),
                                bare_day_is_working=working)
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
            write_atomic(target, new)
        if store is not None and (not changed or not check):
            store.add(store.token(rel, is_config, new, working))
        outcomes.append(FmtOutcome(path, rel, changed=changed))
    for store in caches.values():
        store.save()
    return outcomes


__all__ = ["FmtOutcome", "FormatError", "format_bytes", "format_paths", "format_text",
           "format_yaml", "normalise_map"]
