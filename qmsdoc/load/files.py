"""Read one source file into a model object: decode, split front matter, parse, convert."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from qmsdoc.diagnostics import Diagnostic
from qmsdoc.load import problems as codes
from qmsdoc.load.convert import Converter
from qmsdoc.load.text import DecodedText, decode_source
from qmsdoc.load.yamlpos import YamlProblem, YMap, YNode, YScalar, YSeq, parse_yaml
from qmsdoc.model.config import Limits, QmsConfig
from qmsdoc.model.documents import DOCUMENT_KINDS, Document, Form
from qmsdoc.model.registers import REGISTER_KINDS, Register
from qmsdoc.model.span import Span

ALL_KINDS: dict[str, type[Document] | type[Register]] = {**DOCUMENT_KINDS, **REGISTER_KINDS}

KIND_NAMES_VI = {
    "procedure": "quy trình", "instruction": "hướng dẫn", "manual": "sổ tay chất lượng",
    "form": "biểu mẫu", "policy": "chính sách chất lượng", "decision": "quyết định",
    "objectives": "mục tiêu chất lượng", "legal-register": "danh mục văn bản pháp luật",
    "tthc-catalogue": "danh mục thủ tục hành chính", "internal-audit": "hồ sơ đánh giá nội bộ",
    "management-review": "hồ sơ xem xét của lãnh đạo",
    "corrective-actions": "sổ theo dõi hành động khắc phục", "records": "danh mục hồ sơ",
    "qms": "qms.yaml",
}


@dataclass
class FileResult:
    obj: Document | Register | QmsConfig | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    text: str = ""


_LIMIT_WORDS = {
    "too-deep": ("lồng nhau quá {d} mức", "nesting deeper than {d} levels"),
    "too-many-nodes": ("quá {d} nút sau khi mở rộng bí danh (bom alias?)",
                       "more than {d} nodes once aliases are expanded (alias bomb?)"),
    "recursive": ("bí danh tự tham chiếu (đệ quy)", "an alias that refers to itself"),
    "complex-key": ("khóa không phải văn bản đơn", "a key that is not a plain scalar"),
}


def _yaml_diagnostics(path: str, problems: list[YamlProblem]) -> list[Diagnostic]:
    out = []
    for p in problems:
        span = Span(path, p.line, p.column)
        if p.kind == "syntax":
            out.append(codes.YAML_SYNTAX.make(span, detail=p.detail))
        elif p.kind == "duplicate-key":
            out.append(codes.DUPLICATE_KEY.make(span, key=p.detail))
        else:
            vi, en = _LIMIT_WORDS[p.kind]
            out.append(codes.YAML_LIMIT.make(span, what_vi=vi.format(d=p.detail),
                                              what_en=en.format(d=p.detail)))
    return out


def _text_diagnostics(path: str, decoded: DecodedText) -> list[Diagnostic]:
    out = []
    for p in decoded.problems:
        span = Span(path, p.line, p.column)
        if p.kind == "nfd":
            out.append(codes.NFD_TEXT.make(span, sample=p.sample))
        elif p.kind in ("tcvn3", "vni", "cp1258"):
            name = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI", "cp1258": "Windows-1258"}[p.kind]
            out.append(codes.LEGACY_ENCODING.make(span, encoding=name, sample=p.sample,
                                                   suggestion=p.suggestion))
        elif p.kind == "invalid-utf8":
            out.append(codes.INVALID_ENCODING.make(span))
        elif p.kind == "binary":
            out.append(codes.BINARY_FILE.make(span))
        elif p.kind == "empty":
            out.append(codes.EMPTY_FILE.make(span))
        elif p.kind == "utf16":
            out.append(codes.UTF16.make(span))
        elif p.kind == "private-use":
            out.append(codes.PRIVATE_USE.make(span, char=p.sample, code=f"U+{ord(p.sample):04X}"))
    return out


# A line closing the front matter: "---" or "...", then only whitespace (as str.rstrip sees
# it, but never past the end of the line).
# Searched from a newline: a pattern that starts with a character is found with a fast scan,
# one that starts with ^ is tried at every position of the text.
_CLOSE = re.compile(r"\n((?:---|\.\.\.)[^\S\n]*)$", re.M)


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(yaml, body, body_line) of a Markdown file; None when there is no front matter.

    Raises ValueError when the front matter is opened but never closed.
    """
    if not text.startswith("---"):
        return None
    first_end = text.find("\n")
    if first_end == -1 or text[:first_end].strip() != "---":
        if text.strip() == "---":
            raise ValueError("unclosed")
        return None
    close = _CLOSE.search(text, first_end)
    if close is None:
        raise ValueError("unclosed")
    pos, end = close.start(1), close.end()
    body_start = end + 1 if end < len(text) else len(text)
    return text[first_end + 1:pos], text[body_start:], text.count("\n", 0, pos) + 2


