"""The PDF part of a build: choosing the engine, and the LibreOffice conversion stage.

With the Typst engine (the default) PDF targets are rendered like DOCX targets, by the
``pdf`` writer in the worker processes. With the LibreOffice engine a PDF target is the
conversion of its DOCX: after the DOCX targets are written, the DOCX of every PDF to make
(the file just built, or one rendered for the purpose when DOCX is not an output format) is
converted in batches, one LibreOffice process and profile per job, and each PDF is written
atomically beside the others in ``pdf/``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace

from qmsdoc.build.plan import Target
from qmsdoc.build.worker import Outcome, store
from qmsdoc.diagnostics import Diagnostic
from qmsdoc.model.config import OutputSettings
from qmsdoc.model.span import Span
from qmsdoc.render import problems
from qmsdoc.render.pdf import PdfSettings, PdfSettingsError, PdfSetup, resolve
from qmsdoc.render.writers import Writer


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
        from qmsdoc.build.inputs import BuildError

        raise BuildError(e.vi, e.en) from None
    if not setup.usable:
        diagnostics.append(problems.pdf_engine_missing(where or Span("qms.yaml", 1, 1),
                                                       setup.error_vi, setup.error_en))
        return setup, [w for w in writers if w.name != "pdf"]
    return setup, [setup.writer() if w.name == "pdf" else w for w in writers]


def convert_with_libreoffice(todo: Sequence[Target], setup: PdfSetup, out_dir: str,
                             docx_of: Callable[[Target], bytes], jobs: int,
                             progress: Callable[[str], None]) -> Iterator[tuple[Target, Outcome]]:
    """Convert the DOCX of each PDF target; outcomes as the build records them."""
    from pathlib import Path

    from qmsdoc.render.libreoffice import convert

    if not todo or setup.soffice is None:
        return
    inputs: dict[str, bytes] = {}
    failed: dict[str, Outcome] = {}
    for t in todo:
        try:
            inputs[t.name] = docx_of(replace(t, writer="docx"))
        except Exception as e:  # the DOCX could not be made: nor can its PDF
            failed[t.name] = Outcome(t.name, error=f"DOCX: {type(e).__name__}: {e}")
    results = convert(setup.soffice, inputs, jobs=jobs, pdfa=setup.pdfa)
    for t in todo:
        outcome = failed.get(t.name)
        if outcome is None:
            done = results.get(t.name)
            if done is None or done.pdf is None:
                reason = done.error if done else "LibreOffice wrote no PDF"
                outcome = Outcome(t.name, error=reason,
                                  error_vi=f"LibreOffice không chuyển được sang PDF ({reason})")
            else:
                try:
                    outcome = store(t.name, Path(out_dir) / t.file, done.pdf)
                except OSError as e:
                    outcome = Outcome(t.name, error=f"{type(e).__name__}: {e}")
        progress(t.file)
        yield t, outcome
