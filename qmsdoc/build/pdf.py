"""The PDF part of a build: choosing the engine, and the LibreOffice conversion stage.

With the Typst engine (the default) PDF targets are rendered like DOCX targets, by the
``pdf`` writer in the worker processes. With the LibreOffice engine a PDF target is the
conversion of its DOCX: after the DOCX targets are written, the DOCX of every PDF to make
(the file just built, or one rendered for the purpose when DOCX is not an output format) is
converted in batches, one LibreOffice process and profile per job, and each PDF is written
atomically beside its DOCX. The combined set's PDF, with either engine, is
joined from the documents' PDFs (see ``document_pdfs``) rather than typeset or converted as
one file of thousands of pages; but with PDF/A (joined pages would not make one conforming
file) LibreOffice converts the whole combined DOCX, whose page totals it computes (see
``qmsdoc.render.docx.writer``: SECTIONPAGES holding a PAGEREF).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO, cast

from qmsdoc.build.cache import Cache
from qmsdoc.build.inputs import BuildError
from qmsdoc.build.plan import Target
from qmsdoc.build.worker import Outcome, Task, store, store_streamed
from qmsdoc.diagnostics import Diagnostic
from qmsdoc.model.config import OutputSettings
from qmsdoc.model.span import Span
from qmsdoc.render import problems
from qmsdoc.render.libreoffice import Conversion
from qmsdoc.render.pdf import PdfSettings, PdfSettingsError, PdfSetup, resolve
from qmsdoc.render.pdfjoin import bookmark, bookmark_of, join_set_into, section_fields
from qmsdoc.render.writers import WRITERS, Writer, WriterOptions


def pdf_settings(output: OutputSettings | None, *, engine: str | None, pdfa: bool | None,
                 fallback: bool | None, font: str | None) -> PdfSettings:
    """Command-line options over ``output`` of qms.yaml over the defaults."""
    return PdfSettings(
        engine=engine or (output.pdf_engine if output else None) or "typst",
        pdfa=pdfa if pdfa is not None else bool(output and output.pdfa),
        fallback=fallback if fallback is not None else bool(output and output.pdf_fallback),
        font=font)


def setup_pdf(settings: PdfSettings, writers: Sequence[Writer], diagnostics: list[Diagnostic],
              where: Span | None = None) -> tuple[PdfSetup, list[Writer]]:
    """The PDF setup and the writers of the build: the ``pdf`` writer carries the engine,
    fonts and PDF/A in its version (the cache key), or is dropped when no engine can run."""
    try:
        setup = resolve(settings)
    except PdfSettingsError as e:
        raise BuildError(e.vi, e.en) from None
    if not setup.usable:
        diagnostics.append(problems.pdf_engine_missing(where or Span("qms.yaml", 1, 1),
                                                       setup.error_vi, setup.error_en))
        return setup, [w for w in writers if w.name != "pdf"]
    return setup, [setup.writer() if w.name == "pdf" else w for w in writers]


def document_pdfs(targets: Sequence[Target], cache: Cache, out: Path) -> dict[str, str]:
    """The documents' PDFs this build has (just written or up to date): code → file."""
    return {t.code: str(cache.path_of(t.file)) for t in targets if t.writer == "pdf"
            and t.action == "document" and t.code and cache.fresh(t.name, t.key)}


