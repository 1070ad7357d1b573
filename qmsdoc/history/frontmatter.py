"""Edit a few top-level keys of a document's front matter, keeping everything else as written.

Used only by ``qmsdoc release`` (the one command that writes sources). The YAML is edited with
ruamel.yaml round-trip (``YAML(typ="rt")``, quotes preserved, the file's own indentation) so
that comments, key order and layout stay; the result is then compared line by line with the
original, and if the dump changed anything but the edited keys' lines (an unusual layout the
emitter would normalise), the edit is redone in place at the positions ruamel reports for
those values. The Markdown body, the ``---`` fences, a BOM and CRLF line ends are kept byte for
byte. Files are replaced atomically.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import re
from collections.abc import Mapping
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.util import load_yaml_guess_indent

from qmsdoc.load.files import front_matter

BOM = "\ufeff"


class FrontMatterError(ValueError):
    """The file cannot be edited safely (no front matter, key missing, unusual value)."""


def _yaml(indent: int, sequence: int, offset: int) -> YAML:
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 10**9  # never re-wrap long lines (as fmt)
    y.indent(mapping=indent, sequence=sequence, offset=offset)
    y.representer.ignore_aliases = lambda *_: True  # one date in two keys: no &id001 / *id001
    return y


def _mapping_indent(text: str) -> int:
    lines = [ln for ln in text.split("\n") if ln.strip() and not ln.lstrip().startswith("#")]
    for a, b in zip(lines, lines[1:], strict=False):
        if a.rstrip().endswith(":") and not b.lstrip().startswith("- "):
            step = (len(b) - len(b.lstrip())) - (len(a) - len(a.lstrip()))
            if step > 0:
                return step
    return 2


def _render(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _only_keys_changed(old: str, new: str, keys: set[str]) -> bool:
    a, b = old.split("\n"), new.split("\n")
    key_line = re.compile(r"^(?P<k>[^\s#:][^:]*?)\s*:")
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if tag != "replace" or i2 - i1 != j2 - j1:
            return False
        for x, y in zip(a[i1:i2], b[j1:j2], strict=True):
            mx, my = key_line.match(x), key_line.match(y)
            if not (mx and my and mx["k"] == my["k"] and mx["k"] in keys):
                return False
    return True


_TOKEN = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*'|[^\s#'\"][^#]*?(?=\s+#|\s*$)")


def _in_place(text: str, data: CommentedMap, changes: Mapping[str, Any]) -> str:
    lines = text.split("\n")
    for key, value in changes.items():
        line, col = data.lc.value(key)
        current = lines[line]
        m = _TOKEN.match(current, col)
        if m is None or line != data.lc.key(key)[0]:
            raise FrontMatterError(f"cannot edit the value of {key!r} in place")
        token = m.group(0)
        quote = token[0] if token[:1] in ("'", '"') else ""
        lines[line] = current[:m.start()] + f"{quote}{_render(value)}{quote}" + current[m.end():]
    return "\n".join(lines)


def edit_yaml(text: str, changes: Mapping[str, Any]) -> str:
    """Set existing top-level keys of a YAML mapping; every other byte stays (LF line ends)."""
    try:
        _, sequence, offset = load_yaml_guess_indent(text)
        yaml = _yaml(_mapping_indent(text), sequence or 2, offset or 0)
        data = yaml.load(text)
    except Exception as e:  # noqa: BLE001  (the loader reports YAML errors; refuse here)
        raise FrontMatterError(f"YAML cannot be read: {e}") from None
    if not isinstance(data, CommentedMap):
        raise FrontMatterError("the front matter is not a mapping")
    missing = [k for k in changes if k not in data]
    if missing:
        raise FrontMatterError(f"keys not present: {', '.join(missing)}")
    for key, value in changes.items():
        data[key] = dt.date.fromordinal(value.toordinal()) if isinstance(value, dt.date) else value
    out = io.StringIO()
    yaml.dump(data, out)
    dumped = out.getvalue()
    if not text.endswith("\n"):
        dumped = dumped.rstrip("\n")
    if _only_keys_changed(text, dumped, set(changes)):
        return dumped
    return _in_place(text, data, changes)


def edit_front_matter(data: bytes, changes: Mapping[str, Any]) -> bytes:
    """A Markdown file's bytes with front-matter keys set; the body is byte-identical."""
    if not changes:
        return data
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise FrontMatterError("the file is not UTF-8") from None
    bom = BOM if text.startswith(BOM) else ""
    text = text[len(bom):]
    split = front_matter(text)
    if split is None:
        raise FrontMatterError("the file has no front matter")
    yaml_text, body, _ = split
    head_len = text.index("\n") + 1
    head = text[:head_len]
    closing = text[head_len + len(yaml_text):len(text) - len(body)]
    crlf = "\r\n" in yaml_text
    new_yaml = edit_yaml(yaml_text.replace("\r\n", "\n"), changes)
    if crlf:
        new_yaml = new_yaml.replace("\n", "\r\n")
    if not new_yaml.endswith("\n"):
        new_yaml += "\r\n" if crlf else "\n"
    result = (bom + head + new_yaml + closing).encode("utf-8") + body.encode("utf-8")
    if not result.endswith(body.encode("utf-8")):  # pragma: no cover  (by construction)
        raise FrontMatterError("the body would change")
    return result


