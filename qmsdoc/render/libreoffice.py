"""The LibreOffice PDF engine: convert built DOCX files with headless LibreOffice.

The PDF is then the DOCX's own layout (the same pagination as LibreOffice shows the DOCX).
Files are converted in batches, one ``soffice`` process per batch and one user profile per
process (two ``soffice`` sharing a profile wait for each other or fail). What LibreOffice
stamps into a PDF (the time of the conversion, a random ID) is normalised (``pdfstamp``), so
the same DOCX always gives the same PDF bytes. Inputs are copied
under plain ASCII names first, so that no file name (``QĐ-01.docx``) depends on the system's
file-name encoding, and each PDF comes back as bytes for the build to write atomically.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import platform
import re
import shutil
import signal
import subprocess
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

#: Set to the full path of ``soffice`` to use another LibreOffice than the one on PATH.
ENV_SOFFICE = "QMSDOC_SOFFICE"
_CANDIDATES = {
    "Windows": [r"C:\Program Files\LibreOffice\program\soffice.exe",
                r"C:\Program Files (x86)\LibreOffice\program\soffice.exe"],
    "Darwin": ["/Applications/LibreOffice.app/Contents/MacOS/soffice"],
}
#: Seconds a batch may take: a start-up allowance plus this much per file.
_TIMEOUT_START = 120
_TIMEOUT_PER_FILE = 30

INSTALL_VI = ("Chưa cài LibreOffice (không tìm thấy lệnh soffice). Cài bằng: sudo apt-get install "
              "libreoffice-writer-nogui fonts-liberation2 (Debian/Ubuntu), hoặc tải bộ cài "
              "LibreOffice tại https://www.libreoffice.org/download/ (Windows, macOS). Hoặc "
              "dùng --pdf-engine typst, hay cho phép dùng Typst thay thế bằng --pdf-fallback "
              "(output.pdf_fallback: true).")
INSTALL_EN = ("LibreOffice is not installed (no soffice command found). Install it with: sudo "
              "apt-get install libreoffice-writer-nogui fonts-liberation2 (Debian/Ubuntu), or "
              "the LibreOffice installer from https://www.libreoffice.org/download/ (Windows, "
              "macOS). Or use --pdf-engine typst, or allow Typst as a fallback with "
              "--pdf-fallback (output.pdf_fallback: true).")


@dataclass(frozen=True)
class Conversion:
    """The PDF of one input, or why there is none."""

    pdf: bytes | None
    error: str = ""


@cache
def find_soffice() -> str | None:
    """The path of LibreOffice's ``soffice`` program, or None when it is not installed."""
    override = os.environ.get(ENV_SOFFICE, "").strip()
    if override:
        return override if Path(override).is_file() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in _CANDIDATES.get(platform.system(), []):
        if Path(candidate).is_file():
            return candidate
    return None


@cache
def soffice_version(soffice: str) -> str | None:
    """``LibreOffice 7.4.7.2 …`` as the program reports it (None when it does not start)."""
    with tempfile.TemporaryDirectory(prefix="qmsdoc-lo-") as profile:
        try:
            done = subprocess.run([soffice, _profile_arg(Path(profile)), "--version"],
                                  capture_output=True, text=True, timeout=60, check=False)
        except (OSError, subprocess.SubprocessError):
            return None
    line = (done.stdout or "").strip().splitlines()
    return line[0].strip() if line else None


def convert(soffice: str, inputs: Mapping[str, bytes], *, jobs: int = 1,
            pdfa: bool = False) -> dict[str, Conversion]:
    """Convert DOCX files (name → bytes) to PDF, ``jobs`` LibreOffice processes at a time."""
    results: dict[str, Conversion] = {}
    todo = sorted(inputs)
    # A LibreOffice process that crashes in the middle of a batch leaves the rest of it
    # unconverted: those files get a second chance, in new processes.
    for _attempt in range(2):
        if not todo:
            break
        workers = max(1, min(jobs, len(todo)))
        batches = [todo[i::workers] for i in range(workers)]
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for batch_result in pool.map(
                    lambda batch: _convert_batch(soffice, {n: inputs[n] for n in batch}, pdfa),
                    batches):
                results.update(batch_result)
        todo = [n for n in todo if results[n].pdf is None]
    return results