@dataclass
class LibreOfficeStage:
    """PDF targets made by converting their DOCX with LibreOffice, after the DOCX targets.

    ``compose`` is the build's: it gives the render task (tree, pictures) of a target.
    """

    setup: PdfSetup
    out: Path
    targets: Sequence[Target]
    cache: Cache
    compose: Callable[[Target], Task]
    reference: bytes | None
    #: combined sets joined from their documents' PDFs: target name → (code, bookmark)
    sections: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    prepared: str = ""  # the store of PDFs prepared for joining (WriterOptions.prepared)

    def run(self, todo: Sequence[Target], jobs: int,
            progress: Callable[[str], None]) -> Iterator[tuple[Target, Outcome]]:
        """Convert, then yield each outcome; the combined set last, joined from the documents'
        PDFs recorded by then."""
        from qmsdoc.render.libreoffice import convert

        if not todo or self.setup.soffice is None:
            return
        inputs: dict[str, bytes] = {}
        failed: dict[str, Outcome] = {}
        for t in todo:
            try:
                inputs[t.name] = self.docx_of(t)
            except Exception as e:  # the DOCX could not be made: nor can its PDF
                failed[t.name] = Outcome(t.name, error=f"DOCX: {type(e).__name__}: {e}")
        results = convert(self.setup.soffice, inputs, jobs=jobs, pdfa=self.setup.pdfa)
        for t in sorted(todo, key=lambda t: t.action == "combined"):
            outcome = failed.get(t.name) or self._finish(t, results.get(t.name))
            progress(t.file)
            yield t, outcome

    def _finish(self, t: Target, done: Conversion | None) -> Outcome:
        if done is None or done.pdf is None:
            reason = done.error if done else "LibreOffice wrote no PDF"
            return Outcome(t.name, error=reason,
                           error_vi=f"LibreOffice không chuyển được sang PDF ({reason})")
        try:
            if t.name not in self.sections:
                return store(t.name, self.out / t.file, self.cache.path_of_new(t.file),
                             done.pdf)
            pdf = done.pdf
            return store_streamed(t.name, self.out / t.file, self.cache.path_of_new(t.file),
                                  lambda sink: self.join(t, pdf, cast(BinaryIO, sink)))
        except Exception as e:  # reported; the rest goes on
            vi, en = getattr(e, "vi", ""), getattr(e, "en", "")
            return Outcome(t.name, error=en or f"{type(e).__name__}: {e}", error_vi=vi)

    def docx_of(self, t: Target) -> bytes:
        """The DOCX to convert: the file of this build, else rendered for it. For a combined
        set (but PDF/A) only its cover: the documents are converted one by one and the set is
        joined from their PDFs (converting a 2,000-page DOCX at once takes minutes)."""
        twin = replace(t, writer="docx", name=t.name.rsplit(":", 1)[0] + ":docx")
        made = next((d for d in self.targets if d.name == twin.name), None)
        joined = t.action == "combined" and not self.setup.pdfa
        if not joined and made is not None and self.cache.fresh(made.name, made.key):
            return self.cache.path_of(made.file).read_bytes()
        task = self.compose(twin)
        assert task.document is not None
        document = task.document
        if joined:
            self.sections[t.name] = [(f.code, bookmark_of(f)) for f in section_fields(document)]
            document = replace(document, sections=())
        return WRITERS["docx"].write(document, WriterOptions(images=task.images,
                                                             reference_docx=self.reference))

    def join(self, t: Target, pdf: bytes, sink: BinaryIO) -> None:
        """A combined set's PDF: its converted cover, then every document's own PDF."""
        parts = document_pdfs(self.targets, self.cache, self.out)
        missing = [code for code, _ in self.sections[t.name] if code not in parts]
        if missing:
            raise BuildError(f"Chưa có PDF của: {', '.join(missing)}.",
                             f"No PDF of: {', '.join(missing)}.")
        task = self.compose(replace(t, writer="docx"))
        assert task.document is not None
        join_set_into(sink, task.document, [
            (bookmark(task.document), pdf),
            *((title, Path(parts[code])) for code, title in self.sections[t.name])],
            self.prepared)


def fonts_embedded(targets: Sequence[Target], cache: Cache) -> list[str]:
    """The fonts the set's PDFs really embed (PostScript names, subset tags removed), read
    from the files: the manifest names these, not the font asked for. A combined set's PDF
    is its documents' pages, so it is not read again; an unreadable file adds nothing. Each
    file's fonts are kept in its cache entry, so a file is read once, when it is new."""
    from qmsdoc.render.pdfstamp import embedded_fonts

    names: set[str] = set()
    for t in targets:
        entry = cache.entries.get(t.name)
        if t.writer != "pdf" or t.action == "combined" or entry is None:
            continue
        if entry.fonts is None:
            try:
                found = embedded_fonts(cache.path_of(entry.file))
            except Exception:  # a file that is not a readable PDF (checked elsewhere)
                continue
            entry = cache.entries[t.name] = replace(entry, fonts=tuple(sorted(found)))
        names.update(entry.fonts or ())
    return sorted(names)