def front_matter(text: str) -> tuple[str, str, int] | None:
    """:func:`split_front_matter`, None also when the front matter is never closed (for readers
    to which an unclosed front matter is no front matter; the loader reports it)."""
    try:
        return split_front_matter(text)
    except ValueError:
        return None


def load_file(rel: str, data: bytes, limits: Limits, *, is_config: bool = False) -> FileResult:
    """Everything the loader learns from one file's bytes. Never raises."""
    decoded = decode_source(data)
    result = FileResult(diagnostics=_text_diagnostics(rel, decoded))
    if decoded.text is None or not decoded.text.strip():
        return result
    text = decoded.text
    result.text = text
    offset = 0
    body, body_line = "", 0
    if rel.lower().endswith(".md"):
        try:
            split = split_front_matter(text)
        except ValueError:
            result.diagnostics.append(codes.UNCLOSED_FRONT_MATTER.make(Span(rel, 1, 1)))
            return result
        if split is None:
            return result  # plain Markdown (a README, notes): not a qmsdoc file
        yaml_text, body, body_line = split
        offset = 1
    else:
        yaml_text = text
    tree, problems = parse_yaml(yaml_text, line_offset=offset, max_depth=limits.max_depth or 40,
                                max_nodes=limits.max_nodes or 200_000)
    result.diagnostics.extend(_yaml_diagnostics(rel, problems))
    if tree is None:
        return result
    if is_config:
        conv = Converter(rel, "qms.yaml", "qms.yaml")
        result.obj = conv.to_object(tree, QmsConfig) if isinstance(tree, YMap) else None
        if result.obj is None:
            result.diagnostics.append(codes.WRONG_TYPE.make(
                Span(rel, tree.line, tree.column), key="qms.yaml", expected_vi="bảng khóa–giá trị",
                expected_en="a mapping", found_vi="giá trị khác", found_en="something else",
                example="organization: …"))
        result.diagnostics.extend(conv.diagnostics)
        return result
    result.obj = to_model(rel, tree, body, body_line, result.diagnostics)
    return result


def to_model(rel: str, tree: YNode, body: str = "", body_line: int = 0,
             diagnostics: list[Diagnostic] | None = None) -> Any:
    """The document or register a front matter's tree describes (None when its kind is
    missing or unknown), its problems appended to ``diagnostics``."""
    out = diagnostics if diagnostics is not None else []
    if isinstance(tree, YMap) and (k := tree.get("kind")) is not None \
            and not isinstance(k, YScalar):
        found_vi, found_en = ("một danh sách", "a list") if isinstance(k, YSeq) else \
            ("một bảng khóa–giá trị", "a mapping")
        out.append(codes.KIND_NOT_TEXT.make(
            Span(rel, k.line, k.column), found_vi=found_vi, found_en=found_en,
            known=", ".join(ALL_KINDS)))
        return None
    kind = _kind_of(tree)
    if kind is None:
        out.append(codes.MISSING_KIND.make(Span(rel, tree.line, tree.column)))
        return None
    cls = ALL_KINDS.get(kind.raw)
    if cls is None:
        out.append(codes.UNKNOWN_KIND.make(
            Span(rel, kind.line, kind.column), kind=kind.raw, known=", ".join(ALL_KINDS)))
        return None
    name_vi = KIND_NAMES_VI.get(cls.KIND, cls.KIND)
    conv = Converter(rel, f"{name_vi} ({cls.KIND})", cls.KIND)
    # Set while converting: dataclasses.replace afterwards copies every field again.
    extra = ({"path": rel, "body": body, "body_line": body_line} if issubclass(cls, Document)
             else {"path": rel})
    obj: Any = conv.to_object(tree, cls, extra=extra)
    out.extend(conv.diagnostics)
    if isinstance(obj, Form) and obj.source and not inside_repository(obj.source, rel):
        out.append(codes.FORM_SOURCE_OUTSIDE.make(obj.at("source"), target=obj.source))
    return obj


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def inside_repository(target: str, doc_path: str) -> bool:
    """Whether a path written in a document (relative to its folder) stays in the repository.

    What the build refuses to read as leaving it (qmsdoc.render.markdown.resolve_image, not
    imported: the renderer is heavy): a URL or drive (``file:``, ``C:``), an absolute or home
    path, a ``..`` that climbs above the root. Backslashes count as separators here.
    """
    target = unquote(target.strip()).replace("\\", "/")
    if not target:
        return True  # nothing named: nothing leaves
    if _SCHEME.match(target) or target.startswith(("/", "~")):
        return False
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(doc_path), target))
    return not (joined in ("..", ".") or joined.startswith(("../", "/")))


def _kind_of(tree: YNode) -> YScalar | None:
    if not isinstance(tree, YMap):
        return None
    k = tree.get("kind")
    return k if isinstance(k, YScalar) and k.raw else None