def _profile_arg(profile: Path) -> str:
    return f"-env:UserInstallation={profile.resolve().as_uri()}"


def _convert_batch(soffice: str, inputs: Mapping[str, bytes],
                   pdfa: bool) -> dict[str, Conversion]:
    with tempfile.TemporaryDirectory(prefix="qmsdoc-lo-") as tmp:
        work = Path(tmp)
        src, out, profile = work / "in", work / "out", work / "profile"
        for folder in (src, out, profile):
            folder.mkdir()
        plain: dict[str, str] = {}  # ASCII stem → input name
        for i, (name, data) in enumerate(sorted(inputs.items())):
            stem = f"doc{i:05d}"
            (src / f"{stem}.docx").write_bytes(data)
            plain[stem] = name
        target = "pdf:writer_pdf_Export"
        if pdfa:  # PDF/A-2b (SelectPdfVersion 2)
            target += ':{"SelectPdfVersion":{"type":"long","value":"2"}}'
        command = [soffice, _profile_arg(profile), "--headless", "--norestore",
                   "--nolockcheck", "--nodefault", "--convert-to", target, "--outdir", str(out),
                   *(str(src / f"{stem}.docx") for stem in sorted(plain))]
        error = _run(command, _TIMEOUT_START + _TIMEOUT_PER_FILE * len(plain))
        results: dict[str, Conversion] = {}
        for stem, name in plain.items():
            pdf = out / f"{stem}.pdf"
            if pdf.is_file() and pdf.stat().st_size > 0:
                results[name] = _normalized(pdf.read_bytes(), inputs[name])
            else:
                results[name] = Conversion(None, error or "LibreOffice wrote no PDF")
        return results


def _normalized(pdf: bytes, docx: bytes) -> Conversion:
    """The PDF without the conversion's time and random ID (see ``pdfstamp``), dated with the
    DOCX's own creation date (the document's issue date)."""
    from qmsdoc.render.pdfstamp import normalize_pdf

    try:
        return Conversion(normalize_pdf(pdf, docx_created(docx)))
    except Exception as e:  # pikepdf cannot read what LibreOffice wrote: a failed conversion
        return Conversion(None, f"the PDF LibreOffice wrote cannot be read: {e}")


def docx_created(docx: bytes) -> dt.date | None:
    """``dcterms:created`` of a DOCX's core properties, or None."""
    try:
        with zipfile.ZipFile(io.BytesIO(docx)) as z:
            core = z.read("docProps/core.xml").decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile, OSError, ValueError):
        return None
    m = re.search(r"<dcterms:created[^>]*>(\d{4})-(\d{2})-(\d{2})", core)
    if m is None:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _run(command: Sequence[str], timeout: float) -> str:
    """Run LibreOffice; "" on success, else a short reason. A hung process is killed."""
    kwargs: dict[str, object] = {}
    if os.name == "posix":
        kwargs["start_new_session"] = True  # so that a timeout kills its helpers too
    try:
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env={**os.environ, "SAL_USE_VCLPLUGIN": "svp"},
                                **kwargs)  # type: ignore[call-overload]
    except OSError as e:
        return f"cannot start LibreOffice: {e.strerror or e}"
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        if os.name == "posix":
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                proc.kill()
        else:
            proc.kill()
        proc.communicate()
        return f"LibreOffice did not finish within {int(timeout)} s"
    if proc.returncode != 0:
        text = err.decode("utf-8", "replace").strip().splitlines()
        return f"LibreOffice exit status {proc.returncode}" + (f": {text[-1]}" if text else "")
    return ""
