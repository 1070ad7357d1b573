"""The Typst engine: compile the fixed template with a document's data into PDF bytes.

One :class:`typst.Compiler` per process (fonts are scanned once). Typst keeps going where a
font has no glyph for a character (it prints an empty box, glyph 0) without a warning, so
every PDF is checked for glyph 0 after compiling, and the characters at fault are found by
probing; that and any font warning of Typst (unknown font family…) fail the document.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import tempfile
import unicodedata
import zlib
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from qmsdoc.diagnostics import QmsdocError
from qmsdoc.render.typst.data import TypstData

TEMPLATE = "document.typ"
#: The drawing of flowcharts, put before the template (also drawn alone as the site's SVG).
DIAGRAM = "diagram.typ"
INPUT_KEY = "qmsdoc-data"
#: Reproducible output: a PDF without an issue date is dated this day.
_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)
_STREAM = re.compile(rb"(?<!end)stream\r?\n")
# A text-showing string of a content stream: literal "(...)" or hex "<...>" before Tj/TJ.
_TEXT_OP = re.compile(rb"(\[(?:[^\]\\]|\\.)*\]\s*TJ|\((?:[^)\\]|\\.)*\)\s*Tj)", re.S)
_LITERAL = re.compile(rb"\(((?:[^)\\]|\\.)*)\)", re.S)
_INVISIBLE = {"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"}  # no glyph of their own to look for
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


class PdfError(QmsdocError):
    """A PDF cannot be made; the message is worded in both languages."""


@cache
def template_source() -> bytes:
    return diagram_source() + b"\n" + _package_file(TEMPLATE)


@cache
def diagram_source() -> bytes:
    return _package_file(DIAGRAM)


def _package_file(name: str) -> bytes:
    return (resources.files("qmsdoc") / "templates" / "typst" / name).read_bytes()


@cache
def _compiler() -> Any:
    import typst

    return typst.Compiler()


@cache
def _empty_root() -> str:
    """The project root of documents without pictures: an empty folder of this process."""
    from multiprocessing.util import Finalize

    root = tempfile.mkdtemp(prefix="qmsdoc-typst-")
    # Build workers leave through multiprocessing's exit path, which skips plain atexit
    # handlers but runs these finalizers (the main process runs them at exit too).
    Finalize(None, shutil.rmtree, args=(root,), kwargs={"ignore_errors": True}, exitpriority=0)
    return root


def typst_version() -> str:
    import typst

    return str(getattr(typst, "__version__", "?"))


def compile_pdf(td: TypstData, *, pdfa: bool = False, created: dt.date | None = None,
                store: str = "") -> bytes:
    """The PDF of the data; PdfError when Typst fails, a font is unknown or a glyph missing.

    ``store``: a folder in ``.qmsdoc/cache`` where the PDF is kept under a digest keyed with
    the user's cache secret over everything Typst is given (the Typst version, the template,
    the data, the files, PDF/A and the date), and taken from on the next build that gives the
    same (a combined set's cover, typeset again on every build otherwise).
    """
    payload = json.dumps(td.data, ensure_ascii=False, separators=(",", ":"))
    stamp = (dt.datetime(created.year, created.month, created.day, tzinfo=dt.UTC)
             if created else _EPOCH)
    kept = _kept_path(store, payload, td.files, pdfa, stamp) if store else None
    if kept is not None:
        from qmsdoc.cache.store import read_sealed, write_sealed

        pdf = read_sealed(kept, _KEPT, 1 << 30)
        if pdf is None:
            pdf = _compiled(td, payload, pdfa, stamp)
            write_sealed(kept, _KEPT, pdf, ".pdf-")
        return pdf
    return _compiled(td, payload, pdfa, stamp)


_KEPT = b"qmsdoc-typst-pdf-1\n"


def _kept_path(store: str, payload: str, files: dict[str, bytes], pdfa: bool,
               stamp: dt.datetime) -> Path | None:
    from qmsdoc.cache.store import keyed_name

    name = keyed_name(typst_version().encode(), template_source(), payload.encode(),
                      *(f"{name}\0".encode() + data for name, data in sorted(files.items())),
                      f"{pdfa}|{stamp.isoformat()}".encode())
    return Path(store) / f"{name}.pdf" if name is not None else None


def _compiled(td: TypstData, payload: str, pdfa: bool, stamp: dt.datetime) -> bytes:
    if td.files:
        with tempfile.TemporaryDirectory(prefix="qmsdoc-typst-") as root:
            for name, data in td.files.items():
                (Path(root) / name).write_bytes(data)
            pdf, warnings = _run(payload, root, pdfa, stamp)
    else:
        pdf, warnings = _run(payload, _empty_root(), pdfa, stamp)
    fonts = td.data["fonts"]
    problems = [w for w in warnings if _is_font_warning(w)]
    if problems:
        text = "; ".join(_message(w) for w in problems)
        raise PdfError(f"Typst báo lỗi phông chữ: {text}", f"Typst reports a font problem: {text}")
    if uses_missing_glyph(pdf):
        missing = missing_characters(td.characters, [fonts["body"], *fonts["symbols"]],
                                     [fonts["mono"], *fonts["symbols"]])
        shown = ", ".join(f"“{c}” (U+{ord(c):04X})" for c in missing[:12]) or "?"
        raise PdfError(
            f"Phông chữ {fonts['body']} không có ký tự {shown}: PDF sẽ in ô trống thay cho "
            "ký tự đó. Thay ký tự bằng ký tự thông dụng, hoặc cài phông có ký tự này và đặt "
            "output.font trong qms.yaml.",
            f"The font {fonts['body']} has no glyph for {shown}: the PDF would print an empty "
            "box instead. Replace the character, or install a font that has it and set "
            "output.font in qms.yaml.")
    return pdf


def _run(payload: str, root: str, pdfa: bool, stamp: dt.datetime) -> tuple[bytes, list[Any]]:
    import typst

    try:
        pdf, warnings = _compiler().compile_with_warnings(
            template_source(), format="pdf", sys_inputs={INPUT_KEY: payload}, root=root,
            pdf_standards=["a-2b"] if pdfa else [], timestamp=stamp)
    except typst.TypstError as e:
        detail = _message(e)
        where = str(getattr(e, "diagnostic", "") or "").strip()
        if where and where != detail:
            detail = f"{detail}\n{where}"
        raise PdfError(f"Typst không tạo được PDF: {detail}",
                       f"Typst could not make the PDF: {detail}") from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as e:  # a panic inside Typst (pyo3 raises it as a BaseException)
        detail = f"{type(e).__name__}: {e}"
        raise PdfError(f"Typst gặp lỗi nội bộ: {detail}",
                       f"Typst failed internally: {detail}") from None
    if not isinstance(pdf, bytes):
        raise PdfError("Typst không trả về PDF.", "Typst returned no PDF.")
    return pdf, list(warnings)


def _message(w: Any) -> str:
    return str(getattr(w, "message", "") or w).strip()


def _is_font_warning(w: Any) -> bool:
    text = _message(w).lower()
    return "font" in text or "glyph" in text


# ------------------------------------------------------------------------- glyph check
def uses_missing_glyph(pdf: bytes) -> bool:
    """Whether some text of the PDF is shown with glyph 0 (".notdef", an empty box).

    Typst writes text in two-byte glyph codes (Identity-H fonts) in compressed content streams;
    code 0000 is the font's missing-glyph box, which Typst never uses for real text.
    """
    for body in _streams(pdf):
        # Glyph 0 is two zero bytes: written "\000\000" (or raw) inside a string.
        if b"\\000\\000" not in body and b"\x00\x00" not in body:
            continue
        if b"Tj" not in body and b"TJ" not in body:
            continue
        for op in _TEXT_OP.finditer(body):
            for lit in _LITERAL.finditer(op.group(0)):
                codes = _unescape(lit.group(1))
                if any(codes[i] == 0 and codes[i + 1] == 0
                       for i in range(0, len(codes) - 1, 2)):
                    return True
    return False


def _streams(pdf: bytes) -> Iterable[bytes]:
    for m in _STREAM.finditer(pdf):
        end = pdf.find(b"endstream", m.end())
        if end < 0:
            continue
        raw = pdf[m.end():end]
        try:
            yield zlib.decompress(raw)
        except zlib.error:
            yield raw


def _unescape(s: bytes) -> bytes:
    """The bytes of a PDF literal string."""
    out = bytearray()
    i = 0
    while i < len(s):
        c = s[i:i + 1]
        if c != b"\\":
            out += c
            i += 1
            continue
        nxt = s[i + 1:i + 2]
        if nxt in _ESCAPES:
            out += _ESCAPES[nxt]
            i += 2
        elif nxt.isdigit():
            j = i + 1
            while j < min(i + 4, len(s)) and s[j:j + 1] in b"01234567":
                j += 1
            out.append(int(s[i + 1:j], 8) & 0xFF)
            i = j
        elif nxt in (b"\r", b"\n"):  # a line continuation
            i += 2
        else:
            out += nxt
            i += 2
    return bytes(out)


_PROBE = b"""#set text(font: json(bytes(sys.inputs.fonts)), fallback: true)
#sys.inputs.text
*#sys.inputs.text*
_#sys.inputs.text _
"""


def missing_characters(chars: Iterable[str], body: list[str], mono: list[str]) -> list[str]:
    """The characters no font of the body list (regular, bold, italic) has, else those the
    code font list lacks: each probed alone (only when a PDF has a missing glyph)."""
    candidates = sorted(c for c in set(chars) if not (" " <= c <= "~")
                        and unicodedata.category(c) not in _INVISIBLE)
    missing = [c for c in candidates if _probe(c, body)]
    if not missing:
        missing = [c for c in candidates if _probe(c, mono)]
    return missing


def _probe(char: str, fonts: list[str]) -> bool:
    try:
        pdf = _compiler().compile(_PROBE, format="pdf", root=_empty_root(), pdf_tags=False,
                                  sys_inputs={"fonts": json.dumps(fonts), "text": char})
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # Typst failing on one character: not the one to report
        return False
    return isinstance(pdf, bytes) and uses_missing_glyph(pdf)
